"""Writing and reading the receive and send registers (registers.md columns)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rules.thai.dates import BE_OFFSET, local_time
from registry.chain import notes_for, seal_entry
from registry.models import SECRET_LEVELS, ReceiveEntry, SendEntry
from registry.numbering import next_number
from registry.search import index_entry

EXPORT_FIELDS = ("number", "year", "registered_at", "doc_number", "doc_date", "sender",
                 "recipient", "subject", "urgency", "secrecy", "action", "remarks")
# the columns as a Thai clerk and auditor name them (registers.md), for the CSV export
EXPORT_HEADERS = {"number": "เลขทะเบียน", "year": "ปี ค.ศ.", "registered_at": "วันที่ลงทะเบียน",
                  "doc_number": "ที่", "doc_date": "ลงวันที่", "sender": "จาก", "recipient": "ถึง",
                  "subject": "เรื่อง", "urgency": "ชั้นความเร็ว", "secrecy": "ชั้นความลับ",
                  "action": "การปฏิบัติ", "remarks": "หมายเหตุ",
                  "year_be": "ปี พ.ศ."}


SECRET_MASK = "(หนังสือลับ: ดูทะเบียนหนังสือลับ)"
MASKED = ("doc_number", "sender", "recipient", "subject", "action")


def is_secret(entry) -> bool:
    return getattr(entry, "secrecy", "") in SECRET_LEVELS


def may_see_secret(role: str | None, secret_roles: str) -> bool:
    """Whether a user of `role` sees the secret register (unit.secret_roles)."""
    return bool(role) and role in {r.strip() for r in (secret_roles or "").split(",")}


def masked(cols: dict) -> dict:
    """A secret row as the receive register shows it: its number, date and classes stay
    (the running numbers have no gap), what it is about is only in the secret register."""
    return {**cols, **{k: SECRET_MASK if k == "subject" else "" for k in MASKED}}


def register_year(when: datetime, tz: str) -> int:
    """The calendar year (CE) a registration at `when` counts in, in the office's zone."""
    return local_time(when, tz).year


def case_ref(number: int, year: int) -> str:
    """The reference clerks write: 'เลขรับ/ปี พ.ศ.', e.g. 12/2569."""
    return f"{number}/{year + BE_OFFSET}"


def add_receive_entry(session: Session, *, now: datetime, tz: str, **columns) -> ReceiveEntry:
    year = register_year(now, tz)
    entry = ReceiveEntry(year=year, number=next_number(session, "receive", year),
                         registered_at=now, **columns)
    session.add(entry)
    session.flush()
    seal_entry(session, "receive", entry)
    index_entry(session, "receive", entry)  # Thai word search (registry/search.py)
    return entry


# The mails that are หนังสือราชการ the unit signs and numbers in the send register, each
# printing its ที่ and date: the forward to another unit (a หนังสือภายนอก it registers), the
# result, and the notices of a case. Acknowledgments, wrong-channel and other automatic
# answers, and internal reminders are not letters: the message's mail log keeps them.
NUMBERED_KINDS = ("forward", "result", "missing_documents", "identity_proofing", "late_notice",
                  "disposal_notice")


def add_send_entry(session: Session, *, now: datetime, tz: str, letter_prefix: str,
                   thai_numerals: bool, **columns) -> SendEntry:
    from rules.thai.dates import digits

    year = register_year(now, tz)
    number = next_number(session, "send", year)
    entry = SendEntry(year=year, number=number, registered_at=now,
                      doc_number=f"{letter_prefix}/{digits(number, thai_numerals)}", **columns)
    session.add(entry)
    session.flush()
    seal_entry(session, "send", entry)
    index_entry(session, "send", entry)
    return entry


def effective_columns(entry, notes) -> dict:
    """A register row as it reads now: what was written at registration, then every note
    added since: an action is appended to การปฏิบัติ, a correction replaces its field, a
    cancellation marks the row ยกเลิก (it keeps its number)."""
    cols = {k: getattr(entry, k, "") for k in ("id", "cancelled", *EXPORT_FIELDS)}
    actions = [cols["action"]] if cols["action"] else []
    for note in notes:
        if note.kind == "correction" and note.detail:
            cols[note.detail["field"]] = note.detail["value"]
        elif note.kind == "cancel":
            cols["cancelled"] = True
        actions.append(note.text)
    cols["action"] = "; ".join(actions)
    return cols


def export_rows(session: Session, register: str, year: int | None = None,
                tz: str | None = None) -> list[dict]:
    """One dict per row, in register order (year in CE; None: every year), as it reads
    now (effective_columns); the time of registration in the office's zone `tz`, with
    its offset, the hour the stamp and the page show. `register`: receive (secret rows
    masked), secret (only those, in full: the caller checks who may see it) or send."""
    model: type[ReceiveEntry] | type[SendEntry] = SendEntry if register == "send" \
        else ReceiveEntry
    query = select(model).order_by(model.year, model.number)
    if year is not None:
        query = query.where(model.year == year)
    if register == "secret":
        query = query.where(ReceiveEntry.secrecy.in_(SECRET_LEVELS))
    entries: list[ReceiveEntry | SendEntry] = list(session.scalars(query))
    notes = notes_for(session, "send" if register == "send" else "receive",
                      [e.id for e in entries])
    rows = []
    for e in entries:
        cols = effective_columns(e, notes.get(e.id, []))
        if register == "receive" and is_secret(e):
            cols = masked(cols)
        row = {f: cols[f] for f in EXPORT_FIELDS}
        row["year_be"] = e.year + BE_OFFSET
        row["registered_at"] = local_time(e.registered_at, tz).isoformat()
        if cols["cancelled"]:
            row["remarks"] = ("ยกเลิก " + (row["remarks"] or "")).strip()
        rows.append(row)
    return rows


# การปฏิบัติ records only what was done, when it is done: registration routes the row to
# a section; each automatic mail adds its line when it has been sent (a refused or
# withheld one adds nothing); identity, disposal and results add theirs when they happen
SENT_ACTIONS = {"acknowledgment": "ตอบรับทางอีเมล", "wrong_channel": "แจ้งช่องทางที่ถูกต้องทางอีเมล"}


URGENCIES = ("ด่วน", "ด่วนมาก", "ด่วนที่สุด")


def letter_classes(details: dict) -> dict:
    """urgency and secrecy columns from what the rules read on the letter ("" for none)."""
    urgency, secrecy = details.get("urgency") or "", details.get("secrecy") or ""
    return {"urgency": urgency if urgency in URGENCIES else "",
            "secrecy": secrecy if secrecy in (*SECRET_LEVELS, "ลับที่สุด") else ""}


def registration_action(section_name: str | None) -> str:
    """การปฏิบัติ as written at registration: only what registration itself did."""
    return f"ส่ง{section_name}" if section_name else ""


def record_sent(session: Session, message_pk: int | None, kind: str, *, to: str,
                when_text: str, at: datetime) -> None:
    """Add to the receive row of the message a mail answered the line saying it was
    sent (to whom, when); nothing for a mail that is not an answer to a registered one."""
    from registry.chain import add_note

    if kind not in SENT_ACTIONS or message_pk is None:
        return
    entry = session.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == message_pk))
    if entry is not None:
        add_note(session, "receive", entry, at=at, actor="processor",
                 text=f"{SENT_ACTIONS[kind]}ถึง {to} เมื่อ {when_text}")


CORRECTABLE = ("doc_number", "doc_date", "sender", "recipient", "subject", "remarks")


def correct_entry(session: Session, register: str, entry, field: str, value: str, *, at,
                  actor: str, reason: str):
    """A clerk corrects a column: a new note that references the entry (the row itself
    is never changed, so the chain keeps proving what was first written)."""
    from registry.chain import add_note

    if field not in CORRECTABLE:
        raise ValueError(f"{field} cannot be corrected (one of {', '.join(CORRECTABLE)})")
    old = getattr(entry, field)
    return add_note(session, register, entry, at=at, actor=actor, kind="correction",
                    text=f"แก้ไข{field}: “{old or ''}” เป็น “{value}” ({reason})",
                    detail={"field": field, "value": value, "old": old, "reason": reason})


def cancel_entry(session: Session, register: str, entry, *, at, actor: str, reason: str):
    """ยกเลิก: the entry keeps its number, marked cancelled, by a note."""
    from registry.chain import add_note

    return add_note(session, register, entry, at=at, actor=actor, kind="cancel",
                    text=f"ยกเลิก ({reason})", detail={"reason": reason})
