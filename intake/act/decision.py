"""Before acting: the one decision (intake/decide.py) with what the rules may know of the
registry (no writes), then the unit's approval policy may hold it for a person."""
from __future__ import annotations

from intake.decide import apply_policy, spamd_checker
from intake.decide import decide as one_decision
from intake.parse.mime import parse_message
from intake.runtime import Runtime
from rules.base import Decision
from rules.message import ParsedMessage


def parse(raw: bytes) -> ParsedMessage:
    return parse_message(raw)


def decide(rt: Runtime, parsed: ParsedMessage, raw: bytes) -> Decision:
    """The one decision (intake/decide.py: the rules with spamd, the registry's look-ups
    read here without writes, then the unit's approval policy), as the dry run makes it."""
    with rt.factory() as s:
        return one_decision(rt.config, parsed, raw, session=s, clock=rt.clock)


__all__ = ["apply_policy", "decide", "parse", "spamd_checker"]
