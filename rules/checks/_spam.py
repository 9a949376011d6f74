"""What the spam rules share: a guard so a citizen's real request is never deleted on
soft evidence. When the message also reads clearly as a matter for the unit (a service,
another agency's matter, a sibling's matter), soft spam evidence sends it to review.

Where the unit runs spamd, its score is the judge: when spamd said "not spam", the
wording rules (phishing, advertising) send the message to a clerk instead of Junk. On
the public SpamAssassin corpus their words alone deleted people's list mail that spamd
had rightly let through."""
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


def wording_spam(rule: str, msg, profile, ctx, th: str, en: str, **details) -> Verdict:
    """The verdict of a rule that judges spam by its words alone, deferring to spamd."""
    said = ctx.spamd_said if ctx is not None else None
    if said is not None and not said[0]:
        return decide(rule, REVIEW,
                      f"{th} แต่ SpamAssassin ให้คะแนน {said[1]:g} ไม่ถึงเกณฑ์สแปมของหน่วยงาน "
                      "จึงให้เจ้าหน้าที่ตรวจ ไม่ลบ",
                      f"{en}; but spamd scored it {said[1]:g}, under the unit's spam "
                      "threshold: review, not deleted", **details)
    return spam_or_review(rule, msg, profile, th, en, **details)
