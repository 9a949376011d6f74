#!/usr/bin/env python
"""Benchmark 5 — backlog import: a 100,000-message mbox through the Processor, constant memory.

    .venv/bin/python bench/backlog.py --messages 100000

Writes an mbox of N distinct messages made from the corpora (as benchmark 1: 40 % with a
scanned image of 10 kB–1 MB) and imports it with the Processor over an mbox source
(kind = "mbox"), SQLite, archive off, one decision worker per core (decide_workers = 0),
`send_replies = False` (what `intake import` does without --acknowledge: old mail is
registered, never answered) and the outbox never delivered. Shows a progress bar per stage (store, then decide) and records this process's
RSS, and its decision workers' (scheduler.decide_workers), at 10k, 50k and 100k messages;
the section of docs/benchmarks.md is refreshed at each checkpoint, so a long run leaves
its figures behind as it goes.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    children_rss_mb, corpus_sources, generate, md_table, peak_rss_mb, rss_mb, section_head,
    write_section,
)

CHECKPOINTS = (10_000, 50_000, 100_000)


def write_mbox(path: Path, count: int) -> int:
    """A plain mbox (From_ lines, '>From ' quoting) written in one pass."""
    size = 0
    with open(path, "wb") as fh:
        for raw in generate(count, "bl", seed=5):
            raw = raw.replace(b"\r\n", b"\n")
            body = b"\n".join((b">" + line if line.startswith(b"From ") else line)
                              for line in raw.split(b"\n"))
            fh.write(b"From bench@bench.invalid Sat Jan  3 01:05:34 2026\n" + body.rstrip(b"\n")
                     + b"\n\n")
            size += len(raw)
    return size


class Progress:
    """The Processor's progress hook: a text bar on stderr, RSS at the checkpoints."""

    def __init__(self, total: int, on_checkpoint):
        self.total = total
        self.rows: list[dict] = []
        self.on_checkpoint = on_checkpoint
        self.started = time.perf_counter()

    def __call__(self, label: str, items, length: int):
        stage = "store" if label.endswith("fetch") else label
        marks = {c for c in CHECKPOINTS if c <= length} | {length}
        t0 = time.perf_counter()
        for i, item in enumerate(items, 1):
            yield item
            if i % 500 == 0 or i == length:
                rate = i / max(1e-9, time.perf_counter() - t0)
                bar = "#" * int(30 * i / max(1, length))
                sys.stderr.write(f"\r{stage:6} [{bar:30}] {i:,}/{length:,} {rate:,.1f}/s "
                                 f"RSS {rss_mb():,.0f} MiB   ")
                sys.stderr.flush()
            if i in marks:
                self.rows.append({"stage": stage, "messages": i,
                                  "seconds": time.perf_counter() - t0,
                                  "rss": rss_mb(), "peak": peak_rss_mb(),
                                  "workers": children_rss_mb()})
                self.on_checkpoint()
        sys.stderr.write("\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--no-doc", action="store_true")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)

    from sqlalchemy import func, select

    from intake.config import from_dict
    from intake.pipeline import Processor
    from registry.models import Message, OutboxItem, ReceiveEntry

    corpus_sources()  # fail early without corpora
    workdir = Path(tempfile.mkdtemp(prefix="intake-bench-backlog-"))
    box = workdir / "backlog.mbox"
    t = time.perf_counter()
    size = write_mbox(box, args.messages)
    made = time.perf_counter() - t
    print(f"mbox: {args.messages:,} messages, {size / 2**20:,.0f} MiB, written in {made:.0f} s",
          flush=True)
    cfg = from_dict({
        "database": {"url": f"sqlite:///{workdir / 'intake.db'}"},
        "store": {"path": str(workdir / "store")},
        "outbox": {"transport": "folder", "folder": str(workdir / "outbox")},
        "archive": {"enabled": False},
        "scheduler": {"decide_workers": 0},  # a backlog is where decision workers pay
        "mailboxes": {"backlog": {"kind": "mbox", "path": str(box)}},
    }, base_dir=workdir)
    state = {"done": False, "seconds": None, "counts": None, "switch": False}
    command = f".venv/bin/python bench/backlog.py --messages {args.messages}"

    def report():
        if args.no_doc:
            return
        body = section_head("5. Backlog import (mbox → registers, no acknowledgments sent)",
                            command)
        body += (f"\nThe mbox: {args.messages:,} messages, {size / 2**20:,.0f} MiB (40 % with a "
                 f"scanned image). Processor over kind = \"mbox\", SQLite, archive off, one "
                 f"decision worker per core, "
                 + ("`send_replies = False` (the switch of `intake import`; --acknowledge turns "
                    "it on), " if state["switch"] else "no switch for replies in this version, ")
                 + "the outbox never delivered.\n\n")
        body += md_table(["stage", "messages", "s in stage", "messages/s", "RSS MiB",
                          "peak RSS MiB", "decision workers' RSS MiB"],
                         [[r["stage"], f"{r['messages']:,}", f"{r['seconds']:,.0f}",
                           f"{r['messages'] / max(r['seconds'], 1e-9):,.1f}",
                           f"{r['rss']:,.0f}", f"{r['peak']:,.0f}", f"{r['workers']:,.0f}"]
                          for r in progress.rows])
        if state["done"]:
            c = state["counts"]
            body += (f"\n\n**{args.messages:,} messages in {state['seconds']:,.0f} s = "
                     f"{args.messages / state['seconds']:,.1f} messages/s end to end**; "
                     f"{c['registered']:,} registered, {c['outbox']:,} replies queued "
                     + ("(the switch is off: nothing to send), " if state["switch"] else
                        "and NOT sent (they would be, by the next delivery run), ")
                     + f"{c['failed']} failed.\n")
        else:
            body += "\n\n(run in progress: the figures so far)\n"
        write_section("backlog", body)

    progress = Progress(args.messages, report)
    proc = Processor(cfg, progress=progress)
    if hasattr(proc, "send_replies"):  # the backlog switch (`intake import` without --acknowledge)
        proc.send_replies = False
    state["switch"] = getattr(proc, "send_replies", None) is False
    try:
        t = time.perf_counter()
        rep = proc.poll(cfg.mailboxes[0])
        state["seconds"] = time.perf_counter() - t
        if rep.error:
            raise RuntimeError(rep.error)
        with proc.factory() as s:
            state["counts"] = {
                "registered": s.scalar(select(func.count()).select_from(ReceiveEntry)),
                "outbox": s.scalar(select(func.count()).select_from(OutboxItem)),
                "failed": s.scalar(select(func.count()).select_from(Message)
                                   .where(Message.state == "failed")),
            }
        state["done"] = True
        print(f"{args.messages:,} messages in {state['seconds']:,.0f} s = "
              f"{args.messages / state['seconds']:,.1f} msg/s; {state['counts']}; "
              f"peak RSS {peak_rss_mb():,.0f} MiB")
        for r in progress.rows:
            print(f"  {r['stage']:6} {r['messages']:>8,}  RSS {r['rss']:,.0f} MiB  "
                  f"peak {r['peak']:,.0f} MiB")
        report()
    finally:
        proc.engine.dispose()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
