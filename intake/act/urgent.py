"""Urgent safety matters (rules/checks/urgent_safety.py; issue 14, finding 8): someone may
be in danger now. Whatever the chain decided (other than machine mail and spam), the
matter is registered ด่วนที่สุด, a forward waits for a person (who telephones the sibling
unit first), the reporter's acknowledgment carries the hotline, and the unit's people are
told at once by mail marked urgent: nothing waits for the morning in a queue."""
from __future__ import annotations

import email.policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import select

from intake.act.context import Acting
from intake.act.mail import sender, to_outbox
from intake.outbox.compose import UnsafeAddress, _address, render
from registry.models import User
from rules.base import Decision, Reason
from rules.checks.urgent_safety import URGENT, is_urgent

ALERT_ROLES = ("clerk", "head")


def registers(decision: Decision) -> bool:
    """An urgent matter is registered on arrival whatever the disposition, review too
    (the clerk's later decision keeps that row: intake/act/register.py)."""
    return decision.registers or is_urgent(decision)


class UrgentAlert:
    name = "urgent_alert"
    description = "an urgent safety matter: the unit's people told at once to telephone"

    def handle(self, act: Acting) -> bool:
        if not is_urgent(act.decision):
            return False
        if not act.rt.send_replies:  # a backlog import: old mail, nobody to call tonight
            return False
        people = [u for u in act.session.scalars(
            select(User).where(User.role.in_(ALERT_ROLES), User.disabled.is_(False))
            .order_by(User.login)) if u.email]
        if not people:
            act.notes.append(Reason("urgent_no_person", "เรื่องด่วนที่สุด แต่ไม่มีเจ้าหน้าที่ที่มีอีเมลให้แจ้ง "
                                    "ต้องโทรศัพท์แจ้งผู้รับผิดชอบเอง",
                                    "urgent matter, but no person with an e-mail to tell"))
            return False
        from_addr, domain = sender(act)
        to = [addr for addr in (_safe(u.email) for u in people) if addr is not None]
        if not to:
            return False
        to_outbox(act, "urgent_alert", _alert(act, to, from_addr, domain), from_addr)
        act.notes.append(Reason("urgent_alert", "แจ้งเจ้าหน้าที่ทางอีเมลด่วนที่สุดแล้ว: "
                                + ", ".join(u.login for u in people),
                                "the unit's people were told at once"))
        return True


def _safe(addr: str | None) -> Address | None:
    """A person's address as one clean addr-spec; a malformed one is skipped, never fatal."""
    try:
        return _address(addr or "")
    except UnsafeAddress:
        return None


def _alert(act: Acting, to: list[Address], from_addr: str, domain: str) -> EmailMessage:
    profile, d, entry = act.rt.profile, act.decision, act.entry
    thai = act.rt.config.get("unit.thai_numerals")
    subject, body = render("urgent_alert", "th", {
        "profile": profile, "original": act.parsed, "thai_numerals": thai,
        "received_at": act.received_at,
        "registration_number": entry.number if entry else None,
        "registration_year": entry.year + 543 if entry else None,
        "sibling": d.forward_to, "urgent": True,
        "reason": " / ".join(r.th for r in d.reasons if r.rule == "urgent_safety"),
    })
    mail = EmailMessage(policy=email.policy.default)
    mail["From"] = _address(from_addr, profile.unit.name)
    mail["To"] = tuple(to)
    mail["Subject"] = subject
    mail["Date"] = format_datetime(act.now)
    mail["Message-ID"] = make_msgid(domain=domain)
    mail["Auto-Submitted"] = "auto-generated"
    mail["Importance"] = "high"
    mail["X-Priority"] = "1 (Highest)"
    mail.set_content(body, charset="utf-8", cte="base64")
    return mail


__all__ = ["URGENT", "UrgentAlert", "is_urgent", "registers"]
