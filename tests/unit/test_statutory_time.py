"""Statutory time (issue 14, finding 9): a period ending on a weekend or Thai public
holiday ends on the next working day; the manual says which days it counts."""
from datetime import date

from registry.office_time import next_working_day, period_end
from rules.profile import load_profile


def test_a_calendar_period_ending_in_songkran_moves_to_the_next_working_day():
    # 3 April 2027 + 10 days = Tuesday 13 April, Songkran (13-15 April)
    assert period_end(date(2027, 4, 3), 10, "calendar") == date(2027, 4, 16)


def test_a_calendar_period_ending_on_a_saturday_moves_to_monday():
    assert period_end(date(2027, 3, 1), 5, "calendar") == date(2027, 3, 8)


def test_a_calendar_period_ending_on_a_working_day_stays():
    assert period_end(date(2027, 3, 1), 3, "calendar") == date(2027, 3, 4)


def test_working_days_skip_weekends_and_holidays():
    # Friday 9 April 2027: Mon 12 is the 1st working day, 13-15 Songkran, Fri 16, Mon 19
    assert period_end(date(2027, 4, 9), 3, "working") == date(2027, 4, 19)


def test_next_working_day_after_the_fathers_day_substitute():
    # 5 Dec 2027 is a Sunday; Monday 6 December is the day in lieu
    assert next_working_day(date(2027, 12, 5)) == date(2027, 12, 7)


def test_every_service_of_the_demo_manual_says_how_its_days_count():
    profile = load_profile()
    assert {s.statutory_day_kind for s in profile.services.values()} <= {"working", "calendar"}
    assert all(s.statutory_day_kind for s in profile.services.values() if s.statutory_days)
    assert profile.opdc_address.endswith(".go.th")
