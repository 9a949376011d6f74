"""Alerts that reach people: when the mailbox goes quiet or the outbox stops, the clerks
and the head of unit are told by e-mail (through the outbox, like the head's reminders)
and every page shows a banner, instead of it living only in the logs and /health.

current_alerts()  what is wrong now, each in Thai, with its thresholds from [alerts]
send_alerts()     queue one internal mail per person for a set of alerts not yet mailed
                  today (the same problem the next day is mailed again)
"""
from __future__ import annotations

import email.policy
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from intake.runtime import Runtime
from registry.models import FolderState, Message, OutboxItem, User
from registry.states import MessageState, OutboxState
from rules.base import REVIEW
from rules.thai.dates import digits, local_time, thai_date, thai_time

ALERTED_ROLES = ("clerk", "head")


@dataclass(frozen=True)
class Alert:
    key: str  # stable name of the problem: mailbox:saraban, outbox_failed, ...
    th: str  # what a clerk reads, on the banner and in the mail
    link: str  # the page that shows it


def current_alerts(rt: Runtime) -> list[Alert]:
    cfg, now = rt.config, rt.clock()
    thai = cfg.get("unit.thai_numerals")
    stale = timedelta(minutes=cfg.get("alerts.poll_stale_minutes"))
    out: list[Alert] = []
    with rt.factory() as s:
        for mb in cfg.mailboxes:
            fs = s.get(FolderState, (mb.name, mb.folder))
            last = fs.last_success_at if fs else None
            if fs is not None and fs.last_error:
                out.append(Alert(f"mailbox:{mb.name}", f"อ่านกล่องจดหมาย {mb.name} ไม่สำเร็จ "
                                 f"(เช่น เข้าสู่ระบบไม่ได้): {fs.last_error[:200]}", "/health"))
            elif last is None or _utc(now) - _utc(last) > stale:
                since = _when(rt, last) if last else "ยังไม่เคยอ่านสำเร็จ"
                out.append(Alert(f"mailbox:{mb.name}", f"กล่องจดหมาย {mb.name} ไม่ได้อ่านสำเร็จ"
                                 f"มานานเกินกำหนด (ล่าสุด: {since})", "/health"))
        failed = s.scalar(select(func.count()).where(OutboxItem.state == OutboxState.FAILED))
        if failed:
            out.append(Alert("outbox_failed", f"อีเมลส่งไม่สำเร็จ {digits(failed, thai)} ฉบับ "
                             "(เครื่องแม่ข่ายปฏิเสธ) ต้องตรวจสอบและสั่งส่งใหม่", "/health"))
        backlog_since = now - timedelta(minutes=cfg.get("alerts.outbox_backlog_minutes"))
        waiting = s.scalar(select(func.count()).where(
            OutboxItem.state.in_((OutboxState.PENDING, OutboxState.SENDING)),
            OutboxItem.created_at < backlog_since))
        if waiting:
            out.append(Alert("outbox_backlog", f"อีเมลค้างส่ง {digits(waiting, thai)} ฉบับ "
                             "นานเกินกำหนด", "/health"))
        quarantined = s.scalar(select(func.count()).where(Message.state == MessageState.FAILED))
        if quarantined:
            out.append(Alert("quarantined", f"ข้อความที่ระบบประมวลผลไม่ได้ (กักไว้) "
                             f"{digits(quarantined, thai)} ฉบับ", "/health"))
        held_since = now - timedelta(hours=cfg.get("alerts.held_hours"))
        held = s.scalar(select(func.count()).where(OutboxItem.state == OutboxState.HELD,
                                                   OutboxItem.created_at < held_since))
        review = s.scalar(select(func.count()).where(Message.disposition == REVIEW,
                                                     Message.fetched_at < held_since))
        if held or review:
            out.append(Alert("held", f"เรื่องรอเจ้าหน้าที่เกินกำหนด: อีเมลตอบกลับรอตรวจ "
                             f"{digits(held, thai)} ฉบับ ข้อความรอพิจารณา "
                             f"{digits(review, thai)} ฉบับ", "/review"))
    return out


def send_alerts(rt: Runtime, alerts: list[Alert] | None = None) -> list[str]:
    """Queue the alerts to every active clerk and head with an address; returns the logins
    mailed. Internal mail: not numbered in the send register, like the head's reminders."""
    from registry.db import transaction

    alerts = current_alerts(rt) if alerts is None else alerts
    if not alerts:
        return []
    now = rt.clock()
    day = local_time(now, rt.config.get("unit.timezone")).date().isoformat()
    digest = hashlib.sha256("|".join(sorted(a.key for a in alerts)).encode()).hexdigest()[:16]
    mailed = []
    with transaction(rt.factory) as s:
        people = [u for u in s.scalars(select(User).where(User.role.in_(ALERTED_ROLES),
                                                          User.disabled.is_(False))) if u.email]
        for person in people:
            dedupe = f"alert:{person.login}:{day}:{digest}"
            if s.scalar(select(OutboxItem.id).where(OutboxItem.dedupe_key == dedupe)):
                continue
            s.add(_mail(rt, person, alerts, dedupe, now))
            mailed.append(person.login)
    return mailed


def _mail(rt: Runtime, person: User, alerts: list[Alert], dedupe: str,
          now: datetime) -> OutboxItem:
    from intake.outbox.compose import render

    subject, body = render("alert", "th", {
        "profile": rt.profile, "original": None,
        "thai_numerals": rt.config.get("unit.thai_numerals"),
        "case": {"person_name": person.name, "alerts": [a.th for a in alerts],
                 "at_th": _when(rt, now)}})
    return internal_mail(rt, "alert", person, subject, body, dedupe, now)


def internal_mail(rt: Runtime, kind: str, person: User, subject: str, body: str,
                  dedupe: str, now: datetime) -> OutboxItem:
    """An outbox item from the unit to one of its own people (alert, digest): built like
    the replies, sent by the same outbox, not numbered in the send register."""
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    from intake.outbox.compose import _address, clean_header_text, safe_domain, to_wire

    profile = rt.profile
    from_addr = profile.unit.email
    domain = rt.config.get("outbox.message_id_domain") or from_addr.rsplit("@", 1)[1]
    mail = EmailMessage(policy=email.policy.default)
    mail["From"] = _address(from_addr, profile.unit.name)
    mail["To"] = _address(person.email, person.name)
    mail["Subject"] = clean_header_text(subject)
    mail["Date"] = format_datetime(_utc(now))
    mail["Message-ID"] = make_msgid(domain=safe_domain(domain))
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(body, charset="utf-8", cte="base64")
    return OutboxItem(kind=kind, dedupe_key=dedupe, mail_from=from_addr,
                      recipients=[person.email], rfc_message_id=mail["Message-ID"],
                      subject=str(mail["Subject"]), raw=to_wire(mail), created_at=now,
                      next_attempt_at=now)


def _utc(when: datetime) -> datetime:
    from datetime import UTC

    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _when(rt: Runtime, when: datetime) -> str:
    local = local_time(when, rt.config.get("unit.timezone"))
    thai = rt.config.get("unit.thai_numerals")
    return f"{thai_date(local, thai_numerals=thai)} {thai_time(local, thai_numerals=thai)}"
