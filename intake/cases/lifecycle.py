"""The case after registration (procedure.md steps 2-4, registers.md time rules).

A case is opened for each newly registered request. From there:

  open ──(clerk confirms documents missing: one notice, once)──> awaiting_documents
  awaiting_documents ──(applicant writes on the case)──> open
  awaiting_documents ──(deadline passes, no reply) / any notice bounces──> dormant
  dormant ──(applicant writes)──> open
  dormant ──(30 days, daily sweep)──> disposal_proposed ──(head approves)──> disposed
                                                         └─(head rejects, reason)──> open
  awaiting_identity (high-risk) ──(clerk records how identity was proved)──> open
  open ──(clerk attaches the signed result)──> result_pending ──(head approves)──> done

Nothing is disposed without the head's decision. Every change is a CaseEvent (who, when,
from, to, why). The functions here are the only way cases change; the CLI and the web
pages call them, and they check the person's role themselves. The states, their Thai
labels and the moves allowed between them are registry/states.py's CaseState and
CASE_TRANSITIONS; the model refuses any other move (IllegalTransition).
"""
from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from intake.cases.completeness import check as check_completeness
from intake.outbox.compose import UnsafeAddress, compose_reply, render, to_wire
from intake.runtime import Runtime
from registry.office_time import period_end
from rules.thai.dates import digits, english_date, thai_date, thai_time
from registry.db import transaction
from registry.models import (
    DISCARDED,
    HELD,
    PENDING,
    Case,
    CaseEvent,
    Event,
    Message,
    OutboxItem,
    ReceiveEntry,
    SendEntry,
    User,
)
from registry.registers import NUMBERED_KINDS, add_send_entry, case_ref
from registry.states import CASE_CLOSED, CaseState

OPEN = CaseState.OPEN
AWAITING_IDENTITY = CaseState.AWAITING_IDENTITY
AWAITING_DOCUMENTS = CaseState.AWAITING_DOCUMENTS
DORMANT = CaseState.DORMANT
DISPOSAL_PROPOSED = CaseState.DISPOSAL_PROPOSED
DISPOSED = CaseState.DISPOSED
RESULT_PENDING = CaseState.RESULT_PENDING
DONE = CaseState.DONE
CLOSED = CASE_CLOSED

# state -> Thai label, for the templates (the labels live with CaseState)
STATE_LABELS = {st: st.label for st in CaseState}
IDENTITY_METHODS = {
    "in_person": "มาแสดงตนด้วยตนเอง",
    "video_call": "สนทนาทางวิดีโอตามนัดหมาย แสดงบัตรประจำตัวประชาชน และบันทึกไว้",
    "digital_id": "ยืนยันตัวตนทางดิจิทัล (Digital ID / แอป ThaID / D.DOPA)",
}
CLERK_ROLES = ("clerk", "head", "admin")
HEAD_ROLES = ("head",)


class CaseError(Exception):
    """The action is not allowed now; the message says why, in Thai and English."""


@dataclass
class SweepReport:
    as_of: date
    dormant: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    late_notices: list[str] = field(default_factory=list)
    due_soon: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ helpers ----
def _zone(rt: Runtime) -> ZoneInfo:
    return ZoneInfo(rt.config.get("unit.timezone"))


def _local_date(rt: Runtime, when: datetime) -> date:
    return when.astimezone(_zone(rt)).date()


def _start_of(rt: Runtime, day: date) -> datetime:
    return datetime.combine(day, time(0, 0), _zone(rt))


def _thai(rt: Runtime) -> bool:
    return rt.config.get("unit.thai_numerals")


def _th(rt: Runtime, d) -> str:
    """A date as the unit writes it: Buddhist Era, Thai digits when it chooses them."""
    return thai_date(d, thai_numerals=_thai(rt))


def add_days(start: date, days: int, kind: str) -> date:
    """start + days, counting calendar days or working days; a period ending on a
    weekend or Thai public holiday ends on the next working day (registry/office_time.py)."""
    return period_end(start, days, kind)


def day_kind(rt: Runtime, service) -> str:
    """How the service's statutory time is counted: as its citizen manual says (the
    profile), else the installation's cases.statutory_day_kind."""
    return (service.statutory_day_kind if service else "") or rt.config.get(
        "cases.statutory_day_kind")


def _person(s, login: str, roles: tuple[str, ...], what: str) -> User:
    user = s.get(User, login)
    if user is None or user.disabled:
        raise CaseError(f"ไม่พบผู้ใช้ {login} หรือถูกระงับ / no active user {login!r}")
    if user.role not in roles:
        raise CaseError(f"{user.name} ({user.role}) ไม่มีสิทธิ์{what} / role {user.role!r} may not "
                        f"{what}")
    return user


def _move(s, case: Case, to: CaseState, actor: str, now: datetime, kind: str, reason: str = "",
          **detail) -> None:
    """The one way a case changes state: checked against CASE_TRANSITIONS, and logged."""
    to = CaseState.check(case.state, to)
    s.add(CaseEvent(case_id=case.id, at=now, actor=actor, kind=kind, from_state=case.state,
                    to_state=to, reason=reason, detail=detail or None))
    case.state = to


def _note(s, case: Case, actor: str, now: datetime, kind: str, reason: str, **detail) -> None:
    """Something happened to the case that leaves its state as it was."""
    s.add(CaseEvent(case_id=case.id, at=now, actor=actor, kind=kind, from_state=case.state,
                    to_state=case.state, reason=reason, detail=detail or None))


def _back_to_work(case: Case) -> CaseState:
    """Where a case resumes (the applicant wrote, the head sent it back): with the clerk,
    unless a high-risk applicant's identity is still unproved."""
    return AWAITING_IDENTITY if case.high_risk and not case.identity_at else OPEN


def _state_error(case: Case, english: str) -> CaseError:
    return CaseError(f"เรื่องอยู่ในสถานะ {CaseState(case.state).label} / {english} "
                     f"(case is {case.state})")


def _get(s, ref: str) -> Case:
    case = s.scalar(select(Case).where(Case.ref == ref))
    if case is None:
        raise CaseError(f"ไม่พบเรื่องเลขรับ {ref} / no case {ref}")
    return case


def _require_identity(case: Case) -> None:
    if case.high_risk and not case.identity_at:
        raise CaseError("คำขอที่มีความเสี่ยงสูง ต้องบันทึกการพิสูจน์และยืนยันตัวตนก่อน / "
                        "a high-risk request needs identity proofing first")


def case_context(rt: Runtime, case: Case, **extra) -> dict:
    """The `case` facts the notice templates print, formatted once (digits, BE dates)."""
    thai = rt.config.get("unit.thai_numerals")
    service = rt.profile.services.get(case.service) if case.service else None

    def th(d: date | None) -> str:
        return thai_date(d, thai_numerals=thai) if d else ""

    ctx = {
        "ref": digits(case.ref, thai),
        "service_name": service.name if service else "",
        "service_name_en": service.name_en if service else "",
        "missing": list(case.missing or []),
        "present": [d["document"] for d in (case.completeness or {}).get("documents", [])
                    if d["status"] == "present"],
        "deadline_th": th(case.documents_deadline),
        "deadline_en": english_date(case.documents_deadline) if case.documents_deadline else "",
        # what follows "if the documents have not all arrived by then" in the notice
        "consequence_th": (f"{rt.profile.unit.name}จะเก็บเรื่องของท่านไว้อีก "
                           f"{digits(rt.config.get('cases.dormancy_days'), thai)} วัน แล้วจึง"
                           "เสนอหัวหน้าหน่วยงานพิจารณาจำหน่ายเรื่อง และจะแจ้งให้ท่านทราบ"
                           "เมื่อจำหน่ายเรื่องแล้ว"),
        "consequence_en": (f"{rt.profile.unit.name_en} will keep the matter for another "
                           f"{rt.config.get('cases.dormancy_days')} days, then propose to the "
                           "head of the office that it be disposed of (closed without a "
                           "decision), and tell you when it is."),
        "dormancy_days": digits(rt.config.get("cases.dormancy_days"), thai),
        "due_th": th(case.due_date),
        "due_en": english_date(case.due_date) if case.due_date else "",
        "days_late": "",
        "late_reason": "",
        "result_subject": case.result_subject or "",
        "letter_number": "",
        "head_name": "",
        "proposals": [],
        "portal_note": "",
    }
    ctx.update(extra)
    return ctx


def _original(rt: Runtime, s, case: Case):
    from intake.parse.mime import parse_message

    msg = s.get(Message, case.message_pk)
    return parse_message(rt.store.get(msg.sha256))


def _queue_notice(rt: Runtime, s, case: Case, kind: str, now: datetime, *, dedupe: str,
                  held: bool = False, case_extra: dict | None = None,
                  attachment: tuple[bytes, str] | None = None, send_entry_id=None,
                  copy_to: str = "") -> bool:
    """Write a notice to the applicant into the outbox (once per dedupe key); copy_to
    gets a copy (Cc) of the same mail."""
    if s.scalar(select(OutboxItem.id).where(OutboxItem.dedupe_key == dedupe)) is not None:
        return False
    profile = rt.profile
    entry = s.get(ReceiveEntry, case.receive_entry_id)
    from_addr = profile.unit.email
    domain = rt.config.get("outbox.message_id_domain") or from_addr.rsplit("@", 1)[1]
    context = {
        "registration_number": entry.number, "registration_year": entry.year + 543,
        "received_at": entry.received_at, "deemed_at": entry.deemed_received_at,
        "section": case.section, "service": case.service, "high_risk": case.high_risk,
        "thai_numerals": rt.config.get("unit.thai_numerals"),
        "case": case_context(rt, case, **(case_extra or {})),
    }
    original = _original(rt, s, case)

    def compose(**numbered):
        return compose_reply(kind, profile=profile, original=original, language=case.language,
                             context={**context, **numbered}, from_addr=from_addr,
                             domain=domain, now=now)

    try:
        mail = compose()
    except UnsafeAddress as exc:
        _note(s, case, "processor", now, "notice_not_sent", f"ไม่ส่ง {kind}: {exc}")
        return False
    if kind in NUMBERED_KINDS and send_entry_id is None:
        # a notice the unit signs: numbered now, so that it prints its ที่ and date
        entry = _number_letter(rt, s, case, now, recipient=mail["To"].addresses[0].addr_spec,
                               subject=str(mail["Subject"]))
        send_entry_id = entry.id
        mail = compose(send_number=entry.number, send_date=now)
    if attachment:
        data, filename = attachment
        mail.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    if copy_to:
        from intake.outbox.compose import _address

        mail["Cc"] = _address(copy_to, profile.opdc_name)
    recipients = [a.addr_spec for a in mail["To"].addresses] + (
        [a.addr_spec for a in mail["Cc"].addresses] if copy_to else [])
    s.add(OutboxItem(case_id=case.id, kind=kind, dedupe_key=dedupe, mail_from=from_addr,
                     recipients=recipients, reply_key=recipients[0].lower(),
                     rfc_message_id=mail["Message-ID"], subject=str(mail["Subject"]),
                     raw=to_wire(mail), created_at=now,
                     # due at once, even when a sweep runs "as of" a later date
                     next_attempt_at=min(now, rt.clock()), state=HELD if held else PENDING,
                     send_entry_id=send_entry_id))
    return True


def _number_letter(rt: Runtime, s, case: Case, now: datetime, *, recipient: str,
                   subject: str) -> SendEntry:
    """The send-register row of a letter of this case, taken before it is sent."""
    cfg = rt.config
    return add_send_entry(s, now=now, tz=cfg.get("unit.timezone"),
                          letter_prefix=rt.profile.unit.letter_prefix,
                          thai_numerals=cfg.get("unit.thai_numerals"),
                          doc_date=_local_date(rt, now).isoformat(), sender=rt.profile.unit.name,
                          recipient=recipient, subject=subject, action="รอส่งทางอีเมล",
                          remarks=f"เรื่องรับที่ {case.ref}")


def _append_action(s, case: Case, text: str, actor: str, now: datetime) -> None:
    """การปฏิบัติ grows by notes: the register row itself is never rewritten."""
    from registry.chain import add_note

    add_note(s, "receive", s.get(ReceiveEntry, case.receive_entry_id), at=now, actor=actor,
             text=text)


# ------------------------------------------------------- from the pipeline ----
def open_case(rt: Runtime, s, msg: Message, parsed, decision, entry: ReceiveEntry, now: datetime):
    """A new registered request becomes a case (called in the decision's transaction)."""
    cfg = rt.config
    service = rt.profile.services.get(decision.service) if decision.service else None
    deemed = entry.deemed_received_at or now
    due = None
    if service and service.statutory_days:
        due = add_days(_local_date(rt, deemed), service.statutory_days, day_kind(rt, service))
    case = Case(ref=case_ref(entry.number, entry.year), receive_entry_id=entry.id,
                message_pk=msg.id, service=decision.service, section=decision.section,
                applicant_addr=(parsed.reply_to[:1] or [parsed.from_addr])[0],
                applicant_name=parsed.from_name[:300], language=parsed.language,
                state=AWAITING_IDENTITY if decision.high_risk else OPEN,
                high_risk=decision.high_risk, opened_at=now, deemed_received_at=deemed,
                due_date=due, last_contact_at=now)
    if service and service.required_documents:
        case.completeness = check_completeness(parsed, service.id,
                                               service.required_documents).as_json()
    s.add(case)
    s.flush()
    s.add(CaseEvent(case_id=case.id, at=now, actor="processor", kind="opened", from_state=None,
                    to_state=case.state, reason="ลงทะเบียนรับคำขอ" + (
                        " (คำขอที่มีความเสี่ยงสูง: รอพิสูจน์และยืนยันตัวตน)" if case.high_risk else "")))
    # a high-risk request's identity request follows its acknowledgment: request_identity()
    if not case.high_risk and cfg.get("cases.auto_missing_notice") and case.completeness:
        missing = [d["document"] for d in case.completeness["documents"]
                   if d["status"] == "missing"]
        if missing:
            _request_documents(rt, s, case, missing, "processor", now)
    return case


def request_identity(rt: Runtime, s, entry: ReceiveEntry, now: datetime) -> bool:
    """A high-risk request's identity request, queued after the acknowledgment (the
    applicant first learns the request was registered, then what to do next)."""
    case = s.scalar(select(Case).where(Case.receive_entry_id == entry.id))
    if case is None or not case.high_risk or not rt.send_replies:
        return False
    return _queue_notice(rt, s, case, "identity_proofing", now,
                         dedupe=f"case:{case.id}:identity")


def on_contact(rt: Runtime, s, ref: str, msg: Message, now: datetime) -> None:
    """The applicant wrote again on the case: the contact ends any dormancy."""
    case = s.scalar(select(Case).where(Case.ref == ref))
    if case is None or case.state in CLOSED:
        return
    case.last_contact_at = now
    if case.state in (AWAITING_DOCUMENTS, DORMANT, DISPOSAL_PROPOSED):
        was = case.state
        case.unreachable_since = case.unreachable_reason = None
        case.proposed_at = None
        if was == AWAITING_DOCUMENTS and case.service:
            # the statutory time runs from the complete application
            service = rt.profile.services.get(case.service)
            if service and service.statutory_days:
                case.due_date = add_days(_local_date(rt, now), service.statutory_days,
                                         day_kind(rt, service))
        _move(s, case, _back_to_work(case), "processor", now, "contact",
              "ผู้ยื่นติดต่อกลับ" + (" จึงยุติการเก็บเรื่องรอจำหน่าย" if was != AWAITING_DOCUMENTS else ""),
              message=msg.id)
    else:
        _note(s, case, "processor", now, "contact", "ผู้ยื่นส่งข้อความเพิ่มเติม", message=msg.id)


def on_bounce(rt: Runtime, s, outbox: OutboxItem, now: datetime) -> None:
    """A mail to the applicant bounced: the applicant cannot be contacted (a case already
    kept as unreachable, or closed, stays as it is)."""
    case = s.get(Case, outbox.case_id) if outbox.case_id else s.scalar(
        select(Case).where(Case.message_pk == outbox.message_pk))
    if case is None or not CaseState.allows(case.state, DORMANT):
        return
    case.unreachable_since = now
    case.unreachable_reason = f"อีเมลถึง {', '.join(outbox.recipients)} ส่งไม่ถึง ({outbox.kind})"
    _move(s, case, DORMANT, "processor", now, "unreachable", case.unreachable_reason,
          outbox=outbox.id)


# ------------------------------------------------------ a clerk's actions ----
def _request_documents(rt: Runtime, s, case: Case, missing: list[str], actor: str, now: datetime):
    if case.documents_requested_at:
        raise CaseError("ขอเอกสารเพิ่มเติมได้ครั้งเดียว และได้ขอไปแล้ว / documents may be requested "
                        "once, and they were")
    cfg = rt.config
    case.missing = missing
    case.documents_deadline = add_days(_local_date(rt, now), cfg.get("cases.documents_days"),
                                       cfg.get("cases.documents_day_kind"))
    case.documents_requested_at = now
    _queue_notice(rt, s, case, "missing_documents", now, dedupe=f"case:{case.id}:missing")
    _move(s, case, AWAITING_DOCUMENTS, actor, now, "documents_requested",
          f"แจ้งขอเอกสารเพิ่มเติม {digits(len(missing), _thai(rt))} รายการ ภายในวันที่ "
          f"{_th(rt, case.documents_deadline)}", missing=missing)
    _append_action(s, case, f"แจ้งขอเอกสารเพิ่มเติม ภายใน {_th(rt, case.documents_deadline)}",
                   actor, now)


def confirm_completeness(rt: Runtime, ref: str, actor: str, missing: list[str] | None = None,
                         now: datetime | None = None) -> Case:
    """The clerk confirms (or corrects) the completeness proposal. With documents
    missing, the applicant gets one notice listing them and the deadline."""
    now = now or rt.clock()
    with transaction(rt.factory) as s:
        _person(s, actor, CLERK_ROLES, "ยืนยันความครบถ้วนของเอกสาร")
        case = _get(s, ref)
        _require_identity(case)
        if case.state != OPEN:
            raise _state_error(case, "documents are confirmed on an open case")
        if missing is None:
            missing = [d["document"] for d in (case.completeness or {}).get("documents", [])
                       if d["status"] == "missing"]
        case.completeness_by, case.completeness_at = actor, now
        if missing:
            _request_documents(rt, s, case, missing, actor, now)
        else:
            case.missing = []
            _note(s, case, actor, now, "complete", "เอกสารครบถ้วน")
        return case


def record_identity(rt: Runtime, ref: str, actor: str, method: str, evidence: str,
                    now: datetime | None = None) -> Case:
    """Step 3: how the applicant's identity was proved, and with what evidence."""
    now = now or rt.clock()
    if method not in IDENTITY_METHODS:
        raise CaseError(f"วิธียืนยันตัวตนต้องเป็น {', '.join(IDENTITY_METHODS)} / method must be one of "
                        f"{', '.join(IDENTITY_METHODS)}")
    if not evidence.strip():
        raise CaseError("ต้องระบุหลักฐานที่เก็บไว้ / the evidence kept must be described")
    with transaction(rt.factory) as s:
        _person(s, actor, CLERK_ROLES, "บันทึกการยืนยันตัวตน")
        case = _get(s, ref)
        if not case.high_risk:
            raise CaseError("เรื่องนี้ไม่ใช่คำขอที่มีความเสี่ยงสูง / not a high-risk request")
        case.identity_method, case.identity_evidence = method, evidence.strip()
        case.identity_by, case.identity_at = actor, now
        reason = f"ยืนยันตัวตนแล้ว: {IDENTITY_METHODS[method]}; หลักฐาน: {evidence.strip()}"
        if case.state == AWAITING_IDENTITY:
            _move(s, case, OPEN, actor, now, "identity_proved", reason)
        else:
            _note(s, case, actor, now, "identity_proved", reason)
        _append_action(s, case, f"ยืนยันตัวตนแล้ว ({IDENTITY_METHODS[method]})", actor, now)
        return case


def attach_result(rt: Runtime, ref: str, actor: str, path: Path, subject: str,
                  now: datetime | None = None) -> Case:
    """The clerk attaches the signed result (a PDF, or an office document converted to
    PDF); it waits for the head of unit to approve sending."""
    now = now or rt.clock()
    data = Path(path).read_bytes()
    if not data.startswith(b"%PDF-"):
        data = _to_pdf(path, data)
    from intake.store import RawStore

    sha, _ = RawStore(rt.config.path("store.path") / "documents", suffix=".pdf").put(data)
    with transaction(rt.factory) as s:
        _person(s, actor, CLERK_ROLES, "แนบผลการพิจารณา")
        case = _get(s, ref)
        _require_identity(case)
        if case.state != OPEN:
            raise _state_error(case, "a result is attached to an open case")
        case.result_sha256, case.result_subject, case.result_by = sha, subject.strip(), actor
        _move(s, case, RESULT_PENDING, actor, now, "result_attached",
              f"แนบผลการพิจารณา เรื่อง {subject.strip()} เสนอหัวหน้าหน่วยงานอนุมัติส่ง", sha256=sha)
        return case


def _to_pdf(path: Path, data: bytes) -> bytes:
    """An office document (or scan) the clerk attached, converted by the archive's converters."""
    import mimetypes

    from intake.archive.convert import convert_attachment
    from rules.message import Attachment

    name = Path(path).name
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    result = convert_attachment(Attachment(filename=name, content_type=kind, size=len(data),
                                           payload=data))
    if not result.ok:
        raise CaseError(f"แปลงผลการพิจารณาเป็น PDF ไม่ได้ / the result could not be converted "
                        f"to PDF: {result.reason}")
    return result.pdf


# ----------------------------------------------------- the head's decisions ----
def approve(rt: Runtime, ref: str, actor: str, now: datetime | None = None) -> Case:
    """The head approves what waits for them: a disposal proposal, or sending a result."""
    now = now or rt.clock()
    with transaction(rt.factory) as s:
        head = _person(s, actor, HEAD_ROLES, "อนุมัติ")
        case = _get(s, ref)
        local = now.astimezone(_zone(rt))
        when = f"{_th(rt, local)} {thai_time(local, thai_numerals=_thai(rt))}"
        if case.state == DISPOSAL_PROPOSED:
            case.decided_by, case.decided_at, case.closed_at = actor, now, now
            _move(s, case, DISPOSED, actor, now, "disposed",
                  f"หัวหน้าหน่วยงานอนุมัติจำหน่ายเรื่อง ({head.name})")
            _append_action(s, case, f"จำหน่ายเรื่อง เมื่อ {when} อนุมัติโดย {head.name}", actor, now)
            # the applicant was promised word of it (missing_documents' consequence)
            _queue_notice(rt, s, case, "disposal_notice", now, dedupe=f"case:{case.id}:disposed",
                          case_extra={"decided_th": _th(rt, local),
                                      "decided_en": english_date(local)})
        elif case.state == RESULT_PENDING:
            _require_identity(case)
            _send_result(rt, s, case, head, now)
            case.decided_by, case.decided_at, case.closed_at = actor, now, now
            _move(s, case, DONE, actor, now, "result_approved",
                  f"หัวหน้าหน่วยงานอนุมัติส่งผลการพิจารณา ({head.name})")
        else:
            raise CaseError(f"ไม่มีเรื่องรออนุมัติ: สถานะ {CaseState(case.state).label} / nothing to "
                            f"approve (case is {case.state})")
        return case


def reject(rt: Runtime, ref: str, actor: str, reason: str, now: datetime | None = None) -> Case:
    """The head sends the matter back to the clerk, with a reason."""
    now = now or rt.clock()
    if not reason.strip():
        raise CaseError("ต้องระบุเหตุผล / a reason is required")
    with transaction(rt.factory) as s:
        _person(s, actor, HEAD_ROLES, "ไม่อนุมัติ")
        case = _get(s, ref)
        if case.state not in (DISPOSAL_PROPOSED, RESULT_PENDING):
            raise CaseError(f"ไม่มีเรื่องรออนุมัติ: สถานะ {CaseState(case.state).label} / nothing to "
                            f"reject (case is {case.state})")
        case.proposed_at = None
        case.decision_reason = reason.strip()
        _move(s, case, _back_to_work(case), actor, now, "rejected",
              f"หัวหน้าหน่วยงานไม่อนุมัติ: {reason.strip()}")
        return case


def _send_result(rt: Runtime, s, case: Case, head: User, now: datetime) -> None:
    """The result goes out through the outbox with the next send number; the letter
    number (พบ ๐๐๒๒/N) is taken now, as when a letter is signed and issued."""
    from intake.store import RawStore

    cfg, profile = rt.config, rt.profile
    thai = cfg.get("unit.thai_numerals")
    entry = add_send_entry(s, now=now, tz=cfg.get("unit.timezone"),
                           letter_prefix=profile.unit.letter_prefix, thai_numerals=thai,
                           doc_date=_local_date(rt, now).isoformat(), sender=profile.unit.name,
                           recipient=case.applicant_addr, subject=case.result_subject or "",
                           action="รอส่งทางอีเมล", remarks=f"ผลการพิจารณาเรื่องรับที่ {case.ref}")
    pdf = RawStore(cfg.path("store.path") / "documents", suffix=".pdf").get(case.result_sha256)
    letter = entry.doc_number
    # the head signed a letter whose ที่ was left blank: it goes out with its number and date
    from intake.archive.stamp import stamp_issue

    try:
        pdf = stamp_issue(pdf, doc_number=letter, date_text=_th(rt, _local_date(rt, now)))
    except Exception as exc:  # noqa: BLE001 - digitally signed or unreadable: sent as signed
        _note(s, case, "processor", now, "number_not_printed",
              f"ไม่ได้พิมพ์เลขที่ {letter} ลงในหนังสือ ({exc}): ต้องออกเลขก่อนลงนาม")
    _queue_notice(rt, s, case, "result", now, dedupe=f"case:{case.id}:result",
                  case_extra={"letter_number": letter, "result_subject": case.result_subject},
                  attachment=(pdf, f"result-{case.ref.replace('/', '-')}.pdf"),
                  send_entry_id=entry.id)
    _append_action(s, case, f"ส่งผลการพิจารณา หนังสือที่ {letter}", head.login, now)


# -------------------------------------------------------------- the sweep ----
def sweep(rt: Runtime, as_of: date | None = None) -> SweepReport:
    """The daily jobs, as of a date: dormancy, disposal proposals, reminders to the head,
    late notices. Idempotent for the same date."""
    cfg = rt.config
    now = rt.clock()
    as_of = as_of or _local_date(rt, now)
    # a sweep "as of" a day acts at the start of that day, office time
    at = max(now, _start_of(rt, as_of)) if as_of >= _local_date(rt, now) \
        else _start_of(rt, as_of)
    report = SweepReport(as_of=as_of)
    dormancy = cfg.get("cases.dormancy_days")
    with transaction(rt.factory) as s:
        for case in s.scalars(select(Case).where(Case.state.not_in(CLOSED)).order_by(Case.id)):
            # 1. the documents deadline passed with no reply: unreachable from that day
            if (case.state == AWAITING_DOCUMENTS and case.documents_deadline
                    and as_of > case.documents_deadline):
                since = _start_of(rt, case.documents_deadline + timedelta(days=1))
                case.unreachable_since = since
                case.unreachable_reason = (f"ไม่ได้รับเอกสารภายในกำหนด "
                                           f"{_th(rt, case.documents_deadline)}")
                _move(s, case, DORMANT, "processor", at, "unreachable", case.unreachable_reason)
                report.dormant.append(case.ref)
            # 2. kept `dormancy` days with no contact: propose disposal to the head
            if (case.state == DORMANT and case.unreachable_since
                    and as_of >= _local_date(rt, case.unreachable_since)
                    + timedelta(days=dormancy)):
                case.proposed_at = at
                _move(s, case, DISPOSAL_PROPOSED, "processor", at, "disposal_proposed",
                      f"ติดต่อผู้ยื่นไม่ได้ครบ {digits(dormancy, _thai(rt))} วัน ตั้งแต่ "
                      f"{_th(rt, _local_date(rt, case.unreachable_since))} "
                      "จึงเสนอหัวหน้าหน่วยงานพิจารณาจำหน่ายเรื่อง")
                report.proposed.append(case.ref)
            # 3. late: the applicant is told every N days while the unit is late
            if case.due_date and case.state in (OPEN, RESULT_PENDING):
                if as_of > case.due_date:
                    every = cfg.get("cases.late_notice_every_days")
                    last = case.last_late_notice_at
                    if last is None or as_of >= _local_date(rt, last) + timedelta(days=every):
                        days_late = (as_of - case.due_date).days
                        _supersede_late_notices(s, case, at)
                        # s.10: each notice is also copied to ก.พ.ร. (the profile's data)
                        opdc = rt.profile.opdc_address
                        if _queue_notice(
                                rt, s, case, "late_notice", at, held=True,
                                dedupe=f"case:{case.id}:late:{as_of.isoformat()}",
                                case_extra={"days_late": digits(days_late,
                                                                cfg.get("unit.thai_numerals")),
                                            "copy_to": opdc,
                                            "copy_name": rt.profile.opdc_name},
                                copy_to=opdc):
                            case.last_late_notice_at = at
                            _note(s, case, "processor", at, "late_notice",
                                  f"เกินระยะเวลาตามคู่มือ {days_late} วัน: "
                                  "แจ้งผู้ยื่น" + (f" สำเนาถึง {opdc}" if opdc else "")
                                  + " (รอเจ้าหน้าที่ตรวจแก้ก่อนส่ง)")
                            report.late_notices.append(case.ref)
                elif as_of >= case.due_date - timedelta(days=cfg.get("cases.warn_days")):
                    report.due_soon.append(case.ref)
        _remind_heads(rt, s, as_of, at, report)
    return report


def _supersede_late_notices(s, case: Case, at: datetime) -> None:
    """One late notice per case waits for a clerk: a newer one replaces any still held
    (they piled up weekly, each saying less than the next)."""
    for item in s.scalars(select(OutboxItem).where(OutboxItem.case_id == case.id,
                                                   OutboxItem.kind == "late_notice",
                                                   OutboxItem.state == HELD)):
        item.state, item.last_error = DISCARDED, "แทนที่ด้วยหนังสือแจ้งล่าช้าฉบับใหม่"
        s.add(Event(actor="processor", kind="superseded", message_pk=item.message_pk, at=at,
                    detail={"outbox": item.id, "case": case.id}))


def _remind_heads(rt: Runtime, s, as_of: date, at: datetime, report: SweepReport) -> None:
    every = rt.config.get("cases.head_reminder_days")
    waiting = [c for c in s.scalars(select(Case).where(Case.state == DISPOSAL_PROPOSED))
               if c.proposed_at and as_of >= _local_date(rt, c.proposed_at)
               + timedelta(days=every)
               and (c.last_reminder_at is None
                    or as_of >= _local_date(rt, c.last_reminder_at) + timedelta(days=every))]
    if not waiting:
        return
    heads = [u for u in s.scalars(select(User).where(User.role == "head",
                                                     User.disabled.is_(False))) if u.email]
    for head in heads:
        if _queue_internal(rt, s, head, waiting, as_of, at):
            report.reminders.append(head.login)
    for case in waiting:
        case.last_reminder_at = at
        _note(s, case, "processor", at, "head_reminder",
              "เตือนหัวหน้าหน่วยงาน: ข้อเสนอจำหน่ายเรื่องรอการพิจารณา")


def _queue_internal(rt: Runtime, s, head: User, cases: list[Case], as_of: date, at: datetime) -> bool:
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    dedupe = f"reminder:{head.login}:{as_of.isoformat()}"
    if s.scalar(select(OutboxItem.id).where(OutboxItem.dedupe_key == dedupe)) is not None:
        return False
    thai = rt.config.get("unit.thai_numerals")
    proposals = [{"ref": digits(c.ref, thai),
                  "subject": s.get(ReceiveEntry, c.receive_entry_id).subject,
                  "since_th": thai_date(_local_date(rt, c.proposed_at), thai_numerals=thai),
                  "since_en": english_date(_local_date(rt, c.proposed_at)),
                  "days_waiting": digits((as_of - _local_date(rt, c.proposed_at)).days, thai)}
                 for c in cases]
    profile = rt.profile
    subject, body = render("disposal_reminder", "th", {
        "profile": profile, "original": None, "thai_numerals": thai,
        "case": case_context(rt, cases[0], head_name=head.name, proposals=proposals)})
    from intake.outbox.compose import _address, clean_header_text, safe_domain

    mail = EmailMessage(policy=email.policy.default)
    from_addr = profile.unit.email
    domain = rt.config.get("outbox.message_id_domain") or from_addr.rsplit("@", 1)[1]
    mail["From"] = _address(from_addr, profile.unit.name)
    mail["To"] = _address(head.email, head.name)
    mail["Subject"] = clean_header_text(subject)
    mail["Date"] = format_datetime(at)
    mail["Message-ID"] = make_msgid(domain=safe_domain(domain))
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(body, charset="utf-8", cte="base64")
    s.add(OutboxItem(kind="disposal_reminder", dedupe_key=dedupe, mail_from=from_addr,
                     recipients=[head.email], rfc_message_id=mail["Message-ID"],
                     subject=str(mail["Subject"]), raw=to_wire(mail),
                     created_at=at, next_attempt_at=min(at, rt.clock())))
    return True


# ------------------------------------------------------------- reading ----
def list_cases(rt: Runtime, state: str | None = None, as_of: date | None = None) -> list[dict]:
    as_of = as_of or _local_date(rt, rt.clock())
    warn = rt.config.get("cases.warn_days")
    with rt.factory() as s:
        query = select(Case, ReceiveEntry).join(ReceiveEntry,
                                                ReceiveEntry.id == Case.receive_entry_id)
        if state:
            query = query.where(Case.state == state)
        out = []
        for case, entry in s.execute(query.order_by(Case.opened_at, Case.id)):
            late = bool(case.due_date and as_of > case.due_date and case.state not in CLOSED)
            out.append({
                "ref": case.ref, "state": case.state, "state_th": CaseState(case.state).label,
                "service": case.service, "subject": entry.subject, "applicant": case.applicant_addr,
                "high_risk": case.high_risk, "identity_proved": bool(case.identity_at),
                "opened_at": case.opened_at.isoformat(),
                "due_date": case.due_date.isoformat() if case.due_date else None,
                "late": late,
                "due_soon": bool(case.due_date and not late and case.state not in CLOSED
                                 and as_of >= case.due_date - timedelta(days=warn)),
                "missing": case.missing, "completeness": case.completeness,
                "documents_deadline": (case.documents_deadline.isoformat()
                                       if case.documents_deadline else None),
                "unreachable_since": (case.unreachable_since.isoformat()
                                      if case.unreachable_since else None),
                "proposed_at": case.proposed_at.isoformat() if case.proposed_at else None,
                "decided_by": case.decided_by,
            })
        return out


def history(rt: Runtime, ref: str) -> list[dict]:
    with rt.factory() as s:
        case = _get(s, ref)
        return [{"at": e.at.isoformat(), "actor": e.actor, "kind": e.kind, "from": e.from_state,
                 "to": e.to_state, "reason": e.reason}
                for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                   .order_by(CaseEvent.id))]


__all__ = [
    "STATE_LABELS",
    "CaseError",
    "CaseState",
    "Event",
    "approve",
    "attach_result",
    "confirm_completeness",
    "history",
    "list_cases",
    "on_bounce",
    "on_contact",
    "open_case",
    "record_identity",
    "reject",
    "sweep",
]
