"""Urgent safety matters (issue 14, finding 8): a child beaten, violence, self-harm,
trafficking, someone in danger now. The rule does not settle the disposition (the matter
may still belong to the shelter, or be a complaint): it marks the message ด่วนที่สุด so
that, whatever the chain decides, it is registered at once, a person is told to
telephone, a forward waits for that person and the reporter is given the hotline
(intake/act/urgent.py). Looks only at what the sender wrote."""
from __future__ import annotations

from rules.base import MACHINE, SPAM, Decision, Reason, Verdict
from rules.checks._verdicts import MISS, words
from rules.matter import analyse
from rules.thai.text import keyword_score

URGENT = "ด่วนที่สุด"  # act immediately on receipt (registers.md, code 004)


class UrgentSafety:
    name = "urgent_safety"
    description = "someone may be in danger now: ด่วนที่สุด, a person telephones"
    label = "เรื่องด่วนที่สุด: อาจมีผู้ตกอยู่ในอันตราย"

    def check(self, msg, profile, ctx) -> Verdict:
        urgent = profile.urgent_safety
        if not urgent.kinds:
            return MISS
        a = analyse(msg, profile)
        reasons, kinds = [], []
        for kind in urgent.kinds:
            found = keyword_score(a.text_fields, kind.keywords)[1]
            if found:
                kinds.append(kind.key)
                reasons.append(Reason(
                    self.name, f"เรื่องด่วนที่สุดด้านความปลอดภัย: {kind.name} (พบคำ "
                    f"{words(found[:3])}) ให้เจ้าหน้าที่โทรศัพท์ติดต่อทันที",
                    f"urgent safety matter: {kind.name_en} (matched: {', '.join(found[:3])}); "
                    "a person telephones at once"))
        if not kinds:
            return MISS
        return Verdict(hit=True, reasons=reasons,
                       details={"urgency": URGENT, "urgent_safety": kinds})


def is_urgent(decision: Decision) -> bool:
    """Marked by this rule, on a disposition that is a person's matter (not machine mail
    or spam, which no person reads)."""
    return bool(decision.details.get("urgent_safety")) and decision.disposition not in (
        MACHINE, SPAM)
