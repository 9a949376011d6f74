"""What the spam rules share: a guard so a citizen's real request is never deleted on
soft evidence. When the message also reads clearly as a matter for the unit (a service,
another agency's matter, a sibling's matter), soft spam evidence sends it to review."""
from __future__ import annotations

from rules.base import REVIEW, SPAM, Verdict
from rules.checks._verdicts import decide, words
from rules.matter import analyse

STRONG_MATTER = 3.0  # a service/agency/sibling score at least this reads as a real request


def matter_strength(msg, profile) -> tuple[float, list[str]]:
    a = analyse(msg, profile)
    best = max([a.service, a.agency, a.sibling_matter], key=lambda s: s.score if s else 0)
    return (best.score, best.words) if best else (0.0, [])


def spam_or_review(rule: str, msg, profile, th: str, en: str, **details) -> Verdict:
    strength, matched = matter_strength(msg, profile)
    if strength >= STRONG_MATTER:
        return decide(rule, REVIEW,
                      f"{th} แต่เนื้อหาดูเป็นเรื่องของประชาชนจริง ({words(matched[:4])}) จึงให้เจ้าหน้าที่ตรวจ ไม่ลบ",
                      f"{en}, but the content reads as a real matter ({', '.join(matched[:4])}): "
                      "sent to review instead of deleting", **details)
    return decide(rule, SPAM, th, en, **details)
