"""Handler: the receive-register row (ทะเบียนหนังสือรับ) with the next running number,
for the dispositions that register (registers.md)."""
from __future__ import annotations

from sqlalchemy import select

from intake.act.context import Acting
from intake.act.urgent import registers
from registry.models import ReceiveEntry
from registry.registers import add_receive_entry, letter_classes, registration_action
from rules.base import Decision
from rules.checks.urgent_safety import URGENT, is_urgent
from rules.message import ParsedMessage
from rules.profile import Profile


class ReceiveRegister:
    name = "register"
    description = "the receive-register row and its running number"

    def handle(self, act: Acting) -> bool:
        d, parsed = act.decision, act.parsed
        if not registers(d):
            return False
        # the decision stays as the rules made it; only the row says what urgency adds
        section, classes = d.section, letter_classes(d.details)
        if is_urgent(d):  # whatever an attached letter said, someone may be in danger
            classes["urgency"] = URGENT
            section = section or act.rt.profile.urgent_safety.section or None
        # an urgent matter held for review was registered on arrival: the clerk's decision
        # keeps that row and its number (a message has one row)
        act.entry = act.session.scalar(select(ReceiveEntry).where(
            ReceiveEntry.message_pk == act.msg.id))
        if act.entry is not None:
            return True
        act.entry = add_receive_entry(
            act.session, now=act.now, tz=act.rt.config.get("unit.timezone"),
            message_pk=act.msg.id, received_at=act.received_at, deemed_received_at=act.deemed_at,
            doc_number=d.details.get("doc_number"),
            doc_date=d.details.get("doc_date") or (
                parsed.date.date().isoformat() if parsed.date else None),
            sender=_sender_column(parsed, d),
            recipient=d.details.get("to") or act.rt.profile.unit.name,
            subject=" ".join((d.details.get("subject") or parsed.subject
                              or _summary(parsed)).split()),  # one line, whatever came
            action=_action_text(act.rt.profile, section),
            remarks=f"ต่อเรื่องรับที่ {d.case_ref}" if d.case_ref else "",
            section=section, service=d.service, case_ref=d.case_ref, **classes,
        )
        return True


def _sender_column(parsed: ParsedMessage, decision: Decision) -> str:
    agency = decision.details.get("sender_agency")
    if agency:
        return str(agency)
    if parsed.from_name and parsed.from_addr:
        return f"{parsed.from_name} <{parsed.from_addr}>"
    return parsed.from_addr or parsed.from_name or "(ไม่ทราบผู้ส่ง)"


def _summary(parsed: ParsedMessage) -> str:
    text = " ".join(parsed.text.split())
    return (text[:80] + "…") if len(text) > 80 else (text or "(ไม่มีเรื่อง)")


def _action_text(profile: Profile, section_key: str | None) -> str:
    """Only what registering did; mails sent are added when sent (registry/registers.py)."""
    section = profile.sections.get(section_key) if section_key else None
    return registration_action(section.name if section else None)
