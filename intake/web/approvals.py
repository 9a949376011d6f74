"""What waits for the head of unit: disposal proposals, results to send, and dispositions
the unit's policy holds for the head. Approve or reject (with a reason), singly or in bulk;
each through intake.cases.lifecycle.approve / reject, which check the role again.

An approval cannot misfire (issue 15): the list itself changes nothing (its only form is a
GET that chooses cases), every approval or refusal is posted from a confirmation page that
names each case, one form per action, and a form that approves holds no text field, so
Enter typed anywhere never approves. The server refuses an approval whose form does not
name the case it approves."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from intake.cases import lifecycle as cases
from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from intake.web.pages import review_messages
from intake.web.review import held_for_head
from registry.models import Case, ReceiveEntry

HEADS = ("head",)
WAITING = (cases.DISPOSAL_PROPOSED, cases.RESULT_PENDING)
# what an approval does, named on the confirmation page and its button
MEANS = {cases.DISPOSAL_PROPOSED: "จำหน่ายเรื่อง (ยุติเรื่อง ย้อนกลับไม่ได้)",
         cases.RESULT_PENDING: "ส่งผลการพิจารณาถึงผู้ยื่น"}


@bp.route("/approvals")
@requires(*HEADS)
def approvals():
    rt = runtime()
    waiting = [c for c in cases.list_cases(rt) if c["state"] in WAITING]
    with rt.factory() as s:
        ids = {c.ref: (c.id, c.message_pk) for c in s.scalars(
            select(Case).where(Case.ref.in_([w["ref"] for w in waiting] or [""])))}
        held = [m for m in review_messages(s) if held_for_head(m)]
    for w in waiting:
        w["id"], w["message_pk"] = ids[w["ref"]]
    return render_template("approvals.html", waiting=waiting, held=held,
                           state_labels=cases.STATE_LABELS)


def _chosen(ids: list[int]) -> list[dict]:
    """The chosen cases that still wait for the head, as the confirmation names them."""
    if not ids:
        return []
    with runtime().factory() as s:
        rows = s.execute(select(Case, ReceiveEntry)
                         .join(ReceiveEntry, ReceiveEntry.id == Case.receive_entry_id)
                         .where(Case.id.in_(ids), Case.state.in_(WAITING)).order_by(Case.id))
        return [{"id": c.id, "ref": c.ref, "state": c.state, "subject": e.subject,
                 "applicant": c.applicant_name or e.sender, "message_pk": c.message_pk,
                 "means": MEANS[c.state]} for c, e in rows]


def _ids(values) -> list[int]:
    return [int(x) for x in values if x.isdigit()]


@bp.route("/approvals/confirm")
@requires(*HEADS)
def approvals_confirm():
    """The confirmation page: each chosen case by its number and subject, then a form for
    approving and a separate one for refusing (or only the one the head chose)."""
    chosen = _chosen(_ids(request.args.getlist("case_id")))
    if not chosen:
        flash("กรุณาเลือกเรื่องที่รอพิจารณา", "error")
        return redirect(url_for("web.approvals"))
    action = request.args.get("action")
    return render_template("approvals_confirm.html", chosen=chosen,
                           action=action if action in ("approve", "reject") else None,
                           reason=request.args.get("reason", ""),
                           state_labels=cases.STATE_LABELS)


@bp.route("/approvals/bulk", methods=["POST"])
@requires(*HEADS)
def approvals_bulk():
    rt = runtime()
    action = request.form.get("action")
    reason = request.form.get("reason", "").strip()
    chosen = _chosen(_ids(request.form.getlist("case_id")))
    if action not in ("approve", "reject") or not chosen:
        flash("กรุณาเลือกเรื่องและการดำเนินการ", "error")
        return redirect(url_for("web.approvals"))
    if action == "reject" and not reason:
        flash("การไม่อนุมัติต้องระบุเหตุผล", "error")
        return redirect(url_for("web.approvals_confirm", action="reject",
                                case_id=[c["id"] for c in chosen]))
    confirmed = set(request.form.getlist("confirm_ref"))
    done, errors = [], []
    for c in chosen:  # one transaction per case: one refusal does not undo the others
        ref = c["ref"]
        if action == "approve" and ref not in confirmed:
            errors.append(f"{ref}: ยังไม่ได้ยืนยันเรื่องนี้ / not confirmed")
            continue
        try:
            if action == "approve":
                cases.approve(rt, ref, g.user.login)
            else:
                cases.reject(rt, ref, g.user.login, reason)
            done.append(ref)
        except cases.CaseError as exc:
            errors.append(f"{ref}: {exc}")
    verb = "อนุมัติ" if action == "approve" else "ไม่อนุมัติ"
    if done:
        flash(f"{verb}แล้ว {len(done)} เรื่อง: {', '.join(done)}", "ok")
    for e in errors:
        flash(e, "error")
    return redirect(url_for("web.approvals"))
