from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from registry.office_time import deemed_received
from rules.thai.dates import arabic_digits, parse_date, thai_date, thai_digits, thai_time

BKK = ZoneInfo("Asia/Bangkok")


def test_buddhist_era_and_thai_digits():
    assert thai_date(date(2026, 11, 23)) == "23 พฤศจิกายน 2569"
    assert thai_date(date(2026, 1, 5), thai_numerals=True, abbr=True) == "๕ ม.ค. ๒๕๖๙"
    assert thai_time(datetime(2026, 1, 1, 9, 5), thai_numerals=True) == "๐๙.๐๕ น."
    assert arabic_digits(thai_digits("พบ 0022/123")) == "พบ 0022/123"


def test_mail_in_office_hours_counts_at_once():
    t = datetime(2026, 11, 23, 10, 0, tzinfo=BKK)  # a Monday
    assert deemed_received(t) == t


def test_mail_on_friday_evening_counts_from_monday_morning():
    t = datetime(2026, 11, 27, 20, 0, tzinfo=BKK)
    assert deemed_received(t) == datetime(2026, 11, 30, 8, 30, tzinfo=BKK)


def test_mail_before_opening_counts_from_opening_the_same_day():
    t = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 08:00 Bangkok, Tuesday
    assert deemed_received(t) == datetime(2026, 11, 24, 8, 30, tzinfo=BKK)


def test_thai_public_holiday_is_skipped():
    # 5 December (King Bhumibol's birthday / Father's Day) 2025 is a Friday holiday
    t = datetime(2025, 12, 4, 18, 0, tzinfo=BKK)
    assert deemed_received(t) == datetime(2025, 12, 8, 8, 30, tzinfo=BKK)


@pytest.mark.parametrize("typed, expected", [
    ("3/12/2569", date(2026, 12, 3)),
    ("๓/๑๒/๒๕๖๙", date(2026, 12, 3)),
    ("03.12.2569", date(2026, 12, 3)),
    ("2026-12-03", date(2026, 12, 3)),
    ("2569-12-03", date(2026, 12, 3)),
    ("3/12/2026", date(2026, 12, 3)),
    ("31/2/2569", None),
    ("", None),
    ("พรุ่งนี้", None),
])
def test_a_date_typed_in_the_buddhist_era_is_read(typed, expected):
    assert parse_date(typed) == expected
