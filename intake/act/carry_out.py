"""Doing what the rules decided (the rules themselves never act).

carry_out() runs inside the one transaction that records a decision: the message's
processing record, its receive-register row (with the next running number), every mail
the decision causes (written to the outbox, delivered later), and the mailbox change
owed for it. Either all of it is committed or none of it is.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from intake.outbox.compose import UnsafeAddress, compose_forward, compose_reply, to_wire
from rules.message import ParsedMessage
from registry.office_time import deemed_received, time_of_receipt
from intake.parse.mime import parse_message
from registry.models import (
    ARCHIVE_PENDING,
    DECIDED,
    Event,
    Message,
    MessageLocation,
    OutboxItem,
    ReceiveEntry,
    utcnow,
)
from registry.registers import add_receive_entry, case_ref, letter_classes, registration_action
from rules.base import (
    FORWARD,
    MACHINE,
    OUT_OF_AUTHORITY,
    REGISTER,
    REVIEW,
    SPAM,
    WRONG_CHANNEL,
    Decision,
    Reason,
    TriageContext,
)

# What each disposition sends (kind of mail), per the procedure (procedure.md step 1-2).
REPLIES = {
    REGISTER: ("acknowledgment",),
    WRONG_CHANNEL: ("wrong_channel",),
    OUT_OF_AUTHORITY: ("out_of_authority",),
    FORWARD: ("forward", "forwarded_notice"),
    MACHINE: (),
    SPAM: (),
    REVIEW: (),
}


def parse(raw: bytes) -> ParsedMessage:
    return parse_message(raw)


def decide(proc, parsed: ParsedMessage, raw: bytes) -> Decision:
    """Run the rules with what they may know of the registry (no writes), then apply the
    unit's approval policy: a disposition the policy holds goes to `review`."""
    from rules import triage

    with proc.factory() as s:
        ctx = TriageContext(
            find_case=lambda ids, subject: find_case(s, ids, subject),
            replies_today=lambda addr: replies_today(s, addr, proc.clock()),
            spamd=spamd_checker(proc.config),
            raw=raw,
        )
        decision = triage(parsed, proc.profile, ctx)
    return apply_policy(decision, proc.config)


def spamd_checker(config):
    host = config.get("spam.spamd_host")
    if not host:
        return None
    from rules.spamd import SpamdClient

    return SpamdClient(host, config.get("spam.spamd_port"), config.get("spam.spamd_timeout"))


def apply_policy(decision: Decision, config) -> Decision:
    """policy.<disposition> = review | head holds the rules' decision for a person."""
    if decision.disposition == REVIEW:
        return decision
    hold = config.get(f"policy.{decision.disposition}")
    if hold == "auto":
        return decision
    who_th = "หัวหน้าหน่วยงาน" if hold == "head" else "เจ้าหน้าที่สารบรรณ"
    decision.details["proposed"] = decision.disposition
    decision.details["held_for"] = hold
    decision.reasons.append(Reason(
        "approval_policy",
        f"นโยบายของหน่วยงานกำหนดให้{who_th}ยืนยันก่อนดำเนินการ ({decision.disposition})",
        f"the unit's policy holds '{decision.disposition}' for "
        f"{'the head of unit' if hold == 'head' else 'a clerk'}"))
    decision.rules.append("approval_policy")
    decision.disposition = REVIEW
    return decision


# ------------------------------------------------------------------ lookups ----
def find_case(session, ids: list[str], subject: str) -> str | None:
    """The open case a message continues: by our Message-IDs it answers (In-Reply-To /
    References), by an earlier registered message of the same thread, or by the
    registration number quoted in the subject ("รับที่ 12/2569")."""
    from registry.models import Case

    ids = [i.strip() for i in ids if i and i.strip()]
    if ids:
        ours = session.execute(select(OutboxItem.message_pk, OutboxItem.case_id)
                               .where(OutboxItem.rfc_message_id.in_(ids)).limit(1)).first()
        if ours is not None and ours.case_id is not None:  # a case notice we sent
            return session.get(Case, ours.case_id).ref
        pk = ours.message_pk if ours is not None else None
        if pk is None:
            pk = session.scalar(select(Message.id).where(Message.header_message_id.in_(ids))
                                .order_by(Message.id).limit(1))
        if pk is not None:
            entry = session.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == pk))
            if entry is not None:
                return entry.case_ref or case_ref(entry.number, entry.year)
    ref = _subject_ref(subject or "")
    if ref:
        number, year_be = ref
        entry = session.scalar(select(ReceiveEntry).where(
            ReceiveEntry.number == number, ReceiveEntry.year == year_be - 543))
        if entry is not None:
            return entry.case_ref or case_ref(entry.number, entry.year)
    return None


def _subject_ref(subject: str) -> tuple[int, int] | None:
    import re

    from rules.thai.dates import arabic_digits

    m = re.search(r"(?:รับที่|Reg\. No\.)\s*([0-9]+)\s*/\s*([0-9]{4})", arabic_digits(subject))
    return (int(m.group(1)), int(m.group(2))) if m else None


def replies_today(session, addr: str, now: datetime) -> int:
    """Automatic replies to this address in the last 24 hours (an indexed count)."""
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(OutboxItem).where(
        OutboxItem.reply_key == (addr or "").lower(),
        OutboxItem.created_at >= now - timedelta(days=1)))


# ---------------------------------------------------------------- carrying out ----
def carry_out(proc, s, msg: Message, parsed: ParsedMessage, raw: bytes, decision: Decision):
    cfg, profile, now = proc.config, proc.profile, proc.clock()
    tz = cfg.get("unit.timezone")
    # registers.md: the time it reached our server is read from the Received header our
    # own server wrote; INTERNALDATE (or a Maildir file's time) when there is none
    received = time_of_receipt(parsed.headers.get("received", []),
                               cfg.get("unit.received_hosts"), msg.server_received_at or now, now)
    deemed = deemed_received(received, tz)
    notes: list[Reason] = []

    entry = None
    if decision.registers:
        entry = add_receive_entry(
            s, now=now, tz=tz, message_pk=msg.id,
            received_at=received, deemed_received_at=deemed,
            doc_number=decision.details.get("doc_number"),
            doc_date=decision.details.get("doc_date") or (
                parsed.date.date().isoformat() if parsed.date else None),
            sender=_sender_column(parsed, decision),
            recipient=decision.details.get("to") or profile.unit.name,
            subject=" ".join((decision.details.get("subject") or parsed.subject
                              or _summary(parsed)).split()),  # one line, whatever came
            action=_action_text(profile, decision),
            remarks=f"ต่อเรื่องรับที่ {decision.case_ref}" if decision.case_ref else "",
            section=decision.section, service=decision.service, case_ref=decision.case_ref,
            **letter_classes(decision.details),
        )

    if entry is not None and decision.disposition == REGISTER:
        from intake.cases import lifecycle as cases

        if decision.case_ref:
            cases.on_contact(proc, s, decision.case_ref, msg, now)
        else:
            cases.open_case(proc, s, msg, parsed, decision, entry, now)

    context = {
        "registration_number": entry.number if entry else None,
        "registration_year": entry.year + 543 if entry else None,
        "received_at": received, "deemed_at": deemed,
        "section": decision.section, "service": decision.service,
        "channel_hint": decision.channel_hint, "agency": decision.agency,
        "sibling": decision.forward_to, "high_risk": decision.high_risk,
        "thai_numerals": cfg.get("unit.thai_numerals"), "forwarded_at": now,
    }
    kinds = REPLIES.get(decision.disposition, ())
    if decision.reply_to_case and decision.disposition == REGISTER and _acked_today(
            s, decision.case_ref, now):
        kinds = ()
        notes.append(Reason("no_second_ack", "ตอบรับเรื่องนี้ไปแล้ววันนี้ จึงไม่ส่งตอบรับซ้ำ",
                            "already acknowledged this case today"))
    if kinds and not proc.send_replies:
        kinds = ()
        notes.append(Reason("backlog_import", "นำเข้าอีเมลย้อนหลัง: ไม่ส่งอีเมลตอบกลับอัตโนมัติ",
                            "backlog import: no automatic mail"))
    for kind in kinds:
        reason = _queue(proc, s, msg, parsed, raw, decision, kind, context, now)
        if reason:
            notes.append(reason)

    link = _link_report(proc, s, msg, decision, now)
    if link:
        notes.append(link)

    move_to = ""
    for mb in cfg.mailboxes:
        if mb.name == msg.source_mailbox and mb.move_messages:
            move_to = mb.junk_folder if decision.disposition == SPAM else mb.processed_folder
    for loc in s.scalars(select(MessageLocation).where(MessageLocation.message_pk == msg.id)):
        loc.move_to = move_to if loc.mailbox == msg.source_mailbox else ""

    if entry is not None and cfg.get("archive.enabled"):
        msg.archive_state = ARCHIVE_PENDING  # built by the archive job (intake/archive/job.py)
    record = decision_record(decision, notes)
    msg.state, msg.disposition, msg.decision = DECIDED, decision.disposition, record
    msg.decided_at = msg.updated_at = now
    msg.from_addr, msg.subject = parsed.from_addr[:320], parsed.subject
    msg.error = msg.traceback = None
    s.add(Event(actor="processor", kind="decided", message_pk=msg.id, at=now, detail={
        "disposition": decision.disposition, "rules": decision.rules,
        "registration": case_ref(entry.number, entry.year) if entry else None}))


def _link_report(proc, s, msg: Message, decision: Decision, now: datetime) -> Reason | None:
    """A bounce or a read receipt names the mail of ours it reports on: record that on
    the message that mail answered, so its case knows the sender was unreachable
    (bounce) or has read our reply (receipt)."""
    for key, kind in (("bounce_of", "bounced"), ("receipt_of", "read_receipt")):
        ref = decision.details.get(key)
        if not ref:
            continue
        item = s.scalar(select(OutboxItem).where(OutboxItem.rfc_message_id == ref.strip()))
        if item is None:
            return Reason(f"{kind}_unmatched", f"รายงานนี้อ้างถึงอีเมล {ref} ซึ่งไม่ใช่อีเมลที่ระบบส่ง",
                          f"the report names {ref}, which is not a mail we sent")
        s.add(Event(actor="processor", kind=kind, message_pk=item.message_pk, at=now,
                    detail={"outbox": item.id, "report_message": msg.id, "to": item.recipients}))
        if kind == "bounced":
            from intake.cases import lifecycle as cases

            cases.on_bounce(proc, s, item, now)
            return Reason("bounce_linked", f"อีเมล{item.kind}ที่ส่งถึง {', '.join(item.recipients)} "
                          "ส่งไม่ถึงผู้รับ: ติดต่อผู้ยื่นไม่ได้",
                          f"our {item.kind} to {', '.join(item.recipients)} bounced: the sender "
                          "cannot be reached")
        return Reason("receipt_linked", f"ผู้รับเปิดอ่านอีเมล{item.kind}แล้ว",
                      f"our {item.kind} was read")
    return None


def decision_record(decision: Decision, notes: list[Reason]) -> dict:
    """What is kept on the message: every rule that fired and why, in words a clerk reads."""
    record = decision.as_json()
    record["reasons"] = [{"rule": r.rule, "th": r.th, "en": r.en} for r in decision.reasons]
    record["notes"] = [{"rule": r.rule, "th": r.th, "en": r.en} for r in notes]
    record["details"] = {k: v for k, v in decision.details.items()
                         if isinstance(v, (str, int, float, bool, list, type(None)))}
    return record


def _queue(proc, s, msg, parsed, raw, decision, kind, context, now) -> Reason | None:
    """Write one outgoing mail to the outbox; returns a note when it is held back."""
    profile = proc.profile
    from_addr = profile.unit.email
    domain = proc.config.get("outbox.message_id_domain") or from_addr.rsplit("@", 1)[1]
    try:
        if kind == "forward":
            mail = compose_forward(profile=profile, original=parsed, original_raw=raw,
                                   sibling=decision.forward_to, context=context,
                                   from_addr=from_addr, domain=domain, now=now)
        else:
            to = (parsed.reply_to[:1] or [parsed.from_addr])[0]
            cap = proc.config.get("policy.reply_cap_per_day")
            if replies_today(s, to, now) >= cap:
                return Reason("reply_cap", f"งดตอบอัตโนมัติ: ส่งถึง {to} ครบ {cap} "
                              "ฉบับใน 24 ชั่วโมงแล้ว", f"reply cap reached for {to}")
            mail = compose_reply(kind, profile=profile, original=parsed, context=context,
                                 from_addr=from_addr, domain=domain, now=now)
    except UnsafeAddress as exc:
        return Reason("no_reply", f"ไม่ส่ง{kind}: ที่อยู่ผู้รับไม่ปลอดภัยหรือเป็นที่อยู่ของหน่วยงานเอง "
                      f"({exc})", f"{kind} not sent: {exc}")
    recipients = [a.addr_spec for a in mail["To"].addresses]
    s.add(OutboxItem(message_pk=msg.id, kind=kind, mail_from=from_addr, recipients=recipients,
                     reply_key=None if kind == "forward" else recipients[0].lower(),
                     rfc_message_id=mail["Message-ID"], subject=str(mail["Subject"]),
                     raw=to_wire(mail), created_at=now,
                     next_attempt_at=now))
    return None


def _acked_today(s, ref: str | None, now: datetime) -> bool:
    if not ref:
        return False
    pks = select(ReceiveEntry.message_pk).where(ReceiveEntry.case_ref == ref)
    number, year_be = ref.split("/")
    first = select(ReceiveEntry.message_pk).where(
        ReceiveEntry.number == int(number), ReceiveEntry.year == int(year_be) - 543)
    return s.scalar(select(OutboxItem.id).where(
        OutboxItem.kind == "acknowledgment",
        OutboxItem.created_at >= now - timedelta(days=1),
        OutboxItem.message_pk.in_(pks.union(first))).limit(1)) is not None


def _sender_column(parsed: ParsedMessage, decision: Decision) -> str:
    agency = decision.details.get("sender_agency")
    if agency:
        return agency
    if parsed.from_name and parsed.from_addr:
        return f"{parsed.from_name} <{parsed.from_addr}>"
    return parsed.from_addr or parsed.from_name or "(ไม่ทราบผู้ส่ง)"


def _summary(parsed: ParsedMessage) -> str:
    text = " ".join(parsed.text.split())
    return (text[:80] + "…") if len(text) > 80 else (text or "(ไม่มีเรื่อง)")


def _action_text(profile, decision: Decision) -> str:
    """Only what registering did; mails sent are added when sent (registry/registers.py)."""
    section = profile.sections.get(decision.section) if decision.section else None
    return registration_action(section.name if section else None)


__all__ = ["carry_out", "decide", "find_case", "parse", "replies_today", "utcnow"]


def resolve_review(proc, message_pk: int, disposition: str, actor: str, *,
                   service: str | None = None, forward_to: str | None = None,
                   agency: str | None = None, channel_hint: str | None = None) -> Decision:
    """A clerk decides a message the rules held for review. The choice is carried out by
    the same code as the rules' decisions (register row, replies, case), in one
    transaction, and recorded as a correction that feeds the unit's statistics."""
    from intake.cases.lifecycle import CLERK_ROLES, HEAD_ROLES, CaseError, _person
    from registry.db import transaction
    from rules.base import DISPOSITIONS

    if disposition not in DISPOSITIONS or disposition == REVIEW:
        raise CaseError(f"เลือกการดำเนินการไม่ถูกต้อง: {disposition} / not a disposition")
    if disposition == FORWARD and not proc.profile.sibling_by_address(forward_to or ""):
        raise CaseError("ต้องเลือกหน่วยงานในสังกัดที่จะส่งต่อ / choose the sibling unit")
    if disposition == OUT_OF_AUTHORITY and agency not in proc.profile.agencies:
        raise CaseError("ต้องเลือกหน่วยงานที่รับผิดชอบ / choose the agency")
    if service and service not in proc.profile.services and service not in (
            "letter", "complaint", "enquiry"):
        raise CaseError(f"ไม่มีบริการ {service} / unknown service")
    with proc.factory() as s:
        msg = s.get(Message, message_pk)
        if msg is None or msg.disposition != REVIEW:
            raise CaseError("ข้อความนี้ไม่ได้รอการพิจารณา / this message is not in review")
        raw = proc.store.get(msg.sha256)
        before = msg.decision or {}
    parsed = parse(raw)
    section = proc.profile.section_for(service) if service else None
    if channel_hint is None and disposition == WRONG_CHANNEL and service in proc.profile.services:
        channel_hint = {"in_person": "in_person", "bizportal": "bizportal"}.get(
            proc.profile.services[service].channel, "saraban_email")
    decision = Decision(
        disposition=disposition, rules=["clerk_review"],
        reasons=[Reason("clerk_review", f"เจ้าหน้าที่ ({actor}) พิจารณาแล้ว: {disposition}",
                        f"decided by a clerk ({actor}): {disposition}")],
        service=service, forward_to=forward_to, agency=agency, channel_hint=channel_hint,
        section=section, high_risk=bool(before.get("high_risk")),
        details={"previous": {k: before.get(k) for k in ("disposition", "rules", "service")}})
    held_for_head = (before.get("details") or {}).get("held_for") == "head"
    with transaction(proc.factory) as s:
        # the unit's policy may hold a disposition for the head of unit alone
        _person(s, actor, HEAD_ROLES if held_for_head else CLERK_ROLES, "พิจารณาข้อความที่รอตรวจ")
        msg = s.scalar(select(Message).where(Message.id == message_pk).with_for_update())
        if msg.disposition != REVIEW:
            raise CaseError("มีผู้พิจารณาข้อความนี้แล้ว / already resolved")
        state_before = msg.state
        carry_out(proc, s, msg, parsed, raw, decision)
        owed = [loc for loc in msg.locations if loc.moved_at is None]
        if state_before == "done" and not owed:
            msg.state = "done"  # the mail already left the inbox; nothing more to move
        s.add(Event(actor=actor, kind="review_resolved", message_pk=msg.id, at=proc.clock(),
                    detail={"from": before.get("disposition"), "to": disposition,
                            "service": service, "forward_to": forward_to, "agency": agency,
                            "rules_said": before.get("rules"),
                            "proposed": (before.get("details") or {}).get("proposed")}))
    return decision
