"""Advertising: several marketing words together with an opt-out line, a
List-Unsubscribe header or a link. Deleted as spam, unless it reads as a real matter."""
from __future__ import annotations

from rules.base import Verdict
from rules.checks._spam import spam_or_review
from rules.checks._verdicts import MISS, words
from rules.matter import analyse
from rules.thaitext import keyword_score


class Advertising:
    name = "advertising"
    description = "marketing wording with an unsubscribe line, List-Unsubscribe or links"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        ads = keyword_score(a.text_fields, profile.keywords["advertising"])[1]
        optout = keyword_score(a.text_fields, profile.keywords["unsubscribe"])[1]
        if msg.header("list-unsubscribe"):
            optout = optout + ["List-Unsubscribe"]
        if len(ads) >= 2 and (optout or a.urls) or len(ads) >= 4:
            extra = f" พร้อม {words(optout[:2])}" if optout else ""
            return spam_or_review(self.name, msg, profile,
                                  f"อีเมลโฆษณา: พบคำ {words(ads[:5])}{extra}",
                                  f"advertising: {', '.join(ads[:5])}"
                                  + (f" with {', '.join(optout[:2])}" if optout else ""))
        return MISS
