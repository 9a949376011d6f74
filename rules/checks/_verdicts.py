"""Small helpers every rule uses to build its Verdict."""
from __future__ import annotations

from rules.base import Reason, Verdict

MISS = Verdict(hit=False)


def words(items) -> str:
    """Matched words quoted for a reason: "เบี้ยยังชีพ", "เบี้ยผู้สูงอายุ"."""
    return ", ".join(f"“{w}”" for w in items)


def decide(rule: str, disposition: str, th: str, en: str, **details) -> Verdict:
    """A verdict that settles the disposition and stops the chain."""
    return Verdict(hit=True, reasons=[Reason(rule, th, en)], disposition=disposition,
                   final=True, details={k: v for k, v in details.items() if v is not None})


def note(rule: str, th: str, en: str, **details) -> Verdict:
    """A hit that explains or annotates but does not decide."""
    return Verdict(hit=True, reasons=[Reason(rule, th, en)],
                   details={k: v for k, v in details.items() if v is not None})
