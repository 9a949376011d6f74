#!/usr/bin/env python
"""Benchmark 1 — triage throughput against the bare IMAP + parser limit, same run, same mailbox.

    .venv/bin/python bench/throughput.py --messages 10000 [--batch-size 25] [--profile 1000]

Starts a private Dovecot (tests/integration/servers.py), writes N messages made from the
corpora straight into the account's Maildir (no APPEND round trips), lets Dovecot index
them, then in one run measures:

  bare limit   imapclient: SELECT, UID SEARCH ALL, UID FETCH (BODY.PEEK[] INTERNALDATE) in
               batches of --batch-size, and email.message_from_bytes(policy=default) on each
               body — nothing else. Run before and after the pipeline; the faster counts.
  pipeline     Processor.poll over the same folder (move_messages = false, so both read the
               same mailbox), SQLite, archive off: fetch → raw store → message row →
               parse → rules → register row + outbox rows committed. Twice, each on a
               fresh database: decisions in the polling process (decide_workers = 1),
               then as by default, one decision worker per core parsing and triaging
               while the poller commits in arrival order (decide_workers = 0,
               intake/pipeline.py parallel_decisions); the two registers are compared
               message by message.

Where the pipeline's time goes is measured in the serial run itself (wrappers around the
stage functions) and, on a separate --profile-sized mailbox, with cProfile (serial too:
a profile of the parallel run would only show the poller waiting for its workers).
"""
from __future__ import annotations

import argparse
import email
import email.policy
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    StageTimer,
    fmt_rate,
    generate,
    md_table,
    peak_rss_mb,
    profiled,
    section_head,
    write_maildir,
    write_section,
)

from tests.integration.servers import DovecotServer, find_binary

PASSWORD_ENV = "INTAKE_BENCH_IMAP_PASSWORD"


def fill_account(server, count: int, tag: str, seed: int = 1):
    account = server.add_user()
    t = time.perf_counter()
    n, size = write_maildir(server.root / "mail" / account.user,
                            generate(count, tag, seed), server.uid, server.gid)
    made = time.perf_counter() - t
    t = time.perf_counter()
    client = account.client()
    client.select_folder("INBOX", readonly=True)  # Dovecot indexes the new files here
    exists = len(client.search(["ALL"]))
    client.logout()
    indexed = time.perf_counter() - t
    if exists != count:
        raise RuntimeError(f"Dovecot sees {exists} of {count} messages")
    return account, {"bytes": size, "generate_s": made, "index_s": indexed}


def bare_limit(account, batch_size: int) -> dict:
    """The physical limit: fetch and parse with the stdlib, nothing else."""
    t0 = time.perf_counter()
    client = account.client()
    client.select_folder("INBOX", readonly=True)
    uids = sorted(client.search(["ALL"]))
    fetch_s = parse_s = 0.0
    n = size = 0
    for i in range(0, len(uids), batch_size):
        t = time.perf_counter()
        data = client.fetch(uids[i:i + batch_size], ["BODY.PEEK[]", "INTERNALDATE"])
        fetch_s += time.perf_counter() - t
        t = time.perf_counter()
        for uid in uids[i:i + batch_size]:
            raw = data[uid][b"BODY[]"]
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            n += msg is not None
            size += len(raw)
        parse_s += time.perf_counter() - t
    client.logout()
    total = time.perf_counter() - t0
    return {"messages": n, "seconds": total, "fetch_s": fetch_s, "parse_s": parse_s, "bytes": size}


def make_config(workdir: Path, account, batch_size: int, workers: int = 1):
    from intake.config import from_dict

    os.environ[PASSWORD_ENV] = account.password
    return from_dict({
        # parallel_from 1: the default (200) is below any mailbox worth measuring, and
        # the smoke test's dozen messages reach the workers too
        "scheduler": {"decide_workers": workers, "parallel_from": 1},
        "database": {"url": f"sqlite:///{workdir / 'intake.db'}"},
        "store": {"path": str(workdir / "store")},
        "outbox": {"transport": "folder", "folder": str(workdir / "outbox")},
        "archive": {"enabled": False},
        "mailboxes": {"saraban": {
            "kind": "imap", "host": account.host, "port": account.port, "security": "plain",
            "username": account.user, "password_env": PASSWORD_ENV, "timeout": 120,
            "batch_size": batch_size, "move_messages": False}},
    }, base_dir=workdir)


def stage_timer() -> StageTimer:
    from imapclient import IMAPClient

    from intake import act as actions
    from intake import learn
    from intake.pipeline import Processor
    from intake.store import RawStore

    st = StageTimer()
    st.wrap(IMAPClient, "fetch", "IMAP fetch (network + imapclient)")
    st.wrap(Processor, "ingest", "ingest: store + message row")
    st.wrap(RawStore, "put", "  raw store put (fsync file + dir)")
    st.wrap(Processor, "decide", "decide: total per message")
    st.wrap(RawStore, "get", "  raw store read + sha256 check")
    st.wrap(actions, "parse", "  parse (intake.parse.mime)")
    st.wrap(actions, "decide", "  triage rules")
    st.wrap(learn, "propose", "    of which the model's proposal (reviews only)")
    st.wrap(actions, "carry_out", "  carry out (register row, compose replies)")
    return st


def run_pipeline(workdir: Path, account, batch_size: int, *, timer: bool = True,
                 experiments: list[str] = (), workers: int = 1) -> dict:
    import experiments as exp
    from sqlalchemy import func, select

    from intake.pipeline import Processor
    from registry.db import make_engine
    from registry.models import Message, OutboxItem, ReceiveEntry

    cfg = make_config(workdir, account, batch_size, workers)
    engine = make_engine(cfg.database_url)
    undo = exp.apply(list(experiments), engine)
    proc = Processor(cfg, engine=engine)  # migrations run here, outside the timed part
    st = stage_timer() if timer else None
    try:
        t = time.perf_counter()
        report = proc.poll(cfg.mailboxes[0])
        seconds = time.perf_counter() - t
    finally:
        if st:
            st.restore()
        undo()
    if report.error:
        raise RuntimeError(report.error)
    with proc.factory() as s:
        counts = {
            "messages": s.scalar(select(func.count()).select_from(Message)),
            "registered": s.scalar(select(func.count()).select_from(ReceiveEntry)),
            "outbox": s.scalar(select(func.count()).select_from(OutboxItem)),
            "failed": s.scalar(select(func.count()).select_from(Message)
                               .where(Message.state == "failed")),
        }
        numbers = dict(s.execute(select(Message.header_message_id, ReceiveEntry.number)
                                 .join(ReceiveEntry, ReceiveEntry.message_pk == Message.id))
                       .tuples().all())
    proc.engine.dispose()
    return {"seconds": seconds, "report": report, "counts": counts, "numbers": numbers,
            "stages": dict(st.seconds) if st else {}, "calls": dict(st.calls) if st else {}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=10000)
    ap.add_argument("--batch-size", type=int, default=25)
    ap.add_argument("--profile", type=int, default=1000,
                    help="messages in the separate cProfile run (0: none)")
    ap.add_argument("--experiments", default="fold,kwcache,sync",
                    help="candidate fixes (bench/experiments.py) measured in the same run: a "
                         "second full pipeline run with all of them, and each alone on the "
                         "--profile mailbox; 'none' to skip")
    ap.add_argument("--no-doc", action="store_true", help="print only; leave docs/ alone")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args(argv)

    binary = find_binary("dovecot")
    if not binary:
        print("dovecot not found (Debian package dovecot-imapd)", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="intake-bench-throughput-"))
    server = DovecotServer(binary)
    server.start()
    try:
        print(f"generating {args.messages} messages into a Maildir ...", flush=True)
        account, made = fill_account(server, args.messages, "tp")
        print(f"  {made['bytes'] / 2**20:,.1f} MiB written in {made['generate_s']:.1f} s, "
              f"Dovecot indexed them in {made['index_s']:.1f} s", flush=True)
        bare1 = bare_limit(account, args.batch_size)
        print(f"bare limit (before): {fmt_rate(bare1['messages'], bare1['seconds'])} msg/s",
              flush=True)
        pipe = run_pipeline(workdir / "run", account, args.batch_size)
        n = pipe["counts"]["messages"]
        print(f"pipeline, serial: {fmt_rate(n, pipe['seconds'])} msg/s ({n} messages, "
              f"{pipe['counts']['registered']} registered, {pipe['counts']['outbox']} replies "
              f"queued, {pipe['counts']['failed']} failed)", flush=True)
        par = run_pipeline(workdir / "parallel", account, args.batch_size, timer=False,
                           workers=0)
        workers = par["report"].decision_workers
        same = par["numbers"] == pipe["numbers"]
        print(f"pipeline, parallel ({workers} decision workers): "
              f"{fmt_rate(par['counts']['messages'], par['seconds'])} msg/s "
              f"({par['counts']['registered']} registered, {par['counts']['outbox']} replies "
              f"queued, {par['counts']['failed']} failed; registration numbers "
              f"{'the same as' if same else 'DIFFERENT from'} the serial run's)", flush=True)
        bare2 = bare_limit(account, args.batch_size)
        print(f"bare limit (after): {fmt_rate(bare2['messages'], bare2['seconds'])} msg/s",
              flush=True)
        names = [] if args.experiments == "none" else args.experiments.split(",")
        improved = None
        if names:
            improved = run_pipeline(workdir / "improved", account, args.batch_size,
                                    experiments=names)
            print(f"pipeline with {'+'.join(names)}: "
                  f"{fmt_rate(improved['counts']['messages'], improved['seconds'])} msg/s",
                  flush=True)
        profile_text, alone = "", []
        if args.profile:
            pn = min(args.profile, args.messages)
            paccount, _ = fill_account(server, pn, "tpp", seed=2)
            with profiled(25) as prof:
                run_pipeline(workdir / "profile", paccount, args.batch_size, timer=False)
            profile_text = prof["text"]
            print(profile_text)
            for trial in ([[]] + [[x] for x in names]) if names else []:
                r = run_pipeline(workdir / f"alone-{'-'.join(trial) or 'none'}", paccount,
                                 args.batch_size, timer=False, experiments=trial)
                alone.append(("+".join(trial) or "none (as committed)",
                              r["counts"]["messages"] / r["seconds"]))
                print(f"  {pn} messages, {alone[-1][0]}: {alone[-1][1]:,.1f} msg/s", flush=True)
    finally:
        server.cleanup()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    bare = min((bare1, bare2), key=lambda b: b["seconds"])
    bare_rate = bare["messages"] / bare["seconds"]
    pipe_rate = n / pipe["seconds"]
    par_rate = par["counts"]["messages"] / par["seconds"]
    ratio, par_ratio = pipe_rate / bare_rate, par_rate / bare_rate
    print(f"ratio pipeline / bare limit: serial {ratio:.1%}, parallel {par_ratio:.1%} "
          f"(goal >= 50 %); parallel / serial {par_rate / pipe_rate:.2f}x")
    stages = pipe["stages"]
    rows = []
    for label, secs in stages.items():
        rows.append([label, f"{secs:,.1f}", f"{secs / pipe['seconds']:.0%}",
                     f"{secs / max(1, pipe['calls'][label]) * 1000:,.2f}"])
    print(md_table(["stage", "s", "share of pipeline", "ms per call"], rows))
    print(f"peak RSS of this process: {peak_rss_mb():,.0f} MiB")
    if args.no_doc:
        return 0
    cmd = f".venv/bin/python bench/throughput.py --messages {args.messages}"
    body = section_head("1. Triage throughput (fetch → committed register row + queued replies)",
                        cmd)
    body += "\n" + md_table(
        ["", "messages", "seconds", "messages/s"],
        [["bare limit: imapclient BODY.PEEK[] + email.message_from_bytes (before)",
          bare1["messages"], f"{bare1['seconds']:.1f}", fmt_rate(bare1["messages"], bare1["seconds"])],
         ["bare limit (after the pipeline)", bare2["messages"], f"{bare2['seconds']:.1f}",
          fmt_rate(bare2["messages"], bare2["seconds"])],
         ["pipeline, decisions in the poller (decide_workers = 1)", n,
          f"{pipe['seconds']:.1f}", f"{pipe_rate:,.1f}"],
         [f"**pipeline** (the default: {workers} decision workers, the poller commits in "
          "arrival order)", par["counts"]["messages"], f"{par['seconds']:.1f}",
          f"**{par_rate:,.1f}**"]])
    body += (f"\n\n**Ratio: {par_ratio:.1%} of the bare limit with decision workers (the "
             f"default); {ratio:.1%} deciding in the poller** (goal >= 50 %); workers "
             f"{par_rate / pipe_rate:.2f}x the poller alone. Mailbox: "
             f"{args.messages} messages, {made['bytes'] / 2**20:,.0f} MiB (40 % with a scanned "
             f"image of 10 kB–1 MB), batch size {args.batch_size}; "
             f"{pipe['counts']['registered']} registered, {pipe['counts']['outbox']} replies "
             f"queued, {pipe['counts']['failed']} failed. Of the bare limit's time, "
             f"{bare['fetch_s']:.1f} s is the IMAP fetch and {bare['parse_s']:.1f} s the stdlib "
             f"parse. The parallel run: {par['counts']['registered']} registered, "
             f"{par['counts']['outbox']} replies queued, {par['counts']['failed']} failed; "
             f"registration numbers {'the same as' if same else '**different from**'} the "
             f"serial run's, message by message.\n\nWhere the serial pipeline's time goes (timed run, "
             f"wrappers around each stage):\n\n")
    body += md_table(["stage", "s", "share of pipeline", "ms per call"], rows)
    if improved:
        irate = improved["counts"]["messages"] / improved["seconds"]
        irows = [[label, f"{secs:,.1f}", f"{secs / improved['seconds']:.0%}",
                  f"{secs / max(1, improved['calls'][label]) * 1000:,.2f}"]
                 for label, secs in improved["stages"].items()]
        body += (f"\n\nThe same mailbox again, fresh database, with the candidate fixes of "
                 f"bench/experiments.py patched in ({', '.join(names)}): "
                 f"**{irate:,.1f} messages/s = {irate / bare_rate:.1%} of the bare limit** "
                 f"({improved['counts']['registered']} registered, "
                 f"{improved['counts']['outbox']} replies queued — the same outcome).\n\n")
        body += md_table(["stage (with the fixes)", "s", "share of pipeline", "ms per call"], irows)
    if alone:
        body += (f"\n\nEach fix alone, on the separate {min(args.profile, args.messages)}-message "
                 "mailbox (messages/s):\n\n")
        body += md_table(["fix", "messages/s", "vs as committed"],
                         [[name, f"{rate:,.1f}", f"{rate / alone[0][1]:.2f}x"] for name, rate in alone])
    if profile_text:
        body += (f"\n\ncProfile of the pipeline on a separate {min(args.profile, args.messages)}"
                 f"-message mailbox (top entries):\n\n```\n{profile_text}\n```\n")
    write_section("throughput", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
