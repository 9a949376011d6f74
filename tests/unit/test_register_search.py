"""Thai word search in the registers (registry/search.py) on a real SQLite database: a
word inside a subject written without spaces, every word of the query, newest first, the
start of a word when whole words find too little, and nothing for a phrase no entry holds,
checked against a plain scan of the same rows."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registry import search
from registry.db import make_engine, migrate, session_factory, transaction
from registry.models import ReceiveEntry

SUBJECTS = [
    "ขอรับเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด",
    "ขอต่อบัตรประจำตัวคนพิการ อำเภอชะอำ",
    "ร้องเรียนผู้สูงอายุถูกทอดทิ้ง อำเภอชะอำ",
    "ขอรับเงินสงเคราะห์ผู้สูงอายุ",
    "สอบถามการจดทะเบียนบุตรบุญธรรม",
] * 30  # common words on many rows, as in a real register


@pytest.fixture(scope="module")
def factory(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('search') / 'r.db'}")
    migrate(engine)
    f = session_factory(engine)
    with transaction(f) as s:
        for n, subject in enumerate(SUBJECTS, 1):
            e = ReceiveEntry(year=2026, number=n, registered_at=datetime(2026, 1, 1, tzinfo=UTC),
                             sender=f"นางสมหญิง ใจดี <somying{n % 7}@example.com>", recipient="พมจ.", subject=subject,
                             action="", remarks="")
            s.add(e)
            s.flush()
            search.index_entry(s, "receive", e)
    return f


def _scan(s, *needles):
    rows = s.query(ReceiveEntry).order_by(ReceiveEntry.id.desc())
    return [e.id for e in rows if all(n in e.subject + " " + e.sender for n in needles)]


@pytest.mark.parametrize("query, needles", [
    ("คนพิการ", ["คนพิการ"]),  # inside "บัตรประจำตัวคนพิการ"
    ("ผู้สูงอายุ ชะอำ", ["ผู้สูงอายุ", "ชะอำ"]),  # every word, in any order
    ("ชะอำ ผู้สูงอายุ", ["ผู้สูงอายุ", "ชะอำ"]),
    ("บุตรบุญธรรม", ["บุตรบุญธรรม"]),
])
def test_finds_what_a_scan_finds_newest_first(factory, query, needles):
    with factory() as s:
        assert search.search(s, "receive", query) == _scan(s, *needles)


def test_a_phrase_no_entry_holds_finds_nothing(factory):
    with factory() as s:
        assert search.search(s, "receive", "ไม่มีคำนี้เลย") == []
        assert search.search(s, "receive", "คนพิการ บุตรบุญธรรม") == []  # never together


def test_the_start_of_a_word_when_whole_words_find_too_little(factory):
    with factory() as s:
        assert search.search(s, "receive", "ying3") == _scan(s, "ying3")  # inside a word
        found = search.search(s, "receive", "somy")  # the start of "somying3" ...
        assert found == _scan(s, "somying") and found
        two = search.search(s, "receive", "somying3 ชะอำ")  # a whole word and a prefix
        assert two == _scan(s, "somying3@", "ชะอำ") and two


@pytest.mark.parametrize("query, needles", [
    ("พิการ", ["พิการ"]),  # issue 15: found 0 of the entries holding คนพิการ
    ("อายุ", ["อายุ"]),  # inside ผู้สูงอายุ
    ("สูงอายุ ชะอำ", ["สูงอายุ", "ชะอำ"]),
    ("อายุ ชะ", ["อายุ", "ชะ"]),  # a two-letter word narrows what the trigrams found
    ("ying", ["ying"]),
])
def test_a_word_inside_a_longer_word(factory, query, needles):
    with factory() as s:
        found = search.search(s, "receive", query)
        assert found == _scan(s, *needles) and found


def test_inside_words_keeps_to_its_register_and_year(factory):
    with factory() as s:
        assert search.inside_words(s, "receive", "พิการ", 2026, 500) == _scan(s, "พิการ")
        assert search.inside_words(s, "receive", "พิการ", 2025, 500) == []
        assert search.inside_words(s, "send", "พิการ", None, 500) == []
        assert search.inside_words(s, "receive", "ชะ", None, 500) == []  # too short alone
        assert search.inside_words(s, "receive", "100%_", None, 500) == []
