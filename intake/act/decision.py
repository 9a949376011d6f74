"""Before acting: the one decision (intake/decide.py) with what the rules may know of the
registry (no writes), then the unit's approval policy may hold it for a person."""
from __future__ import annotations

from intake.act.lookups import find_case
from intake.decide import apply_policy, spamd_checker
from intake.decide import decide as one_decision
from intake.parse.mime import parse_message
from intake.runtime import Runtime
from rules.base import Decision
from rules.message import ParsedMessage


def parse(raw: bytes) -> ParsedMessage:
    return parse_message(raw)


def decide(rt: Runtime, parsed: ParsedMessage, raw: bytes,
           asked: list | None = None) -> Decision:
    """The one decision (intake/decide.py: the rules with spamd, the registry's look-ups
    read here without writes, then the unit's approval policy), as the dry run makes it.
    `asked`, when given, collects each case look-up the rules made with its answer, so
    that a decision taken in a worker process is checked (still_answers) before it is
    committed."""
    with rt.factory() as s:
        recorded = None
        if asked is not None:
            def recorded(ids: list[str], subject: str) -> str | None:
                answer = find_case(s, ids, subject)
                asked.append((ids, subject, answer))
                return answer
        return one_decision(rt.config, parsed, raw, session=s, clock=rt.clock,
                            find_case=recorded)


def still_answers(rt: Runtime, asked: list) -> bool:
    """Whether the registry still gives every answer the rules were given (a short read):
    an earlier message committed meanwhile may have opened the case this one continues."""
    with rt.factory() as s:
        return all(find_case(s, ids, subject) == answer for ids, subject, answer in asked)


__all__ = ["apply_policy", "decide", "parse", "spamd_checker", "still_answers"]
