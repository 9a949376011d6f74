"""Whose letter it is: the addressee (เรียน …) of an official letter, attached or in the
body, matched against the unit, its sibling units and the other agencies of the profile.

A sibling is recognised by its name without the leading "สำนักงาน" (a letter writes
"เรียน พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดราชบุรี"), by its short name, or by the
words the profile lists as `addressed_as`; an agency by its `addressed_as` words.
"""
from __future__ import annotations

import re

from rules.ask import own_text
from rules.thai.text import normalize

_BODY_TO = re.compile(r"^\s*เรียน\s*(.+)$", re.MULTILINE)
_OFFICE = re.compile(r"^(?:สำนักงาน|หัวหน้า|ผู้อำนวยการ|ผู้ปกครอง)")


def addressee_line(msg) -> str | None:
    """The attached letter's เรียน line, else the first เรียน line of the covering mail."""
    to = msg.letter_value("to")
    if to:
        return normalize(to)
    m = _BODY_TO.search(own_text(msg.text or ""))
    return normalize(m.group(1)) if m else None


def _names(name: str, extra) -> list[str]:
    core = normalize(_OFFICE.sub("", normalize(name)))
    return [n for n in [core, *map(normalize, extra)] if n]


def _mentions(line: str, names: list[str]) -> bool:
    squeezed = line.replace(" ", "")
    return any(n.replace(" ", "") in squeezed for n in names)


def addressee(line: str, profile):
    """("own" | "sibling" | "agency" | None, the sibling or agency)."""
    unit = profile.unit
    if _mentions(line, _names(unit.name, [unit.short_name, *unit.addressed_as])):
        return "own", None
    for sib in profile.siblings:
        if _mentions(line, _names(sib.name, sib.addressed_as)):
            return "sibling", sib
    for agency in profile.agencies.values():
        if agency.addressed_as and _mentions(line, [normalize(a) for a in agency.addressed_as]):
            return "agency", agency
    return None, None
