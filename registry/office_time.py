"""When a submission counts as received (Act on Administrative Procedures via
Electronic Means B.E. 2565, s.10): at once when it arrives in office hours, else at the
start of the next working time. Working days skip weekends and Thai public holidays.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

OFFICE_OPEN = time(8, 30)
OFFICE_CLOSE = time(16, 30)


@cache
def _thai_holidays(year: int) -> frozenset[date]:
    try:
        import holidays
    except ImportError:  # the package is a dependency; be lenient in stripped installs
        return frozenset()
    return frozenset(holidays.country_holidays("TH", years=year))


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _thai_holidays(d.year)


def deemed_received(arrived: datetime, tz: str = "Asia/Bangkok") -> datetime:
    """The deemed time of receipt for a message that reached our server at `arrived`."""
    zone = ZoneInfo(tz)
    local = arrived.astimezone(zone)
    if is_working_day(local.date()) and OFFICE_OPEN <= local.time() < OFFICE_CLOSE:
        return arrived
    day = local.date()
    if is_working_day(day) and local.time() < OFFICE_OPEN:
        return datetime.combine(day, OFFICE_OPEN, zone)
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, OFFICE_OPEN, zone)


def local_now(tz: str = "Asia/Bangkok") -> datetime:
    return datetime.now(ZoneInfo(tz))
