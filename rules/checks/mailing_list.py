"""List and bulk mail: newsletters and list traffic, not requests; never answered.

Signs: the list headers (List-Id, List-Unsubscribe, List-Post, Mailman's), Precedence
bulk/list/junk, the headers bulk-mail platforms add to every campaign (Mailchimp,
SendGrid, Amazon SES, Mailgun, Salesforce Marketing Cloud, ...) or their X-Mailer, and,
except from government senders or in a reply, a robot's own address (noreply@,
newsletter@, owner-list@) or a bounce-handling Return-Path. Advertising with such headers is caught
earlier as spam; a newsletter people asked for (the SpamAssassin corpus's hard ham) ends
here as `machine`, never registered or answered."""
from __future__ import annotations

import re

from rules.base import MACHINE, Verdict
from rules.checks._verdicts import MISS, decide

LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "list-subscribe", "list-owner",
                "list-help", "list-archive", "x-mailing-list", "x-mailman-version",
                "x-beenthere", "x-bulkmail")
# headers a bulk-mail platform puts on every campaign it sends (name, or name prefix + "*")
PLATFORM_HEADERS = ("x-mc-user", "x-mailchimp-*", "x-campaign*", "x-sg-eid", "x-ses-outgoing",
                    "x-mailgun-*", "x-sfmc-*", "x-job", "x-rpcampaign", "x-listmember",
                    "x-csa-complaints", "x-mailer-recptid", "x-newsletter*", "x-imn",
                    "x-habeas-*", "x-keenlist-*", "x-em-registration", "x-amazon-track")
# X-Mailer of bulk-mail software (lower case, a part of the name)
BULK_MAILERS = ("accucast", "listmanager", "lyris", "emessaging", "targetmail", "mailbeamer",
                "stormpost", "mailchimp", "sendinblue", "brevo", "mailjet", "constant contact",
                "campaign monitor", "exacttarget", "responsys", "eloqua", "marketo", "getresponse",
                "aweber", "activecampaign", "klaviyo", "hubspot", "sendy", "mailpoet", "acymailing")
# the sender's own address saying it is a robot or a list (not for government senders)
_ROBOT = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|newsletters?|mailer|news|alerts?|"
                    r"updates?|list|bounces?)([-+.@]|$)|(^owner-|-owner@|-admin@|-bounces?[-+@]|"
                    r"-request@)", re.IGNORECASE)
_VERP = re.compile(r"(^|[-.+_])bounces?([-.+_@]|\d)", re.IGNORECASE)


def bulk_signs(msg, profile=None) -> list[str]:
    """The list or bulk-mail signs the message carries, as they are named."""
    signs = [h for h in LIST_HEADERS if msg.header(h)]
    precedence = (msg.header("precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        signs.append(f"precedence: {precedence}")
    names = set(msg.headers)  # lower-cased by the parser
    for h in PLATFORM_HEADERS:
        hit = [n for n in names if n.startswith(h[:-1])] if h.endswith("*") else \
            ([h] if msg.header(h) else [])
        signs.extend(hit[:1])
    mailer = (msg.header("x-mailer") or "").lower()
    signs.extend(f"x-mailer: {m}" for m in BULK_MAILERS if m in mailer)
    sender = msg.from_addr or ""
    government = profile is not None and profile.is_government(sender.rpartition("@")[2])
    if not government and not msg.header("in-reply-to"):
        if _ROBOT.search(sender.partition("@")[0] + "@"):
            signs.append(f"from: {sender}")
        return_path = (msg.header("return-path") or "").strip("<> ")
        if return_path and (_VERP.search(return_path) or _ROBOT.search(return_path)):
            signs.append(f"return-path: {return_path[:40]}")
    return signs


class MailingList:
    name = "mailing_list"
    description = "List-Id / List-Unsubscribe / Precedence bulk / a bulk-mail platform's headers"
    label = "จดหมายเวียนหรือรายชื่อผู้รับ"

    def check(self, msg, profile, ctx) -> Verdict:
        signs = bulk_signs(msg, profile)
        if signs:
            return decide(self.name, MACHINE,
                          "อีเมลกระจายข่าวหรือรายชื่อผู้รับ (" + ", ".join(signs) + ") ไม่ใช่คำขอ ไม่ตอบกลับ",
                          "list or bulk mail (" + ", ".join(signs) + "); never answered")
        return MISS
