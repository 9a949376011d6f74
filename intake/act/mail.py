"""Handler: which mails a decision owes (procedure.md step 1-2), and how an owed mail is
written to the outbox (delivered later, intake/outbox/deliver.py). The forward and the
replies handlers queue them."""
from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from intake.act import lookups
from intake.act.context import Acting
from intake.outbox.compose import to_wire
from registry.models import HELD, PENDING, OutboxItem, SendEntry
from rules.base import (
    FORWARD,
    MACHINE,
    OUT_OF_AUTHORITY,
    REGISTER,
    REVIEW,
    SPAM,
    WRONG_CHANNEL,
    Reason,
)
from rules.checks.urgent_safety import is_urgent

# What each disposition sends (kind of mail), per the procedure (procedure.md step 1-2).
REPLIES: dict[str, tuple[str, ...]] = {
    REGISTER: ("acknowledgment",),
    WRONG_CHANNEL: ("wrong_channel",),
    OUT_OF_AUTHORITY: ("out_of_authority",),
    FORWARD: ("forward", "forwarded_notice"),
    MACHINE: (),
    SPAM: (),
    REVIEW: (),
}


class MailOwed:
    name = "mail_owed"
    description = "the mails the disposition owes: one acknowledgment a day, none in a backlog"

    def handle(self, act: Acting) -> bool:
        d = act.decision
        kinds = REPLIES.get(d.disposition, ())
        if d.reply_to_case and d.disposition == REGISTER and lookups.acked_today(
                act.session, d.case_ref, act.now):
            kinds = ()
            act.notes.append(Reason("no_second_ack", "ตอบรับเรื่องนี้ไปแล้ววันนี้ จึงไม่ส่งตอบรับซ้ำ",
                                    "already acknowledged this case today"))
        if is_urgent(d):
            kinds = _urgent_mails(act, kinds)
        if kinds and not act.rt.send_replies:
            kinds = ()
            act.notes.append(Reason("backlog_import",
                                    "นำเข้าอีเมลย้อนหลัง: ไม่ส่งอีเมลตอบกลับอัตโนมัติ",
                                    "backlog import: no automatic mail"))
        act.mails = kinds
        return bool(kinds)


def _urgent_mails(act: Acting, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """Someone may be in danger: the forward waits for the person who telephones (a
    notice saying it went would be untrue), and the reporter is acknowledged with the
    hotline (beside any other reply owed), once a register row exists to name."""
    kinds = tuple(k for k in kinds if k != "forwarded_notice")
    if act.entry is not None and "acknowledgment" not in kinds:
        kinds += ("acknowledgment",)
    return kinds


def mail_context(act: Acting) -> dict[str, Any]:
    """What the mail templates may say about this decision."""
    d, entry = act.decision, act.entry
    return {
        "registration_number": entry.number if entry else None,
        "registration_year": entry.year + 543 if entry else None,
        "received_at": act.received_at, "deemed_at": act.deemed_at,
        "section": d.section, "service": d.service,
        "channel_hint": d.channel_hint, "agency": d.agency,
        "sibling": d.forward_to, "high_risk": d.high_risk,
        "thai_numerals": act.rt.config.get("unit.thai_numerals"), "forwarded_at": act.now,
        "urgent": bool(d.details.get("urgent_safety")),
    }


def sender(act: Acting) -> tuple[str, str]:
    """Our From address and the domain of the Message-IDs we make."""
    from_addr = act.rt.profile.unit.email
    domain = act.rt.config.get("outbox.message_id_domain") or from_addr.rsplit("@", 1)[1]
    return from_addr, domain


def unsafe(kind: str, exc: Exception) -> Reason:
    return Reason("no_reply", f"ไม่ส่ง{kind}: ที่อยู่ผู้รับไม่ปลอดภัยหรือเป็นที่อยู่ของหน่วยงานเอง "
                  f"({exc})", f"{kind} not sent: {exc}")


def take_send_number(act: Acting, mail: EmailMessage, remarks: str = "") -> SendEntry:
    """The send-register row of a letter about to be queued (its ที่ and date), taken
    when the letter is written so that it can print them; delivery adds when it went."""
    from registry.registers import add_send_entry
    from rules.thai.dates import local_time

    cfg, unit = act.rt.config, act.rt.profile.unit
    return add_send_entry(
        act.session, now=act.now, tz=cfg.get("unit.timezone"), letter_prefix=unit.letter_prefix,
        thai_numerals=cfg.get("unit.thai_numerals"),
        doc_date=local_time(act.now, cfg.get("unit.timezone")).date().isoformat(),
        sender=unit.name, recipient=", ".join(a.addr_spec for a in mail["To"].addresses),
        subject=str(mail["Subject"]), action="รอส่งทางอีเมล", remarks=remarks)


def to_outbox(act: Acting, kind: str, mail: EmailMessage, from_addr: str,
              send_entry: SendEntry | None = None, *, held: bool = False) -> None:
    """Write one composed mail to the outbox, in the decision's transaction; a held one
    waits for a person (intake outbox release)."""
    recipients = [a.addr_spec for a in mail["To"].addresses]
    act.session.add(OutboxItem(
        message_pk=act.msg.id, kind=kind, mail_from=from_addr, recipients=recipients,
        reply_key=None if kind in ("forward", "urgent_alert") else recipients[0].lower(),
        rfc_message_id=mail["Message-ID"], subject=str(mail["Subject"]),
        raw=to_wire(mail), created_at=act.now, next_attempt_at=act.now,
        send_entry_id=send_entry.id if send_entry is not None else None,
        state=HELD if held else PENDING))
