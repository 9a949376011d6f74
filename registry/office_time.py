"""When a submission counts as received (Act on Administrative Procedures via
Electronic Means B.E. 2565, s.10): at once when it arrives in office hours, else at the
start of the next working time. Working days skip weekends and Thai public holidays.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
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


def next_working_day(d: date) -> date:
    """d itself when it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def period_end(start: date, days: int, kind: str) -> date:
    """The last day of a period of `days` from `start`, counted in working days (weekends
    and Thai public holidays skipped) or calendar days. A period that would end on a
    weekend or public holiday ends on the next working day: nobody can act on a day the
    office is shut (the rule of the Civil and Commercial Code s.193/8, as practised for
    statutory periods under the Licensing Facilitation Act B.E. 2558)."""
    if kind == "calendar":
        return next_working_day(start + timedelta(days=days))
    d, left = start, days
    while left > 0:
        d += timedelta(days=1)
        if is_working_day(d):
            left -= 1
    return d


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


_BY = re.compile(r"\bby\s+\[?([A-Za-z0-9.\-:]+)", re.IGNORECASE)
_FROM = re.compile(r"^\s*from\s+\[?([A-Za-z0-9.\-:]+)", re.IGNORECASE)


def _header_time(header: str) -> datetime | None:
    if ";" not in header:
        return None
    try:
        when = parsedate_to_datetime(header.rsplit(";", 1)[1].strip())
    except (TypeError, ValueError, IndexError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def time_of_receipt(received: list[str], own_hosts: str, fetched: datetime,
                    now: datetime) -> datetime:
    """When the mail entered the unit's system (s.10 of the 2565 Act; registers.md):
    the time in the Received header the unit's own server wrote (hosts named in
    unit.received_hosts), else `fetched` (IMAP INTERNALDATE, or when we fetched it).

    Headers are read from the top, the last hop: only an unbroken run of headers
    written by our own hosts can be ours, down to the one where our server took the
    mail from a host not ours (the entry into our system); anything below that is the
    sender's own writing, whatever host it names. A time in the future is not believed."""
    hosts = {h.strip().lower().rstrip(".") for h in (own_hosts or "").split(",") if h.strip()}
    found = None
    def ours(m) -> bool:
        return bool(m) and m.group(1).lower().rstrip(".") in hosts

    for header in received if hosts else []:
        route = header.split(";", 1)[0]
        if not ours(_BY.search(route)):
            break
        when = _header_time(header)
        if when is None or when > now + timedelta(hours=1):
            break
        found = when
        if not ours(_FROM.search(route)):
            break  # our server took it from outside: the entry into our system
    return found or fetched
