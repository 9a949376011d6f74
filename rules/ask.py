"""Reading a mail's structure, not only its words: which clauses ask (ขอ…, อยากทราบ…,
please…), which tell background ("มีบัตรคนพิการแล้ว", "already received"), where the
quoted history and the signature begin.

A clerk reads the subject and the sentence that asks first; a matter named only in
background is not what is asked. matter.py weighs the fields these functions return.
"""
from __future__ import annotations

import re

from rules.lexicon import APPLY, ASK, BACKGROUND

# Thai clauses are separated by spaces between Thai letters; English sentences by . ? !
_THAI_GAP = re.compile(r"(?<=[\u0e00-\u0e7f])[ \t]+(?=[\u0e00-\u0e7f])")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")
# where quoted history starts: "> ", "On … wrote:", Outlook's "From:/จาก:" block, a rule
_QUOTE = re.compile(r"^(?:>|-{3,}\s*(?:Original|Forwarded)|_{8,}|On .{5,80} wrote:|"
                    r"เมื่อ .{5,80}เขียนว่า|(?:From|จาก):\s.+\n(?:Sent|ส่ง|Date|วันที่):)",
                    re.MULTILINE)
_PHONE = re.compile(r"(?:\+66|0)[0-9 -]{8,12}")


def own_text(text: str) -> str:
    """The writer's own words: the body without the quoted history below it."""
    m = _QUOTE.search(text or "")
    return text[:m.start()] if m and m.start() > 0 else (text or "")


def clauses(text: str) -> list[str]:
    out = []
    for sentence in _SENTENCE_END.split(text or ""):
        out.extend(c.strip() for c in _THAI_GAP.split(sentence) if c.strip())
    return out


def ask_text(text: str) -> str:
    """The clauses that ask, joined (background clauses left out)."""
    body = signature_split(own_text(text))[0]
    return "\n".join(c for c in clauses(body)
                     if ASK.search(c.lower()) and not BACKGROUND.search(c.lower()))


def background_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in BACKGROUND.finditer((text or "").lower())]


def without_background(text: str) -> tuple[str, str]:
    """(the text with background clauses blanked, the background clauses)."""
    text = text or ""
    spans = background_spans(text)
    if not spans:
        return text, ""
    kept, gone, last = [], [], 0
    for a, b in spans:
        kept.append(text[last:a])
        kept.append(" " * (b - a))
        gone.append(text[a:b])
        last = b
    kept.append(text[last:])
    return "".join(kept), "\n".join(gone)


def applies(text: str) -> bool:
    """The writer files something (an application), not only asks how to."""
    return bool(APPLY.search(own_text(text or "").lower()))


def signature_split(text: str) -> tuple[str, str]:
    """(body, signature): the signature is the last paragraph when it is a few short
    lines (a name, a title, a workplace, a phone number)."""
    text = (text or "").rstrip()
    head, sep, last = text.rpartition("\n\n")
    if not sep:
        return text, ""
    lines = [ln for ln in last.splitlines() if ln.strip()]
    short = all(len(ln) <= 80 for ln in lines)
    if lines and len(lines) <= 6 and short and (len(lines) >= 2 or _PHONE.search(last)):
        return head, last
    return text, ""
