"""Before acting: the rules decide with what they may know of the registry (no writes),
then the unit's approval policy may hold the decision for a person."""
from __future__ import annotations

from collections.abc import Callable

from intake.act import lookups
from intake.config import Config
from intake.learn import propose
from intake.parse.mime import parse_message
from intake.runtime import Runtime
from rules.base import REVIEW, Decision, Reason, TriageContext
from rules.message import ParsedMessage


def parse(raw: bytes) -> ParsedMessage:
    return parse_message(raw)


def decide(rt: Runtime, parsed: ParsedMessage, raw: bytes) -> Decision:
    """Run the rules with what they may know of the registry (no writes), then apply the
    unit's approval policy: a disposition the policy holds goes to `review`."""
    from rules import triage

    with rt.factory() as s:
        ctx = TriageContext(
            find_case=lambda ids, subject: lookups.find_case(s, ids, subject),
            replies_today=lambda addr: lookups.replies_today(s, addr, rt.clock()),
            spamd=spamd_checker(rt.config),
            raw=raw,
        )
        decision = triage(parsed, rt.profile, ctx)
    propose(rt.config, decision, parsed)  # the unit's model: a proposal, its version
    return apply_policy(decision, rt.config)


def spamd_checker(config: Config) -> Callable[[bytes], tuple[bool, float, str]] | None:
    host = config.get("spam.spamd_host")
    if not host:
        return None
    from rules.spamd import SpamdClient

    threshold = float(config.get("spam.spamd_threshold") or 0) or None
    return SpamdClient(host, config.get("spam.spamd_port"), config.get("spam.spamd_timeout"),
                       required=threshold)


def apply_policy(decision: Decision, config: Config) -> Decision:
    """policy.<disposition> = review | head holds the rules' decision for a person."""
    if decision.disposition == REVIEW:
        return decision
    hold = config.get(f"policy.{decision.disposition}")
    if hold == "auto":
        return decision
    who_th = "หัวหน้าหน่วยงาน" if hold == "head" else "เจ้าหน้าที่สารบรรณ"
    decision.details["proposed"] = decision.disposition
    decision.details["held_for"] = hold
    decision.reasons.append(Reason(
        "approval_policy",
        f"นโยบายของหน่วยงานกำหนดให้{who_th}ยืนยันก่อนดำเนินการ ({decision.disposition})",
        f"the unit's policy holds '{decision.disposition}' for "
        f"{'the head of unit' if hold == 'head' else 'a clerk'}"))
    decision.rules.append("approval_policy")
    decision.disposition = REVIEW
    return decision
