"""What the acting handlers share: the decision being carried out (Acting) and the
Handler protocol each of them follows.

Acting is made once per decision, inside the transaction that records it. Each handler
reads it and adds what the ones after it need (the register row, the mails owed, notes
for the decision record).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from intake.runtime import Runtime
from registry.models import Message, ReceiveEntry
from registry.office_time import deemed_received, time_of_receipt
from rules.base import Decision, Reason
from rules.message import ParsedMessage


@dataclass
class Acting:
    """One decision being carried out."""

    rt: Runtime
    session: Session
    msg: Message
    parsed: ParsedMessage
    raw: bytes
    decision: Decision
    now: datetime
    received_at: datetime  # when it reached our server (registers.md)
    deemed_at: datetime  # when it is deemed received (office hours)
    entry: ReceiveEntry | None = None  # the receive-register row, when the decision registers
    mails: tuple[str, ...] = ()  # the kinds of mail the decision owes (acknowledgment, ...)
    notes: list[Reason] = field(default_factory=list)  # what was held back, and why
    acted: list[str] = field(default_factory=list)  # the handlers that did something

    @classmethod
    def begin(cls, rt: Runtime, session: Session, msg: Message, parsed: ParsedMessage,
              raw: bytes, decision: Decision) -> Acting:
        now = rt.clock()
        # registers.md: the time it reached our server, from the Received headers our own
        # hosts wrote (unit.received_hosts), else the time of fetching: never a header the
        # sender could write
        received = time_of_receipt(parsed.headers.get("received", []),
                                   rt.config.get("unit.received_hosts"),
                                   msg.server_received_at or now, now)
        return cls(rt=rt, session=session, msg=msg, parsed=parsed, raw=raw, decision=decision,
                   now=now, received_at=received,
                   deemed_at=deemed_received(received, rt.config.get("unit.timezone")))


class Handler(Protocol):
    """One job of carrying out a decision (GNU Mailman's pipeline handler)."""

    name: str
    description: str

    def handle(self, act: Acting) -> bool:
        """Do the job if this decision asks for it; True when something was done."""
        ...
