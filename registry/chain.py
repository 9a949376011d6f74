"""Tamper evidence for the registers: append-only rows in a hash chain.

Each register row's hash covers its own columns and the previous row's hash, one chain
per register per year (numbers 1, 2, 3 ... each linked to the one before). Whatever
happens to an entry later — an action taken, a correction, a cancellation — is a new
note row, chained the same way per register, never an update. `verify` walks the chains
and names the first row that was altered, removed or inserted.

The chains are written inside the same transaction and under the same lock as the
running number (registry/numbering.py), so two registrars never fork them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import ReceiveEntry, RegisterNote, SendEntry
from registry.numbering import next_number

MODELS: dict[str, type[ReceiveEntry] | type[SendEntry]] = {"receive": ReceiveEntry,
                                                          "send": SendEntry}
# the columns of registers.md (and the links) that the hash protects
SEALED = ("year", "number", "registered_at", "doc_number", "doc_date", "sender", "recipient",
          "subject", "action", "remarks")
LATER_SEALED = ("urgency", "secrecy")  # receive register, since revision 0010
GENESIS = "0" * 64


def _digest(prev: str, payload: dict) -> str:
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256((prev + "\n" + data).encode("utf-8")).hexdigest()


def _entry_payload(register: str, entry) -> dict:
    out = {k: getattr(entry, k) for k in SEALED}
    for k in LATER_SEALED:  # sealed when set: rows written before they existed keep their hash
        if getattr(entry, k, None):
            out[k] = getattr(entry, k)
    out["registered_at"] = entry.registered_at.isoformat() if entry.registered_at else None
    out["register"] = register
    return out


def _note_payload(note: RegisterNote) -> dict:
    return {"register": note.register, "seq": note.seq, "entry_id": note.entry_id,
            "at": note.at.isoformat(), "actor": note.actor, "kind": note.kind,
            "text": note.text, "detail": note.detail}


def seal_entry(session: Session, register: str, entry) -> None:
    """Set prev_hash/row_hash of a freshly numbered entry (call after flush, in the
    transaction that took its number)."""
    model = MODELS[register]
    prev = session.scalar(select(model.row_hash).where(model.year == entry.year,
                                                       model.number == entry.number - 1))
    entry.prev_hash = prev or GENESIS
    entry.row_hash = _digest(entry.prev_hash, _entry_payload(register, entry))


def add_note(session: Session, register: str, entry, *, at, actor: str, text: str,
             kind: str = "action", detail: dict | None = None) -> RegisterNote:
    """Record something done to an entry after it was written (append-only)."""
    seq = next_number(session, f"{register}_note", 0)  # the lock that keeps the chain whole
    prev = session.scalar(select(RegisterNote.row_hash).where(
        RegisterNote.register == register, RegisterNote.seq == seq - 1))
    prev = prev or GENESIS
    note = RegisterNote(register=register, seq=seq, entry_id=entry.id, at=at, actor=actor,
                        kind=kind, text=text, detail=detail, prev_hash=prev, row_hash="")
    note.row_hash = _digest(prev, _note_payload(note))
    session.add(note)
    session.flush()
    return note


def notes_for(session: Session, register: str, entry_ids: list[int]) -> dict[int, list]:
    out: dict[int, list] = {}
    if not entry_ids:
        return out
    for note in session.scalars(select(RegisterNote).where(
            RegisterNote.register == register, RegisterNote.entry_id.in_(entry_ids))
            .order_by(RegisterNote.seq)):
        out.setdefault(note.entry_id, []).append(note)
    return out


@dataclass
class Problem:
    register: str
    where: str  # "2026 #17" or "note 12"
    what: str

    def __str__(self) -> str:
        return f"{self.register} {self.where}: {self.what}"


def verify(session: Session, register: str) -> list[Problem]:
    """Every break in the register's chains, first ones first."""
    model = MODELS[register]
    problems: list[Problem] = []
    years = sorted(set(session.scalars(select(model.year))))
    for year in years:
        expected_number, prev = 1, GENESIS
        rows = session.scalars(select(model).where(model.year == year).order_by(model.number))
        for entry in cast("list[ReceiveEntry | SendEntry]", rows):
            where = f"{year + 543} #{entry.number}"
            if entry.number != expected_number:
                problems.append(Problem(register, f"{year + 543} #{expected_number}",
                                        f"missing (next row present is #{entry.number})"))
            if entry.prev_hash != prev:
                problems.append(Problem(register, where, "link to the previous row broken"))
            if entry.row_hash != _digest(entry.prev_hash or "", _entry_payload(register, entry)):
                problems.append(Problem(register, where, "row altered (hash does not match)"))
            expected_number, prev = entry.number + 1, entry.row_hash or ""
    expected_seq, prev = 1, GENESIS
    for note in session.scalars(select(RegisterNote).where(RegisterNote.register == register)
                                .order_by(RegisterNote.seq)):
        if note.seq != expected_seq:
            problems.append(Problem(register, f"note {expected_seq}", "missing"))
        if note.prev_hash != prev:
            problems.append(Problem(register, f"note {note.seq}", "link broken"))
        if note.row_hash != _digest(note.prev_hash or "", _note_payload(note)):
            problems.append(Problem(register, f"note {note.seq}", "note altered"))
        expected_seq, prev = note.seq + 1, note.row_hash
    return problems
