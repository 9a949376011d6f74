"""The intake spine against a real Dovecot and a real SMTP server (aiosmtpd).

Each test puts real messages into a real IMAP mailbox and runs the processor as an
operator would (the `intake` command, or the Processor the daemon uses), then checks
what a registry clerk cares about: every message taken once, registered at most once,
each reply sent once, nothing missing, the mailbox changed only after the local work.
"""
from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.outbox.deliver import deliver_due
from intake.pipeline import Processor
from registry.models import Event, FolderState, Message, OutboxItem, SendEntry
from registry.registers import NUMBERED_KINDS, export_rows

from .spine_helpers import (
    ROOT,
    corpus_files,
    counts,
    load,
    manifest,
    receive_numbers,
    registered_message_ids,
    run_cli,
    write_config,
)

pytestmark = [pytest.mark.integration, pytest.mark.any_database]

REGISTERED = {"register", "wrong_channel"}
# the mail each disposition may cause (procedure.md step 1-2, step 3 for identity)
ALLOWED_MAIL = {"register": {"acknowledgment", "identity_proofing"},
                "wrong_channel": {"wrong_channel"}, "out_of_authority": {"out_of_authority"},
                "forward": {"forward", "forwarded_notice"}}


def _fill(dovecot, files, folder="INBOX", flags=()):
    for f in files:
        dovecot.append(folder, f.read_bytes(), flags=flags)


def _processor(cfg_path, **kw):
    return Processor(load(cfg_path), **kw)



def test_poll_once_takes_every_corpus_message_exactly_once(tmp_path, dovecot, smtp_sink):
    files = corpus_files()
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink)

    first = run_cli("poll", "--once", config=cfg)
    assert f"fetched {len(files)} (new {len(files)})" in first.stdout
    second = run_cli("poll", "--once", config=cfg)
    assert "fetched 0" in second.stdout

    proc = _processor(cfg)
    c = counts(proc.factory)
    assert c["messages"] == len(files)
    assert c["states"] == {"done": len(files)}  # decided and moved, nothing left over
    with proc.factory() as s:
        dispositions = Counter(s.scalars(select(Message.disposition)))
    # the receive register holds exactly the messages whose disposition registers them
    assert c["receive"] == sum(n for d, n in dispositions.items() if d in REGISTERED)
    numbers = receive_numbers(proc.factory)
    assert [n for _, n in numbers] == list(range(1, len(numbers) + 1))  # gap-free from 1
    # each reply arrived once at the SMTP server, and each is in the send register
    with proc.factory() as s:
        sent_kinds = s.execute(select(Message.disposition, OutboxItem.kind)
                               .join(OutboxItem, OutboxItem.message_pk == Message.id)).all()
    assert len(smtp_sink.messages) == c["outbox"]
    # the send register numbers the letters (the forward); acknowledgments are logged mail
    assert c["send"] == counts(proc.factory)["letters"] > 0
    for disposition, kind in sent_kinds:  # spam, machine and review mail is never answered
        assert kind in ALLOWED_MAIL.get(disposition, set()), (disposition, kind)
    assert {k for _, k in sent_kinds} >= {"acknowledgment", "forward"}
    ids = [email.message_from_bytes(m.data)["Message-ID"].strip() for m in smtp_sink.messages]
    assert len(set(ids)) == len(ids)
    # the mailbox: INBOX emptied only now, spam in Junk, the rest in Processed
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("Junk")) == dispositions.get("spam", 0)
    assert len(dovecot.uids("Processed")) == len(files) - dispositions.get("spam", 0)


def test_every_sent_mail_is_ours_and_logged(tmp_path, dovecot, smtp_sink):
    _fill(dovecot, corpus_files()[:6])
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg)
    proc = _processor(cfg)
    assert smtp_sink.messages, "the first six corpus messages cause at least one reply"
    s = proc.factory()
    items = {o.rfc_message_id: o for o in s.scalars(select(OutboxItem))}
    numbered = 0
    for captured in smtp_sink.messages:
        msg = email.message_from_bytes(captured.data, policy=email.policy.default)
        assert msg["Auto-Submitted"] in ("auto-replied", "auto-generated")
        assert msg["Message-ID"].strip().endswith("@phetchaburi.m-society.go.th>")
        assert captured.mail_from == "saraban@phetchaburi.m-society.go.th"
        item = items[msg["Message-ID"].strip()]  # the mail log on the message names it
        assert item.state == "sent" and (item.message_pk or item.case_id)
        if item.kind not in NUMBERED_KINDS:  # an acknowledgment is no letter: no number
            assert item.send_entry_id is None
            continue
        numbered += 1
        entry = s.get(SendEntry, item.send_entry_id)
        assert entry.doc_number.startswith("พบ ๐๐๒๒/")
        cover = msg.get_body(("plain",)).get_content()
        assert f"ที่ {entry.doc_number}\n" in cover and "\nวันที่ " in cover  # its ที่, its date
        action = {r["number"]: r for r in export_rows(s, "send")}[entry.number]["action"]
        assert captured.rcpt_tos[0] in action  # การปฏิบัติ: the address it went to
    s.close()
    assert numbered == counts(proc.factory)["send"]


def test_seen_is_not_the_queue_and_peek_leaves_flags_alone(tmp_path, dovecot, smtp_sink):
    files = corpus_files()[:3]
    _fill(dovecot, files[:1], flags=(r"\Seen",))  # a clerk already opened this one
    _fill(dovecot, files[1:])
    cfg = write_config(tmp_path, dovecot, smtp_sink, move_messages=False)
    run_cli("poll", "--once", config=cfg)
    proc = _processor(cfg)
    assert counts(proc.factory)["messages"] == 3
    flags = {uid: f for uid, _, f, _ in dovecot.messages("INBOX")}
    # BODY.PEEK[] never set \Seen on the two unread ones
    assert sum(1 for f in flags.values() if "\\Seen" in f) == 1


def test_uidvalidity_change_reconciles_by_content_not_reimport(tmp_path, dovecot, smtp_sink):
    files = corpus_files()[:5]
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink, move_messages=False)
    run_cli("poll", "--once", config=cfg)
    proc = _processor(cfg)
    before = counts(proc.factory)
    sent_before = len(smtp_sink.messages)

    old, new = dovecot.set_uidvalidity_change("INBOX")
    assert old != new
    run_cli("poll", "--once", config=cfg)
    after = counts(proc.factory)
    assert after["messages"] == before["messages"]  # same content: no new message
    assert after["receive"] == before["receive"]  # nothing registered twice
    assert len(smtp_sink.messages) == sent_before  # nothing answered twice
    assert after["locations"] == 2 * before["locations"]  # the new UIDs are remembered
    with proc.factory() as s:
        fs = s.get(FolderState, ("saraban", "INBOX"))
        assert fs.uidvalidity == new
        assert s.scalar(select(Event).where(Event.kind == "uidvalidity_changed")) is not None
    # and mail arriving after the change is still taken
    _fill(dovecot, corpus_files()[5:6])
    run_cli("poll", "--once", config=cfg)
    assert counts(proc.factory)["messages"] == before["messages"] + 1


def _killed_run(cfg, stage: str) -> int:
    """Run the processor in its own process and SIGKILL it right after `stage`."""
    script = textwrap.dedent(f"""
        import os, signal
        from intake import config
        from intake.pipeline import Processor, PollReport
        cfg = config.load({str(cfg)!r})
        proc = Processor(cfg)
        mb = cfg.mailboxes[0]
        if {stage!r} == "stored":
            from intake.fetch import open_source
            with open_source(mb) as src:
                proc.fetch_new(src, mb, PollReport(mailbox=mb.name))
        else:
            proc.poll(mb)   # decided, registered, outbox written; nothing sent yet
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, timeout=300)
    return p.returncode


@pytest.mark.parametrize("stage", ["stored", "decided"])
def test_killed_mid_way_the_next_run_finishes_without_duplicates(tmp_path, dovecot,
                                                                 smtp_sink, stage):
    files = corpus_files()
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    assert _killed_run(cfg, stage) == -signal.SIGKILL
    proc = _processor(cfg)
    mid = counts(proc.factory)
    assert mid["messages"] == len(files)  # stored before the kill: nothing lost
    assert not smtp_sink.messages
    if stage == "stored":
        assert mid["states"] == {"stored": len(files)} and mid["receive"] == 0
        assert len(dovecot.uids("INBOX")) == len(files)  # mailbox untouched before commit

    run_cli("poll", "--once", config=cfg)
    run_cli("poll", "--once", config=cfg)
    end = counts(proc.factory)
    assert end["messages"] == len(files)
    assert end["states"] == {"done": len(files)}
    with proc.factory() as s:
        regs = Counter(s.scalars(select(Message.disposition)))
    assert end["receive"] == sum(n for d, n in regs.items() if d in REGISTERED)
    ids = registered_message_ids(proc.factory)
    assert len(ids) == len(set(ids))
    assert len(smtp_sink.messages) == end["outbox"]
    assert end["send"] == counts(proc.factory)["letters"]  # a number per letter, none twice
    if stage == "decided":
        assert mid["receive"] == end["receive"]  # registered once, before the kill
    assert "receive: ok" in run_cli("register", "verify", config=cfg).stdout  # chain whole


def test_imap_server_restarted_mid_fetch_loses_nothing(tmp_path, dovecot, smtp_sink):
    files = corpus_files()[:8]
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink, batch_size=2)
    restarted = []

    def restart_after_first(label, items, length):
        for i, item in enumerate(items):
            yield item
            if "fetch" in label and i == 2 and not restarted:
                restarted.append(True)
                dovecot.restart()

    proc = _processor(cfg, progress=restart_after_first)
    report = proc.poll(proc.config.mailboxes[0])
    assert restarted and report.error  # the poll noticed the connection drop
    proc2 = _processor(cfg)
    report2 = proc2.poll(proc2.config.mailboxes[0])
    assert report2.error is None
    deliver_due(proc2)
    c = counts(proc2.factory)
    assert c["messages"] == len(files)
    assert c["states"] == {"done": len(files)}
    assert len(smtp_sink.messages) == c["outbox"]


def test_smtp_down_then_refusing_one_recipient(tmp_path, dovecot, smtp_sink):
    files = corpus_files()
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    now = [None]
    proc = _processor(cfg)
    base_clock = proc.clock
    proc.clock = lambda: now[0] or base_clock()
    with smtp_sink.down():
        proc.poll(proc.config.mailboxes[0])
        first = deliver_due(proc)
    queued = counts(proc.factory)["outbox"]
    assert queued > 1 and first.sent == 0 and first.deferred >= 1
    with proc.factory() as s:
        victim = s.scalars(select(OutboxItem).order_by(OutboxItem.id)).first().recipients[0]
    smtp_sink.reject_recipient(victim)
    now[0] = base_clock() + timedelta(hours=1)  # past the backoff
    second = deliver_due(proc)
    with proc.factory() as s:
        states = Counter(s.scalars(select(OutboxItem.state)))
    assert states["failed"] >= 1 and "pending" not in states and "sending" not in states
    assert second.failed == states["failed"]
    assert len(smtp_sink.messages) == states["sent"]
    assert counts(proc.factory)["send"] == counts(proc.factory)["letters"]
    status = run_cli("status", config=cfg).stdout
    assert "outbox failed:" in status
    # the failure is visible and retryable by a person
    smtp_sink.recover()
    run_cli("retry", "--outbox", config=cfg)
    run_cli("deliver", config=cfg)
    assert len(smtp_sink.messages) == queued


BAD_MESSAGES = {
    "unknown_charset": (b"From: a@example.com\r\nTo: saraban@phetchaburi.m-society.go.th\r\n"
                        b"Subject: =?x-unknown?B?4Liq4Lin4Lix4Liq4LiU4Li1?=\r\n"
                        b"Content-Type: text/plain; charset=x-unknown\r\n\r\n\xe0\xb8\xaa\r\n"),
    "broken_mime": (b"From: b@example.com\r\nTo: saraban@phetchaburi.m-society.go.th\r\n"
                    b"Subject: broken\r\nMIME-Version: 1.0\r\n"
                    b"Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\n"
                    b"Content-Type: text/plain\r\n\r\nno end boundary, truncated part"),
    "no_message_id": (b"From: c@example.com\r\nTo: saraban@phetchaburi.m-society.go.th\r\n"
                      b"Subject: no id\r\n\r\nhello\r\n"),
    "undisclosed": (b"From: d@example.com\r\nTo: unlisted-recipients:;\r\n"
                    b"Subject: group syntax\r\nMessage-ID: <g@example.com>\r\n\r\nhi\r\n"),
}


def _big_message() -> bytes:
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = ("big@example.com", "saraban@phetchaburi.m-society.go.th",
                                        "ส่งเอกสารขนาดใหญ่")
    m.set_content("แนบไฟล์สแกนค่ะ")
    m.add_attachment(os.urandom(25 * 1024 * 1024), maintype="application",
                     subtype="octet-stream", filename="scan.bin")
    return m.as_bytes()


def test_bad_input_is_kept_and_never_blocks_the_rest(tmp_path, dovecot, smtp_sink):
    raws = [*BAD_MESSAGES.values(), _big_message(), corpus_files()[0].read_bytes()]
    for raw in raws:
        dovecot.append("INBOX", raw)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg, timeout=600)
    proc = _processor(cfg)
    with proc.factory() as s:
        msgs = list(s.scalars(select(Message)))
    assert len(msgs) == len(raws)  # every one kept
    for m in msgs:
        # raw bytes kept exactly, and each ends decided (or failed with a reason)
        assert proc.store.get(m.sha256)
        assert m.state in ("done", "failed"), (m.id, m.state)
        if m.state == "failed":
            assert m.error and m.traceback
    # the good corpus message after the bad ones went through
    assert any(m.header_message_id == manifest_id(corpus_files()[0]) and m.state == "done"
               for m in msgs)


def manifest_id(path) -> str:
    return email.message_from_bytes(path.read_bytes())["Message-ID"].strip()


def test_register_export_prints_the_rows(tmp_path, dovecot, smtp_sink):
    _fill(dovecot, corpus_files())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg)
    out = run_cli("register", "export", "--register", "receive", "--year", "2569",
                  "--format", "json", config=cfg).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    proc = _processor(cfg)
    assert len(rows) == counts(proc.factory)["receive"] > 0
    for key in ("number", "year", "registered_at", "doc_number", "doc_date", "sender",
                "recipient", "subject", "action", "remarks"):
        assert key in rows[0]
    assert [r["number"] for r in rows] == list(range(1, len(rows) + 1))
    csv_out = run_cli("register", "export", "--register", "send", "--year", "2026",
                      "--format", "csv", config=cfg).stdout.splitlines()
    assert csv_out[0].startswith("เลขทะเบียน,ปี ค.ศ.,วันที่ลงทะเบียน")  # the register's Thai columns
    assert len(csv_out) - 1 == counts(proc.factory)["send"]


def test_corpus_dispositions_end_to_end(tmp_path, dovecot, smtp_sink):
    """The manifest's outcome for each corpus message, through Dovecot and the SMTP sink."""
    expected = manifest()
    if not expected:
        pytest.skip("shared corpus manifest not available")
    files = corpus_files()
    _fill(dovecot, files)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg)
    proc = _processor(cfg)
    by_id = {manifest_id(f): expected[f.name] for f in files}
    with proc.factory() as s:
        got = {m.header_message_id: m for m in s.scalars(select(Message))}
    for mid, exp in by_id.items():
        assert got[mid].disposition == exp["disposition"], (exp["file"], got[mid].decision)
    sent_to = Counter(rcpt for m in smtp_sink.messages for rcpt in m.rcpt_tos)
    for exp in expected.values():
        if exp["disposition"] == "forward":
            assert sent_to[exp["forward_to"]] >= 1


def test_the_same_mail_twice_is_one_message_registered_once(tmp_path, dovecot, smtp_sink):
    expected = manifest()
    reg = [f for f in corpus_files() if expected.get(f.name, {}).get("disposition") == "register"]
    raw = (reg or corpus_files())[0].read_bytes()
    dovecot.append("INBOX", raw)
    dovecot.append("INBOX", raw)  # delivered twice (a resend, a second address)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg)
    proc = _processor(cfg)
    c = counts(proc.factory)
    assert (c["messages"], c["locations"]) == (1, 2)  # UID key differs, sha256 is the same
    assert c["receive"] <= 1 and len(smtp_sink.messages) == c["outbox"] <= 1
    assert dovecot.uids("INBOX") == []  # both copies moved


def test_a_failed_message_is_visible_and_retried_by_a_person(tmp_path, dovecot, smtp_sink):
    f = corpus_files()[0]
    dovecot.append("INBOX", f.read_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    proc = _processor(cfg)
    from intake.fetch import open_source
    from intake.pipeline import PollReport

    mb = proc.config.mailboxes[0]
    with open_source(mb) as src:
        proc.fetch_new(src, mb, PollReport(mailbox=mb.name))
    with proc.factory() as s:
        msg = s.scalar(select(Message))
    stored = proc.store.path(msg.sha256)
    good = stored.read_bytes()
    stored.write_bytes(good + b"tampered")  # the store is damaged under the message
    for _ in range(4):  # the automatic retries of later polls
        assert proc.decide(msg.id) is None
    assert msg.id not in proc.pending_ids()  # after them, it waits for a person
    with proc.factory() as s:
        failed = s.get(Message, msg.id)
        assert failed.state == "failed" and "does not match its hash" in failed.error
        assert "Traceback" in failed.traceback
    assert "failed #" in run_cli("status", "--failed", config=cfg).stdout
    stored.write_bytes(good)  # an operator restores the file from backup
    out = run_cli("retry", config=cfg).stdout
    assert "decided 1" in out
    run_cli("poll", "--once", config=cfg)
    assert counts(proc.factory)["states"] == {"done": 1}
