"""The same guarantees on a real PostgreSQL: migrations from empty, gap-free numbers with
several processes, and a whole poll of the corpus through Dovecot."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from intake.pipeline import Processor
from registry.db import make_engine, migrate
from tests.registry_checks import concurrent_numbers

from .spine_helpers import corpus_files, counts, load, receive_numbers, run_cli, write_config

pytestmark = pytest.mark.integration


def test_migrations_build_the_schema_from_empty(postgres_db_url):
    engine = make_engine(postgres_db_url)
    migrate(engine)
    migrate(engine)  # idempotent
    tables = set(sa.inspect(engine).get_table_names())
    assert {"messages", "message_locations", "receive_register", "send_register", "outbox",
            "register_counters", "leases", "folder_states", "events"} <= tables


def test_concurrent_registrars_get_unique_gap_free_numbers(postgres_db_url):
    numbers = concurrent_numbers(postgres_db_url, workers=4, each=25)
    assert sorted(numbers) == list(range(1, 101))


def test_poll_the_corpus_into_postgresql_twice(tmp_path, dovecot, smtp_sink, postgres_db_url):
    files = corpus_files()
    for f in files:
        dovecot.append("INBOX", f.read_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink, database_url=postgres_db_url)
    run_cli("poll", "--once", config=cfg)
    run_cli("poll", "--once", config=cfg)
    proc = Processor(load(cfg))
    c = counts(proc.factory)
    assert c["messages"] == len(files) and c["states"] == {"done": len(files)}
    nums = [n for _, n in receive_numbers(proc.factory)]
    assert nums == list(range(1, len(nums) + 1)) and nums
    assert len(smtp_sink.messages) == c["send"] == c["outbox"]


def test_several_workers_on_one_postgresql_and_one_mailbox(tmp_path, dovecot, smtp_sink,
                                                            postgres_db_url):
    """Three processes poll and deliver at once: each message once, each reply once, the
    running numbers unique and gap-free (leases for the mailbox, row locks for the rest)."""
    import subprocess
    import sys

    from .spine_helpers import ROOT

    files = corpus_files()
    for f in files:
        dovecot.append("INBOX", f.read_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink, database_url=postgres_db_url,
                       batch_size=2)
    script = (f"from intake.cli import main; import sys\n"
              f"for _ in range(3):\n"
              f"    try: main(['poll', '--once', '--config', {str(cfg)!r}])\n"
              f"    except SystemExit: pass\n")
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, "-c", script], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(3)]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert all(w.returncode == 0 for w in workers), "\n".join(e[-3000:] for _, e in outputs)
    run_cli("poll", "--once", config=cfg)  # whatever a lost race left, finished here
    proc = Processor(load(cfg))
    c = counts(proc.factory)
    assert c["messages"] == len(files) and c["states"] == {"done": len(files)}
    nums = [n for _, n in receive_numbers(proc.factory)]
    assert nums == list(range(1, len(nums) + 1))
    import email

    ids = [email.message_from_bytes(m.data)["Message-ID"].strip() for m in smtp_sink.messages]
    assert len(ids) == len(set(ids)) == c["outbox"] == c["send"]
