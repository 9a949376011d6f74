"""Before acting: the rules decide with what they may know of the registry (no writes),
then the unit's approval policy may hold the decision for a person."""
from __future__ import annotations

from collections.abc import Callable

from intake.config import Config
from intake.parse.mime import parse_message
from intake.runtime import Runtime
from rules.base import REVIEW, Decision, Reason
from rules.message import ParsedMessage


def parse(raw: bytes) -> ParsedMessage:
    return parse_message(raw)


def decide(rt: Runtime, parsed: ParsedMessage, raw: bytes) -> Decision:
    """The one decision (intake/decide.py: the rules with spamd, the registry's look-ups
    read here without writes, then the unit's approval policy), as the dry run makes it."""
    from intake.decide import decide as one_decision

    with rt.factory() as s:
        return one_decision(rt.config, parsed, raw, session=s, clock=rt.clock)


def spamd_checker(config: Config) -> Callable[[bytes], tuple[bool, float, str]] | None:
    host = config.get("spam.spamd_host")
    if not host:
        return None
    from rules.spamd import SpamdClient

    return SpamdClient(host, config.get("spam.spamd_port"), config.get("spam.spamd_timeout"))


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
