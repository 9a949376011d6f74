"""The dashboard (counts by case state, as the central platform's back office shows them)
and the health page (polls, outbox, failed messages)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select

from intake.cases import lifecycle as cases
from intake.runtime import Runtime
from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from registry.models import (
    FolderState,
    Message,
    MessageLocation,
    OutboxItem,
)
from registry.statistics import counts_by_state
from registry.states import CaseState, MessageState, OutboxState

ANY_ROLE = ("clerk", "head", "admin")
CLERKS = ("clerk", "head", "admin")

# The dashboard's boxes (seed 001, SRaT): label, which cases count, filter for the list.
BOXES = (
    (CaseState.OPEN, CaseState.OPEN.label, lambda c: c["state"] == CaseState.OPEN),
    (CaseState.AWAITING_DOCUMENTS, CaseState.AWAITING_DOCUMENTS.label,
     lambda c: c["state"] == CaseState.AWAITING_DOCUMENTS),
    (CaseState.DISPOSAL_PROPOSED, "เสนอจำหน่ายเรื่อง",
     lambda c: c["state"] == CaseState.DISPOSAL_PROPOSED),
    ("late", "ล่าช้า", lambda c: c["late"]),
    ("done", "เสร็จสิ้น", lambda c: c["state"] in cases.CLOSED),
)
OTHER_STATES = (CaseState.AWAITING_IDENTITY, CaseState.DORMANT, CaseState.RESULT_PENDING)


def review_messages(s, limit: int | None = None):
    q = (select(Message).where(Message.disposition == "review")
         .order_by(Message.fetched_at, Message.id))
    return list(s.scalars(q.limit(limit) if limit else q))


@bp.route("/")
@requires(*ANY_ROLE)
def dashboard():
    rt = runtime()
    all_cases = cases.list_cases(rt)
    box = request.args.get("box")
    counts = [(key, label, sum(1 for c in all_cases if test(c))) for key, label, test in BOXES]
    others = [(st, st.label, sum(1 for c in all_cases if c["state"] == st))
              for st in OTHER_STATES]
    chosen = None
    if box in {k for k, _, _ in BOXES}:
        test = next(t for k, _, t in BOXES if k == box)
        chosen = [c for c in all_cases if test(c)]
    elif box in OTHER_STATES:
        chosen = [c for c in all_cases if c["state"] == box]
    with rt.factory() as s:
        review = review_messages(s)
        failed = counts_by_state(s).messages[MessageState.FAILED]
    return render_template("dashboard.html", counts=counts, others=others, box=box,
                           chosen=chosen, review=review, failed=failed,
                           box_labels={k: label for k, label, _ in BOXES}
                           | {st: st.label for st in OTHER_STATES})


@bp.route("/statistics")
@requires(*ANY_ROLE)
def statistics():
    """What the rules decided alone and what the clerks corrected (intake stats)."""
    from registry.statistics import triage_statistics

    with runtime().factory() as s:
        st = triage_statistics(s)
    return render_template("statistics.html", st=st)


@bp.route("/health")
@requires(*CLERKS)
def health():
    rt = runtime()
    with rt.factory() as s:
        folders = list(s.scalars(select(FolderState).order_by(FolderState.mailbox)))
        outbox = counts_by_state(s).outbox
        out_failed = list(s.scalars(select(OutboxItem)
                                    .where(OutboxItem.state == OutboxState.FAILED)
                                    .order_by(OutboxItem.id)))
        failed = list(s.scalars(select(Message).where(Message.state == MessageState.FAILED)
                                .order_by(Message.id)))
        # mailbox vs processed: copies seen in each mailbox, distinct messages, and how
        # far they got; a gap between seen and decided is mail not yet (or never) handled
        counts = []
        names = sorted({mb.name for mb in rt.config.mailboxes}
                       | {f.mailbox for f in folders})
        for name in names:
            seen = s.scalar(select(func.count()).select_from(MessageLocation)
                            .where(MessageLocation.mailbox == name)) or 0
            by_state = counts_by_state(s, mailbox=name).messages
            not_moved = s.scalar(select(func.count()).select_from(MessageLocation).where(
                MessageLocation.mailbox == name, MessageLocation.move_to.is_not(None),
                MessageLocation.move_to != "", MessageLocation.moved_at.is_(None))) or 0
            uid_seen = sum(f.messages_seen or 0 for f in folders if f.mailbox == name)
            counts.append({"mailbox": name, "seen": seen, "uid_seen": uid_seen,
                           "by_state": by_state, "not_moved": not_moved,
                           "handled": by_state[MessageState.DONE]
                           + by_state[MessageState.DECIDED]})
    return render_template("health.html", folders=folders, outbox=outbox, out_failed=out_failed,
                           failed=failed, counts=counts)


@bp.route("/health/retry-message", methods=["POST"])
@requires(*CLERKS)
def retry_message():
    from intake.pipeline import Processor

    rt = runtime()
    ids = [int(x) for x in request.form.getlist("message_id") if x.isdigit()]
    report = Processor(rt).retry(ids or None)  # decided as the poller decides
    flash(f"ลองใหม่แล้ว: สำเร็จ {report.decided} ผิดพลาดอีก {report.failed}", "ok")
    _note(rt, "retry_messages", {"ids": ids, "decided": report.decided, "failed": report.failed})
    return redirect(url_for("web.health"))


@bp.route("/health/retry-outbox", methods=["POST"])
@requires(*CLERKS)
def retry_outbox():
    from intake.outbox.deliver import retry_failed

    rt = runtime()
    ids = [int(x) for x in request.form.getlist("outbox_id") if x.isdigit()]
    n = retry_failed(rt, ids or None)
    _note(rt, "retry_outbox", {"ids": ids, "queued": n})
    flash(f"นำอีเมลที่ส่งไม่สำเร็จกลับเข้าคิว {n} ฉบับ", "ok")
    return redirect(url_for("web.health"))


def _note(rt: Runtime, kind: str, detail: dict, message_pk: int | None = None) -> None:
    """Who did it, in the audit trail (events)."""
    from registry.db import transaction
    from registry.models import Event

    with transaction(rt.factory) as s:
        s.add(Event(actor=g.user.login, kind=kind, message_pk=message_pk, detail=detail,
                    at=rt.clock()))


@bp.route("/cases/by-ref")
@requires(*ANY_ROLE)
def dashboard_case():
    from flask import abort

    from registry.models import Case

    with runtime().factory() as s:
        case = s.scalar(select(Case).where(Case.ref == request.args.get("ref", "")))
        if case is None:
            abort(404)
        return redirect(url_for("web.message_page", msg_id=case.message_pk) + "#case")


SIGN_IN_EVENTS = ("sign_in_failed", "sign_in_locked", "sign_in_throttled")


@bp.route("/admin/sign-ins")
@requires("admin")
def sign_ins():
    """Failed, throttled and locked sign-ins (newest first) and what is locked now."""
    from registry.models import Event, SignInThrottle

    rt = runtime()
    now = rt.clock()
    with rt.factory() as s:
        events = list(s.scalars(select(Event).where(Event.kind.in_(SIGN_IN_EVENTS))
                                .order_by(Event.id.desc()).limit(200)))
        locked = list(s.scalars(select(SignInThrottle).where(SignInThrottle.locked_until > now)
                                .order_by(SignInThrottle.locked_until)))
    return render_template("sign_ins.html", events=events, locked=locked)
