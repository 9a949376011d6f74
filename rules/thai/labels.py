"""A stored word with the Thai label a person reads for it.

States and dispositions are kept in the database as short English words ("open",
"register") and shown to clerks in Thai. Defining both together, one member per word,
keeps the two from drifting apart: a new state without a label cannot be written.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Self


class Labelled(StrEnum):
    """Members are written `NAME = "stored word", "Thai label"`; a member is equal to its
    stored word (it is a str), so rows read from the database compare as they always did."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def of(cls, value: str) -> Self:
        """The member stored as `value` (ValueError when there is none)."""
        return cls(value)  # type: ignore[call-arg]  # Enum's lookup by value, not __new__

    @classmethod
    def label_of(cls, value: str | None, default: str = "-") -> str:
        """The Thai label of a stored word; the word itself when it is not one of ours
        (an older row), `default` when there is none."""
        if not value:
            return default
        try:
            return cls.of(value).label
        except ValueError:
            return str(value)
