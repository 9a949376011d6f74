"""Thai presentation: Buddhist Era dates, Thai digits, month names.

Registers and letters show years in the Buddhist Era (CE + 543) and, where the unit
chooses, Thai digits (registers.md). Everything here is pure and locale-free.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import overload
from zoneinfo import ZoneInfo

BE_OFFSET = 543
OFFICE_ZONE = "Asia/Bangkok"  # unit.timezone's default
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@cache
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


@overload
def local_time(when: datetime, tz: str | None = None) -> datetime: ...


@overload
def local_time(when: None, tz: str | None = None) -> None: ...


def local_time(when: datetime | None, tz: str | None = None) -> datetime | None:
    """The moment as the office reads it (stamp, cover, registers, exports, replies,
    pages): times are stored in UTC (a naive one is UTC, as the database hands it back)
    and every one a person reads is shown in the unit's zone, so the stamp, the cover
    and the register say the same day and hour whatever zone the machine runs in."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(_zone(tz or OFFICE_ZONE))


def thai_digits(text: object) -> str:
    return str(text).translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def digits(text: object, thai: bool) -> str:
    return thai_digits(text) if thai else str(text)


def be_year(d: date | datetime) -> int:
    return d.year + BE_OFFSET


def thai_date(d: date | datetime, *, thai_numerals: bool = False, abbr: bool = False) -> str:
    """'23 พฤศจิกายน 2569' (or with Thai digits: '๒๓ พฤศจิกายน ๒๕๖๙')."""
    month = (MONTHS_ABBR if abbr else MONTHS)[d.month - 1]
    return digits(f"{d.day} {month} {be_year(d)}", thai_numerals)


def thai_time(d: datetime, *, thai_numerals: bool = False) -> str:
    """'14.05 น.' as Thai offices write the time."""
    return digits(f"{d.hour:02d}.{d.minute:02d} น.", thai_numerals)


def english_date(d: date | datetime) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def parse_date(text: str) -> date | None:
    """A date as a Thai clerk types it: 3/12/2569 or ๓/๑๒/๒๕๖๙ (day/month/BE year), or
    ISO 2026-12-03; a year above 2400 is taken as BE, whichever form. None when it is not
    a date (a form field left empty or mistyped filters nothing)."""
    import re

    text = arabic_digits((text or "").strip())
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dmy = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    if iso:
        year, month, day = (int(x) for x in iso.groups())
    elif dmy:
        day, month, year = (int(x) for x in dmy.groups())
    else:
        return None
    if year > 2400:
        year -= BE_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None
