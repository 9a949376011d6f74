"""Decisions in worker processes (scheduler.decide_workers) come out as in one process: the
same disposition and mail for every message, numbers gap-free; and a worker killed half-way
loses nothing (what it left is decided by the poller)."""
from __future__ import annotations

import mailbox
import os
import re
import signal
import threading
import time
from collections import Counter
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


def _decision_workers() -> list[int]:
    me, found = os.getpid(), []
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
