"""The registry's tables.

messages          one row per distinct raw message (sha256), with its processing record
message_locations where each copy was seen: (mailbox, folder, UIDVALIDITY, UID), and the
                  mailbox change still owed for it (applied last, after the local commit)
folder_states     per polled folder: UIDVALIDITY and the last UID taken
leases            one poller per mailbox at a time; a lease expires if its holder dies
register_counters the running number per register per year (gap-free, never reused)
receive_register  ทะเบียนหนังสือรับ, columns of registers.md
send_register     ทะเบียนหนังสือส่ง, one row per e-mail actually delivered
outbox            every reply, forward and acknowledgment, written in the decision's
                  transaction and delivered later
events            the audit trail: who did what to which message, when, why
users             the people: clerks, heads of unit, admins (roles are checked server-side)
cases             a registered matter after registration: completeness, identity,
                  dormancy, disposal, result (procedure.md steps 2-4)
case_events       every state change of a case: who, when, from, to, why (append-only)
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from registry.states import ArchiveState, CaseState, MessageState, OutboxState


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC (SQLite keeps no zone), always handed back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the registry; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict: JSON, list: JSON}


# Processing states of a message (paperless-ngx style: one record per fetched message);
# the names older modules import, for the members of registry/states.py.
STORED, DECIDED, DONE, FAILED = MessageState
MESSAGE_STATES = tuple(MessageState)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    raw_path: Mapped[str] = mapped_column(String(200))  # relative to the store root
    header_message_id: Mapped[str | None] = mapped_column(String(998), index=True)  # a hint only
    source_mailbox: Mapped[str] = mapped_column(String(100))
    fetched_at: Mapped[datetime]
    server_received_at: Mapped[datetime | None]  # Received header of our server / INTERNALDATE
    from_addr: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=STORED, index=True)
    disposition: Mapped[str | None] = mapped_column(String(32), index=True)
    decision: Mapped[dict | None]  # rules fired, reasons, service, forward_to, ...
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    traceback: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # the archival PDF of a registered message, built by its own job after the decision
    archive_state: Mapped[str | None] = mapped_column(String(16), index=True)  # ARCHIVE_*
    archive_sha256: Mapped[str | None] = mapped_column(String(64))
    archive_problems: Mapped[list | None]
    archive_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # the mail list pages newest first by keyset, on its own or within a disposition
    __table_args__ = (Index("ix_messages_fetched", "fetched_at", "id"),
                      Index("ix_messages_disposition_fetched", "disposition", "fetched_at", "id"))

    locations: Mapped[list[MessageLocation]] = relationship(back_populates="message")

    @validates("state")
    def _state_moves(self, key, to):
        return MessageState.check(self.state, to)

    @validates("archive_state")
    def _archive_moves(self, key, to):
        return ArchiveState.check(self.archive_state, to)


# Archive states of a registered message.
ARCHIVE_PENDING, ARCHIVE_BUILDING, ARCHIVE_DONE, ARCHIVE_FAILED = ArchiveState


class MessageLocation(Base):
    __tablename__ = "message_locations"
    __table_args__ = (UniqueConstraint("mailbox", "folder", "uidvalidity", "uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_pk: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    mailbox: Mapped[str] = mapped_column(String(100))
    folder: Mapped[str] = mapped_column(String(300))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[str] = mapped_column(String(300))  # IMAP UID, or a Maildir key / mbox index
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the mailbox change owed once the message is decided: a folder name to move to,
    # or "" to leave it where it is; None while nothing is decided yet
    move_to: Mapped[str | None] = mapped_column(String(300))
    moved_at: Mapped[datetime | None]
    move_error: Mapped[str | None] = mapped_column(Text)

    message: Mapped[Message] = relationship(back_populates="locations")


class FolderState(Base):
    __tablename__ = "folder_states"

    mailbox: Mapped[str] = mapped_column(String(100), primary_key=True)
    folder: Mapped[str] = mapped_column(String(300), primary_key=True)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    last_poll_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    messages_seen: Mapped[int] = mapped_column(BigInteger, default=0)


class Lease(Base):
    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]


class RegisterCounter(Base):
    __tablename__ = "register_counters"

    register: Mapped[str] = mapped_column(String(16), primary_key=True)  # receive | send
    year: Mapped[int] = mapped_column(Integer, primary_key=True)  # calendar year, CE
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class _RegisterColumns:
    """The columns registers.md gives both registers."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # CE; shown as BE
    number: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime]  # วันที่ลงทะเบียน
    doc_number: Mapped[str | None] = mapped_column(String(200))  # ที่
    doc_date: Mapped[str | None] = mapped_column(String(10))  # ลงวันที่, ISO yyyy-mm-dd
    sender: Mapped[str] = mapped_column(Text)  # จาก
    recipient: Mapped[str] = mapped_column(Text)  # ถึง
    subject: Mapped[str] = mapped_column(Text)  # เรื่อง
    action: Mapped[str] = mapped_column(Text, default="")  # การปฏิบัติ
    remarks: Mapped[str] = mapped_column(Text, default="")  # หมายเหตุ
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)  # ยกเลิก keeps its number
    # tamper evidence (registry/chain.py): each row's hash covers its columns and the
    # previous row's hash (same register, same year); rows are never updated after
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


# ลับ and ลับมาก are kept in the secret register (registers.md); ลับที่สุด is never
# accepted by e-mail at all (rules/checks/top_secret_letter.py)
SECRET_LEVELS = ("ลับ", "ลับมาก")


class ReceiveEntry(_RegisterColumns, Base):
    __tablename__ = "receive_register"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_receive_year_number"),)

    # one registration per message: a retried decision can never register it twice
    message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), unique=True)
    received_at: Mapped[datetime | None]  # reached our server
    deemed_received_at: Mapped[datetime | None]  # counts as received (next working time)
    section: Mapped[str | None] = mapped_column(String(100))
    service: Mapped[str | None] = mapped_column(String(20))
    case_ref: Mapped[str | None] = mapped_column(String(40))  # the case it continues
    # ชั้นความเร็ว and ชั้นความลับ as printed on the letter ("" for none); a ลับ or ลับมาก
    # row belongs to the secret register (ทะเบียนหนังสือลับ, registry/registers.py)
    urgency: Mapped[str] = mapped_column(String(20), default="")
    secrecy: Mapped[str] = mapped_column(String(20), default="")


class SendEntry(_RegisterColumns, Base):
    __tablename__ = "send_register"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_send_year_number"),)

    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), unique=True)


# Outbox states (registry/states.py says what each means).
PENDING, HELD, SENDING, SENT, OUTBOX_FAILED, UNKNOWN, DISCARDED = OutboxState


class OutboxItem(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # one reply of a kind per message: re-running a decision cannot queue it twice
        UniqueConstraint("message_pk", "kind", name="uq_outbox_message_kind"),
        Index("ix_outbox_due", "state", "next_attempt_at"),
        Index("ix_outbox_reply_key_created", "reply_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    kind: Mapped[str] = mapped_column(String(40))  # acknowledgment, wrong_channel, forward, ...
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # idempotency for mail not tied to one inbound message (case notices, reminders)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # a letter numbered when it was approved (a result): delivery completes this entry
    send_entry_id: Mapped[int | None] = mapped_column(ForeignKey("send_register.id",
                                                                 use_alter=True))
    mail_from: Mapped[str] = mapped_column(String(320))
    recipients: Mapped[list] = mapped_column(JSON)
    # the lower-cased address an automatic reply goes to (None for forwards and internal
    # mail): the daily reply cap counts by it with an index, not by scanning the outbox
    reply_key: Mapped[str | None] = mapped_column(String(320))
    rfc_message_id: Mapped[str] = mapped_column(String(998), unique=True)
    subject: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    data_started_at: Mapped[datetime | None]  # the point of no return of this attempt
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    @validates("state")
    def _state_moves(self, key, to):
        return OutboxState.check(self.state, to)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))  # "processor" or a person's login
    kind: Mapped[str] = mapped_column(String(40))
    message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    detail: Mapped[dict | None]


ROLES = ("clerk", "head", "admin")


class User(Base):
    __tablename__ = "users"

    login: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # clerk | head | admin
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str | None] = mapped_column(String(400))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)  # เลขรับ/ปี พ.ศ. of its first entry
    receive_entry_id: Mapped[int] = mapped_column(ForeignKey("receive_register.id"), unique=True)
    message_pk: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    service: Mapped[str | None] = mapped_column(String(20))
    section: Mapped[str | None] = mapped_column(String(100))
    applicant_addr: Mapped[str] = mapped_column(String(320))
    applicant_name: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(4), default="th")
    state: Mapped[str] = mapped_column(String(32), index=True)
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime]
    deemed_received_at: Mapped[datetime]
    due_date: Mapped[date | None] = mapped_column(Date)  # statutory time of the service
    completeness: Mapped[dict | None]  # the proposal: present / missing / unsure + evidence
    missing: Mapped[list | None]  # confirmed by a clerk
    completeness_by: Mapped[str | None] = mapped_column(String(100))
    completeness_at: Mapped[datetime | None]
    documents_deadline: Mapped[date | None] = mapped_column(Date)
    documents_requested_at: Mapped[datetime | None]  # the law allows asking once
    identity_method: Mapped[str | None] = mapped_column(String(40))
    identity_evidence: Mapped[str | None] = mapped_column(Text)
    identity_by: Mapped[str | None] = mapped_column(String(100))
    identity_at: Mapped[datetime | None]
    last_contact_at: Mapped[datetime | None]
    unreachable_since: Mapped[datetime | None]
    unreachable_reason: Mapped[str | None] = mapped_column(Text)
    proposed_at: Mapped[datetime | None]
    last_reminder_at: Mapped[datetime | None]
    last_late_notice_at: Mapped[datetime | None]
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    result_subject: Mapped[str | None] = mapped_column(Text)
    result_by: Mapped[str | None] = mapped_column(String(100))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]

    @validates("state")
    def _state_moves(self, key, to):
        """Every change of a case's state, from any module, follows CASE_TRANSITIONS."""
        return CaseState.check(self.state, to)


class CaseEvent(Base):
    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))  # a login, or "processor"
    kind: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict | None]


class RegisterNote(Base):
    """What happened to a register entry after it was written (การปฏิบัติ added later,
    a correction, a cancellation): a new row, never an update; chained like the rows."""

    __tablename__ = "register_notes"
    __table_args__ = (UniqueConstraint("register", "seq", name="uq_register_note_seq"),
                      Index("ix_register_notes_entry", "register", "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register: Mapped[str] = mapped_column(String(16))  # receive | send
    seq: Mapped[int] = mapped_column(Integer)  # gap-free per register
    entry_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # action | correction | cancel
    text: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict | None]
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class WebSession(Base):
    """A signed-in web session (intake/web/auth.py): only a hash of the token is kept."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    login: Mapped[str] = mapped_column(String(100), ForeignKey("users.login"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SignInThrottle(Base):
    """Failed sign-ins counted per login and per address (intake/web/auth.py): how long the
    next attempt must wait, and until when the key is locked. Each failure is also an
    event (kind sign_in_failed) for the admin's page."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)  # login:x | address:y
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
