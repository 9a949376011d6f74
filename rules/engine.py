"""Run the chain of rules on one message and say what to do with it (a Decision).

The engine only decides; the pipeline acts. Every rule that hit is recorded with its
reasons (Thai for the clerk, English too), so a clerk or head of unit can see why.
"""
from __future__ import annotations

from collections.abc import Sequence

from rules.base import (
    REGISTER,
    REVIEW,
    WRONG_CHANNEL,
    Annotator,
    Decision,
    Reason,
    Rule,
    TriageContext,
    Verdict,
)
from rules.chain import ANNOTATORS, CHAIN
from rules.message import ParsedMessage
from rules.profile import Profile

# Decision attributes a verdict's details may set; everything else stays in details.
_FIELDS = ("service", "forward_to", "agency", "channel_hint", "high_risk",
           "reply_to_case", "case_ref", "section")


def triage(msg: ParsedMessage, profile: Profile, ctx: TriageContext | None = None,
           chain: Sequence[Rule] = CHAIN, annotators: Sequence[Annotator] = ANNOTATORS,
           ) -> Decision:
    ctx = ctx or TriageContext()
    decision = Decision(disposition=REVIEW)
    settled = False
    for rule in chain:
        verdict = rule.check(msg, profile, ctx)
        if not verdict.hit:
            continue
        _record(decision, rule.name, verdict)
        if verdict.final and verdict.disposition:
            decision.disposition = verdict.disposition
            settled = True
            break
    if not settled:
        decision.reasons.append(Reason(
            "fallback", "กฎไม่สามารถตัดสินได้แน่ชัด ให้เจ้าหน้าที่ตรวจและตัดสิน",
            "no rule could decide with confidence; a clerk decides"))
    if decision.disposition in (REGISTER, WRONG_CHANNEL, REVIEW):
        for annotator in annotators:
            verdict = annotator.annotate(msg, profile, ctx, decision)
            if verdict.hit:
                _record(decision, annotator.name, verdict)
        if decision.disposition != REVIEW or decision.service:
            decision.section = decision.section or _section(decision, profile)
    return decision


def _record(decision: Decision, name: str, verdict: Verdict) -> None:
    decision.rules.append(name)
    decision.reasons.extend(verdict.reasons)
    for key, value in verdict.details.items():
        if key in _FIELDS:
            setattr(decision, key, value)
        else:
            decision.details[key] = value


def _section(decision: Decision, profile: Profile) -> str:
    # a letter about a service goes to that service's section (demo-unit.md)
    if decision.service == "letter" and decision.details.get("related_service"):
        return profile.section_for(decision.details["related_service"])
    return profile.section_for(decision.service)
