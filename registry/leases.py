"""Leases: one poller per mailbox at a time, and a dead poller's lease runs out.

A lease is a row (name, holder, expires_at). Taking it is a single conditional UPDATE,
so two processes racing for it cannot both win; renewing extends expires_at; a holder
that crashed simply stops renewing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError

from registry.db import transaction
from registry.models import Lease, utcnow


def acquire(factory, name: str, holder: str, seconds: int, now: datetime | None = None) -> bool:
    now = now or utcnow()
    until = now + timedelta(seconds=seconds)
    with transaction(factory) as s:
        taken = s.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
            .values(holder=holder, expires_at=until)
        ).rowcount
        if taken:
            return True
        if s.get(Lease, name) is not None:
            return False
    try:
        with transaction(factory) as s:
            s.add(Lease(name=name, holder=holder, expires_at=until))
        return True
    except IntegrityError:  # another process inserted it first
        return False


def renew(factory, name: str, holder: str, seconds: int) -> bool:
    with transaction(factory) as s:
        return bool(s.execute(
            update(Lease).where(Lease.name == name, Lease.holder == holder)
            .values(expires_at=utcnow() + timedelta(seconds=seconds))
        ).rowcount)


def release(factory, name: str, holder: str) -> None:
    with transaction(factory) as s:
        s.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
