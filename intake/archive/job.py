"""The archive job: one archival PDF per registered message, built after the decision.

Building takes seconds (LibreOffice, Chromium), so it never runs inside intake: the
decision marks the message `pending`, and this job claims messages one at a time (a
conditional UPDATE, so several workers never build the same one), builds the bundle,
stores it beside the raw message (<sha256>.pdf) and records its hash. A failure is
recorded and retried a few times; the registration itself is never held up.
"""
from __future__ import annotations

import logging
import shutil
import subprocess

from sqlalchemy import select, update

from intake.runtime import Runtime
from registry.db import transaction
from registry.models import (
    ARCHIVE_BUILDING,
    ARCHIVE_DONE,
    ARCHIVE_FAILED,
    ARCHIVE_PENDING,
    Event,
    Message,
    ReceiveEntry,
)

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def tools_missing() -> list[str]:
    """The programs the converters need that this machine lacks."""
    return [name for name, found in (
        ("chromium", shutil.which("chromium") or shutil.which("chromium-browser")),
        ("libreoffice", shutil.which("soffice") or shutil.which("libreoffice")),
        ("python3-uno", _has_uno()),
    ) if not found]


def _has_uno() -> bool:
    """LibreOffice is driven by a worker under the system python, which needs Debian's
    python3-uno: without it every office attachment would fail to convert."""
    from intake.archive.convert.office import UNO_PYTHON

    try:
        return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _claim(rt: Runtime) -> int | None:
    with transaction(rt.factory) as s:
        pk = s.scalar(select(Message.id).where(
            (Message.archive_state == ARCHIVE_PENDING)
            | ((Message.archive_state == ARCHIVE_FAILED)
               & (Message.archive_attempts < MAX_ATTEMPTS)))
            .order_by(Message.id).limit(1).with_for_update(skip_locked=True))
        if pk is None:
            return None
        taken = s.execute(update(Message).where(
            Message.id == pk, Message.archive_state.in_([ARCHIVE_PENDING, ARCHIVE_FAILED]))
            .values(archive_state=ARCHIVE_BUILDING,
                    archive_attempts=Message.archive_attempts + 1)).rowcount
        return pk if taken else None


def archive_pending(rt: Runtime, limit: int = 50) -> dict:
    """Build the archival PDF of up to `limit` registered messages."""
    from intake.archive.bundle import build_archive, revalidated, save_beside
    from intake.parse.mime import parse_message

    done = failed = 0
    for _ in range(limit):
        pk = _claim(rt)
        if pk is None:
            break
        try:
            with rt.factory() as s:
                msg = s.get(Message, pk)
                entry = s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == pk))
                sha = msg.sha256
                info = {
                    "number": entry.number if entry else None,
                    "year": entry.year if entry else None,
                    "registered_at": entry.registered_at if entry else None,
                    "received_at": entry.received_at if entry else None,
                    "sender": entry.sender if entry else msg.from_addr,
                    "recipient": entry.recipient if entry else "",
                    "subject": entry.subject if entry else msg.subject,
                    "doc_number": entry.doc_number if entry else None,
                    "case_ref": entry.case_ref if entry else None,
                    "disposition": msg.disposition,
                    "reasons": [r["th"] for r in (msg.decision or {}).get("reasons", [])],
                    "thai_numerals": rt.config.get("unit.thai_numerals"),
                    "timezone": rt.config.get("unit.timezone"),
                }
            raw = rt.store.get(sha)
            parsed = parse_message(raw)
            result = build_archive(raw, parsed, info, rt.profile,
                                   ocr=rt.config.get("archive.ocr_scans"))
            pdf, problems = result.pdf_bytes, result.problems
            if entry is not None and _stamp_wanted(rt):
                pdf = _stamp(rt, pdf, entry, _letter_pages(result, parsed))
                problems = revalidated(problems, pdf)
            save_beside(rt.store, sha, pdf)
            with transaction(rt.factory) as s:
                m = s.get(Message, pk)
                m.archive_state, m.archive_problems = ARCHIVE_DONE, problems
                m.archive_sha256 = rt.store.digest(pdf)
                s.add(Event(actor="processor", kind="archived", message_pk=pk,
                            detail={"sha256": m.archive_sha256, "problems": problems}))
            done += 1
        except Exception as exc:  # recorded, retried, never blocks the next one
            log.exception("archive of message %s failed", pk)
            with transaction(rt.factory) as s:
                m = s.get(Message, pk)
                m.archive_state = ARCHIVE_FAILED
                m.archive_problems = [f"{type(exc).__name__}: {exc}"[:1000]]
            failed += 1
    return {"archived": done, "failed": failed}


def _stamp_wanted(rt: Runtime) -> bool:
    try:
        import intake.archive.stamp  # noqa: F401  (the receipt stamp, when installed)
    except ImportError:
        return False
    return True


def _letter_pages(result, parsed) -> tuple[int, ...]:
    """Page 1 of the bundle (the cover) and the first page of the received official
    letter inside it, where the clerk's receipt stamp goes (registers.md)."""
    pages = [0]
    letter_file = (parsed.letter or {}).get("filename")
    for part in result.parts:
        if letter_file and part.filename == letter_file and part.first_page is not None:
            pages.append(part.first_page)
    return tuple(pages)


def _stamp(rt: Runtime, pdf: bytes, entry: ReceiveEntry, pages: tuple[int, ...]) -> bytes:
    """The receipt stamp (ตรารับหนังสือ): unit, เลขรับ, วันที่, เวลา."""
    from intake.archive.stamp import stamp_receipt

    unit = rt.profile.unit
    return stamp_receipt(pdf, unit_name=unit.short_name or unit.name, number=entry.number,
                         when=entry.registered_at,
                         thai_numerals=rt.config.get("unit.thai_numerals"), pages=pages,
                         tz=rt.config.get("unit.timezone"))
