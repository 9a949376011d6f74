"""The unit's triage statistics: how much mail the rules decided alone, how much a clerk
had to look at, and what the clerks chose against what the rules said.

The corrections are the review queue's events (`review_resolved`, written by
actions.resolve_review): each says what the rules proposed (or that they were unsure),
which rules fired, and what the clerk chose. Counted per (proposal, choice) and per rule,
they show a unit's IT officer which rules or profile entries to tune: a rule whose
proposals clerks keep overturning, a service whose wording the profile misses.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from registry.models import Case, Event, Message, OutboxItem
from registry.states import ArchiveState, CaseState, MessageState, OutboxState
from rules.base import DISPOSITIONS, REVIEW, Disposition

# rules that only explain a hold, never the reason the rules were unsure
_HOLD_RULES = {"approval_policy", "clerk_review"}


def triage_statistics(session, since: datetime | None = None,
                      until: datetime | None = None) -> dict:
    """Counts over the messages decided in [since, until) (UTC, aware), and the clerks'
    resolutions of any of them."""
    def in_period(q):
        q = q.where(Message.decided_at.is_not(None))
        if since:
            q = q.where(Message.decided_at >= since)
        return q.where(Message.decided_at < until) if until else q

    # counted by the database: a register holds years of mail
    by_disposition = Counter(dict(session.execute(in_period(
        select(Message.disposition, func.count()).group_by(Message.disposition))).all()))
    resolved = list(session.scalars(in_period(
        select(Event).join(Message, Message.id == Event.message_pk)
        .where(Event.kind == "review_resolved").order_by(Event.id))))
    by_clerk = {e.message_pk for e in resolved}

    pairs: Counter = Counter()
    rules: Counter = Counter()
    for e in resolved:
        detail = e.detail or {}
        proposed = detail.get("proposed") or REVIEW  # REVIEW: the rules were unsure
        pairs[(proposed, detail.get("to"))] += 1
        for rule in set(detail.get("rules_said") or []) - _HOLD_RULES:
            rules[(rule, proposed == detail.get("to"))] += 1

    total = sum(by_disposition.values())
    waiting = by_disposition.get(REVIEW, 0)
    alone = total - waiting - len(by_clerk)
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "messages": total,
        "by_disposition": {d: by_disposition.get(d, 0) for d in DISPOSITIONS},
        "decided_by_rules": alone,
        "decided_by_rules_share": round(alone / total, 4) if total else None,
        "resolved_by_clerks": len(by_clerk),
        "waiting_for_review": waiting,
        "corrections": [
            {"rules_said": said, "clerk_chose": chose, "count": n, "agreed": said == chose}
            for (said, chose), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))],
        "rules_in_reviewed_messages": [
            {"rule": rule, "clerk_agreed": agreed, "count": n}
            for (rule, agreed), n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


@dataclass
class StateCounts:
    """How many rows each state machine holds in each state: every state is a key (0 when
    none, so a monitor sees a series go to zero rather than vanish); a stored word the enum
    does not know is kept under that word, never dropped."""

    messages: dict[str, int]
    dispositions: dict[str | None, int]  # None: not decided yet
    outbox: dict[str, int]
    archive: dict[str, int]  # registered messages only
    cases: dict[str, int]


def _grouped(session, column, states, *where, join=None) -> dict:
    counts = dict.fromkeys(states, 0)
    query = select(column, func.count())
    if join is not None:
        query = query.join(*join)
    # a key equal to an enum member updates that member's entry (StrEnum hashes as its word)
    counts.update(session.execute(query.where(*where).group_by(column)).all())
    return counts


def counts_by_state(session, mailbox: str | None = None) -> StateCounts:
    """The status counts that `intake status`, the health check, /metrics and the web
    pages show, counted by the database. With a mailbox: only what came from it (mail not
    tied to a message, such as reminders to the head, then counts nowhere)."""
    came_from = (Message.source_mailbox == mailbox,) if mailbox else ()
    via_message = (Message, Message.id == OutboxItem.message_pk) if mailbox else None
    return StateCounts(
        messages=_grouped(session, Message.state, MessageState, *came_from),
        dispositions=_grouped(session, Message.disposition, Disposition, *came_from),
        outbox=_grouped(session, OutboxItem.state, OutboxState, *came_from, join=via_message),
        archive=_grouped(session, Message.archive_state, ArchiveState,
                         Message.archive_state.is_not(None), *came_from),
        cases=_grouped(session, Case.state, CaseState, *came_from,
                       join=(Message, Message.id == Case.message_pk) if mailbox else None),
    )
