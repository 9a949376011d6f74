"""The registry's state machines: each state with its Thai label, and which moves are
allowed, in one table per machine.

case      a registered matter after registration (procedure.md steps 2-4; labels as the
          central platform's back office shows them, seed 001, SRaT)
message   how far the processing of one fetched message got
outbox    one outgoing mail, from written to delivered
archive   the archival PDF of a registered message

The tables are enforced where a state is set: the models validate every assignment
(registry/models.py), so a move the table does not list raises IllegalTransition, whoever
attempts it. `None` in a table is "not yet written": the states a new row may start in.
The stored values are these words, unchanged; a member compares equal to its word.
"""
from __future__ import annotations

from rules.thai.labels import Labelled


class IllegalTransition(ValueError):
    """A move the state machine does not allow; says both states in Thai and English."""

    def __init__(self, machine: type[State], from_state: str | None, to_state: str):
        self.machine, self.from_state, self.to_state = machine, from_state, to_state
        noun_th, noun_en = NOUNS[machine]
        super().__init__(
            f"{noun_th}เปลี่ยนจากสถานะ «{machine.label_of(from_state, 'ยังไม่มี')}» เป็น "
            f"«{machine.label_of(to_state)}» ไม่ได้ / {noun_en} cannot go from "
            f"{from_state or '(new)'} to {to_state}")


class State(Labelled):
    """A state machine: its members, and the moves its table allows."""

    @classmethod
    def allows(cls, from_state: str | None, to_state: str) -> bool:
        key = None if from_state is None else cls.of(from_state)
        return to_state in TRANSITIONS[cls].get(key, frozenset())

    @classmethod
    def check(cls, from_state: str | None, to_state: str) -> State:
        """The new state, when the table allows the move; IllegalTransition otherwise."""
        if not cls.allows(from_state, to_state):
            raise IllegalTransition(cls, from_state, to_state)
        return cls.of(to_state)


class CaseState(State):
    OPEN = "open", "รอเจ้าหน้าที่ดำเนินการ"
    AWAITING_IDENTITY = "awaiting_identity", "รอพิสูจน์และยืนยันตัวตน"
    AWAITING_DOCUMENTS = "awaiting_documents", "รอผู้ยื่นดำเนินการ"
    DORMANT = "dormant", "ติดต่อผู้ยื่นไม่ได้ (เก็บไว้ 30 วัน)"
    DISPOSAL_PROPOSED = "disposal_proposed", "เสนอหัวหน้าหน่วยงานจำหน่ายเรื่อง"
    DISPOSED = "disposed", "จำหน่ายเรื่องแล้ว"
    RESULT_PENDING = "result_pending", "รอหัวหน้าหน่วยงานอนุมัติส่งผล"
    DONE = "done", "ดำเนินการแล้วเสร็จ"


class MessageState(State):
    STORED = "stored", "รับไว้แล้ว รอพิจารณา"  # raw bytes durable; nothing decided yet
    DECIDED = "decided", "พิจารณาแล้ว"  # register row and outbox written; mailbox change owed
    DONE = "done", "เสร็จสิ้น"  # everything local done and the mailbox change applied
    FAILED = "failed", "ผิดพลาด"  # an error stopped it; `intake retry` tries again


class OutboxState(State):
    PENDING = "pending", "รอส่ง"
    HELD = "held", "รอเจ้าหน้าที่ตรวจก่อนส่ง"  # a clerk reads (maybe edits) and releases it
    SENDING = "sending", "กำลังส่ง"
    SENT = "sent", "ส่งแล้ว"
    FAILED = "failed", "ส่งไม่สำเร็จ"
    # the worker died after DATA went to the server: perhaps delivered, never resent
    # automatically (that is how a citizen gets the same mail twice); a person checks
    UNKNOWN = "unknown", "ไม่ทราบผลการส่ง (รอเจ้าหน้าที่ตรวจสอบ)"
    # a held mail a clerk decided not to send, or that a newer late notice replaced
    DISCARDED = "discarded", "ไม่ส่ง"


class ArchiveState(State):
    PENDING = "pending", "รอจัดทำ PDF"
    BUILDING = "building", "กำลังจัดทำ PDF"
    DONE = "done", "จัดเก็บ PDF แล้ว"
    FAILED = "failed", "จัดทำ PDF ไม่สำเร็จ"


# what the error message calls a row of each machine
NOUNS: dict[type[State], tuple[str, str]] = {
    CaseState: ("เรื่อง", "a case"),
    MessageState: ("ข้อความ", "a message"),
    OutboxState: ("อีเมลขาออก", "an outgoing mail"),
    ArchiveState: ("เอกสาร PDF", "an archive PDF"),
}

_C = CaseState
# A case (lifecycle.py's diagram). A high-risk applicant's identity, while unproved, is
# where a case goes back to instead of OPEN.
CASE_TRANSITIONS: dict[CaseState | None, frozenset[CaseState]] = {
    None: frozenset({_C.OPEN, _C.AWAITING_IDENTITY}),
    _C.AWAITING_IDENTITY: frozenset({_C.OPEN, _C.DORMANT}),  # proved / a notice bounced
    _C.OPEN: frozenset({_C.AWAITING_DOCUMENTS,  # documents asked for, once
                        _C.RESULT_PENDING,  # the clerk attached the signed result
                        _C.DORMANT}),  # a notice bounced
    _C.AWAITING_DOCUMENTS: frozenset({_C.OPEN,  # the applicant wrote
                                      _C.DORMANT}),  # deadline passed / a notice bounced
    _C.DORMANT: frozenset({_C.OPEN, _C.AWAITING_IDENTITY,  # the applicant wrote
                           _C.DISPOSAL_PROPOSED}),  # kept the full 30 days
    _C.DISPOSAL_PROPOSED: frozenset({_C.DISPOSED,  # the head approved
                                     _C.OPEN, _C.AWAITING_IDENTITY}),  # rejected / wrote
    _C.RESULT_PENDING: frozenset({_C.DONE,  # the head approved sending
                                  _C.OPEN,  # the head sent it back
                                  _C.DORMANT}),  # a notice bounced
    _C.DISPOSED: frozenset(),
    _C.DONE: frozenset(),
}

_M = MessageState
MESSAGE_TRANSITIONS: dict[MessageState | None, frozenset[MessageState]] = {
    None: frozenset({_M.STORED}),
    _M.STORED: frozenset({_M.DECIDED, _M.FAILED}),
    _M.FAILED: frozenset({_M.DECIDED, _M.FAILED}),  # retried: decided, or failed again
    # a clerk resolving a review decides the message again, before or after its move
    _M.DECIDED: frozenset({_M.DONE, _M.DECIDED}),
    _M.DONE: frozenset({_M.DECIDED}),
}

_O = OutboxState
# SENT is also reached from PENDING and FAILED: an attempt slower than its claim delivers
# after another attempt deferred or gave up the row; the mail went, so it is sent (a slow
# attempt's failure, by contrast, is dropped: intake/outbox/deliver.py).
OUTBOX_TRANSITIONS: dict[OutboxState | None, frozenset[OutboxState]] = {
    None: frozenset({_O.PENDING, _O.HELD}),
    _O.HELD: frozenset({_O.PENDING, _O.DISCARDED}),  # released, or discarded, by a clerk
    _O.PENDING: frozenset({_O.SENDING, _O.SENT}),  # claimed by a worker
    # SENDING again: a claim that expired before DATA, taken by another worker; UNKNOWN:
    # it expired after DATA; PENDING: a temporary failure, retried later
    _O.SENDING: frozenset({_O.SENDING, _O.SENT, _O.PENDING, _O.FAILED, _O.UNKNOWN}),
    _O.FAILED: frozenset({_O.PENDING, _O.SENT}),  # a person asked to send it again
    # a person checked: it arrived (SENT) or did not (PENDING); or the slow attempt came
    # back with the server's answer after all
    _O.UNKNOWN: frozenset({_O.SENT, _O.PENDING, _O.FAILED}),
    _O.SENT: frozenset(),
    _O.DISCARDED: frozenset(),
}

_A = ArchiveState
ARCHIVE_TRANSITIONS: dict[ArchiveState | None, frozenset[ArchiveState]] = {
    None: frozenset({_A.PENDING}),  # the message was registered
    _A.PENDING: frozenset({_A.BUILDING}),
    _A.BUILDING: frozenset({_A.DONE, _A.FAILED}),
    _A.FAILED: frozenset({_A.BUILDING}),  # retried a few times
    _A.DONE: frozenset(),
}

TRANSITIONS: dict[type[State], dict] = {
    CaseState: CASE_TRANSITIONS,
    MessageState: MESSAGE_TRANSITIONS,
    OutboxState: OUTBOX_TRANSITIONS,
    ArchiveState: ARCHIVE_TRANSITIONS,
}

# cases that are over: nothing moves them again
CASE_CLOSED = frozenset(st for st in CaseState if not CASE_TRANSITIONS[st])
