"""Handler, last: the decision record on the message (every rule that fired and why, the
notes of what was held back, the handlers that acted) and the `decided` event."""
from __future__ import annotations

from typing import Any

from intake.act.context import Acting
from registry.models import DECIDED, Event
from registry.registers import case_ref
from rules.base import Decision, Reason


class DecisionRecord:
    name = "decision_record"
    description = "the decision, its reasons and notes on the message; the decided event"

    def handle(self, act: Acting) -> bool:
        msg, d, entry, now = act.msg, act.decision, act.entry, act.now
        record = decision_record(d, act.notes)
        record["acted"] = list(act.acted)
        msg.state, msg.disposition, msg.decision = DECIDED, d.disposition, record
        msg.decided_at = msg.updated_at = now
        msg.from_addr, msg.subject = act.parsed.from_addr[:320], act.parsed.subject
        msg.error = msg.traceback = None
        act.session.add(Event(actor="processor", kind="decided", message_pk=msg.id, at=now,
                              detail={"disposition": d.disposition, "rules": d.rules,
                                      "registration": case_ref(entry.number, entry.year)
                                      if entry else None}))
        return True


def decision_record(decision: Decision, notes: list[Reason]) -> dict[str, Any]:
    """What is kept on the message: every rule that fired and why, in words a clerk reads."""
    record = decision.as_json()
    record["reasons"] = [{"rule": r.rule, "th": r.th, "en": r.en} for r in decision.reasons]
    record["notes"] = [{"rule": r.rule, "th": r.th, "en": r.en} for r in notes]
    record["details"] = {k: v for k, v in decision.details.items()
                         if isinstance(v, (str, int, float, bool, list, type(None)))}
    if decision.details.get("model"):  # the model's proposal and version
        record["details"]["model"] = decision.details["model"]
    if decision.details.get("previous"):  # a clerk's decision keeps what the rules said
        record["previous"] = decision.details["previous"]
    return record
