"""What waits for the head of unit: disposal proposals, results to send, and dispositions
the unit's policy holds for the head. Approve or reject (with a reason), singly or in bulk;
each through intake.cases.lifecycle.approve / reject, which check the role again."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from intake.cases import lifecycle as cases
from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from intake.web.pages import review_messages
from intake.web.review import held_for_head
from registry.models import Case

HEADS = ("head",)


@bp.route("/approvals")
@requires(*HEADS)
def approvals():
    rt = runtime()
    waiting = [c for c in cases.list_cases(rt)
               if c["state"] in (cases.DISPOSAL_PROPOSED, cases.RESULT_PENDING)]
    with rt.factory() as s:
        ids = {c.ref: (c.id, c.message_pk) for c in s.scalars(
            select(Case).where(Case.ref.in_([w["ref"] for w in waiting] or [""])))}
        held = [m for m in review_messages(s) if held_for_head(m)]
    for w in waiting:
        w["id"], w["message_pk"] = ids[w["ref"]]
    return render_template("approvals.html", waiting=waiting, held=held,
                           state_labels=cases.STATE_LABELS)


@bp.route("/approvals/bulk", methods=["POST"])
@requires(*HEADS)
def approvals_bulk():
    rt = runtime()
    action = request.form.get("action")
    reason = request.form.get("reason", "").strip()
    chosen = [int(x) for x in request.form.getlist("case_id") if x.isdigit()]
    if action not in ("approve", "reject") or not chosen:
        flash("กรุณาเลือกเรื่องและการดำเนินการ", "error")
        return redirect(url_for("web.approvals"))
    if action == "reject" and not reason:
        flash("การไม่อนุมัติต้องระบุเหตุผล", "error")
        return redirect(url_for("web.approvals"))
    with rt.factory() as s:
        refs = [c.ref for c in s.scalars(select(Case).where(Case.id.in_(chosen)))]
    done, errors = [], []
    for ref in refs:  # one transaction per case: one refusal does not undo the others
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
