"""Writing and reading the receive and send registers (registers.md columns)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.thai import BE_OFFSET
from registry.models import ReceiveEntry, SendEntry
from registry.numbering import next_number

EXPORT_FIELDS = ("number", "year", "registered_at", "doc_number", "doc_date", "sender",
                 "recipient", "subject", "action", "remarks")


def register_year(when: datetime, tz: str) -> int:
    """The calendar year (CE) a registration at `when` counts in, in the office's zone."""
    return when.astimezone(ZoneInfo(tz)).year


def case_ref(number: int, year: int) -> str:
    """The reference clerks write: 'เลขรับ/ปี พ.ศ.', e.g. 12/2569."""
    return f"{number}/{year + BE_OFFSET}"


def add_receive_entry(session: Session, *, now: datetime, tz: str, **columns) -> ReceiveEntry:
    year = register_year(now, tz)
    entry = ReceiveEntry(year=year, number=next_number(session, "receive", year),
                         registered_at=now, **columns)
    session.add(entry)
    session.flush()
    return entry


def add_send_entry(session: Session, *, now: datetime, tz: str, letter_prefix: str,
                   thai_numerals: bool, **columns) -> SendEntry:
    from intake.thai import digits

    year = register_year(now, tz)
    number = next_number(session, "send", year)
    entry = SendEntry(year=year, number=number, registered_at=now,
                      doc_number=f"{letter_prefix}/{digits(number, thai_numerals)}", **columns)
    session.add(entry)
    session.flush()
    return entry


def export_rows(session: Session, register: str, year: int | None = None) -> list[dict]:
    """One dict per row, in register order; year is CE (None: every year)."""
    model = ReceiveEntry if register == "receive" else SendEntry
    query = select(model).order_by(model.year, model.number)
    if year is not None:
        query = query.where(model.year == year)
    rows = []
    for e in session.scalars(query):
        row = {f: getattr(e, f) for f in EXPORT_FIELDS}
        row["year_be"] = e.year + BE_OFFSET
        row["registered_at"] = e.registered_at.isoformat()
        if e.cancelled:
            row["remarks"] = ("ยกเลิก " + (row["remarks"] or "")).strip()
        rows.append(row)
    return rows
