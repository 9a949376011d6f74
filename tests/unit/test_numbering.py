"""Running numbers: per register per year, from 1, gap-free and unique under concurrency."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from registry.db import make_engine, migrate, session_factory, transaction
from registry.models import ReceiveEntry
from registry.numbering import next_number, set_start
from registry.registers import add_receive_entry, export_rows
from tests.registry_checks import concurrent_numbers


@pytest.fixture
def factory(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/r.db")
    migrate(engine)
    return session_factory(engine)


def test_numbers_start_at_one_each_year_and_per_register(factory):
    with transaction(factory) as s:
        assert [next_number(s, "receive", 2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(s, "send", 2026) == 1
        assert next_number(s, "receive", 2027) == 1


def test_the_year_is_the_office_calendar_year(factory):
    # 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in Bangkok: number 1 of 2027 (2570 BE)
    with transaction(factory) as s:
        e = add_receive_entry(s, now=datetime(2026, 12, 31, 18, tzinfo=UTC),
                              tz="Asia/Bangkok", sender="a", recipient="b", subject="c")
        assert (e.year, e.number) == (2027, 1)
    with factory() as s:
        assert export_rows(s, "receive", 2027)[0]["year_be"] == 2570


def test_a_rolled_back_registration_leaves_no_gap(factory):
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(RuntimeError), transaction(factory) as s:
        add_receive_entry(s, now=now, tz="Asia/Bangkok", sender="a", recipient="b",
                          subject="lost")
        raise RuntimeError("crash before commit")
    with transaction(factory) as s:
        e = add_receive_entry(s, now=now, tz="Asia/Bangkok", sender="a", recipient="b",
                              subject="kept")
    assert e.number == 1


def test_mid_year_takeover_starts_at_a_chosen_number(factory):
    with transaction(factory) as s:
        set_start(s, "receive", 2026, 501)
        assert next_number(s, "receive", 2026) == 501


@pytest.mark.slow  # two interpreters importing the whole project
def test_two_processes_registering_at_once_get_unique_gap_free_numbers(tmp_path):
    url = f"sqlite:///{tmp_path}/c.db"
    numbers = concurrent_numbers(url, workers=3, each=30)
    assert sorted(numbers) == list(range(1, 91))
    factory = session_factory(make_engine(url))
    with factory() as s:
        stored = sorted(s.scalars(select(ReceiveEntry.number)))
    assert stored == list(range(1, 91))
