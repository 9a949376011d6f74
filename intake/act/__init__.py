"""Stage 5, act: what a decision does. The rules decide; this package only carries out.

THE order of the handlers, in one visible table (GNU Mailman's pipeline of handlers, as
rules/chain.py is for the rules). carry_out() runs them top to bottom inside the one
transaction that records a decision: the receive-register row (with the next running
number), the case, every mail the decision causes (written to the outbox, delivered
later), the mailbox change owed for it and the decision record. Either all of it is
committed or none of it is. Each handler reads the Acting (context.py) and adds what the
ones after it need; the names of those that did something are kept in the record
("acted").

The mailbox move is only queued here; the poller applies it after the commit.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from intake.act.archive import ArchiveFlag
from intake.act.case import CaseLink
from intake.act.context import Acting, Handler
from intake.act.decision import apply_policy, decide, parse, still_answers
from intake.act.forward import Forward
from intake.act.mail import REPLIES, MailOwed
from intake.act.mailbox import MailboxMove
from intake.act.record import DecisionRecord
from intake.act.register import ReceiveRegister
from intake.act.replies import Replies
from intake.act.reports import ReportLink
from intake.act.urgent import UrgentAlert
from intake.act.review import resolve_review
from intake.runtime import Runtime
from registry.models import Message
from rules.base import Decision
from rules.message import ParsedMessage

HANDLERS: tuple[Handler, ...] = (
    ReceiveRegister(),     # the receive-register row, next running number    register|wrong_channel
    CaseLink(),            # open the case, or the applicant's contact on it  register
    MailOwed(),            # which mails: one ack a day, none in a backlog import
    Forward(),             # the original to the sibling unit, in the outbox  forward
    Replies(),             # acknowledgment, wrong channel, ... in the outbox (capped a day)
    UrgentAlert(),         # someone in danger: the unit's people told at once  ด่วนที่สุด
    ReportLink(),          # a bounce / read receipt linked to our mail it reports on
    MailboxMove(),         # queue the move to Processed / Junk (applied after commit)
    ArchiveFlag(),         # registered: the archive job owes its PDF/A bundle
    DecisionRecord(),      # the record on the message (reasons, notes, acted); the event
)


def carry_out(rt: Runtime, s: Session, msg: Message, parsed: ParsedMessage, raw: bytes,
              decision: Decision, handlers: tuple[Handler, ...] = HANDLERS) -> Acting:
    """Do what the decision says, in the caller's transaction `s`."""
    act = Acting.begin(rt, s, msg, parsed, raw, decision)
    for handler in handlers:
        if handler.handle(act):
            act.acted.append(handler.name)
    return act


__all__ = ["HANDLERS", "REPLIES", "Acting", "Handler", "apply_policy", "carry_out", "decide",
           "parse", "resolve_review", "still_answers"]
