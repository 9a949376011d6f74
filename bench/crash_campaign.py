#!/usr/bin/env python
"""Crash campaign: SIGKILL the processor at random moments and prove nothing is lost or doubled.

    .venv/bin/python bench/crash_campaign.py --messages 1000 --kills 50 [--db sqlite|postgres]
                                             [--seed N] [--workers N] [--keep DIR]

It starts its own Dovecot, two SMTP sinks (aiosmtpd) and, with --db postgres, a PostgreSQL
cluster (the classes of tests/integration/servers.py), makes N distinct messages from the
project's corpora (tests/corpus/*.eml and ../shared/corpus/*.eml, each with its own
Message-ID, a subject tag and, for private senders, a +tag on the address), and appends
them to two fresh IMAP accounts:

1. the REFERENCE: one clean `intake poll --once` over the first account, fresh database,
   decisions in the polling process (so its numbers are the order of arrival);
2. the CAMPAIGN: the real `intake` command over the second account, as `poll --once` or as
   the daemon `intake run` (chosen by the seed), SIGKILLed at a random moment (seeded), then
   restarted — until `--kills` kills have landed; then clean runs until the work is done.
   Its polls of scheduler.parallel_from messages or more decide with workers (--workers).

Then it compares the campaign with the reference and prints the figures. A violation is any
of: a message missing from the registry; a message whose disposition, state or registration
number differs from the reference; a message registered twice; receive or send numbers not
unique and gap-free from 1; an outbox row not sent; a mail delivered twice at the SMTP sink
(same Message-ID, or same (recipient, kind, original message)); a reply the reference sent
that the campaign did not (or the reverse); mail left in INBOX, or a message in both
Processed and Junk or twice in one. The exit status is 1 on any violation.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "bench"):  # the project, and the benchmarks' shared helpers
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from _common import _header_span, corpus_sources  # noqa: E402
from tests.integration.servers import (  # noqa: E402  (needs ROOT on sys.path)
    DovecotServer,
    PostgresServer,
    SmtpSink,
    find_binary,
    find_postgres_bindir,
)

PASSWORD_ENV = "INTAKE_CAMPAIGN_IMAP_PASSWORD"
UNIT_DOMAIN = "phetchaburi.m-society.go.th"
LEASE_SECONDS = 1  # a killed poller's lease runs out at once, so the next run is not idle
# (production keeps 300 s: a unit restarts its daemon far less often than this campaign)
SMTP_TIMEOUT = 5


# ------------------------------------------------------------------ the messages ----
def vary(raw: bytes, index: int, seed: int) -> tuple[str, bytes]:
    """A distinct message made from a corpus one: own Message-ID, a subject tag, and for a
    private sender a +tag on the address (so reply caps do not merge them all)."""
    split = re.search(rb"\r?\n\r?\n", raw)
    head, body = (raw[:split.start()], raw[split.start():]) if split else (raw, b"")
    eol = b"\r\n" if b"\r\n" in head else b"\n"
    mid = f"<campaign-{seed}-{index:05d}@crash.invalid>"
    span = _header_span(head, b"Message-ID")
    line = b"Message-ID: " + mid.encode()
    head = head[:span[0]] + line + head[span[1]:] if span else line + eol + head
    tag = f" [c{_letters(index)}]".encode()  # letters only: a number could read as a reference
    span = _header_span(head, b"Subject")
    if span:
        head = head[:span[1]] + tag + head[span[1]:]
    else:
        head += eol + b"Subject:" + tag
    span = _header_span(head, b"From")
    if span:
        value = head[span[0]:span[1]]
        m = re.search(rb"<([^<>@\s]+)@([^<>\s]+)>", value)
        if m and not m.group(2).lower().endswith(b"go.th"):
            value = value[:m.start(1)] + m.group(1) + f"+c{index}".encode() + value[m.end(1):]
            head = head[:span[0]] + value + head[span[1]:]
    return mid, head + body


def _a_corpus_file() -> Path:
    return sorted((ROOT / "tests" / "corpus").glob("*.eml"))[0]


def _letters(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 26)
        out = chr(97 + r) + out
    return out


def generate(count: int, seed: int) -> list[tuple[str, bytes]]:
    sources = corpus_sources()
    rng = random.Random(seed)
    return [vary(rng.choice(sources), i, seed) for i in range(count)]


def bulk_append(account, raws: list[bytes]) -> None:
    """APPEND every message over one IMAP connection (the helper opens one per message)."""
    with account.imap() as conn:
        for raw in raws:
            typ, data = conn.append("INBOX", None, None, raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND failed: {data!r}")


# ------------------------------------------------------------------ running intake ----
def write_config(workdir: Path, account, sink: SmtpSink, db_url: str,
                 workers: int | None = None) -> Path:
    """workers: scheduler.decide_workers (None: the default, one per core for a poll of
    scheduler.parallel_from messages or more)."""
    os.environ[PASSWORD_ENV] = account.password
    decide_workers = "" if workers is None else f"decide_workers = {workers}"
    text = f"""
[database]
url = "{db_url}"
[store]
path = "{workdir / 'store'}"
[outbox]
transport = "smtp"
smtp_host = "127.0.0.1"
smtp_port = {sink.port}
smtp_security = "plain"
timeout = {SMTP_TIMEOUT}
backoff_seconds = 1
[archive]
enabled = false
[scheduler]
poll_interval = 2
deliver_interval = 2
idle = true
lease_seconds = {LEASE_SECONDS}
{decide_workers}
[mailboxes.saraban]
kind = "imap"
host = "127.0.0.1"
port = {account.port}
security = "plain"
username = "{account.user}"
password_env = "{PASSWORD_ENV}"
timeout = 20
batch_size = 25
"""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def start_intake(config: Path, mode: str, log) -> subprocess.Popen:
    args = ["poll", "--once"] if mode == "poll" else ["run"]
    return subprocess.Popen([sys.executable, "-m", "intake.cli", *args, "--config", str(config)],
                            cwd=config.parent, env=_env(), stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL)


def run_to_end(config: Path, log, timeout: float = 1800) -> float:
    t0 = time.monotonic()
    p = start_intake(config, "poll", log)
    p.wait(timeout=timeout)
    return time.monotonic() - t0


# ------------------------------------------------------------------ reading the outcome ----
@dataclass
class Outcome:
    messages: dict = field(default_factory=dict)  # Message-ID -> (state, disposition, number)
    message_rows: Counter = field(default_factory=Counter)  # Message-ID -> rows
    registered: Counter = field(default_factory=Counter)  # Message-ID -> receive rows
    receive_numbers: dict = field(default_factory=dict)  # year -> sorted numbers
    send_numbers: dict = field(default_factory=dict)
    outbox_states: Counter = field(default_factory=Counter)
    sink_ids: Counter = field(default_factory=Counter)  # outgoing Message-ID -> deliveries
    sink_triples: Counter = field(default_factory=Counter)  # (rcpt, kind, original) -> count
    unknown_sink: int = 0  # mail at the sink that no outbox row explains
    inbox: int = 0
    processed: Counter = field(default_factory=Counter)  # Message-ID -> copies in Processed
    junk: Counter = field(default_factory=Counter)
    failed: dict = field(default_factory=dict)


def read_outcome(db_url: str, sink: SmtpSink, account) -> Outcome:
    from sqlalchemy import create_engine, select

    from registry.models import Case, Message, OutboxItem, ReceiveEntry, SendEntry

    out = Outcome()
    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            by_pk = {}
            for pk, mid, state, disp, err in c.execute(select(
                    Message.id, Message.header_message_id, Message.state, Message.disposition,
                    Message.error)):
                mid = (mid or "").strip()
                by_pk[pk] = mid
                out.message_rows[mid] += 1
                out.messages[mid] = [state, disp, None]
                if state == "failed":
                    out.failed[mid] = err
            for pk, year, number in c.execute(select(ReceiveEntry.message_pk, ReceiveEntry.year,
                                                     ReceiveEntry.number)):
                mid = by_pk.get(pk, f"?{pk}")
                out.registered[mid] += 1
                if mid in out.messages:
                    out.messages[mid][2] = (year, number)
                out.receive_numbers.setdefault(year, []).append(number)
            for year, number in c.execute(select(SendEntry.year, SendEntry.number)):
                out.send_numbers.setdefault(year, []).append(number)
            # a case notice has no inbound message: it is named by the message that opened
            # its case (case ids are not comparable: PostgreSQL sequences skip on rollback)
            case_msg = dict(c.execute(select(Case.id, Case.message_pk)).all())
            outbox = {}
            for rfc_id, kind, pk, case_id, dedupe, state in c.execute(select(
                    OutboxItem.rfc_message_id, OutboxItem.kind, OutboxItem.message_pk,
                    OutboxItem.case_id, OutboxItem.dedupe_key, OutboxItem.state)):
                if pk is not None:
                    original = by_pk.get(pk, f"?{pk}")
                elif case_id is not None:
                    original = f"case of {by_pk.get(case_msg.get(case_id), case_id)}"
                else:
                    original = f"notice {dedupe}"
                outbox[rfc_id.strip()] = (kind, original)
                out.outbox_states[state] += 1
    finally:
        engine.dispose()
    for v in (out.receive_numbers, out.send_numbers):
        for year in v:
            v[year].sort()
    for captured in list(sink.messages):
        parsed = email.message_from_bytes(captured.data, policy=email.policy.compat32)
        rfc_id = (parsed["Message-ID"] or "").strip()
        out.sink_ids[rfc_id] += 1
        if rfc_id not in outbox:
            out.unknown_sink += 1
            continue
        kind, original = outbox[rfc_id]
        for rcpt in captured.rcpt_tos:
            out.sink_triples[(rcpt.lower(), kind, original)] += 1
    out.inbox = len(account.uids("INBOX"))
    for folder, counter in (("Processed", out.processed), ("Junk", out.junk)):
        if folder in account.folders():
            for raw in account.fetch_all(folder):
                m = email.message_from_bytes(raw, policy=email.policy.compat32)
                counter[(m["Message-ID"] or "").strip()] += 1
    return out


def violations(ids: list[str], ref: Outcome, got: Outcome) -> list[str]:
    bad: list[str] = []

    def check(ok: bool, what: str, examples=()) -> None:
        if not ok:
            ex = list(examples)[:5]
            bad.append(what + (f" (e.g. {ex})" if ex else ""))

    missing = [m for m in ids if m not in got.messages]
    check(not missing, f"{len(missing)} messages missing from the registry", missing)
    dup_rows = [m for m, n in got.message_rows.items() if n > 1]
    check(not dup_rows, f"{len(dup_rows)} messages stored more than once", dup_rows)
    differ = [m for m in ids if m in got.messages and got.messages[m] != ref.messages.get(m)]
    check(not differ, f"{len(differ)} messages handled differently from the clean run",
          [(m, ref.messages.get(m), got.messages[m]) for m in differ])
    twice = [m for m, n in got.registered.items() if n > 1]
    check(not twice, f"{len(twice)} messages registered more than once", twice)
    for name, numbers in (("receive", got.receive_numbers), ("send", got.send_numbers)):
        for year, nums in numbers.items():
            check(nums == list(range(1, len(nums) + 1)),
                  f"{name} register {year}: numbers not unique and gap-free from 1",
                  [n for n, c in Counter(nums).items() if c > 1])
    # the send register numbers only the letters the unit signs (registry/registers.py
    # NUMBERED_KINDS), taken when each is written: as many as the clean run numbered
    check(sum(len(v) for v in got.send_numbers.values())
          == sum(len(v) for v in ref.send_numbers.values()),
          "send register rows differ from the clean run's (one per letter the unit signs)")
    unsent = {k: v for k, v in got.outbox_states.items() if k != "sent"}
    check(not unsent, f"outbox rows not sent: {unsent}")
    dup_ids = [m for m, n in got.sink_ids.items() if n > 1]
    check(not dup_ids, f"{len(dup_ids)} mails delivered more than once (same Message-ID)",
          dup_ids)
    dup_triples = [t for t, n in got.sink_triples.items() if n > 1]
    check(not dup_triples, f"{len(dup_triples)} (recipient, kind, message) delivered more than "
          "once", dup_triples)
    check(got.unknown_sink == 0, f"{got.unknown_sink} mails at the sink no outbox row explains")
    only_ref = set(ref.sink_triples) - set(got.sink_triples)
    only_got = set(got.sink_triples) - set(ref.sink_triples)
    check(not only_ref, f"{len(only_ref)} mails the clean run sent were not sent", only_ref)
    check(not only_got, f"{len(only_got)} mails sent that the clean run did not send", only_got)
    check(got.inbox == 0, f"{got.inbox} messages left in INBOX")
    both = set(got.processed) & set(got.junk)
    check(not both, f"{len(both)} messages in both Processed and Junk", both)
    copies = [m for c in (got.processed, got.junk) for m, n in c.items() if n > 1]
    check(not copies, f"{len(copies)} messages moved twice (two copies)", copies)
    check(sum(got.processed.values()) + sum(got.junk.values()) == len(ids),
          f"Processed+Junk hold {sum(got.processed.values()) + sum(got.junk.values())} "
          f"messages, expected {len(ids)}")
    check(set(got.junk) == set(ref.junk), "Junk differs from the clean run",
          set(got.junk) ^ set(ref.junk))
    return bad


# ------------------------------------------------------------------ the campaign ----
def _db_state(db_url: str) -> tuple[int, int, int, int]:
    """(messages stored, decided or done, outbox sent, moved) — to say what a run reached."""
    from sqlalchemy import create_engine, func, select

    from registry.models import Message, MessageLocation, OutboxItem

    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            try:
                stored = c.scalar(select(func.count()).select_from(Message))
                decided = c.scalar(select(func.count()).select_from(Message)
                                   .where(Message.state.in_(["decided", "done"])))
                sent = c.scalar(select(func.count()).select_from(OutboxItem)
                                .where(OutboxItem.state == "sent"))
                moved = c.scalar(select(func.count()).select_from(MessageLocation)
                                 .where(MessageLocation.moved_at.is_not(None)))
            except Exception:  # killed before the schema existed
                return (0, 0, 0, 0)
    finally:
        engine.dispose()
    return stored, decided, sent, moved


def _work_left(db_url: str, account, total: int) -> bool:
    from sqlalchemy import create_engine, func, select

    from registry.models import Message, OutboxItem

    if account.uids("INBOX"):
        return True
    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            open_msgs = c.scalar(select(func.count()).select_from(Message)
                                 .where(Message.state.in_(["stored", "decided"])))
            open_out = c.scalar(select(func.count()).select_from(OutboxItem)
                                .where(OutboxItem.state.in_(["pending", "sending"])))
            n = c.scalar(select(func.count()).select_from(Message))
    finally:
        engine.dispose()
    return bool(open_msgs or open_out or n < total)


def _claims_expire_in(db_url: str) -> float:
    from sqlalchemy import create_engine, func, select

    from registry.models import OutboxItem

    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            until = c.scalar(select(func.max(OutboxItem.claimed_until))
                             .where(OutboxItem.state == "sending"))
    finally:
        engine.dispose()
    if until is None:
        return 0.0
    until = until.replace(tzinfo=UTC) if until.tzinfo is None else until
    return max(0.0, (until - datetime.now(UTC)).total_seconds())


def resolve_unknown(cfg: Path, db_url: str, sink: SmtpSink, log) -> tuple[int, int]:
    """The operator's check of each 'unknown' outbox row (intake outbox confirm / retry)."""
    from sqlalchemy import create_engine, select

    from registry.models import OutboxItem

    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            rows = c.execute(select(OutboxItem.id, OutboxItem.rfc_message_id)
                             .where(OutboxItem.state == "unknown")).all()
    finally:
        engine.dispose()
    at_sink = {(email.message_from_bytes(m.data)["Message-ID"] or "").strip()
               for m in sink.messages}
    env = _env()
    confirmed = resent = 0
    for item_id, rfc_id in rows:
        if rfc_id.strip() in at_sink:
            args, confirmed = ["outbox", "confirm", str(item_id), "--as", "operator"], confirmed + 1
        else:
            args, resent = ["retry", "--outbox", str(item_id)], resent + 1
        subprocess.run([sys.executable, "-m", "intake.cli", *args, "--config", str(cfg)],
                       env=env, cwd=ROOT, check=True, stdout=log, stderr=log, timeout=120)
    if resent:
        subprocess.run([sys.executable, "-m", "intake.cli", "deliver", "--config", str(cfg)],
                       env=env, cwd=ROOT, check=True, stdout=log, stderr=log, timeout=600)
    return confirmed, resent


def run_campaign(*, messages: int, kills: int, db: str, seed: int, keep: Path | None = None,
                 daemon_share: float = 0.3, out=print,
                 verbose: bool = False, workers: int | None = None) -> int:
    t_start = time.monotonic()
    rng = random.Random(seed)
    workroot = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="intake-crash-"))
    workroot.mkdir(parents=True, exist_ok=True)
    dovecot_bin = find_binary("dovecot")
    if not dovecot_bin:
        raise SystemExit("dovecot is not installed (Debian package dovecot-imapd)")
    servers = []
    dovecot = DovecotServer(dovecot_bin)
    servers.append(dovecot)
    dovecot.start()
    pg = None
    if db == "postgres":
        bindir = find_postgres_bindir()
        if not bindir:
            raise SystemExit("PostgreSQL is not installed (Debian package postgresql)")
        pg = PostgresServer(bindir)
        servers.append(pg)
        pg.start()
    sink_ref, sink = SmtpSink(), SmtpSink()
    sink_ref.start()
    sink.start()
    try:
        def db_url(name: str) -> str:
            if pg:
                return pg.url(pg.create_database(f"crash_{name}_{seed}"))
            return f"sqlite:///{workroot / name / 'intake.db'}"

        batch = generate(messages, seed)
        ids = [mid for mid, _ in batch]
        ref_account, account = dovecot.add_user(), dovecot.add_user()
        t0 = time.monotonic()
        bulk_append(ref_account, [raw for _, raw in batch])
        bulk_append(account, [raw for _, raw in batch])
        out(f"appended {messages} messages twice in {time.monotonic() - t0:.1f} s")

        # 1. the reference: one clean run on a fresh database
        ref_url = db_url("reference")
        # decided in one process: its numbers are the order of arrival
        ref_cfg = write_config(workroot / "reference", ref_account, sink_ref, ref_url, 1)
        with open(workroot / "reference" / "intake.log", "ab") as log:
            # start-up: a whole run (imports, migration of a fresh database, IMAP login)
            # over an empty mailbox
            empty_cfg = write_config(workroot / "startup", dovecot.add_user(), sink_ref,
                                     db_url("startup"))
            startup = run_to_end(empty_cfg, log)
            # ... plus loading the rules, which the first decision does
            t0 = time.monotonic()
            subprocess.run([sys.executable, "-m", "intake.cli", "triage", "--config",
                            str(empty_cfg), str(_a_corpus_file())], cwd=empty_cfg.parent,
                           env=_env(), stdout=log, stderr=log)
            startup = max(startup, time.monotonic() - t0)
            os.environ[PASSWORD_ENV] = ref_account.password
            ref_seconds = run_to_end(ref_cfg, log)
            for _ in range(3):  # anything deferred (nothing should be) goes now
                if not _work_left(ref_url, ref_account, messages):
                    break
                time.sleep(LEASE_SECONDS)
                run_to_end(ref_cfg, log)
        out(f"reference run: {ref_seconds:.1f} s (start-up {startup:.1f} s)")

        # 2. the campaign
        os.environ[PASSWORD_ENV] = account.password
        url = db_url("campaign")
        cfg = write_config(workroot / "campaign", account, sink, url, workers)
        os.environ[PASSWORD_ENV] = account.password
        work = max(0.5, ref_seconds - startup)
        # a killed run should do about its share of the work, so that the kills land in
        # every phase (fetch, decide, deliver, move) over the campaign; after a kill that
        # made no progress (a slow message, a warm-up) the next window is wider
        window = 2.5 * work / max(kills, 1)
        widen = 1.0
        landed, runs, finished_early = 0, 0, 0
        reached = Counter()
        prev = (0, 0, 0, 0)
        t_campaign = time.monotonic()
        with open(workroot / "campaign" / "intake.log", "ab") as log:
            while landed < kills and runs < kills * 4:
                runs += 1
                mode = "daemon" if rng.random() < daemon_share else "poll"
                # a random moment: from the middle of start-up to a little past the share
                # of the work one run would do
                delay = rng.uniform(0.5 * startup, startup + 2 * window * widen)
                p = start_intake(cfg, mode, log)
                try:
                    p.wait(timeout=delay)
                    finished_early += 1
                    continue
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)
                    p.wait()
                landed += 1
                now = _db_state(url)
                if verbose:
                    out(f"  kill {landed}: {mode} after {delay:.2f} s; stored, decided, sent, "
                        f"moved: {now}")
                for i, what in enumerate(("fetch", "decide", "deliver", "move")):
                    if now[i] > prev[i]:
                        reached[what] += 1
                stuck = now == prev and _work_left(url, account, messages)
                widen = min(widen * 1.5, 8.0) if stuck else 1.0
                prev = now
            kill_seconds = time.monotonic() - t_campaign
            out(f"campaign: {landed} kills in {runs} runs ({finished_early} finished before "
                f"their kill) over {kill_seconds:.1f} s; progress made by killed runs: "
                + ", ".join(f"{k} {reached[k]}" for k in ("fetch", "decide", "deliver", "move")))
            # 3. clean runs until the work is done (a dead sender's claim must expire first)
            t0 = time.monotonic()
            final_runs = 0
            while final_runs < 10:
                wait = max(LEASE_SECONDS + 0.5, _claims_expire_in(url) + 0.5)
                time.sleep(wait)
                run_to_end(cfg, log)
                final_runs += 1
                if not _work_left(url, account, messages):
                    break
            out(f"final clean runs: {final_runs} in {time.monotonic() - t0:.1f} s")
            # 4. what a person does with mail of unknown delivery (a kill landed after the
            # message went to the server): it arrived → recorded; it did not → sent again
            held = resolve_unknown(cfg, url, sink, log)
            out(f"mail of unknown delivery resolved by a person: {held[0]} confirmed as "
                f"arrived, {held[1]} sent again")

        ref = read_outcome(ref_url, sink_ref, ref_account)
        got = read_outcome(url, sink, account)
        bad = violations(ids, ref, got)
        print_table(out, messages, kills, landed, ref, got, seed, db,
                    time.monotonic() - t_start)
        if ref.failed:
            out(f"note: {len(ref.failed)} messages failed in the clean run too: "
                f"{list(ref.failed.items())[:3]}")
        if bad:
            out("VIOLATIONS:")
            for b in bad:
                out(f"  - {b}")
            out(f"logs and databases kept in {workroot}")
            return 1
        out("OK: no violation")
        return 0
    finally:
        sink.stop()
        sink_ref.stop()
        for server in reversed(servers):
            server.cleanup()


def print_table(out, messages, kills, landed, ref: Outcome, got: Outcome, seed, db, seconds):
    disp_ref = Counter(v[1] for v in ref.messages.values())
    disp_got = Counter(v[1] for v in got.messages.values())
    rows = [
        ("messages appended", messages, messages),
        ("message rows", sum(ref.message_rows.values()), sum(got.message_rows.values())),
        ("states", dict(Counter(v[0] for v in ref.messages.values())),
         dict(Counter(v[0] for v in got.messages.values()))),
        *[(f"  disposition {d}", disp_ref.get(d, 0), disp_got.get(d, 0))
          for d in sorted(set(disp_ref) | set(disp_got), key=str)],
        ("receive register rows", sum(ref.registered.values()), sum(got.registered.values())),
        ("  registered twice", sum(1 for n in ref.registered.values() if n > 1),
         sum(1 for n in got.registered.values() if n > 1)),
        ("send register rows", sum(len(v) for v in ref.send_numbers.values()),
         sum(len(v) for v in got.send_numbers.values())),
        ("outbox rows by state", dict(ref.outbox_states), dict(got.outbox_states)),
        ("mails at the SMTP sink", sum(ref.sink_ids.values()), sum(got.sink_ids.values())),
        ("  duplicate Message-IDs", sum(n - 1 for n in ref.sink_ids.values() if n > 1),
         sum(n - 1 for n in got.sink_ids.values() if n > 1)),
        ("  duplicate (rcpt, kind, message)",
         sum(n - 1 for n in ref.sink_triples.values() if n > 1),
         sum(n - 1 for n in got.sink_triples.values() if n > 1)),
        ("INBOX left", ref.inbox, got.inbox),
        ("Processed / Junk", f"{sum(ref.processed.values())} / {sum(ref.junk.values())}",
         f"{sum(got.processed.values())} / {sum(got.junk.values())}"),
        ("SIGKILLs", 0, landed),
    ]
    out(f"\ncrash campaign: {messages} messages, {kills} kills asked, seed {seed}, db {db}, "
        f"{seconds:.0f} s in all")
    w = max(len(r[0]) for r in rows)
    out(f"{'':{w}}  {'clean run':>24}  {'campaign':>24}")
    for name, a, b in rows:
        out(f"{name:{w}}  {a!s:>24}  {b!s:>24}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--daemon-share", type=float, default=0.3,
                    help="share of the restarts that run the daemon (intake run)")
    ap.add_argument("--workers", type=int, default=None,
                    help="scheduler.decide_workers of the campaign's runs (default: the "
                         "configuration's, one per core; 1: decisions in the poller); the "
                         "clean run always decides in one process")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per kill")
    ap.add_argument("--keep", help="work directory to keep (default: a temp dir)")
    a = ap.parse_args(argv)
    return run_campaign(messages=a.messages, kills=a.kills, db=a.db, seed=a.seed,
                        keep=Path(a.keep) if a.keep else None, daemon_share=a.daemon_share,
                        verbose=a.verbose, workers=a.workers)


if __name__ == "__main__":
    sys.exit(main())
