"""Thai text for keyword matching: normalisation, word segmentation, explainable matches.

Thai is written without spaces between words, so a keyword is looked up as a substring
of the normalised text and accepted only when it starts and ends on a word boundary
found by PyThaiNLP's newmm segmenter (its dictionary ships inside the package: no
download, no network). "ยา" therefore does not match inside "ยาก", while "ดำเนินสะดวก"
still matches however the segmenter splits it internally.

The segmenter's dictionary glues compounds ("การค้า|มนุษย์", "ถูก|ทำร้ายร่างกาย"), so a
keyword of LONG_KEYWORD characters or more (two syllables and up: specific enough not
to hide inside an unrelated word) needs only one of its ends on a boundary.

Normalisation: NFKC, SARA AM written as NIKHAHIT + SARA AA (what PDFs give) folded to
SARA AM, Thai digits to Arabic, lower case, stray spaces before combining marks
removed (broken PDF text and display names), whitespace collapsed.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# a space wrongly placed before a Thai vowel/tone mark that belongs to the previous letter
_SPACE_BEFORE_MARK = re.compile(r"[ \t]+(?=[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e])")
_WS = re.compile(r"\s+")
LONG_KEYWORD = 6  # normalised characters; see the module docstring


def normalize(text: str) -> str:
    # the profile's keywords are normalised again on every lookup: keep those answers
    return _normalize_keyword(text) if len(text or "") <= 64 else _normalize(text)


@functools.lru_cache(maxsize=8192)
def _normalize_keyword(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_ZERO_WIDTH)
    text = text.replace("\u0e4d\u0e32", "\u0e33").translate(_THAI_DIGITS).lower()
    text = _SPACE_BEFORE_MARK.sub("", text)
    return _WS.sub(" ", text).strip()


_tokenizer = None


def _tokenize(text: str) -> list[str]:
    # Loaded once per process: importing pythainlp and building the newmm trie is slow.
    global _tokenizer
    if _tokenizer is None:
        from pythainlp.tokenize import word_tokenize

        _tokenizer = word_tokenize
    return _tokenizer(text, engine="newmm", keep_whitespace=True)


@lru_cache(maxsize=64)
def _boundaries(text: str) -> frozenset[int]:
    cuts, pos = {0, len(text)}, 0
    for token in _tokenize(text):
        pos += len(token)
        cuts.add(pos)
    return frozenset(cuts)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or "\u0e00" <= ch <= "\u0e7f"


class TextIndex:
    """One normalised text and its word boundaries, searched for many keywords."""

    def __init__(self, text: str):
        self.text = normalize(text)
        self._cuts: frozenset[int] | None = None

    @property
    def cuts(self) -> frozenset[int]:
        if self._cuts is None:
            self._cuts = _boundaries(self.text) if self.text else frozenset({0})
        return self._cuts

    def _on_boundary(self, pos: int) -> bool:
        if pos in self.cuts:
            return True
        # next to a non-word character (space, punctuation) is a boundary too
        before = self.text[pos - 1] if pos > 0 else " "
        after = self.text[pos] if pos < len(self.text) else " "
        return not (_is_word_char(before) and _is_word_char(after))

    def positions(self, keyword: str) -> list[int]:
        """Start offsets of the keyword in the text, on word boundaries only."""
        kw = normalize(keyword)
        if not kw or not self.text:
            return []
        out, start = [], 0
        while True:
            i = self.text.find(kw, start)
            if i < 0:
                return out
            start_ok, end_ok = self._on_boundary(i), self._on_boundary(i + len(kw))
            if (start_ok and end_ok) or (len(kw) >= LONG_KEYWORD and (start_ok or end_ok)):
                out.append(i)
            start = i + 1

    def has(self, keyword: str) -> bool:
        return bool(self.positions(keyword))

    def matches(self, keywords) -> list[str]:
        """The keywords (as written in the profile) found in the text, longest first,
        leaving out a keyword found only inside a longer one that matched."""
        found = [k for k in dict.fromkeys(keywords) if self.has(k)]
        found.sort(key=lambda k: -len(normalize(k)))
        kept: list[str] = []
        for k in found:
            nk = normalize(k)
            if any(nk in normalize(longer) and self._only_inside(nk, normalize(longer))
                   for longer in kept):
                continue
            kept.append(k)
        return kept

    def _only_inside(self, short: str, longer: str) -> bool:
        spans = [(i, i + len(longer)) for i in self.positions(longer)]
        return all(any(a <= p and p + len(short) <= b for a, b in spans)
                   for p in self.positions(short))


@dataclass
class Field:
    """A part of the message with the weight its matches get."""

    name: str  # subject, body, attachment_name, attachment_text
    index: TextIndex
    weight: float


def keyword_score(fields: list[Field], keywords) -> tuple[float, list[str]]:
    """Sum over distinct keywords of the best field weight where each was found.
    A keyword "A & B" counts when every part is found somewhere (in any field), with
    the lowest weight among its parts. Returns the score and the matched keywords
    (for the clerk's reason)."""
    simple = [k for k in keywords if "&" not in k]
    combos = [k for k in keywords if "&" in k]
    best: dict[str, float] = {}
    for f in fields:
        for k in f.index.matches(simple):
            best[k] = max(best.get(k, 0.0), f.weight)
    for combo in combos:
        parts = [p.strip() for p in combo.split("&") if p.strip()]
        weights = [max((f.weight for f in fields if f.index.has(p)), default=0.0) for p in parts]
        if parts and min(weights) > 0:
            best[combo] = min(weights)
    ordered = sorted(best, key=lambda k: (-best[k], -len(k)))
    return sum(best.values()), ordered
