"""List and bulk mail: newsletters and list traffic, not requests; never answered.

Signs: the list headers (List-Id, List-Unsubscribe, List-Post), Precedence bulk/list/junk,
and the headers bulk-mail platforms add to every campaign (Mailchimp, SendGrid, Amazon
SES, Mailgun, Salesforce Marketing Cloud, ...). Advertising with such headers is caught
earlier as spam; a newsletter people asked for (the SpamAssassin corpus's hard ham) ends
here as `machine`, never registered or answered."""
from __future__ import annotations

from rules.base import MACHINE, Verdict
from rules.checks._verdicts import MISS, decide

LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "x-mailing-list")
# headers a bulk-mail platform puts on every campaign it sends (name, or name prefix + "*")
PLATFORM_HEADERS = ("x-mc-user", "x-mailchimp-*", "x-campaign*", "x-sg-eid", "x-ses-outgoing",
                    "x-mailgun-*", "x-sfmc-*", "x-job", "x-rpcampaign", "x-listmember",
                    "x-csa-complaints", "x-mailer-recptid", "x-newsletter*", "x-bulkmail")


def bulk_signs(msg) -> list[str]:
    """The list or bulk-mail headers the message carries, as they are named."""
    signs = [h for h in LIST_HEADERS if msg.header(h)]
    precedence = (msg.header("precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        signs.append(f"precedence: {precedence}")
    names = set(msg.headers)  # lower-cased by the parser
    for h in PLATFORM_HEADERS:
        hit = [n for n in names if n.startswith(h[:-1])] if h.endswith("*") else \
            ([h] if msg.header(h) else [])
        signs.extend(hit[:1])
    return signs


class MailingList:
    name = "mailing_list"
    description = "List-Id / List-Unsubscribe / Precedence bulk / a bulk-mail platform's headers"

    def check(self, msg, profile, ctx) -> Verdict:
        signs = bulk_signs(msg)
        if signs:
            return decide(self.name, MACHINE,
                          "อีเมลกระจายข่าวหรือรายชื่อผู้รับ (" + ", ".join(signs) + ") ไม่ใช่คำขอ ไม่ตอบกลับ",
                          "list or bulk mail (" + ", ".join(signs) + "); never answered")
        return MISS
