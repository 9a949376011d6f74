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
    assert len(smtp_sink.messages) == c["sent"] == c["outbox"]
    assert c["send"] == c["letters"]


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
    assert len(ids) == len(set(ids)) == c["outbox"] == c["sent"]


def test_thai_search_finds_a_word_inside_a_word_with_pg_trgm(postgres_db_url):
    """Issue 15's search on PostgreSQL: pg_trgm's GIN index answers a word inside a word."""
    from datetime import UTC, datetime

    from registry import search
    from registry.db import session_factory, transaction
    from registry.models import ReceiveEntry

    engine = make_engine(postgres_db_url)
    migrate(engine)
    factory = session_factory(engine)
    subjects = ["ขอต่อบัตรประจำตัวคนพิการ อำเภอชะอำ", "ร้องเรียนผู้สูงอายุถูกทอดทิ้ง อำเภอชะอำ",
                "ขอรับเงินสงเคราะห์ผู้สูงอายุ", "สอบถามการจดทะเบียนบุตรบุญธรรม 100%_x"] * 10
    with transaction(factory) as s:
        for n, subject in enumerate(subjects, 1):
            e = ReceiveEntry(year=2026, number=n, registered_at=datetime(2026, 1, 1, tzinfo=UTC),
                             sender=f"นายสมชาย ใจดี <somchai{n % 3}@example.com>",
                             recipient="พมจ.", subject=subject, action="", remarks="")
            s.add(e)
            s.flush()
            search.index_entry(s, "receive", e)
    with factory() as s:
        entries = list(s.query(ReceiveEntry).order_by(ReceiveEntry.id.desc()))
        for query, needles in (("พิการ", ["พิการ"]), ("อายุ", ["อายุ"]),
                               ("อายุ ชะ", ["อายุ", "ชะ"]), ("ai1@", ["ai1@"])):
            expected = [e.id for e in entries
                        if all(n in f"{e.subject} {e.sender}" for n in needles)]
            assert search.search(s, "receive", query) == expected and expected, query
        # LIKE's own characters in a query are letters to find, not wildcards
        assert search.inside_words(s, "receive", "0%_", None, 500) == [
            e.id for e in entries if "0%_" in e.subject]
    engine.dispose()
