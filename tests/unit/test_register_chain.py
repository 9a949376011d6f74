"""The registers are append-only and prove it: a hash chain per register per year, and
notes (actions, corrections, cancellations) as new chained rows."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from registry.chain import add_note, verify
from registry.db import make_engine, migrate, session_factory, transaction
from registry.registers import add_receive_entry, cancel_entry, correct_entry, export_rows

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture
def factory(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/c.db")
    migrate(engine)
    f = session_factory(engine)
    with transaction(f) as s:
        for i in range(5):
            e = add_receive_entry(s, now=NOW, tz="Asia/Bangkok", sender=f"ผู้ส่ง {i}",
                                  recipient="พมจ.เพชรบุรี", subject=f"เรื่องที่ {i}",
                                  action="ส่งฝ่ายบริหารทั่วไป")
        add_note(s, "receive", e, at=NOW, actor="clerk1", text="ตอบรับทางอีเมล")
    return f


def test_a_clean_register_verifies(factory):
    with factory() as s:
        assert verify(s, "receive") == [] and verify(s, "send") == []


def test_an_altered_row_is_named(factory):
    with factory.begin() as s:
        s.execute(text("UPDATE receive_register SET subject='แก้ไขลับๆ' WHERE number=3"))
    with factory() as s:
        problems = [str(p) for p in verify(s, "receive")]
    assert problems[0] == "receive 2569 #3: row altered (hash does not match)"


def test_a_removed_row_is_named(factory):
    with factory.begin() as s:
        s.execute(text("DELETE FROM receive_register WHERE number=2"))
    with factory() as s:
        problems = [str(p) for p in verify(s, "receive")]
    assert problems[0].startswith("receive 2569 #2: missing")


def test_an_altered_note_is_named(factory):
    with factory.begin() as s:
        s.execute(text("UPDATE register_notes SET text='ไม่ได้ตอบรับ'"))
    with factory() as s:
        assert [str(p) for p in verify(s, "receive")] == ["receive note 1: note altered"]


def test_corrections_and_cancellations_are_new_rows_that_reference_the_old(factory):
    with transaction(factory) as s:
        from sqlalchemy import select

        from registry.models import ReceiveEntry

        e2 = s.scalar(select(ReceiveEntry).where(ReceiveEntry.number == 2))
        e4 = s.scalar(select(ReceiveEntry).where(ReceiveEntry.number == 4))
        correct_entry(s, "receive", e2, "subject", "เรื่องที่ถูกต้อง", at=NOW, actor="clerk1",
                      reason="อ่านจากหนังสือ")
        cancel_entry(s, "receive", e4, at=NOW, actor="clerk1", reason="ลงทะเบียนซ้ำ")
    with factory() as s:
        rows = {r["number"]: r for r in export_rows(s, "receive")}
        assert verify(s, "receive") == []  # the original rows are untouched
        stored = s.scalar(select(ReceiveEntry.subject).where(ReceiveEntry.number == 2))
    assert rows[2]["subject"] == "เรื่องที่ถูกต้อง" and stored == "เรื่องที่ 1"
    assert "แก้ไขsubject" in rows[2]["action"]
    assert rows[4]["remarks"].startswith("ยกเลิก") and rows[4]["number"] == 4
    assert rows[5]["action"] == "ส่งฝ่ายบริหารทั่วไป; ตอบรับทางอีเมล"
