#!/usr/bin/env python
"""Benchmark 2 — latency with IMAP IDLE: APPEND of a message → its acknowledgment at the SMTP sink.

    .venv/bin/python bench/latency.py --messages 200 [--gap 0.5]

A private Dovecot and an in-process SMTP sink (tests/integration/servers.py) that records
when each mail arrives. The same run measures:

  floor     a bare client: imapclient IDLE on INBOX; on EXISTS, UID FETCH the new message
            and send a one-line reply with smtplib to the sink. Nothing else: no store, no
            database, no rules. The least any IDLE-driven processor can take.
  daemon    the real `intake run` (its own process, archive off, scheduled poll at an
            hour): IDLE wakes the poll, which stores, decides, registers, queues the
            acknowledgment and delivers it.

Messages are the corpora's `register` ones (they are acknowledged), each made distinct;
they are APPENDed one at a time over one IMAP connection, `--gap` seconds apart.
The latency of a message is the arrival at the sink of the mail whose In-Reply-To is
its Message-ID, minus the moment just before its APPEND was sent.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    ROOT,
    SHARED_CORPUS,
    md_table,
    median,
    percentile,
    section_head,
    vary,
    write_section,
)

from tests.integration.servers import DovecotServer, SmtpSink, find_binary

PASSWORD_ENV = "INTAKE_BENCH_IMAP_PASSWORD"
DAEMON_LOG: list[str] = []  # the daemon's warnings about skipped runs and errors


class TimedList(list):
    """The sink's message list, noting the arrival time of each accepted mail."""

    def __init__(self):
        super().__init__()
        self.times: list[float] = []

    def append(self, item) -> None:
        self.times.append(time.monotonic())
        super().append(item)

    def clear(self) -> None:
        self.times.clear()
        super().clear()


def register_sources() -> list[bytes]:
    out = []
    for folder, index in ((ROOT / "tests" / "corpus", "expected.jsonl"),
                          (SHARED_CORPUS, "manifest.jsonl")):
        path = folder / index
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("disposition") == "register" and not row.get("reply_to_case"):
                out.append((folder / row["file"]).read_bytes())
    return out


def messages(count: int, tag: str) -> list[tuple[str, bytes]]:
    sources = register_sources()
    out = []
    for i in range(count):
        # every sender tagged: the per-address reply cap (5 a day) must not hide acks
        raw = vary(sources[i % len(sources)], i, tag, tag_all_senders=True)
        out.append((f"<bench-{tag}-{i:07d}@bench.invalid>", raw))
    return out


def arrivals(sink: SmtpSink) -> dict[str, float]:
    """In-Reply-To of each mail at the sink → its arrival time (first one counts)."""
    out: dict[str, float] = {}
    for captured, when in zip(list(sink.messages), list(sink.messages.times)):
        msg = email.message_from_bytes(captured.data, policy=email.policy.compat32)
        parent = (msg["In-Reply-To"] or "").strip()
        if parent and parent not in out:
            out[parent] = when
    return out


def append_all(account, batch: list[tuple[str, bytes]], gap: float) -> dict[str, float]:
    sent: dict[str, float] = {}
    with account.imap() as conn:
        for mid, raw in batch:
            sent[mid] = time.monotonic()
            typ, data = conn.append("INBOX", None, None, raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND failed: {data!r}")
            time.sleep(gap)
    return sent


def wait_for(sink: SmtpSink, ids, seconds: float) -> dict[str, float]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = arrivals(sink)
        if all(i in got for i in ids):
            return got
        time.sleep(0.2)
    return arrivals(sink)


def latencies(sent: dict[str, float], got: dict[str, float]) -> tuple[list[float], int]:
    """Seconds per message; a message never answered counts as infinitely late."""
    values = [got[m] - t if m in got else float("inf") for m, t in sent.items()]
    return values, sum(1 for m in sent if m not in got)


# ------------------------------------------------------------------ the floor ----
def bare_floor(account, sink: SmtpSink, batch, gap: float) -> tuple[list[float], int]:
    stop = threading.Event()
    ready = threading.Event()

    def watcher():
        client = account.client()
        client.select_folder("INBOX")
        last = max(client.search(["ALL"]) or [0])
        ready.set()
        while not stop.is_set():
            client.idle()
            client.idle_check(timeout=1)
            client.idle_done()
            new = [u for u in client.search(["UID", f"{last + 1}:*"]) if u > last]
            if not new:
                continue
            last = max(new)
            data = client.fetch(new, ["BODY.PEEK[]"])
            with smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp:
                for uid in new:
                    msg = email.message_from_bytes(data[uid][b"BODY[]"], policy=email.policy.default)
                    mid = (msg["Message-ID"] or "").strip()
                    reply = (f"From: floor@bench.invalid\r\nTo: x@bench.invalid\r\n"
                             f"In-Reply-To: {mid}\r\nSubject: ack\r\n\r\nok\r\n")
                    smtp.sendmail("floor@bench.invalid", ["x@bench.invalid"], reply.encode())
        client.logout()

    t = threading.Thread(target=watcher, daemon=True)
    t.start()
    ready.wait(10)
    sent = append_all(account, batch, gap)
    got = wait_for(sink, sent, 30)
    stop.set()
    t.join(5)
    return latencies(sent, got)


# ------------------------------------------------------------------ the daemon ----
def write_config(workdir: Path, account, sink: SmtpSink) -> Path:
    os.environ[PASSWORD_ENV] = account.password
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "config.toml"
    path.write_text(f"""
[database]
url = "sqlite:///{workdir / 'intake.db'}"
[store]
path = "{workdir / 'store'}"
[outbox]
transport = "smtp"
smtp_host = "127.0.0.1"
smtp_port = {sink.port}
smtp_security = "plain"
timeout = 20
backoff_seconds = 1
[archive]
enabled = false
[scheduler]
poll_interval = 3600
deliver_interval = 3600
idle = true
[mailboxes.saraban]
kind = "imap"
host = "127.0.0.1"
port = {account.port}
security = "plain"
username = "{account.user}"
password_env = "{PASSWORD_ENV}"
timeout = 20
""", encoding="utf-8")
    return path


def daemon_run(workdir: Path, account, sink: SmtpSink, batch, gap: float):
    config = write_config(workdir, account, sink)
    log = open(workdir / "daemon.log", "w")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    daemon = subprocess.Popen([sys.executable, "-m", "intake.cli", "run", "--config", str(config)],
                              cwd=workdir, env=env, stdout=log, stderr=log)
    try:
        # warm: the first scheduled poll runs at start (creates Processed); then one
        # message through, so imports and the segmenter's dictionary are loaded
        deadline = time.monotonic() + 60
        while "Processed" not in account.folders():
            if time.monotonic() > deadline or daemon.poll() is not None:
                raise RuntimeError("the daemon never polled; see " + str(workdir / "daemon.log"))
            time.sleep(0.2)
        time.sleep(5)  # let that first poll end: a wake-up during a poll is lost (see doc)
        warm = messages(1, "latwarm")
        append_all(account, warm, 0)
        if warm[0][0] not in wait_for(sink, [warm[0][0]], 60):
            raise RuntimeError("warm-up message was never acknowledged")
        time.sleep(1)
        sent = append_all(account, batch, gap)
        got = wait_for(sink, sent, 60)
        return latencies(sent, got)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
        log.close()
        skipped = [line for line in (workdir / "daemon.log").read_text().splitlines()
                   if "skipped" in line or "ERROR" in line]
        DAEMON_LOG[:] = skipped


def summary(values: list[float]) -> list[str]:
    return [f"{median(values):.3f}", f"{percentile(values, 95):.3f}", f"{max(values):.3f}"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=200)
    ap.add_argument("--gap", type=float, default=0.5, help="seconds between APPENDs")
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args(argv)
    binary = find_binary("dovecot")
    if not binary:
        print("dovecot not found", file=sys.stderr)
        return 2
    server = DovecotServer(binary)
    server.start()
    sink = SmtpSink()
    sink.messages = TimedList()
    sink.start()
    workdir = Path(tempfile.mkdtemp(prefix="intake-bench-latency-"))
    try:
        floor, floor_lost = bare_floor(server.add_user(), sink,
                                       messages(args.messages, "latfloor"), args.gap)
        print(f"floor (bare IDLE + fetch + smtplib): median {median(floor):.3f} s, "
              f"p95 {percentile(floor, 95):.3f} s, lost {floor_lost}", flush=True)
        sink.reset()
        lat, lost = daemon_run(workdir, server.add_user(), sink,
                               messages(args.messages, "lat"), args.gap)
        print(f"intake run: median {median(lat):.3f} s, p95 {percentile(lat, 95):.3f} s, "
              f"max {max(lat):.3f} s, not acknowledged {lost}", flush=True)
        for line in DAEMON_LOG[:10]:
            print("  daemon:", line)
    finally:
        sink.stop()
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
    p95 = percentile(lat, 95)
    print(f"p95 {p95:.3f} s (goal < 2 s); floor p95 {percentile(floor, 95):.3f} s")
    if args.no_doc:
        return 0
    body = section_head("2. Latency with IMAP IDLE (APPEND → acknowledgment at the SMTP sink)",
                        f".venv/bin/python bench/latency.py --messages {args.messages} "
                        f"--gap {args.gap}")
    body += "\n" + md_table(
        ["", "messages", "median s", "p95 s", "max s", "not answered"],
        [["floor: bare IDLE client, fetch + stdlib parse + smtplib reply", args.messages,
          *summary(floor), floor_lost],
         ["**`intake run`** (IDLE → poll → decide → register → outbox → SMTP)",
          args.messages, *summary(lat), lost]])
    body += (f"\n\n**p95 {p95:.2f} s (goal < 2 s); {p95 / max(percentile(floor, 95), 1e-9):.1f}x "
             f"the floor's p95.** One APPEND every {args.gap} s over one IMAP connection; "
             "the latency runs from just before the APPEND is sent to the acknowledgment's "
             "arrival at the sink (matched by In-Reply-To). Dovecot's "
             "imap_idle_notify_interval is 1 s in the test configuration. A message never "
             "answered within 60 s counts as infinitely late.\n")
    if DAEMON_LOG:
        body += ("\nThe daemon's log in this run (APScheduler skipping a poll because one is "
                 f"already running — {len(DAEMON_LOG)} lines, first ones):\n\n```\n"
                 + "\n".join(line[:220] for line in DAEMON_LOG[:3]) + "\n```\n")
    write_section("latency", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
