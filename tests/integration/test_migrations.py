"""Alembic migrations on SQLite and a real PostgreSQL.

From empty, the migrations build exactly the schema of the models (no drift a later
autogenerate would find). From every earlier revision — whichever one a unit's previous
release left it at — an upgrade keeps the registers' rows and leaves them as the current
code expects: in the hash chain (`intake register verify` finds nothing) and found by the
Thai word search."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from registry import chain, search
from registry.db import alembic_config, make_engine, migrate, session_factory, transaction
from registry.models import Base, ReceiveEntry, SendEntry

pytestmark = pytest.mark.integration

AT = datetime(2026, 3, 2, 3, 15, tzinfo=UTC)
SUBJECTS = ["ขอรับเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด", "ขอต่อบัตรประจำตัวคนพิการ",
            "ร้องเรียนผู้สูงอายุถูกทอดทิ้ง อำเภอชะอำ"]


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [s.revision for s in reversed(list(script.walk_revisions()))]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    url = (f"sqlite:///{tmp_path}/intake.db" if request.param == "sqlite"
           else request.getfixturevalue("postgres_db_url"))
    eng = make_engine(url)
    yield eng
    eng.dispose()


def _upgrade(engine, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _fill_as_of_the_first_revision(engine) -> None:
    """Rows with the columns revision 0001 has (what an old release wrote)."""
    meta = sa.MetaData()
    meta.reflect(engine, only=["receive_register", "send_register", "register_counters"])
    receive, send, counters = (meta.tables[n] for n in
                               ("receive_register", "send_register", "register_counters"))
    common = {"year": 2026, "registered_at": AT.replace(tzinfo=None), "doc_date": "2026-03-02",
              "recipient": "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี",
              "remarks": "", "cancelled": False}
    with engine.begin() as conn:
        conn.execute(sa.insert(receive), [
            {**common, "number": n, "sender": f"นางสมหญิง ใจดี {n}", "subject": subject,
             "action": "ส่งกลุ่มการพัฒนาสังคม"} for n, subject in enumerate(SUBJECTS, 1)])
        conn.execute(sa.insert(send), [
            {**common, "number": 1, "sender": "พมจ.เพชรบุรี", "subject": "ตอบรับคำร้อง",
             "action": "ส่งถึง somying@example.com", "doc_number": "พบ ๐๐๒๒/1"}])
        conn.execute(sa.insert(counters), [
            {"register": "receive", "year": 2026, "last_number": len(SUBJECTS)},
            {"register": "send", "year": 2026, "last_number": 1}])


def test_migrations_from_empty_build_exactly_the_models(engine):
    migrate(engine)
    with engine.connect() as conn:
        # the trigram indexes are the databases' own (FTS5 table, pg_trgm GIN): not models
        diff = compare_metadata(MigrationContext.configure(conn, opts={
            "include_name": lambda name, kind, parent: not (name or "").startswith(
                ("register_trigrams", "ix_register_texts_trgm"))}), Base.metadata)
    assert diff == []


@pytest.mark.parametrize("start", _revisions()[:-1])
def test_upgrade_from_an_earlier_revision_keeps_the_registers_whole(engine, start):
    _upgrade(engine, "0001")
    _fill_as_of_the_first_revision(engine)
    _upgrade(engine, start)
    migrate(engine)  # what `intake` does at start-up: to the newest revision

    factory = session_factory(engine)
    with transaction(factory) as s:
        assert [e.subject for e in s.scalars(sa.select(ReceiveEntry)
                                             .order_by(ReceiveEntry.number))] == SUBJECTS
        assert s.scalar(sa.select(sa.func.count()).select_from(SendEntry)) == 1
        assert chain.verify(s, "receive") == [] and chain.verify(s, "send") == []
        hits = search.search(s, "receive", "คนพิการ")
        assert [s.get(ReceiveEntry, i).number for i in hits] == [2]
    with transaction(factory) as s:  # the next registration continues the old chain
        entry = ReceiveEntry(year=2026, number=len(SUBJECTS) + 1, registered_at=AT,
                             sender="นายวิชัย", recipient="พมจ.เพชรบุรี", subject="สอบถาม",
                             action="", remarks="")
        s.add(entry)
        s.flush()
        chain.seal_entry(s, "receive", entry)
    with transaction(factory) as s:
        assert chain.verify(s, "receive") == []
        s.execute(sa.update(ReceiveEntry).where(ReceiveEntry.number == 1)
                  .values(subject="แก้ไขภายหลัง"))
        assert [p.where for p in chain.verify(s, "receive")] == ["2569 #1"]
