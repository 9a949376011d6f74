"""Decisions in worker processes (scheduler.decide_workers) come out as in one process: the
same disposition, mail and registration number for every message (the poller commits in
arrival order), even for a reply whose case an earlier message of the same poll opens;
and a worker killed half-way loses nothing (what it left is decided by the poller)."""
from __future__ import annotations

import email
import email.policy
import mailbox
import os
import re
import signal
import threading
import time
from collections import Counter
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from intake import config as cfgmod
from intake.pipeline import Processor
from registry.models import Message, OutboxItem, ReceiveEntry

from .spine_helpers import corpus_files, default_database_url

pytestmark = [pytest.mark.integration, pytest.mark.any_database]

OWN_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _mail(copies: int = 1) -> list[bytes]:
    """The shared and the own corpus, each copy with its own Message-ID and sender."""
    files = corpus_files() + sorted(OWN_CORPUS.glob("e*.eml"))
    out = []
    for n in range(copies):
        for f in files:
            raw = f.read_bytes()
            if n:
                raw = re.sub(rb"(?im)^(Message-ID:\s*<)", rb"\g<1>copy%d." % n, raw, count=1)
                raw = re.sub(rb"(?im)^(From:.*?<?)([\w.+-]+)@", rb"\g<1>\g<2>+c%d@" % n, raw,
                             count=1)
            out.append(raw)
    return out


def _processor(tmp: Path, mail: list[bytes], workers: int, db: str | None = None) -> Processor:
    tmp.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(tmp / "Maildir", create=True)
    for raw in mail:
        box.add(raw)
    cfg = cfgmod.from_dict({
        "database": {"url": db or default_database_url()}, "store": {"path": "store"},
        "archive": {"enabled": False},
        "scheduler": {"decide_workers": workers, "parallel_from": 1},
        "mailboxes": {"m": {"kind": "maildir", "path": str(tmp / "Maildir")}},
    }, base_dir=tmp)
    return Processor(cfg)


def _follow_up(raw: bytes, n: int) -> bytes:
    """A short reply from the same sender to `raw` (In-Reply-To its Message-ID): it
    continues the case `raw` opened, which only the register says."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    reply = EmailMessage()
    reply["From"] = msg["From"]
    reply["To"] = msg["To"] or "saraban@phetchaburi.m-society.go.th"
    reply["Subject"] = f"Re: {msg['Subject'] or ''}"
    reply["Message-ID"] = f"<follow-up-{n}@pardec.invalid>"
    reply["In-Reply-To"] = msg["Message-ID"]
    reply["Date"] = "Mon, 16 Nov 2026 10:00:00 +0700"
    reply.set_content("ส่งเอกสารเพิ่มเติมตามที่แจ้งไว้ค่ะ ขอบคุณค่ะ")
    return reply.as_bytes()


def _mbox_processor(tmp: Path, mail: list[bytes], workers: int) -> Processor:
    """An mbox keeps the order mail was added: the arrival order of both runs is the same."""
    tmp.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(tmp / "in.mbox", create=True)
    for raw in mail:
        box.add(raw)
    box.flush()
    cfg = cfgmod.from_dict({
        "database": {"url": f"sqlite:///{tmp / 'intake.db'}"}, "store": {"path": "store"},
        "archive": {"enabled": False},
        "scheduler": {"decide_workers": workers, "parallel_from": 1},
        "mailboxes": {"m": {"kind": "mbox", "path": str(tmp / "in.mbox")}},
    }, base_dir=tmp)
    return Processor(cfg)


def _register(proc: Processor) -> list[tuple]:
    """(Message-ID, disposition, number, case) in arrival order (message ids)."""
    with proc.factory() as s:
        rows = s.execute(select(Message.header_message_id, Message.disposition,
                                ReceiveEntry.number, ReceiveEntry.case_ref)
                         .outerjoin(ReceiveEntry, ReceiveEntry.message_pk == Message.id)
                         .order_by(Message.id)).all()
    return [tuple(r) for r in rows]


def test_numbers_follow_arrival_whatever_the_workers(tmp_path):
    mail = []
    for n, raw in enumerate(_mail()):
        mail.append(raw)
        if n % 3 == 0:  # its reply right behind it, likely prepared before it is committed
            mail.append(_follow_up(raw, n))
    serial = _mbox_processor(tmp_path / "serial", mail, workers=1)
    assert serial.poll(serial.config.mailboxes[0]).decision_workers == 1
    parallel = _mbox_processor(tmp_path / "parallel", mail, workers=3)
    report = parallel.poll(parallel.config.mailboxes[0])
    assert report.decision_workers == 3 and report.decided == len(mail)
    a, b = _register(serial), _register(parallel)
    assert [r[0] for r in a] == [r[0] for r in b]  # the same arrival order
    assert b == a
    numbers = [r[2] for r in b if r[2] is not None]
    assert numbers == list(range(1, len(numbers) + 1))  # arrival order, no gap
    continued = [r for r in b if r[0].startswith("<follow-up-") and r[3]]
    assert continued, "no follow-up continued its case: the test lost its point"


def _outcome(proc: Processor) -> dict:
    with proc.factory() as s:
        msgs = list(s.scalars(select(Message)))
        kinds = Counter()
        for item in s.scalars(select(OutboxItem)):  # a case's notice has no message of its own
            kinds[item.message_pk or f"case {item.case_id}", item.kind] += 1
        numbers = sorted(s.scalars(select(ReceiveEntry.number)))
        return {
            "states": Counter(m.state for m in msgs),
            "by_id": {m.header_message_id: (m.disposition, sorted(k for (pk, k) in kinds
                                                                  if pk == m.id))
                      for m in msgs},
            "numbers": numbers,
            "twice": [key for key, n in kinds.items() if n > 1],
        }


def test_parallel_decisions_are_the_serial_ones(tmp_path):
    mail = _mail()
    serial = _processor(tmp_path / "serial", mail, workers=1)
    serial.poll(serial.config.mailboxes[0])
    parallel = _processor(tmp_path / "parallel", mail, workers=2,
                          db=f"sqlite:///{tmp_path / 'parallel.db'}")
    assert parallel.poll(parallel.config.mailboxes[0]).decision_workers == 2
    a, b = _outcome(serial), _outcome(parallel)
    assert a["states"] == b["states"] == Counter(done=len(mail))
    assert a["by_id"] == b["by_id"]
    assert b["numbers"] == list(range(1, len(b["numbers"]) + 1)) and b["numbers"]
    assert b["twice"] == []


def _decision_workers(parent: int | None = None) -> list[int]:
    me, found = parent or os.getpid(), []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (d / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == me and b"spawn_main" in cmd:
            found.append(int(d.name))
    return found


def test_a_worker_killed_half_way_loses_nothing(tmp_path):
    mail = _mail(copies=4)
    proc = _processor(tmp_path, mail, workers=2)
    done = threading.Event()
    killed: list[int] = []

    def kill_one_when_busy():
        deadline = time.monotonic() + 120
        while not done.is_set() and time.monotonic() < deadline:
            with proc.factory() as s:
                decided = s.scalar(select(Message.id).where(Message.state == "decided")
                                   .limit(1))
            workers = _decision_workers()
            if decided and workers:
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_when_busy)
    killer.start()
    try:
        report = proc.poll(proc.config.mailboxes[0])
    finally:
        done.set()
        killer.join()
    assert killed, "no decision worker was seen busy"
    out = _outcome(proc)
    assert out["states"] == Counter(done=len(mail)), out["states"]
    assert report.decided == len(mail) and report.failed == 0
    assert out["numbers"] == list(range(1, len(out["numbers"]) + 1))
    assert out["twice"] == []


def test_the_workers_of_a_killed_poller_go_too(tmp_path):
    """SIGKILL leaves the poller no time to stop its workers: they notice and exit."""
    import subprocess
    import sys

    proc = _mbox_processor(tmp_path, _mail(copies=2), workers=2)
    config = tmp_path / "config.toml"
    config.write_text(f"""[database]
url = "{proc.config.database_url}"
[store]
path = "store"
[archive]
enabled = false
[scheduler]
decide_workers = 2
parallel_from = 1
[mailboxes.m]
kind = "mbox"
path = "{tmp_path / 'in.mbox'}"
""", encoding="utf-8")
    poller = subprocess.Popen([sys.executable, "-m", "intake.cli", "poll", "--once", "--config",
                               str(config)], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _decision_workers(poller.pid)
            time.sleep(0.1)
        assert len(workers) == 2, "the poller never started its workers"
    finally:
        poller.kill()
        poller.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
