"""A message and its case: headers, the body rendered safely, attachments, the archival
PDF, the rules that fired and why, mail sent, the case's history and the actions the
person's role allows (each one a call to intake/cases/lifecycle.py)."""
from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from intake.cases import lifecycle as cases
from intake.runtime import Runtime
from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from registry.models import (
    ARCHIVE_DONE,
    Case,
    Event,
    Message,
    OutboxItem,
    ReceiveEntry,
)

CLERKS = ("clerk", "head", "admin")
HEADS = ("head",)
ANY_ROLE = CLERKS


def _parsed(rt: Runtime, msg: Message):
    from intake.parse.mime import parse_message

    try:
        return parse_message(rt.store.get(msg.sha256)), None
    except Exception as exc:  # a damaged or unparseable message still gets its page
        return None, f"{type(exc).__name__}: {exc}"


def body_document(parsed) -> str:
    """The mail body as a complete, inert HTML document for a sandboxed srcdoc frame."""
    from intake.archive.convert.html import CSP, sanitize_html, text_to_html

    if parsed.html:
        images = {a.content_id: (a.content_type, a.payload) for a in parsed.attachments
                  if a.content_id}
        content = sanitize_html(parsed.html, images).html
    else:
        content = text_to_html(parsed.text)
    return (f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<style>body{font-family:"TH Sarabun New","Sarabun",sans-serif;font-size:18px;'
            'margin:8px;overflow-wrap:anywhere}.plain{white-space:pre-wrap}'
            'img{max-width:100%}</style></head><body>' + content + '</body></html>')


def download_name(filename: str, index: int) -> str:
    """A harmless name for Content-Disposition: no path, no control characters."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "_", name).strip(" .")
    return name[:150] or f"attachment-{index}"


def _secret_guard(rt: Runtime, s, msg_id: int) -> None:
    """A letter kept in the secret register is seen only by the roles the unit names."""
    from registry.registers import is_secret, may_see_secret

    entry = s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == msg_id))
    if entry is not None and is_secret(entry) and not may_see_secret(
            g.user.role, rt.config.get("unit.secret_roles")):
        abort(403)


def _case_of(s, msg_id: int) -> Case | None:
    case = s.scalar(select(Case).where(Case.message_pk == msg_id))
    if case is None:
        entry = s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == msg_id))
        if entry is not None and entry.case_ref:
            case = s.scalar(select(Case).where(Case.ref == entry.case_ref))
    return case


@bp.route("/messages/<int:msg_id>")
@requires(*ANY_ROLE)
def message_page(msg_id: int):
    rt = runtime()
    with rt.factory() as s:
        msg = s.get(Message, msg_id)
        if msg is None:
            abort(404)
        _secret_guard(rt, s, msg_id)
        entry = s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == msg_id))
        case = _case_of(s, msg_id)
        conds = [OutboxItem.message_pk == msg_id]
        if case is not None:
            conds.append(OutboxItem.case_id == case.id)
        outbox = list(s.scalars(select(OutboxItem).where(or_(*conds)).order_by(OutboxItem.id)))
        events = list(s.scalars(select(Event).where(Event.message_pk == msg_id)
                                .order_by(Event.id)))
    parsed, parse_error = _parsed(rt, msg)
    history = cases.history(rt, case.ref) if case is not None else []
    service = rt.profile.services.get(case.service) if case is not None and case.service else None
    from intake.web.corrections import corrections_for

    return render_template(
        "message.html", msg=msg, entry=entry, case=case, outbox=outbox, events=events,
        corrections=corrections_for(msg), profile=rt.profile,
        parsed=parsed, parse_error=parse_error, history=history, service=service,
        body_doc=body_document(parsed) if parsed is not None else "",
        decision=msg.decision or {}, state_labels=cases.STATE_LABELS,
        identity_methods=cases.IDENTITY_METHODS,
        archive_ready=msg.archive_state == ARCHIVE_DONE and _archive_path(rt, msg).exists())


@bp.route("/messages/<int:msg_id>/attachments/<int:index>")
@requires(*ANY_ROLE)
def attachment(msg_id: int, index: int):
    """An attachment by the message's id and its position: the name the sender gave is
    never used to find anything, only (cleaned) as the suggested download name."""
    rt = runtime()
    with rt.factory() as s:
        msg = s.get(Message, msg_id)
        if msg is None:
            abort(404)
        _secret_guard(rt, s, msg_id)
    parsed, _ = _parsed(rt, msg)
    if parsed is None or not 0 <= index < len(parsed.attachments):
        abort(404)
    att = parsed.attachments[index]
    name = download_name(att.filename, index)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(att.payload, mimetype="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(name)}",
        "Content-Security-Policy": "default-src 'none'; sandbox"})


def _archive_path(rt: Runtime, msg: Message) -> Path:
    return rt.store.path(msg.sha256).with_suffix(".pdf")


@bp.route("/messages/<int:msg_id>/archive.pdf")
@requires(*ANY_ROLE)
def archive_pdf(msg_id: int):
    rt = runtime()
    with rt.factory() as s:
        msg = s.get(Message, msg_id)
        if msg is None or msg.archive_state != ARCHIVE_DONE:
            abort(404)
        _secret_guard(rt, s, msg_id)
    path = _archive_path(rt, msg)
    if not path.exists():
        abort(404)
    return Response(path.read_bytes(), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="message-{msg_id}.pdf"',
        "X-Frame-Options": "SAMEORIGIN"})


# -------------------------------------------------------- case actions ----
def _case_or_404(case_id: int) -> Case:
    with runtime().factory() as s:
        case = s.get(Case, case_id)
        if case is None:
            abort(404)
        return case


def _back(case: Case):
    return redirect(url_for("web.message_page", msg_id=case.message_pk) + "#case")


def _run(fn, *args, **kwargs) -> bool:
    try:
        fn(*args, **kwargs)
        return True
    except cases.CaseError as exc:
        flash(str(exc), "error")
        return False


@bp.route("/cases/<int:case_id>/documents", methods=["POST"])
@requires(*CLERKS)
def case_documents(case_id: int):
    case = _case_or_404(case_id)
    if request.form.get("complete"):
        missing = []
    else:
        missing = [m.strip() for m in request.form.getlist("missing") if m.strip()]
        extra = request.form.get("missing_other", "")
        missing += [line.strip() for line in extra.splitlines() if line.strip()]
    if _run(cases.confirm_completeness, runtime(), case.ref, g.user.login, missing):
        flash("บันทึกการตรวจเอกสารแล้ว" + (" และแจ้งขอเอกสารเพิ่มเติม" if missing else ""), "ok")
    return _back(case)


@bp.route("/cases/<int:case_id>/identity", methods=["POST"])
@requires(*CLERKS)
def case_identity(case_id: int):
    case = _case_or_404(case_id)
    if _run(cases.record_identity, runtime(), case.ref, g.user.login,
            request.form.get("method", ""), request.form.get("evidence", "")):
        flash("บันทึกการยืนยันตัวตนแล้ว", "ok")
    return _back(case)


@bp.route("/cases/<int:case_id>/result", methods=["POST"])
@requires(*CLERKS)
def case_result(case_id: int):
    case = _case_or_404(case_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("กรุณาเลือกไฟล์ผลการพิจารณา", "error")
        return _back(case)
    # the uploaded name only chooses the suffix the converter looks at; the path is ours
    suffix = Path(download_name(upload.filename, 0)).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".pdf"
    with tempfile.TemporaryDirectory(prefix="intake-result-") as tmp:
        path = Path(tmp) / f"result{suffix}"
        upload.save(path)
        if _run(cases.attach_result, runtime(), case.ref, g.user.login, path,
                request.form.get("subject", "")):
            flash("แนบผลการพิจารณาแล้ว รอหัวหน้าหน่วยงานอนุมัติ", "ok")
    return _back(case)


@bp.route("/cases/<int:case_id>/approve", methods=["POST"])
@requires(*HEADS)
def case_approve(case_id: int):
    case = _case_or_404(case_id)
    if request.form.get("confirm_ref") != case.ref:  # only from a page that names the case
        return redirect(url_for("web.approvals_confirm", case_id=case.id, action="approve"))
    if _run(cases.approve, runtime(), case.ref, g.user.login):
        flash(f"อนุมัติเรื่องเลขรับ {case.ref} แล้ว", "ok")
    return redirect(request.form.get("back") == "approvals" and url_for("web.approvals")
                    or url_for("web.message_page", msg_id=case.message_pk) + "#case")


@bp.route("/cases/<int:case_id>/reject", methods=["POST"])
@requires(*HEADS)
def case_reject(case_id: int):
    case = _case_or_404(case_id)
    if _run(cases.reject, runtime(), case.ref, g.user.login, request.form.get("reason", "")):
        flash(f"ไม่อนุมัติเรื่องเลขรับ {case.ref} ส่งกลับเจ้าหน้าที่แล้ว", "ok")
    return redirect(request.form.get("back") == "approvals" and url_for("web.approvals")
                    or url_for("web.message_page", msg_id=case.message_pk) + "#case")


@bp.route("/outbox/<int:item_id>/release", methods=["POST"])
@requires(*CLERKS)
def outbox_release(item_id: int):
    from intake.outbox.deliver import release_held

    rt = runtime()
    with rt.factory() as s:
        item = s.get(OutboxItem, item_id)
        if item is None:
            abort(404)
        msg_pk = item.message_pk
        if msg_pk is None and item.case_id is not None:
            msg_pk = s.get(Case, item.case_id).message_pk
    body = request.form.get("body")
    try:
        release_held(rt, item_id, body.replace("\r\n", "\n") if body else None,
                     actor=g.user.login)
        flash("อนุมัติให้ส่งอีเมลแล้ว", "ok")
    except ValueError as exc:
        flash(str(exc), "error")
    if request.form.get("back") == "held":
        return redirect(url_for("web.held_mail"))
    return redirect(url_for("web.message_page", msg_id=msg_pk) if msg_pk
                    else url_for("web.health"))


# ------------------------------------------------------------ held mail ----
@bp.route("/held")
@requires(*CLERKS)
def held_mail():
    """Mail written but held for a clerk (late notices, notices the policy holds)."""
    from registry.models import HELD

    with runtime().factory() as s:
        rows = list(s.execute(
            select(OutboxItem, Case.ref).outerjoin(Case, Case.id == OutboxItem.case_id)
            .where(OutboxItem.state == HELD).order_by(OutboxItem.created_at, OutboxItem.id)))
    return render_template("held.html", rows=rows)


@bp.route("/outbox/<int:item_id>")
@requires(*CLERKS)
def outbox_item(item_id: int):
    """A held mail in full: who it goes to, its text (editable), send or discard."""
    from intake.outbox.deliver import held_text

    with runtime().factory() as s:
        item = s.get(OutboxItem, item_id)
        if item is None:
            abort(404)
        case = s.get(Case, item.case_id) if item.case_id else None
    # after a sign-in that interrupted an edit, the typed text comes back as ?body=
    body = request.args.get("body") or held_text(item)
    return render_template("outbox_item.html", item=item, case=case, body=body,
                           reason=request.args.get("reason", ""))


@bp.route("/outbox/<int:item_id>/discard", methods=["POST"])
@requires(*CLERKS)
def outbox_discard(item_id: int):
    from intake.outbox.deliver import discard_held

    reason = request.form.get("reason", "").strip()
    if not reason:
        flash("กรุณาระบุเหตุผลที่ไม่ส่ง", "error")
        return redirect(url_for("web.outbox_item", item_id=item_id))
    try:
        discard_held(runtime(), item_id, g.user.login, reason)
        flash("ยกเลิกการส่งอีเมลฉบับนี้แล้ว", "ok")
    except ValueError as exc:
        flash(str(exc), "error")
    return redirect(url_for("web.held_mail"))
