"""Thai text for keyword matching: normalisation, word segmentation, explainable matches.

Thai is written without spaces between words, so a keyword is looked up as a substring
of the normalised text and accepted only when it starts and ends on a word boundary
found by PyThaiNLP's newmm segmenter (its dictionary ships inside the package: no
download, no network). "ยา" therefore does not match inside "ยาก", while "ดำเนินสะดวก"
still matches however the segmenter splits it internally.

The segmenter's dictionary glues compounds ("การค้า|มนุษย์", "ถูก|ทำร้ายร่างกาย"), so a
keyword of LONG_KEYWORD characters or more (two syllables and up: specific enough not
to hide inside an unrelated word) needs only one of its ends on a boundary.

Two layers, one place. clean_thai() turns Thai as PDF producers and mail clients hand it
over back into what was typed (the one clean-up the pipeline, the letter reader, the
register search and the rules all use); normalize() then folds it for matching (Thai
digits to Arabic, lower case, whitespace collapsed).

Matching: all the keywords the rules know are found in one pass over the text by an
Aho–Corasick automaton (KeywordSet, pyahocorasick); the boundary test then runs only
where a keyword occurs.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_WS = re.compile(r"\s+")
LONG_KEYWORD = 6  # normalised characters; see the module docstring

# Thai presentation forms in the Private Use Area: Garuda, Laksaman, Loma and many
# Windows Thai fonts draw shifted marks with these, and Chromium's and Word's PDF text
# layers keep them (U+F70A = MAI EK moved left, U+F70B = MAI THO moved left, ...).
_PUA = {
    0xF700: "\u0e10", 0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36", 0xF704: "\u0e37",
    0xF705: "\u0e48", 0xF706: "\u0e49", 0xF707: "\u0e4a", 0xF708: "\u0e4b", 0xF709: "\u0e4c",
    0xF70A: "\u0e48", 0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",
    0xF70F: "\u0e0d", 0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47", 0xF713: "\u0e48",
    0xF714: "\u0e49", 0xF715: "\u0e4a", 0xF716: "\u0e4b", 0xF717: "\u0e4c", 0xF718: "\u0e38",
    0xF719: "\u0e39", 0xF71A: "\u0e3a",
}
_DROP = dict.fromkeys(map(ord, "\x00\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Order of combining marks after a consonant: vowels above/below, then tone marks and
# the other signs, then NIKHAHIT (the first half of a split SARA AM).
_MARK_RANK = {ch: 0 for ch in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"}
_MARK_RANK.update({ch: 1 for ch in "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4e"})
_MARK_RANK["\u0e4d"] = 2
_MARKS = "".join(_MARK_RANK)
_MARK_RUN = re.compile(f"[{_MARKS}]{{2,}}")
# a space wrongly placed before a Thai vowel/tone mark that belongs to the previous letter
_SPACE_BEFORE_MARK = re.compile(f"[ \t]+(?=[{_MARKS}\u0e33])")
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_SARA_AM_SPLIT = (
    # NIKHAHIT + SARA AA (NFKC's decomposition, most PDFs), with the tone on either side
    (re.compile(f"\u0e4d\u0e32([{_TONES}])"), "\\1\u0e33"),
    (re.compile(f"\u0e4d([{_TONES}]?)\u0e32"), "\\1\u0e33"),
    # LibreOffice with Sarabun writes SARA AM and then SARA AA again ("สำา"): no Thai
    # word has SARA AA after SARA AM
    (re.compile("\u0e33\u0e32"), "\u0e33"),
)


def clean_thai(text: str) -> str:
    """Thai text as a PDF's text layer or a mail client gives it, back to what was typed:
    presentation-form glyphs (U+F700..F71A) to their characters, NUL and zero-width
    characters dropped, NFKC, stray spaces before a mark removed, stacked marks in typing
    order, SARA AM whole again. Idempotent; the case and the digits are kept."""
    text = unicodedata.normalize("NFKC", (text or "").translate(_PUA).translate(_DROP))
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _MARK_RUN.sub(lambda m: "".join(sorted(m.group(0), key=_MARK_RANK.get)), text)
    for rx, repl in _SARA_AM_SPLIT:
        text = rx.sub(repl, text)
    return text


def normalize(text: str) -> str:
    # the profile's keywords are normalised again on every lookup: keep those answers
    return _normalize_keyword(text) if len(text or "") <= 64 else _normalize(text)


@functools.lru_cache(maxsize=8192)
def _normalize_keyword(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = clean_thai(text).translate(_THAI_DIGITS).lower()
    return _WS.sub(" ", text).strip()


_tokenizer = None


def _tokenize(text: str) -> list[str]:
    # Loaded once per process: importing pythainlp and building the newmm trie is slow.
    global _tokenizer
    if _tokenizer is None:
        from pythainlp.tokenize import word_tokenize

        _tokenizer = word_tokenize
    return _tokenizer(text, engine="newmm", keep_whitespace=True)


@lru_cache(maxsize=256)
def _boundaries(text: str) -> frozenset[int]:
    cuts, pos = {0, len(text)}, 0
    for token in _tokenize(text):
        pos += len(token)
        cuts.add(pos)
    return frozenset(cuts)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or "\u0e00" <= ch <= "\u0e7f"


class KeywordSet:
    """A profile's keyword list, normalised once, in one Aho–Corasick automaton
    (pyahocorasick): a text is read once for all its keywords instead of once per
    keyword."""

    def __init__(self, keywords: tuple[str, ...]):
        self.normal = {k: normalize(k) for k in keywords}
        self.words = frozenset(nk for nk in self.normal.values() if nk)
        self.automaton = None
        if self.words:
            import ahocorasick

            self.automaton = ahocorasick.Automaton()
            for nk in self.words:
                self.automaton.add_word(nk, nk)
            self.automaton.make_automaton()


@lru_cache(maxsize=4096)
def keyword_set(keywords: tuple[str, ...]) -> KeywordSet:
    return KeywordSet(keywords)


_every: KeywordSet | None = None


def _universe(words: frozenset[str]) -> KeywordSet:
    """One automaton of every keyword asked for so far (the profile's lists, in
    practice): rebuilt only while new lists appear, i.e. during the first messages."""
    global _every
    if _every is None or not words <= _every.words:
        _every = KeywordSet(tuple((_every.words if _every else frozenset()) | words))
    return _every


class TextIndex:
    """One normalised text and its word boundaries, searched for many keywords."""

    def __init__(self, text: str):
        self.text = normalize(text)
        self._cuts: frozenset[int] | None = None
        self._positions: dict[str, list[int]] = {}  # normalised keyword -> accepted starts
        # the keywords scanned for: the universe's own frozenset, shared and never copied
        # (a message of 10,000 attachment names makes 10,000 indexes); a scanned keyword
        # without an entry in _positions is absent
        self._scanned: frozenset[str] = frozenset()

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

    def _accepted(self, start: int, length: int) -> bool:
        start_ok, end_ok = self._on_boundary(start), self._on_boundary(start + length)
        return (start_ok and end_ok) or (length >= LONG_KEYWORD and (start_ok or end_ok))

    def scan(self, keywords: KeywordSet) -> None:
        """Make sure every keyword of the set is located: the first list asked about a
        text reads it once for every keyword the rules know (_universe), so the other
        lists are lookups."""
        if keywords.words <= self._scanned:
            return
        every = _universe(keywords.words)
        found: dict[str, list[int]] = {}
        if self.text and every.automaton is not None:
            for end, word in every.automaton.iter(self.text):
                found.setdefault(word, []).append(end - len(word) + 1)
        for word, starts in found.items():
            if word not in self._positions:
                self._positions[word] = [i for i in sorted(starts)
                                         if self._accepted(i, len(word))]
        self._scanned = every.words

    def positions(self, keyword: str) -> list[int]:
        """Start offsets of the keyword in the text, on word boundaries only."""
        return self._located(normalize(keyword))

    def _located(self, kw: str) -> list[int]:
        if not kw or not self.text:
            return []
        if kw not in self._positions:
            if kw in self._scanned:
                return []  # scanned for, not found
            self._positions[kw] = self._find(kw)
        return self._positions[kw]

    def _find(self, kw: str) -> list[int]:
        """One keyword by itself: str.find from each match on."""
        out, start = [], 0
        while True:
            i = self.text.find(kw, start)
            if i < 0:
                return out
            if self._accepted(i, len(kw)):
                out.append(i)
            start = i + 1

    def has(self, keyword: str) -> bool:
        # most keywords are not in the text at all: a plain substring test first
        return bool(self.text) and normalize(keyword) in self.text and bool(self.positions(keyword))

    def matches(self, keywords) -> list[str]:
        """The keywords (as written in the profile) found in the text, longest first,
        leaving out a keyword found only inside a longer one that matched."""
        if not self.text:
            return []
        ks = keyword_set(tuple(keywords))
        self.scan(ks)
        norm = ks.normal
        found = [k for k in dict.fromkeys(keywords) if self._located(norm[k])]
        found.sort(key=lambda k: -len(norm[k]))
        kept: list[str] = []
        for k in found:
            nk = norm[k]
            if any(nk in norm[longer] and self._only_inside(nk, norm[longer])
                   for longer in kept):
                continue
            kept.append(k)
        return kept

    def _only_inside(self, short: str, longer: str) -> bool:
        spans = [(i, i + len(longer)) for i in self._located(longer)]
        return all(any(a <= p and p + len(short) <= b for a, b in spans)
                   for p in self._located(short))


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
    parts = tuple(dict.fromkeys(simple + [p.strip() for c in combos for p in c.split("&")]))
    every = keyword_set(parts)
    for f in fields:
        f.index.scan(every)  # one pass per field for the simple keywords and combo parts
    best: dict[str, float] = {}
    fields = [f for f in fields if f.index.text]
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
