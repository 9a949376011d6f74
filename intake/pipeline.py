"""The intake pipeline: fetch → store → decide → (outbox) → mailbox change.

Order is the guarantee (paperless-ngx's mail app, made stricter):
1. the raw bytes are written durably to the store, then the message row and its
   location (mailbox, folder, UIDVALIDITY, UID) are committed together with the
   folder's last UID — before any triage, reply or mailbox change;
2. the rules decide (outside any transaction), then ONE transaction writes the decision,
   the register row and every outbox mail it causes;
3. only after that commit is the mailbox changed (moved to Processed or Junk).
A crash anywhere leaves a state the next run finishes: nothing lost, nothing twice.
One bad message is marked failed with its traceback and the rest go on.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import traceback as tb
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from intake import act
from intake.config import Config, MailboxConfig
from intake.fetch import FetchedMail, MailboxError, open_source
from intake.runtime import Runtime
from intake.store import RawStore
from registry import leases
from registry.db import make_engine, transaction
from registry.models import (
    DECIDED,
    DONE,
    FAILED,
    STORED,
    Event,
    FolderState,
    Message,
    MessageLocation,
)
from rules.base import Decision
from rules.message import ParsedMessage
from rules.profile import Profile
from registry.states import MessageState

log = logging.getLogger(__name__)

AUTO_RETRIES = 3  # a failed message is retried by later polls this often, then waits for a person


@dataclass
class PollReport:
    mailbox: str
    fetched: int = 0  # new locations taken from the mailbox
    new_messages: int = 0  # of which new content (not seen before under any key)
    decided: int = 0
    failed: int = 0
    moved: int = 0
    decision_workers: int = 1  # processes that decided this poll's messages
    dispositions: Counter = field(default_factory=Counter)
    skipped: str | None = None  # why the poll did not run (lease held elsewhere)
    error: str | None = None


class Processor:
    """Everything one process needs to take mail in; safe to run in several processes.

    It polls; what it works with is its Runtime (`self.rt`), which every other stage takes.
    """

    def __init__(self, config: Config | Runtime, *, engine: Engine | None = None,
                 clock: Callable[[], datetime] | None = None, holder: str | None = None,
                 progress: Callable | None = None):
        self.rt = config if isinstance(config, Runtime) else Runtime.open(
            config, engine=engine, clock=clock, holder=holder)
        # progress(label, iterable, length) -> iterable; the CLI shows bars with it
        self.progress = progress or (lambda label, items, length: items)

    # The runtime's parts, for callers holding a Processor (the commands, tests). Changing
    # the clock or the backlog switch gives the processor a new runtime.
    @property
    def config(self) -> Config:
        return self.rt.config

    @property
    def engine(self) -> Engine:
        return self.rt.engine

    @property
    def factory(self) -> sessionmaker[Session]:
        return self.rt.factory

    @property
    def store(self) -> RawStore:
        return self.rt.store

    @property
    def profile(self) -> Profile:
        return self.rt.profile

    @property
    def holder(self) -> str:
        return self.rt.holder

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.rt.clock

    @clock.setter
    def clock(self, clock: Callable[[], datetime]) -> None:
        self.rt = replace(self.rt, clock=clock)

    @property
    def send_replies(self) -> bool:
        return self.rt.send_replies

    @send_replies.setter
    def send_replies(self, send: bool) -> None:
        self.rt = replace(self.rt, send_replies=send)

    # ---------------------------------------------------------------- polling ----
    def poll_all(self) -> list[PollReport]:
        return [self.poll(mb) for mb in self.rt.config.mailboxes]

    def poll(self, mb: MailboxConfig, source=None) -> PollReport:
        """One cycle for one mailbox: take new mail, decide it, apply mailbox changes."""
        report = PollReport(mailbox=mb.name)
        lease = f"poll:{mb.name}"
        seconds = self.rt.config.get("scheduler.lease_seconds")
        if not leases.acquire(self.rt.factory, lease, self.rt.holder, seconds, now=self.rt.clock()):
            report.skipped = "another poller holds this mailbox"
            return report
        try:
            with (source or open_source(mb)) as src:
                for folder in (mb.processed_folder, mb.junk_folder):
                    if mb.move_messages:
                        src.ensure_folder(folder)
                self.fetch_new(src, mb, report)
                leases.renew(self.rt.factory, lease, self.rt.holder, seconds)
                self.decide_pending(report)
                if mb.move_messages:
                    self.apply_mailbox_changes(src, mb, report)
            self._folder_ok(mb)
        except MailboxError as exc:
            report.error = str(exc)
            self._folder_error(mb, str(exc))
            log.warning("poll %s: %s", mb.name, exc)
        finally:
            leases.release(self.rt.factory, lease, self.rt.holder)
        return report

    def fetch_new(self, src, mb: MailboxConfig, report: PollReport) -> None:
        status = src.select(mb.folder)
        with transaction(self.rt.factory) as s:
            fs = s.get(FolderState, (mb.name, mb.folder))
            if fs is None:
                fs = FolderState(mailbox=mb.name, folder=mb.folder, uidvalidity=None, last_uid=0)
                s.add(fs)
            known_validity, last_uid = fs.uidvalidity, fs.last_uid
            fs.last_poll_at = self.rt.clock()
        if src.kind != "imap":
            keys = src.all_uids(mb.folder)
            with self.rt.factory() as s:
                seen = set(s.scalars(select(MessageLocation.uid).where(
                    MessageLocation.mailbox == mb.name, MessageLocation.folder == mb.folder)))
            todo = [k for k in keys if k not in seen]
            for mail in self.progress(f"{mb.name}: fetch", src.fetch(mb.folder, 0, todo),
                                      len(todo)):
                self._take(mb, mail, report, advance_uid=False)
            return
        if known_validity is not None and known_validity != status.uidvalidity:
            self._reconcile(src, mb, status.uidvalidity, report)
            return
        if known_validity is None:
            with transaction(self.rt.factory) as s:
                s.get(FolderState, (mb.name, mb.folder)).uidvalidity = status.uidvalidity
        uids = src.uids_after(last_uid)
        for mail in self.progress(f"{mb.name}: fetch", src.fetch(mb.folder, status.uidvalidity,
                                                                  uids), len(uids)):
            self._take(mb, mail, report, advance_uid=True)

    def _reconcile(self, src, mb: MailboxConfig, new_validity: int, report: PollReport) -> None:
        """UIDVALIDITY changed: every UID is new, but the mail is not. Match the folder's
        messages by content hash; only content never seen before becomes a new message."""
        uids = src.all_uids()
        log.warning("%s/%s: UIDVALIDITY changed, reconciling %d messages by content hash",
                    mb.name, mb.folder, len(uids))
        for mail in src.fetch(mb.folder, new_validity, uids):
            self._take(mb, mail, report, advance_uid=False)
        with transaction(self.rt.factory) as s:
            fs = s.get(FolderState, (mb.name, mb.folder))
            s.add(Event(actor="processor", kind="uidvalidity_changed", detail={
                "mailbox": mb.name, "folder": mb.folder, "old": fs.uidvalidity,
                "new": new_validity, "messages": len(uids)}))
            fs.uidvalidity = new_validity
            fs.last_uid = max(uids, default=0)

    def _take(self, mb: MailboxConfig, mail: FetchedMail, report: PollReport,
              *, advance_uid: bool) -> None:
        _, new = self.ingest(mb.name, mail, advance_uid=advance_uid)
        report.fetched += 1
        report.new_messages += int(new)

    def ingest(self, mailbox: str, mail: FetchedMail, *, advance_uid: bool = False,
               ) -> tuple[int, bool]:
        """Store the bytes durably, then commit the message row and its location.
        Returns (message id, whether the content is new). Idempotent."""
        sha, rel = self.rt.store.put(mail.raw)  # durable before any row says it exists
        for _attempt in range(3):
            try:
                with transaction(self.rt.factory) as s:
                    return self._record(s, mailbox, mail, sha, rel, advance_uid)
            except IntegrityError:
                continue  # another worker recorded the same content at the same moment
        raise RuntimeError(f"could not record message {sha}")

    def _record(self, s, mailbox, mail, sha, rel, advance_uid) -> tuple[int, bool]:
        loc = s.scalar(select(MessageLocation).where(
            MessageLocation.mailbox == mailbox, MessageLocation.folder == mail.folder,
            MessageLocation.uidvalidity == mail.uidvalidity, MessageLocation.uid == mail.uid))
        if loc is not None:
            return loc.message_pk, False
        msg = s.scalar(select(Message).where(Message.sha256 == sha))
        new = msg is None
        if new:
            msg = Message(sha256=sha, size=len(mail.raw), raw_path=rel,
                          header_message_id=_quick_message_id(mail.raw),
                          source_mailbox=mailbox, fetched_at=self.rt.clock(),
                          server_received_at=mail.internaldate, state=STORED, attempts=0)
            s.add(msg)
            s.flush()
        loc = MessageLocation(message_pk=msg.id, mailbox=mailbox, folder=mail.folder,
                              uidvalidity=mail.uidvalidity, uid=mail.uid, seen_at=self.rt.clock())
        if not new and msg.state in (DECIDED, DONE):
            # the same mail again (a copy, or after a UIDVALIDITY change): it gets the
            # mailbox change its first copy got, and nothing else
            loc.move_to = _move_target_of(msg, self._mailbox_cfg(mailbox))
        s.add(loc)
        if advance_uid:
            fs = s.get(FolderState, (mailbox, mail.folder))
            fs.last_uid = max(fs.last_uid, int(mail.uid))
            fs.messages_seen += 1
        return msg.id, new

    # --------------------------------------------------------------- deciding ----
    def pending_ids(self) -> list[int]:
        now = self.rt.clock()
        with self.rt.factory() as s:
            return list(s.scalars(select(Message.id).where(or_(
                Message.state == STORED,
                (Message.state == FAILED) & (Message.attempts < AUTO_RETRIES)
                & (Message.updated_at < now - timedelta(minutes=1)),
            )).order_by(Message.id)))

    def decide_pending(self, report: PollReport | None = None, ids: Iterable[int] | None = None):
        """Decide the waiting messages in arrival order (their ids), so the running numbers
        follow arrival; with workers when there are many (scheduler.parallel_from)."""
        report = report or PollReport(mailbox="*")
        ids = list(self.pending_ids() if ids is None else ids)
        workers = decision_workers(self.rt.config)
        if workers > 1 and len(ids) >= self.rt.config.get("scheduler.parallel_from"):
            outcomes = parallel_decisions(self, ids, workers)
            report.decision_workers = workers
        else:
            outcomes = ((pk, self.decide(pk)) for pk in ids)
        for _, disposition in self.progress("decide", outcomes, len(ids)):
            if disposition is None:
                report.failed += 1
            elif disposition != "":
                report.decided += 1
                report.dispositions[disposition] += 1
        return report

    def decide(self, pk: int, prepared: Prepared | None = None) -> str | None:
        """Parse, triage and act on one message (or act on what a worker `prepared`).
        Returns its disposition, "" when another process already decided it, None when it
        failed (recorded, never raised)."""
        try:
            prepared = prepared or self.prepare(pk)
            return "" if prepared is None else self.apply(prepared)
        except Exception as exc:  # one bad message never blocks the rest
            self._fail(pk, exc)
            return None

    def prepare(self, pk: int, *, recheck: bool = False) -> Prepared | None:
        """The part of a decision that writes nothing: read, parse, run the rules. None
        when the message no longer waits. With recheck, the registry look-ups the rules
        made are kept, to be asked again when the decision is applied."""
        with self.rt.factory() as s:
            msg = s.get(Message, pk)
            if msg is None or msg.state not in (STORED, FAILED):
                return None
            sha = msg.sha256
        raw = self.rt.store.get(sha)
        parsed = act.parse(raw)
        asked = [] if recheck else None
        return Prepared(pk, raw, parsed, act.decide(self.rt, parsed, raw, asked), asked)

    def apply(self, p: Prepared) -> str:
        """Carry a decision out in its one transaction (register number, replies, mailbox
        change). A decision whose look-ups answer otherwise by now is taken again here."""
        decision = p.decision
        if p.asked and not act.still_answers(self.rt, p.asked):
            decision = act.decide(self.rt, p.parsed, p.raw)
        with transaction(self.rt.factory) as s:
            msg = s.scalar(select(Message).where(Message.id == p.pk)
                           .with_for_update(skip_locked=True))
            if msg is None or msg.state not in (STORED, FAILED):
                return ""  # taken by another process meanwhile
            act.carry_out(self.rt, s, msg, p.parsed, p.raw, decision)
        return decision.disposition

    def _fail(self, pk: int, exc: BaseException) -> None:
        log.exception("message %s failed", pk)
        with transaction(self.rt.factory) as s:
            msg = s.get(Message, pk)
            if msg is None or not MessageState.allows(msg.state, FAILED):
                return  # decided meanwhile by another worker: that decision stands
            msg.state = FAILED
            msg.attempts = (msg.attempts or 0) + 1
            msg.error = f"{type(exc).__name__}: {exc}"[:2000]
            msg.traceback = "".join(tb.format_exception(exc))[-20000:]
            msg.updated_at = self.rt.clock()
            s.add(Event(actor="processor", kind="failed", message_pk=pk,
                        detail={"error": msg.error, "attempt": msg.attempts}))

    def retry(self, ids: Iterable[int] | None = None) -> PollReport:
        """A person asked to try failed messages again (attempts reset)."""
        with transaction(self.rt.factory) as s:
            query = select(Message).where(Message.state == FAILED)
            if ids:
                query = query.where(Message.id.in_(list(ids)))
            chosen = list(s.scalars(query))
            for msg in chosen:
                msg.attempts = 0
                s.add(Event(actor="operator", kind="retry", message_pk=msg.id))
            chosen_ids = [m.id for m in chosen]
        return self.decide_pending(ids=chosen_ids)

    # ------------------------------------------------------- mailbox changes ----
    def apply_mailbox_changes(self, src, mb: MailboxConfig, report: PollReport) -> None:
        """Last step: move decided messages. Only after the local commit; a crash here
        just means the move is done again next time."""
        with self.rt.factory() as s:
            fs = s.get(FolderState, (mb.name, mb.folder))
            current = fs.uidvalidity if fs and src.kind == "imap" else 0
            owed = s.execute(select(MessageLocation.id, MessageLocation.folder,
                                    MessageLocation.uidvalidity, MessageLocation.uid,
                                    MessageLocation.move_to)
                             .where(MessageLocation.mailbox == mb.name,
                                    MessageLocation.move_to.is_not(None),
                                    MessageLocation.moved_at.is_(None))).all()
        groups: dict[tuple[str, str], list] = {}
        stale = []
        for loc_id, folder, validity, uid, target in owed:
            if not target or validity != current or folder != mb.folder:
                stale.append(loc_id)  # nothing to do, or the UID no longer means this mail
            else:
                groups.setdefault((folder, target), []).append((loc_id, uid))
        if stale:
            self._mark_moved(stale)
        for (folder, target), items in groups.items():
            try:
                src.move(folder, [uid for _, uid in items], target)
            except MailboxError as exc:
                with transaction(self.rt.factory) as s:
                    for loc_id, _ in items:
                        s.get(MessageLocation, loc_id).move_error = str(exc)[:1000]
                raise
            self._mark_moved([loc_id for loc_id, _ in items])
            report.moved += len(items)

    def _mark_moved(self, loc_ids: list[int]) -> None:
        now = self.rt.clock()
        with transaction(self.rt.factory) as s:
            msg_ids = set()
            for loc_id in loc_ids:
                loc = s.get(MessageLocation, loc_id)
                loc.moved_at, loc.move_error = now, None
                msg_ids.add(loc.message_pk)
            for pk in msg_ids:
                owed = s.scalar(select(func.count()).select_from(MessageLocation).where(
                    MessageLocation.message_pk == pk, MessageLocation.moved_at.is_(None)))
                msg = s.get(Message, pk)
                if not owed and msg.state == DECIDED:
                    msg.state = DONE

    # ------------------------------------------------------------ bookkeeping ----
    def _mailbox_cfg(self, name: str) -> MailboxConfig | None:
        for mb in self.rt.config.mailboxes:
            if mb.name == name:
                return mb
        return None

    def _folder_ok(self, mb: MailboxConfig) -> None:
        with transaction(self.rt.factory) as s:
            fs = s.get(FolderState, (mb.name, mb.folder))
            if fs:
                fs.last_success_at, fs.last_error = self.rt.clock(), None

    def _folder_error(self, mb: MailboxConfig, error: str) -> None:
        with transaction(self.rt.factory) as s:
            fs = s.get(FolderState, (mb.name, mb.folder))
            if fs:
                fs.last_error = error[:2000]


# ------------------------------------------------------------ parallel decisions ----
# Parsing and the rules are most of a decision and write nothing, so worker processes do
# them side by side and hand back what they decided; the poller applies each decision, in
# its own transaction, in arrival order: the running numbers follow arrival whatever the
# number of workers, and no worker ever holds the write lock. Spawned, not forked: the
# poller holds database connections and, in the daemon, threads.
CHUNK = 4  # messages a worker is handed at a time
AHEAD = 4  # chunks per worker handed out before the poller has applied them (bounds memory)


@dataclass
class Prepared:
    """A decision taken but not carried out yet: what a worker hands the poller."""

    pk: int
    raw: bytes
    parsed: ParsedMessage
    decision: Decision
    asked: list | None = None  # (look-up, arguments, answer) the rules were given


def decision_workers(config: Config) -> int:
    """scheduler.decide_workers, 0 meaning one per core this process may use."""
    workers = config.get("scheduler.decide_workers")
    if workers:
        return workers
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_worker: Processor | None = None
_UNDECIDED = "undecided"  # a worker's answer for a message it could not prepare


def _worker_start(config: Config, poller: int) -> None:
    """Open the registry read-only and load what the first decision would (the profile,
    the Thai dictionary), so a worker that says it started decides at full speed."""
    from rules import triage

    global _worker
    threading.Thread(target=_exit_with, args=(poller,), daemon=True).start()
    engine = make_engine(config.database_url, read_only=True)
    _worker = Processor(config, engine=engine)
    triage(act.parse("Subject: ขอรับเงินสงเคราะห์\n\nขอรับเงินสงเคราะห์ครับ".encode()),
           _worker.profile)


def _exit_with(poller: int) -> None:
    """A worker would otherwise outlive a killed poller, waiting for work forever (and
    each of its ~250 MiB with it); it writes nothing, so it may just go."""
    while os.getppid() == poller:
        time.sleep(1)
    os._exit(0)


def _worker_ready() -> None:
    pass


def _worker_prepare(ids: list[int]) -> list[Prepared | str | None]:
    out = []
    for pk in ids:
        try:
            out.append(_worker.prepare(pk, recheck=True))
        except Exception:  # the poller decides it itself and records why it failed
            log.exception("message %s: decision worker failed, left to the poller", pk)
            out.append(_UNDECIDED)
    return out


def parallel_decisions(proc: Processor, ids: list[int], workers: int):
    """(id, disposition) of each message, applied by this process in the order of ids.
    Until a worker has started, and for any chunk not handed to one, the poller decides
    by itself, so starting the workers never holds a poll up; once they run, they get the
    chunks ahead of the poller's. A worker that dies (killed, out of memory) breaks the
    pool: what is left is then decided here, one by one; a chunk a worker could not hand
    back, likewise. (No future is ever cancelled: Python 3.11's pool dies of a cancelled
    future when a worker dies, and leaves the other workers running.)"""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    done = 0
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_start, initargs=(proc.config, os.getpid()))
    try:
        started = [pool.submit(_worker_ready) for _ in range(workers)]
        handed: dict[int, object] = {}  # chunk index -> its future
        for n, chunk in enumerate(chunks):
            if any(f.done() for f in started):  # keep the workers busy ahead of us
                following = max([n, *handed]) + 1
                while sum(1 for k in handed if k > n) < workers * AHEAD \
                        and following < len(chunks):
                    handed[following] = pool.submit(_worker_prepare, chunks[following])
                    following += 1
            future = handed.pop(n, None)
            prepared = [_UNDECIDED] * len(chunk)
            if future is not None:
                try:
                    prepared = future.result()
                except BrokenProcessPool:
                    raise
                except Exception:  # e.g. a result that could not be pickled
                    log.exception("decision workers lost messages %s; deciding them here",
                                  chunk)
            for pk, p in zip(chunk, prepared):
                if isinstance(p, Prepared):
                    outcome = proc.decide(pk, p)
                else:
                    outcome = "" if p is None else proc.decide(pk)
                done += 1
                yield pk, outcome
    except BrokenProcessPool:
        log.warning("a decision worker died; deciding the %d left in this process",
                    len(ids) - done)
        for pk in ids[done:]:
            yield pk, proc.decide(pk)
    finally:
        pool.shutdown(wait=True)


def _move_target_of(msg: Message, mb: MailboxConfig | None) -> str:
    if mb is None or not mb.move_messages:
        return ""
    return mb.junk_folder if msg.disposition == "spam" else mb.processed_folder


def _quick_message_id(raw: bytes) -> str | None:
    """The Message-ID header without a full parse (a hint for clerks and threading)."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    for i, line in enumerate(lines):
        if line[:11].lower() == b"message-id:":
            value = line[11:]
            for cont in lines[i + 1:]:
                if cont[:1] in (b" ", b"\t"):
                    value += cont
                else:
                    break
            text = value.decode("ascii", "replace").strip()
            return text[:998] or None
    return None
