"""What the rules and the handlers may ask of the registry (reads only): the open case a
message continues, and how much was already sent to an address or on a case."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.models import Case, Message, OutboxItem, ReceiveEntry
from registry.registers import case_ref
from rules.thai.dates import arabic_digits


def find_case(session: Session, ids: list[str], subject: str) -> str | None:
    """The open case a message continues: by our Message-IDs it answers (In-Reply-To /
    References), by an earlier registered message of the same thread, or by the
    registration number quoted in the subject ("รับที่ 12/2569")."""
    ids = [i.strip() for i in ids if i and i.strip()]
    if ids:
        ours = session.execute(select(OutboxItem.message_pk, OutboxItem.case_id)
                               .where(OutboxItem.rfc_message_id.in_(ids)).limit(1)).first()
        if ours is not None and ours.case_id is not None:  # a case notice we sent
            case = session.get(Case, ours.case_id)
            return case.ref if case is not None else None
        pk = ours.message_pk if ours is not None else None
        if pk is None:
            pk = session.scalar(select(Message.id).where(Message.header_message_id.in_(ids))
                                .order_by(Message.id).limit(1))
        if pk is not None:
            entry = session.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == pk))
            if entry is not None:
                return entry.case_ref or case_ref(entry.number, entry.year)
    ref = _subject_ref(subject or "")
    if ref:
        number, year_be = ref
        entry = session.scalar(select(ReceiveEntry).where(
            ReceiveEntry.number == number, ReceiveEntry.year == year_be - 543))
        if entry is not None:
            return entry.case_ref or case_ref(entry.number, entry.year)
    return None


def _subject_ref(subject: str) -> tuple[int, int] | None:
    m = re.search(r"(?:รับที่|Reg\. No\.)\s*([0-9]+)\s*/\s*([0-9]{4})", arabic_digits(subject))
    return (int(m.group(1)), int(m.group(2))) if m else None


def replies_today(session: Session, addr: str, now: datetime) -> int:
    """Automatic replies to this address in the last 24 hours (an indexed count)."""
    return session.scalar(select(func.count()).select_from(OutboxItem).where(
        OutboxItem.reply_key == (addr or "").lower(),
        OutboxItem.created_at >= now - timedelta(days=1))) or 0


def acked_today(session: Session, ref: str | None, now: datetime) -> bool:
    """Whether the case was acknowledged in the last 24 hours (one acknowledgment a day)."""
    if not ref:
        return False
    pks = select(ReceiveEntry.message_pk).where(ReceiveEntry.case_ref == ref)
    number, year_be = ref.split("/")
    first = select(ReceiveEntry.message_pk).where(
        ReceiveEntry.number == int(number), ReceiveEntry.year == int(year_be) - 543)
    return session.scalar(select(OutboxItem.id).where(
        OutboxItem.kind == "acknowledgment",
        OutboxItem.created_at >= now - timedelta(days=1),
        OutboxItem.message_pk.in_(pks.union(first))).limit(1)) is not None
