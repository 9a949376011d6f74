"""Matters that belong to a unit under the same ministry by their nature: emergency
shelter, domestic violence, abused children (the children and family shelter);
homeless people and beggars (the homeless protection centre). Forwarded, not registered."""
from __future__ import annotations

from rules.base import FORWARD, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse

STRONG = 2.0


class SiblingMatter:
    name = "sibling_matter"
    description = "shelter / domestic violence / abused child, or homeless / beggar: forward"
    label = "เรื่องของหน่วยงานในสังกัดอื่น"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        best = a.sibling_matter
        # one stray word ("ไม่มีญาติ", "ถูกตี") is not enough to send a matter away
        if not best or best.score < STRONG:
            return MISS
        sib = profile.sibling(best.key)
        return decide(self.name, FORWARD,
                      f"เป็นเรื่องของ{sib.name} (พบคำ {words(best.words[:5])}) ส่งต่อไปที่ {sib.address}",
                      f"a matter for {sib.name_en} (matched: {', '.join(best.words[:5])}); "
                      f"forward to {sib.address}",
                      forward_to=sib.address, sibling=sib.key,
                      service=a.service.key if a.service else None)
