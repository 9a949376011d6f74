"""Advertising: several marketing words together with an opt-out line, a
List-Unsubscribe header or a link, or many marketing words on their own (paid seminars
for clerks, SEO offers, supplements, loans, gambling). Deleted as spam, unless it reads
as a real matter (then review).

Where spamd runs and said "not spam", a newsletter (list or bulk-mail headers) is left to
the mailing-list rule (machine) and other mail goes to review (rules/checks/_spam.py).

Two guards keep real mail out: a government sender (go.th ...; forged ones already
failed DMARC) writes official letters, even when they invite to a paid course, so this
rule leaves them to the official-letter rule; and a message with only a few marketing
words that also asks a question about the unit's field goes to review, not to Junk."""
from __future__ import annotations

from rules.base import REVIEW, Verdict
from rules.checks._spam import wording_spam
from rules.checks._verdicts import MISS, decide, words
from rules.checks.mailing_list import bulk_signs
from rules.matter import analyse, domain_of
from rules.thai.text import keyword_score

MANY = 4  # this many distinct marketing words is advertising without further signs


class Advertising:
    name = "advertising"
    description = "marketing wording with an unsubscribe line, List-Unsubscribe or links"
    label = "โฆษณา"

    def check(self, msg, profile, ctx) -> Verdict:
        if profile.is_government(domain_of(msg.from_addr)):
            return MISS
        a = analyse(msg, profile)
        ads = keyword_score(a.text_fields, profile.keywords["advertising"])[1]
        optout = keyword_score(a.text_fields, profile.keywords["unsubscribe"])[1]
        if msg.header("list-unsubscribe"):
            optout = optout + ["List-Unsubscribe"]
        if not (len(ads) >= 2 and (optout or a.urls) or len(ads) >= MANY):
            return MISS
        if ctx.spamd_said and not ctx.spamd_said[0] and bulk_signs(msg, profile):
            return MISS  # a newsletter spamd let through: the mailing-list rule files it
        extra = f" พร้อม {words(optout[:2])}" if optout else ""
        th = f"อีเมลโฆษณา: พบคำ {words(ads[:5])}{extra}"
        en = f"advertising: {', '.join(ads[:5])}" + (f" with {', '.join(optout[:2])}" if optout else "")
        asks = a.enquiry_words or a.request_words or a.complaint_words
        if len(ads) < MANY and asks and a.domain_words:
            return decide(self.name, REVIEW,
                          f"{th} แต่ผู้ส่งถามหรือขอเรื่องในงานของหน่วยงาน "
                          f"({words((asks + a.domain_words)[:4])}) จึงให้เจ้าหน้าที่ตรวจ ไม่ลบ",
                          f"{en}; but it also asks about the unit's field: review, not deleted")
        return wording_spam(self.name, msg, profile, ctx, th, en)
