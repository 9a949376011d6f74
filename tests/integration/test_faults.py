"""Faults from outside: the IMAP server restarted mid-MOVE, the SMTP server refusing for
ten minutes then refusing one recipient for good, the database gone for a while, the disk
full while a message is stored, LibreOffice hanging on a document, the processor killed
between the SMTP server's "250 accepted" and its own record of it.

Each test checks what a registry clerk cares about afterwards: nothing lost, nothing
registered or sent twice, the failure visible with its reason, and the next run resuming.
(Dovecot restarted mid-FETCH is in test_spine.py.)
"""
from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from intake.fetch.base import MailboxError
from intake.fetch.imap import ImapSource
from intake.outbox.deliver import deliver_due
from intake.pipeline import Processor
from registry.models import FolderState, Message, OutboxItem, utcnow
from tests.convert_fixtures import (  # noqa: F401  (fixtures)
    office,
    office_documents,
)

from .spine_helpers import ROOT, corpus_files, counts, load, run_cli, write_config

pytestmark = [pytest.mark.integration, pytest.mark.any_database]


def _fill(dovecot, files):
    for f in files:
        dovecot.append("INBOX", f.read_bytes())


def _message_ids(raws) -> Counter:
    return Counter((email.message_from_bytes(r)["Message-ID"] or "").strip() for r in raws)


# ------------------------------------------------------------ Dovecot mid-MOVE ----
class _RestartingSource(ImapSource):
    """The real IMAP source; Dovecot is restarted around one MOVE: `after` = the MOVE
    reached the server but its answer was lost with the connection; `before` = the
    server went away before the MOVE of the second folder group."""

    def __init__(self, cfg, dovecot, when: str):
        super().__init__(cfg)
        self.dovecot, self.when, self.moves = dovecot, when, 0

    def move(self, folder, uids, target):
        self.moves += 1
        if self.when == "before" and self.moves == 2:
            self.dovecot.restart()
        super().move(folder, uids, target)
        if self.when == "after" and self.moves == 1:
            self.dovecot.restart()
            raise MailboxError("IMAP move: connection lost before the server's answer")


@pytest.mark.parametrize("when", ["after", "before"])
def test_dovecot_restarted_mid_move(tmp_path, dovecot, smtp_sink, when):
    files = corpus_files()
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    proc = Processor(load(cfg))
    mb = proc.config.mailboxes[0]
    src = _RestartingSource(mb, dovecot, when)
    report = proc.poll(mb, source=src)
    assert report.error and src.moves >= 1  # the poll saw the drop and said so
    mid = counts(proc.factory)
    assert mid["states"].get("decided", 0) >= 1  # some mailbox changes still owed
    assert mid["receive"] > 0

    again = proc.poll(mb)  # the next scheduled poll, a new connection
    assert again.error is None
    deliver_due(proc)
    end = counts(proc.factory)
    assert end["states"] == {"done": len(files)}
    assert end["receive"] == mid["receive"]  # nothing decided twice
    assert dovecot.uids("INBOX") == []
    moved = dovecot.fetch_all("Processed") + dovecot.fetch_all("Junk")
    ids = _message_ids(moved)
    assert sum(ids.values()) == len(files) and max(ids.values()) == 1  # each exactly once
    assert not set(_message_ids(dovecot.fetch_all("Processed"))) & set(
        _message_ids(dovecot.fetch_all("Junk")))
    assert len(smtp_sink.messages) == end["outbox"] == end["sent"]
    assert end["send"] == end["letters"]  # a send number per letter, none twice


# ------------------------------------------------- SMTP 4xx, then 5xx for one ----
def test_smtp_refusing_for_ten_minutes_then_one_recipient_for_good(tmp_path, dovecot,
                                                                     smtp_sink):
    files = corpus_files()
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    now = [utcnow()]
    proc = Processor(load(cfg), clock=lambda: now[0])
    proc.poll(proc.config.mailboxes[0])
    queued = counts(proc.factory)["outbox"]
    assert queued > 1

    smtp_sink.fail_temporarily(None, code=451)  # "try again later" until recover()
    start, attempts = now[0], 0
    while now[0] - start < timedelta(minutes=10):
        r = deliver_due(proc)
        assert r.sent == 0 and r.failed == 0  # a 4xx is never final
        attempts += r.deferred
        now[0] += timedelta(seconds=30)
    assert not smtp_sink.messages
    with proc.factory() as s:
        items = list(s.scalars(select(OutboxItem)))
    assert {i.state for i in items} == {"pending"}
    assert all("451" in (i.last_error or "") for i in items)
    assert attempts > queued  # retried, with backoff, through the ten minutes
    assert all(i.next_attempt_at > now[0] - timedelta(minutes=10) for i in items)

    smtp_sink.recover()
    victim = items[0].recipients[0]
    smtp_sink.reject_recipient(victim)
    now[0] += timedelta(hours=7)  # past the longest backoff
    deliver_due(proc)
    with proc.factory() as s:
        items = list(s.scalars(select(OutboxItem)))
    states = Counter(i.state for i in items)
    to_victim = [i for i in items if victim in i.recipients]
    assert {i.state for i in to_victim} == {"failed"}
    assert all("refused" in i.last_error for i in to_victim)
    assert states["sent"] == len(items) - len(to_victim) == len(smtp_sink.messages)
    assert counts(proc.factory)["sent"] == states["sent"]  # the mail log keeps what left
    assert counts(proc.factory)["send"] == counts(proc.factory)["letters"]
    ids = _message_ids(m.data for m in smtp_sink.messages)
    assert max(ids.values()) == 1  # nothing delivered twice across the whole stretch
    # a later run sends nothing again and does not retry the permanent failure
    now[0] += timedelta(hours=7)
    again = deliver_due(proc)
    assert (again.sent, again.failed) == (0, 0)


# ------------------------------------------------------- the database goes away ----
def _block(postgres_server, dbname: str, blocked: bool) -> None:
    import psycopg

    with psycopg.connect(postgres_server.dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS {str(not blocked).lower()}')
        if blocked:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,))


def test_database_unavailable_for_a_while(tmp_path, dovecot, smtp_sink, postgres_server,
                                          postgres_db_url):
    files = corpus_files()
    _fill(dovecot, files)
    dbname = postgres_db_url.rsplit("/", 1)[1]
    cfg = write_config(tmp_path, dovecot, smtp_sink, database_url=postgres_db_url)
    blocked_at = []

    def block_mid_fetch(label, items, length):
        for i, item in enumerate(items):
            if "fetch" in label and i == 5 and not blocked_at:
                blocked_at.append(i)
                _block(postgres_server, dbname, True)
            yield item

    proc = Processor(load(cfg), progress=block_mid_fetch)  # the daemon's long-lived object
    try:
        with pytest.raises(Exception) as exc_info:
            proc.poll(proc.config.mailboxes[0])
        assert "connection" in str(exc_info.value).lower() or "terminat" in str(
            exc_info.value).lower()
        assert len(dovecot.uids("INBOX")) == len(files)  # the mailbox was not touched

        # while it is down, the command fails with a clear message and changes nothing
        down = run_cli("poll", "--once", config=cfg, check=False)
        assert down.returncode != 0
        assert "ALLOW_CONNECTIONS" in down.stderr or "not currently accepting" in down.stderr \
            or "connection" in down.stderr.lower()
        assert not smtp_sink.messages
    finally:
        _block(postgres_server, dbname, False)

    # a minute later the database is back: the same process goes on, nothing lost
    report = proc.poll(proc.config.mailboxes[0])
    assert report.error is None
    deliver_due(proc)
    c = counts(proc.factory)
    assert c["messages"] == len(files)
    assert c["states"] == {"done": len(files)}
    assert dovecot.uids("INBOX") == []
    assert len(smtp_sink.messages) == c["outbox"] == c["sent"]
    assert c["send"] == c["letters"]  # a send number per letter, none twice
    ids = _message_ids(m.data for m in smtp_sink.messages)
    assert max(ids.values()) == 1


# ------------------------------------------------------------------- disk full ----
def test_disk_full_while_storing_stops_cleanly_and_resumes(tmp_path, dovecot, smtp_sink):
    files = corpus_files()[:8]
    _fill(dovecot, files)
    uids = dovecot.uids("INBOX")
    cfg = write_config(tmp_path, dovecot, smtp_sink, batch_size=3)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "INTAKE_FAULT_ENOSPC_AT": "4"}
    full = subprocess.run([sys.executable, "-m", "tests.fault_injection.enospc", "poll",
                           "--once", "--config", str(cfg)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    assert full.returncode != 0
    assert "No space left on device" in full.stdout + full.stderr  # the reason, for a person

    proc = Processor(load(cfg))
    store = proc.store.root
    with proc.factory() as s:
        msgs = list(s.scalars(select(Message)))
        fs = s.get(FolderState, ("saraban", "INBOX"))
    assert len(msgs) == 3  # the three before the full disk, and no row without its bytes
    for m in msgs:
        assert proc.store.get(m.sha256)
    assert fs.last_uid == uids[2]  # not advanced past the message that was not stored
    assert not list(store.rglob(".tmp-*"))  # no half-written file left behind
    assert len(list(store.rglob("*.eml"))) == 3
    assert len(dovecot.uids("INBOX")) == len(files)  # nothing moved
    assert not smtp_sink.messages

    run_cli("poll", "--once", config=cfg)  # space freed: the next run resumes
    c = counts(proc.factory)
    assert c["messages"] == len(files) and c["states"] == {"done": len(files)}
    assert dovecot.uids("INBOX") == []
    assert len(smtp_sink.messages) == c["outbox"] == c["sent"]
    assert c["send"] == c["letters"]  # a send number per letter, none twice


# ---------------------------------------- killed between "250 accepted" and commit ----
def test_killed_after_the_smtp_server_accepted_sends_nothing_twice(tmp_path, dovecot,
                                                                   smtp_sink):
    """The crash campaign found it: a worker killed after the SMTP server accepted a mail
    but before `_mark_sent` committed left a 'sending' claim that the next worker sent
    again (a second copy for the citizen). Now the attempt records the start of DATA:
    such a mail becomes 'unknown', is never resent automatically, is shown by
    `intake health`, and a person records it as delivered (or sends it again)."""
    _fill(dovecot, corpus_files()[:6])
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", "--no-deliver", config=cfg)
    script = textwrap.dedent(f"""
        import os, signal
        from intake import config
        from intake.outbox import deliver as outbox
        from intake.pipeline import Processor
        def die(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)  # the power goes, right after the 250
        outbox._mark_sent = die
        outbox.deliver_due(Processor(config.load({str(cfg)!r})))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, timeout=120)
    assert p.returncode == -signal.SIGKILL
    assert len(smtp_sink.messages) == 1  # accepted by the server, not recorded by us

    later = utcnow() + timedelta(minutes=10)  # the dead worker's claim has expired
    proc = Processor(load(cfg), clock=lambda: later)
    deliver_due(proc)
    c = counts(proc.factory)
    ids = _message_ids(m.data for m in smtp_sink.messages)
    assert max(ids.values()) == 1, f"delivered twice: {ids.most_common(1)}"
    from registry.models import OutboxItem
    from sqlalchemy import select

    with proc.factory() as s:
        unknown = list(s.scalars(select(OutboxItem).where(OutboxItem.state == "unknown")))
    assert len(unknown) == 1  # only the one in flight; the rest went once each
    assert c["sent"] == len(smtp_sink.messages) - 1
    health = run_cli("health", config=cfg, check=False)
    assert health.returncode == 1 and "unknown delivery" in health.stdout
    run_cli("outbox", "confirm", str(unknown[0].id), "--as", "clerk1", config=cfg)
    assert counts(proc.factory)["sent"] == len(smtp_sink.messages)  # now logged, sent once


# ------------------------------------------------------- LibreOffice hanging ----
@pytest.mark.office
@pytest.mark.browser
def test_libreoffice_hanging_on_a_document_is_killed_and_the_rest_go_on(
        tmp_path, monkeypatch, office, office_documents):  # noqa: F811  (fixtures)
    import mailbox

    from intake.archive import bundle as archive

    from intake.archive import job as archiving
    from intake import config as cfgmod
    from intake.archive.convert import office as office_mod
    from tests.documents.make_documents import message

    docx_mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    hanging, good = office_documents["docx"], office_documents["odt"]
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for i, (name, mime, data) in enumerate([
            ("hangs.docx", docx_mime, hanging),
            ("fine.odt", "application/vnd.oasis.opendocument.text", good),
            ("fine-too.odt", "application/vnd.oasis.opendocument.text", good)]):
        box.add(message(attachments=[(name, mime, data)], subject=f"ขอส่งเอกสาร {i}"))
    cfg = cfgmod.from_dict({
        "database": {"url": "sqlite:///intake.db"}, "store": {"path": "store"},
        "outbox": {"transport": "folder", "folder": "outbox"},
        "mailboxes": {"local": {"kind": "maildir", "path": str(tmp_path / "Maildir")}},
    }, base_dir=tmp_path)
    proc = Processor(cfg)
    proc.poll(cfg.mailboxes[0])
    with proc.factory.begin() as s:  # all three wait for their archive, whatever triage said
        s.execute(update(Message).values(archive_state="pending", archive_attempts=0))

    stopped = []
    real_convert = office_mod.OfficeServer.convert

    def convert(self, data, kind, *, timeout=60):
        if data == hanging:
            if not self.running:
                self.start()
            # LibreOffice stops answering (the whole group: soffice is a wrapper of soffice.bin)
            os.killpg(self._soffice.pid, signal.SIGSTOP)
            stopped.append(self._soffice.pid)
        return real_convert(self, data, kind, timeout=timeout)

    monkeypatch.setattr(office_mod.OfficeServer, "convert", convert)
    real_build = archive.build_archive
    monkeypatch.setattr(archive, "build_archive",
                        lambda *a, **k: real_build(*a, **{**k, "timeout": 8}))
    t0 = time.monotonic()
    result = archiving.archive_pending(proc)
    took = time.monotonic() - t0
    assert stopped, "the hanging document reached LibreOffice"
    with proc.factory() as s:
        msgs = sorted(s.scalars(select(Message)), key=lambda m: m.id)
    flagged = [m for m in msgs if any("longer than" in p for p in (m.archive_problems or []))]
    assert len(flagged) == 1  # the hanging one, with the reason a person reads
    assert "hangs.docx" in " ".join(flagged[0].archive_problems)
    assert flagged[0].archive_state in ("done", "failed")
    others = [m for m in msgs if m is not flagged[0]]
    assert all(m.archive_state == "done" for m in others), [
        (m.archive_state, m.archive_problems) for m in others]
    assert all(not m.archive_problems or not any("fine" in p for p in m.archive_problems)
               for m in others)  # the documents after it converted on a fresh office
    assert result["archived"] + result["failed"] == 3
    assert took < 8 + 120  # killed at its timeout, not waited for
    with pytest.raises(ProcessLookupError):  # the hung office was killed, not left stopped
        for _ in range(50):
            os.killpg(stopped[0], 0)
            time.sleep(0.1)
