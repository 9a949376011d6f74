"""Correcting what the rules decided, from the message page (issue 15): spam and machine
mail back to the register or the review queue, a forward or an out-of-authority notice to
the register, a registered matter to another service or section.

Each correction is an event (decision_corrected: who, when, why, what the rules said, the
mail already sent) and is carried out by the processor's own code: a message sent back to
register goes through resolve_review, as a review item would (register row, reply, case,
and the review_resolved event the triage statistics learn from). What was already sent is
not unsent; the event and the flash say so."""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from sqlalchemy import select

from intake.act import resolve_review
from intake.cases.lifecycle import CaseError
from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from registry.db import transaction
from registry.models import DISCARDED, Case, Event, Message, OutboxItem, ReceiveEntry
from rules.base import FORWARD, MACHINE, OUT_OF_AUTHORITY, REGISTER, REVIEW, SPAM

CLERKS = ("clerk", "head", "admin")
# what may be corrected into what; a registered message keeps its row and changes service
REOPENABLE = (SPAM, MACHINE, FORWARD, OUT_OF_AUTHORITY)
TARGETS = {SPAM: (REGISTER, REVIEW), MACHINE: (REGISTER, REVIEW),
           FORWARD: (REGISTER,), OUT_OF_AUTHORITY: (REGISTER,), REGISTER: ("service",)}


def corrections_for(msg: Message) -> tuple[str, ...]:
    return TARGETS.get(msg.disposition or "", ())


def _sent(s, msg_id: int) -> list[str]:
    """The mail the first decision sent or queued: it goes (or went) as it was."""
    return [f"{o.kind} → {', '.join(o.recipients)} ({o.state})" for o in s.scalars(
        select(OutboxItem).where(OutboxItem.message_pk == msg_id,
                                 OutboxItem.state != DISCARDED).order_by(OutboxItem.id))]


@bp.route("/messages/<int:msg_id>/correct", methods=["POST"])
@requires(*CLERKS)
def correct_decision(msg_id: int):
    rt = runtime()
    target = request.form.get("to", "")
    reason = request.form.get("reason", "").strip()
    service = request.form.get("service") or None
    back = redirect(url_for("web.message_page", msg_id=msg_id) + "#correct")
    with rt.factory() as s:
        msg = s.get(Message, msg_id)
        if msg is None:
            abort(404)
        before = msg.disposition
    if target not in corrections_for(msg):
        flash("แก้ไขการพิจารณาแบบนี้ไม่ได้", "error")
        return back
    if not reason:
        flash("กรุณาระบุเหตุผลที่แก้ไข", "error")
        return back
    if service and service not in rt.profile.services:
        flash("ไม่พบงานบริการที่เลือก", "error")
        return back
    if target == "service":
        return _change_service(rt, msg_id, service, request.form.get("section") or None, reason)
    try:
        sent = reopen(rt, msg_id, before, target, reason, service, g.user.login)
    except CaseError as exc:
        flash(str(exc), "error")
        return back
    flash("แก้ไขการพิจารณาแล้ว: " + ("ลงทะเบียนรับ" if target == REGISTER else "ส่งเข้ารอตรวจสอบ")
          + (f" (อีเมลที่ส่งไปแล้วไม่ถูกเรียกคืน: {'; '.join(sent)})" if sent else ""), "ok")
    return redirect(url_for("web.message_page", msg_id=msg_id))


def reopen(rt, msg_id: int, before: str, target: str, reason: str, service: str | None,
           actor: str) -> list[str]:
    """Put a message the rules disposed of back into review, recorded; for the register,
    resolve it there at once. Returns the mail already queued or sent; raises CaseError
    (and leaves the message as it was) when it cannot be done."""
    with transaction(rt.factory) as s:
        msg = s.scalar(select(Message).where(Message.id == msg_id).with_for_update())
        if msg.disposition != before:
            raise CaseError("มีผู้แก้ไขข้อความนี้แล้ว / already corrected")
        sent = _sent(s, msg_id)
        msg.disposition = REVIEW  # the rules' decision stays on the message for the record
        s.add(Event(actor=actor, kind="decision_corrected", message_pk=msg_id,
                    at=rt.clock(), detail={"from": before, "to": target, "reason": reason,
                                          "service": service, "already_sent": sent,
                                          "rules_said": (msg.decision or {}).get("rules")}))
    if target == REGISTER:
        try:
            resolve_review(rt, msg_id, REGISTER, actor, service=service)
        except CaseError as exc:
            with transaction(rt.factory) as s:  # back as it was: nothing was carried out
                s.get(Message, msg_id).disposition = before
                s.add(Event(actor=actor, kind="correction_failed", message_pk=msg_id,
                            at=rt.clock(), detail={"from": before, "to": target,
                                                  "error": str(exc)}))
            raise
    return sent


@bp.route("/mail/bulk", methods=["POST"])
@requires(*CLERKS)
def mail_bulk():
    """The mail list's bulk action, as Paperless-ngx and Zammad give clerks: the chosen
    spam or machine mail back to the review queue, one reason for all, each recorded."""
    rt = runtime()
    reason = request.form.get("reason", "").strip()
    ids = [int(x) for x in request.form.getlist("message_id") if x.isdigit()]
    back = redirect(request.form.get("back_to") if (request.form.get("back_to") or "")
                    .startswith("/mail") else url_for("web.mail_list"))
    if not ids or not reason:
        flash("กรุณาเลือกอีเมลและระบุเหตุผล", "error")
        return back
    with rt.factory() as s:
        chosen = [(m.id, m.disposition) for m in s.scalars(
            select(Message).where(Message.id.in_(ids), Message.disposition.in_((SPAM, MACHINE))))]
    done = []
    for msg_id, before in chosen:  # one transaction each: one failure leaves the others done
        try:
            reopen(rt, msg_id, before, REVIEW, reason, None, g.user.login)
            done.append(msg_id)
        except CaseError as exc:
            flash(f"{msg_id}: {exc}", "error")
    skipped = len(ids) - len(chosen)
    flash(f"ส่งเข้ารอตรวจสอบแล้ว {len(done)} ฉบับ"
          + (f" (ข้าม {skipped} ฉบับที่ไม่ใช่สแปมหรืออีเมลอัตโนมัติ)" if skipped else ""), "ok")
    return back


def _change_service(rt, msg_id: int, service: str | None, section: str | None, reason: str):
    """A registered matter belongs to another service or section: the case follows, the
    register row keeps what was written and gains a note (rows are never rewritten)."""
    from registry.chain import add_note

    if section and section not in rt.profile.sections:
        flash("ไม่พบกลุ่มงานที่เลือก", "error")
        return redirect(url_for("web.message_page", msg_id=msg_id) + "#correct")
    section = section or (rt.profile.section_for(service) if service else None)
    if not service and not section:
        flash("กรุณาเลือกงานบริการหรือกลุ่มงาน", "error")
        return redirect(url_for("web.message_page", msg_id=msg_id) + "#correct")
    now = rt.clock()
    with transaction(rt.factory) as s:
        entry = s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == msg_id))
        case = s.scalar(select(Case).where(Case.message_pk == msg_id))
        if entry is None:
            flash("ข้อความนี้ยังไม่ได้ลงทะเบียนรับ", "error")
            return redirect(url_for("web.message_page", msg_id=msg_id))
        old = {"service": case.service if case else entry.service,
               "section": case.section if case else None}
        if case is not None:
            case.service = service or case.service
            case.section = section or case.section
        name = rt.profile.sections[section].name if section in rt.profile.sections else section
        add_note(s, "receive", entry, at=now, actor=g.user.login,
                 text=f"แก้ไขงานบริการเป็น {service or old['service'] or '-'} "
                      f"(กลุ่มงาน {name or '-'}) เหตุผล: {reason}",
                 detail={"service": service, "section": section, "previous": old})
        s.add(Event(actor=g.user.login, kind="decision_corrected", message_pk=msg_id, at=now,
                    detail={"from": REGISTER, "to": "service", "reason": reason,
                            "service": service, "section": section, "previous": old,
                            "already_sent": _sent(s, msg_id)}))
    flash("แก้ไขงานบริการ/กลุ่มงานแล้ว", "ok")
    return redirect(url_for("web.message_page", msg_id=msg_id))
