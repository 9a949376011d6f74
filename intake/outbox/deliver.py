"""Delivering the outbox, and logging every delivered mail in the send register.

An outbox row was written in the same transaction as the decision that caused it. Here
each due row is claimed (state 'sending', with a claim that expires; SKIP LOCKED on
PostgreSQL so several workers never take the same row), handed to the transport, then
marked sent together with its send-register row — one transaction. Temporary failures
(4xx, connection errors) retry with exponential backoff; a 5xx is permanent and shown
to a person.

Nothing twice: SMTP cannot be made exactly-once, so the one ambiguous moment is fenced.
Just before the message's DATA goes to the server the attempt records `data_started_at`.
A worker that dies before that point left nothing at the server: its expired claim is
simply retried. One that dies after it may have delivered: the row becomes 'unknown',
is never resent automatically, and waits for a person (`intake outbox list --state
unknown`, then `intake retry --outbox ID` once they have checked).
"""
from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import or_, select

from intake.config import Config, ConfigError, is_loopback
from intake.runtime import Runtime
from intake.store import write_durably
from registry.db import transaction
from registry.models import (
    DISCARDED,
    HELD,
    OUTBOX_FAILED,
    PENDING,
    SENDING,
    SENT,
    UNKNOWN,
    Event,
    OutboxItem,
    SendEntry,
    utcnow,
)
from registry.registers import NUMBERED_KINDS, add_send_entry

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


class Transport(Protocol):
    """How an outbox row leaves: SMTP (SmtpTransport) or files in a folder (FolderTransport,
    the demo and units handing mail to another system)."""

    def describe(self) -> str:
        """Where the mail goes, for the send register's log ("smtp host:port")."""
        ...

    def deliver(self, item: OutboxItem, on_data: Callable[[], None] | None = None) -> str:
        """Send one row; return the receiver's answer. on_data() is called (and commits)
        at the point of no return. Raises TemporaryFailure or PermanentFailure."""
        ...


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


class FolderTransport:
    """Writes each mail as <id>-<kind>.eml in a folder: for the demo and for units that
    hand mail to another system. Rewriting the same row gives the same file: no duplicate."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def describe(self) -> str:
        return f"folder {self.folder}"

    def deliver(self, item: OutboxItem, on_data: Callable[[], None] | None = None) -> str:
        # rewriting the same file is harmless, so there is no point of no return to mark
        final = self.folder / f"{item.id:07d}-{item.kind}.eml"
        write_durably(final, item.raw)
        return str(final)


class SmtpTransport:
    def __init__(self, host: str, port: int, security: str, username: str = "",
                 password: str | None = None, timeout: int = 60):
        if security == "plain" and not is_loopback(host):
            raise ConfigError("outbox.smtp_security: 'plain' is allowed only to a loopback host")
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.timeout = username, password, timeout

    def describe(self) -> str:
        return f"smtp {self.host}:{self.port}"

    def deliver(self, item: OutboxItem, on_data: Callable[[], None] | None = None) -> str:
        """Send one mail; on_data() is called (and must commit) just before DATA."""
        return asyncio.run(self._send(item, on_data or (lambda: None)))

    async def _send(self, item: OutboxItem, on_data: Callable[[], None]) -> str:
        import aiosmtplib

        smtp = aiosmtplib.SMTP(hostname=self.host, port=self.port, timeout=self.timeout,
                               use_tls=self.security == "tls",
                               start_tls=self.security == "starttls")
        refused = {}
        try:
            async with smtp:
                if self.username:
                    await smtp.login(self.username, self.password or "")
                await smtp.mail(item.mail_from)
                for rcpt in item.recipients:
                    try:
                        await smtp.rcpt(rcpt)
                    except aiosmtplib.SMTPRecipientRefused as exc:
                        refused[rcpt] = exc
                if len(refused) == len(item.recipients):
                    first = next(iter(refused.values()))
                    if all(e.code >= 500 for e in refused.values()):
                        raise PermanentFailure(f"recipient refused: {first}")
                    raise TemporaryFailure(f"recipient deferred: {first}")
                on_data()  # the point of no return: recorded before the message goes
                response = await smtp.data(item.raw)
        except (PermanentFailure, TemporaryFailure):
            raise
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code >= 500:
                raise PermanentFailure(f"{exc.code} {exc.message}") from exc
            raise TemporaryFailure(f"{exc.code} {exc.message}") from exc
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from exc
        if refused:
            # some recipients took it; the rest are recorded, never retried as a whole
            log.warning("outbox %s: partly refused %s", item.id, refused)
        return f"{response}".strip()[:500]


def transport_from_config(config: Config) -> Transport:
    if config.get("outbox.transport") == "folder":
        return FolderTransport(config.path("outbox.folder"))
    password = os.environ.get(config.get("outbox.smtp_password_env"))
    if config.get("outbox.smtp_username") and not password:
        raise ConfigError(f"outbox.smtp_password_env: environment variable "
                          f"{config.get('outbox.smtp_password_env')} is not set")
    return SmtpTransport(config.get("outbox.smtp_host"), config.get("outbox.smtp_port"),
                         config.get("outbox.smtp_security"), config.get("outbox.smtp_username"),
                         password, config.get("outbox.timeout"))


@dataclass
class DeliveryReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _fence_stale_claims(factory, now: datetime) -> None:
    """Claims whose worker died: before DATA they are retried; after it, 'unknown'."""
    with transaction(factory) as s:
        for item in s.scalars(select(OutboxItem).where(
                OutboxItem.state == SENDING, OutboxItem.claimed_until < now,
                OutboxItem.data_started_at.is_not(None)).with_for_update(skip_locked=True)):
            item.state, item.claimed_until = UNKNOWN, None
            item.last_error = ("the worker stopped after the message was handed to the server; "
                               "it may have been delivered: check before sending it again")
            s.add(Event(actor="processor", kind="send_unknown", message_pk=item.message_pk,
                        detail={"outbox": item.id, "to": item.recipients}))


def claim_next(factory, now: datetime, claim_seconds: int) -> int | None:
    """Claim one due row for this worker; None when nothing is due."""
    _fence_stale_claims(factory, now)
    with transaction(factory) as s:
        item = s.scalar(
            select(OutboxItem)
            .where(or_(
                (OutboxItem.state == PENDING) & (OutboxItem.next_attempt_at <= now),
                (OutboxItem.state == SENDING) & (OutboxItem.claimed_until < now),
            ))
            .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if item is None:
            return None
        item.state = SENDING
        item.claimed_until = now + timedelta(seconds=claim_seconds)
        item.data_started_at = None
        item.attempts += 1
        return item.id


def _data_started(rt: Runtime, item_id: int) -> None:
    with transaction(rt.factory) as s:
        s.get(OutboxItem, item_id).data_started_at = rt.clock()


def deliver_due(rt: Runtime, transport: Transport | None = None, *,
                limit: int = 500) -> DeliveryReport:
    """Deliver every due outbox row (up to `limit`)."""
    config = rt.config
    transport = transport or transport_from_config(config)
    report = DeliveryReport()
    claim = max(60, 3 * config.get("outbox.timeout"))
    for _ in range(limit):
        now = rt.clock()
        item_id = claim_next(rt.factory, now, claim)
        if item_id is None:
            break
        with rt.factory() as s:
            item = s.get_one(OutboxItem, item_id)  # claimed above: it exists
        try:
            receipt = transport.deliver(item, on_data=lambda: _data_started(rt, item_id))
        except TemporaryFailure as exc:
            _defer(rt, item_id, str(exc), config)
            report.deferred += 1
            report.errors.append(f"{item_id}: {exc}")
            continue
        except PermanentFailure as exc:
            _give_up(rt, item_id, str(exc))
            report.failed += 1
            report.errors.append(f"{item_id}: {exc}")
            continue
        _mark_sent(rt, item_id, receipt, transport.describe())
        report.sent += 1
    return report


def _mark_sent(rt: Runtime, item_id: int, receipt: str, via: str) -> None:
    from registry.registers import record_sent
    from rules.thai.dates import local_time, thai_date, thai_time

    profile, config = rt.profile, rt.config
    now = rt.clock()
    tz = config.get("unit.timezone")
    with transaction(rt.factory) as s:
        item = s.get(OutboxItem, item_id)
        if item.state == SENT:
            return
        item.state, item.sent_at, item.last_error, item.claimed_until = SENT, now, None, None
        local = local_time(now, tz)
        thai_numerals = config.get("unit.thai_numerals")
        to = ", ".join(item.recipients)
        when_text = (f"{thai_date(local, thai_numerals=thai_numerals)} "
                     f"เวลา {thai_time(local, thai_numerals=thai_numerals)}")
        action = f"ส่งอีเมลถึง {to} เมื่อ {when_text} ({item.kind})"
        record_sent(s, item.message_pk, item.kind, to=to, when_text=when_text, at=now)
        if item.send_entry_id:  # a letter numbered when it was approved: complete its entry
            from registry.chain import add_note

            entry = s.get(SendEntry, item.send_entry_id)
            entry.outbox_id = item.id  # a link, outside the sealed columns
            add_note(s, "send", entry, at=now, actor="processor",
                     text=f"{action} {item.rfc_message_id}")
        elif item.kind in NUMBERED_KINDS:  # a letter queued before it was numbered
            add_send_entry(
                s, now=now, tz=tz, letter_prefix=profile.unit.letter_prefix,
                thai_numerals=thai_numerals, outbox_id=item.id,
                doc_date=local.date().isoformat(), sender=profile.unit.name, recipient=to,
                subject=item.subject, action=action, remarks=item.rfc_message_id,
            )
        s.add(Event(actor="processor", kind="sent", message_pk=item.message_pk, at=now,
                    detail={"outbox": item.id, "kind": item.kind, "to": item.recipients,
                            "via": via, "receipt": receipt}))


def _answer_is_stale(item: OutboxItem) -> bool:
    """An attempt slower than its claim: meanwhile the row was delivered, deferred or
    given up by another attempt, which owns it now (registry/states.py, outbox)."""
    return item.state not in (SENDING, UNKNOWN)


def _defer(rt: Runtime, item_id: int, error: str, config: Config) -> None:
    now = rt.clock()
    with transaction(rt.factory) as s:
        item = s.get(OutboxItem, item_id)
        if _answer_is_stale(item):
            return
        item.last_error = error[:2000]
        item.claimed_until = None
        if item.attempts >= config.get("outbox.max_attempts"):
            item.state = OUTBOX_FAILED
            s.add(Event(actor="processor", kind="send_failed", message_pk=item.message_pk,
                        detail={"outbox": item.id, "error": item.last_error, "final": True}))
            return
        delay = timedelta(seconds=config.get("outbox.backoff_seconds") * 2 ** (item.attempts - 1))
        item.state = PENDING
        item.next_attempt_at = now + min(delay, MAX_BACKOFF)


def _give_up(rt: Runtime, item_id: int, error: str) -> None:
    with transaction(rt.factory) as s:
        item = s.get(OutboxItem, item_id)
        if _answer_is_stale(item):
            return
        item.state, item.last_error, item.claimed_until = OUTBOX_FAILED, error[:2000], None
        s.add(Event(actor="processor", kind="send_failed", message_pk=item.message_pk,
                    detail={"outbox": item.id, "error": item.last_error, "final": True}))


def release_held(rt: Runtime, item_id: int, new_body: str | None = None,
                 actor: str = "clerk") -> None:
    """A clerk read a held notice (and maybe rewrote its text): it may go now."""
    import email
    import email.policy

    with transaction(rt.factory) as s:
        item = s.get(OutboxItem, item_id)
        if item is None or item.state != HELD:
            raise ValueError(f"outbox {item_id} is not held")
        if new_body is not None:
            mail = email.message_from_bytes(item.raw, policy=email.policy.default)
            part = mail.get_body(("plain",))
            if part is None:
                raise ValueError(f"outbox {item_id} has no text to rewrite")
            part.set_content(new_body, charset="utf-8", cte="base64")
            from intake.outbox.compose import to_wire

            item.raw = to_wire(mail)
        item.state, item.next_attempt_at = PENDING, rt.clock()
        s.add(Event(actor=actor, kind="released", message_pk=item.message_pk,
                    detail={"outbox": item.id, "edited": new_body is not None}))


def discard_held(rt: Runtime, item_id: int, actor: str, reason: str) -> None:
    """A clerk read a held notice and decided it should not go: kept, never sent."""
    with transaction(rt.factory) as s:
        item = s.get(OutboxItem, item_id)
        if item is None or item.state != HELD:
            raise ValueError(f"outbox {item_id} is not held")
        item.state, item.last_error = DISCARDED, f"ไม่ส่ง ({actor}): {reason}"[:2000]
        s.add(Event(actor=actor, kind="discarded", message_pk=item.message_pk, at=rt.clock(),
                    detail={"outbox": item.id, "case": item.case_id, "reason": reason}))


def held_text(item: OutboxItem) -> str:
    """The plain text of a held mail, as the applicant would read it."""
    import email
    import email.policy

    mail = email.message_from_bytes(item.raw, policy=email.policy.default)
    part = mail.get_body(("plain",))
    return part.get_content() if part is not None else ""


def confirm_delivered(rt: Runtime, item_id: int, actor: str) -> None:
    """A person checked that a mail of unknown delivery did arrive: record it as sent
    (with its send-register entry), without sending it again."""
    with rt.factory() as s:
        item = s.get(OutboxItem, item_id)
        if item is None or item.state != UNKNOWN:
            raise ValueError(f"outbox {item_id} is not of unknown delivery")
    _mark_sent(rt, item_id, f"delivery confirmed by {actor}", "a person's check")


def retry_failed(rt: Runtime, ids: list[int] | None = None) -> int:
    """A person asked to send failed mail again. Mail whose delivery is unknown is sent
    again only when named by id: the person has checked it did not arrive."""
    with transaction(rt.factory) as s:
        query = select(OutboxItem).where(OutboxItem.state.in_(
            [OUTBOX_FAILED, UNKNOWN] if ids else [OUTBOX_FAILED]))
        if ids:
            query = query.where(OutboxItem.id.in_(ids))
        items = list(s.scalars(query))
        for item in items:
            item.state, item.attempts, item.next_attempt_at = PENDING, 0, rt.clock()
        return len(items)


__all__ = [
    "FolderTransport",
    "PermanentFailure",
    "SmtpTransport",
    "TemporaryFailure",
    "deliver_due",
    "retry_failed",
    "transport_from_config",
    "utcnow",
]
