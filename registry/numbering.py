"""Running numbers: one sequence per register per calendar year, gap-free, never reused.

The number is taken inside the caller's transaction by an UPDATE ... RETURNING on the
counter row. The row lock (PostgreSQL) or the write lock (SQLite, BEGIN IMMEDIATE) holds
every other registrar until this transaction ends; if it rolls back, so does the
increment, so no number is skipped and none is handed out twice.
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from registry.models import RegisterCounter

REGISTERS = ("receive", "send", "receive_note", "send_note")  # notes: year 0


def _insert_ignore(session: Session, register: str, year: int) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    session.execute(
        insert(RegisterCounter)
        .values(register=register, year=year, last_number=0)
        .on_conflict_do_nothing()
    )


def next_number(session: Session, register: str, year: int) -> int:
    if register not in REGISTERS:
        raise ValueError(f"unknown register {register!r}")
    _insert_ignore(session, register, year)
    return session.execute(
        update(RegisterCounter)
        .where(RegisterCounter.register == register, RegisterCounter.year == year)
        .values(last_number=RegisterCounter.last_number + 1)
        .returning(RegisterCounter.last_number)
    ).scalar_one()


def set_start(session: Session, register: str, year: int, first_number: int) -> None:
    """For a system that takes over mid-year: the next number handed out is first_number."""
    _insert_ignore(session, register, year)
    session.execute(
        update(RegisterCounter)
        .where(RegisterCounter.register == register, RegisterCounter.year == year)
        .values(last_number=first_number - 1)
    )
