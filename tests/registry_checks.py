"""Checks shared by the SQLite and PostgreSQL tests of the registry."""
from __future__ import annotations

import multiprocessing as mp
from datetime import UTC, datetime


def _register_many(url: str, n: int, worker: int, queue) -> None:
    from registry.db import make_engine, session_factory, transaction
    from registry.registers import add_receive_entry

    factory = session_factory(make_engine(url))
    now = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
    got = []
    for i in range(n):
        with transaction(factory) as s:
            e = add_receive_entry(s, now=now, tz="Asia/Bangkok", sender=f"w{worker}",
                                  recipient="u", subject=f"{worker}-{i}")
            got.append(e.number)
    queue.put(got)


def concurrent_numbers(url: str, workers: int = 3, each: int = 40) -> list[int]:
    """Several processes register at once; returns every number handed out."""
    from registry.db import make_engine, migrate

    migrate(make_engine(url))
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_register_many, args=(url, each, w, queue))
             for w in range(workers)]
    for p in procs:
        p.start()
    numbers = []
    for _ in procs:
        numbers += queue.get(timeout=120)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return numbers
