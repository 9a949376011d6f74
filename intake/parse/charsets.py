"""Charset handling for Thai mail: codec aliases and decoding with detection.

Outlook labels Thai text "windows-874", a name Python 3.11 has no codec for; the
stdlib then turns such subjects into U+FFFD and get_content() raises LookupError.
cp874 is a superset of TIS-620 / ISO-8859-11, so every Thai label is read as cp874.

decode_text() never drops or replaces text silently: whenever it had to guess, it
returns a human-readable note saying what it did, which the parser keeps in
ParsedMessage.charset_notes.
"""
from __future__ import annotations

import codecs
import email.charset
import unicodedata

THAI_CODEC = "cp874"
# Labels seen on Thai mail; all read as cp874 (a superset of the other two).
THAI_LABELS = ("windows-874", "x-windows-874", "tis-620", "tis620", "iso-8859-11", "x-cp874")
_THAI_NORMALISED = {label.replace("-", "_") for label in THAI_LABELS} | {
    "windows874", "iso8859_11", "iso_8859_11", "cp874", "tis_620_0", "tis_620_2529_0",
    "tis_620_2529_1",
}
# Codecs that are text encodings to Python but turn mail into something else.
_UNSAFE_CODECS = {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"}

# Labels Thai mail is often mislabelled with; bytes may really be UTF-8 or cp874.
_WESTERN_CODECS = {codecs.lookup(n).name for n in ("latin-1", "cp1252", "ascii", "iso-8859-15")}

_registered = False


def _normalise(label: str) -> str:
    return label.strip().strip("\"'").strip().lower().replace("-", "_").replace(" ", "_")


def _thai_search(name: str) -> codecs.CodecInfo | None:
    # Only reached for names the built-in encodings package does not know.
    if _normalise(name) in _THAI_NORMALISED:
        return codecs.lookup(THAI_CODEC)
    return None


def register_thai_codecs() -> None:
    """Make the Thai labels decode everywhere (codecs and the email package). Idempotent."""
    global _registered
    if _registered:
        return
    codecs.register(_thai_search)
    for label in THAI_LABELS:
        email.charset.add_alias(label, THAI_CODEC)
    _registered = True


def codec_for(label: str | None) -> str | None:
    """Python codec name for a MIME charset label, or None when unknown/unusable."""
    if not label:
        return None
    norm = _normalise(label)
    if not norm:
        return None
    if norm in _THAI_NORMALISED:
        return THAI_CODEC
    if "*" in norm:  # RFC 2231 language suffix: "utf-8*th"
        norm = norm.split("*", 1)[0]
    try:
        info = codecs.lookup(norm)
    except (LookupError, ValueError, TypeError):
        return None
    if info.name in _UNSAFE_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _ascii_compatible(codec: str) -> bool:
    probe = "From: Abc-12 <x@y.z>\r\n"
    try:
        return probe.encode(codec) == probe.encode("ascii")
    except (UnicodeError, LookupError):
        return False


def _mostly_printable_ascii(data: bytes) -> bool:
    if not data:
        return False
    printable = sum(1 for b in data[:4096] if 0x20 <= b < 0x7F or b in (9, 10, 13))
    return printable >= 0.9 * min(len(data), 4096)


def _looks_garbled(text: str) -> bool:
    """Controls, unassigned or private-use code points: the codec was the wrong one."""
    sample = text[:20000]
    if not sample:
        return False
    bad = 0
    for ch in sample:
        if ch in "\t\n\r\f\v":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn"):
            bad += 1
    return bad > max(2, 0.02 * len(sample))


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def _looks_thai_cp874(data: bytes) -> str | None:
    """cp874 text when the high bytes of data read as Thai, else None."""
    try:
        text = data.decode(THAI_CODEC)
    except UnicodeDecodeError:
        return None
    if _looks_garbled(text):  # binary data, not text
        return None
    non_ascii = [ch for ch in text[:100_000] if ord(ch) > 0x7F]
    if not non_ascii:
        return None
    thai = sum(1 for ch in non_ascii if _is_thai(ch))
    return text if thai >= 0.8 * len(non_ascii) else None


def _western_bytes_are_thai(data: bytes) -> bool:
    """Thai written without spaces is nearly all high bytes; Western text is not."""
    sample = data[:8192]
    high = sum(1 for b in sample if b >= 0xA1)
    letters = sum(1 for b in sample if 0x41 <= (b | 0x20) <= 0x7A)
    return high >= 8 and high > 1.5 * letters


def detect(data: bytes) -> tuple[str, str]:
    """(text, charset name) for bytes of unknown charset. Never raises.

    Order: strict UTF-8 (what nearly all modern mail is), cp874 when the high
    bytes read as Thai, charset-normalizer as last guess, else UTF-8 with
    replacement characters (the caller notes it).
    """
    if data.isascii():
        return data.decode("ascii"), "us-ascii"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    thai = _looks_thai_cp874(data)
    if thai is not None:
        return thai, THAI_CODEC
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            codec = codec_for(best.encoding)
            if codec:
                text = data.decode(codec, errors="strict")
                if not _looks_garbled(text):
                    return text, best.encoding
    except Exception:  # noqa: BLE001 - a guesser must not break parsing
        pass
    return data.decode("utf-8", errors="replace"), "utf-8 (undecodable bytes replaced)"


def decode_text(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode bytes by their declared charset, detecting when it is missing or wrong.

    Returns (text, note). note is None when the declared charset simply worked
    (or undeclared bytes were plain ASCII); otherwise it says what happened, e.g.
    "no charset declared; detected utf-8" or "windows-874 read as cp874".
    """
    if isinstance(data, str):  # defensive: already text
        return data, None
    data = bytes(data or b"")
    label = (declared or "").strip().strip("\"'").strip()
    if not label:
        text, found = detect(data)
        if found == "us-ascii":
            return text, None
        return text, f"no charset declared; detected {found}"

    codec = codec_for(label)
    if codec is None:
        text, found = detect(data)
        return text, f"unknown charset {label!r}; detected {found}"

    remap_note = None
    if codec == THAI_CODEC and _normalise(label) != THAI_CODEC:
        remap_note = f"{label.lower()} read as {THAI_CODEC}"

    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        text = None

    if text is not None and not _ascii_compatible(codec):
        has_bom = data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:3] == b"\xef\xbb\xbf"
        if not has_bom and _mostly_printable_ascii(data):
            text = None  # e.g. "utf-16" declared on ASCII/UTF-8 bytes
    if text is not None and _looks_garbled(text):
        text = None
    if text is not None and codec in _WESTERN_CODECS:
        # Mislabelled Thai: UTF-8 or cp874 bytes declared as a Western charset.
        if not data.isascii():
            try:
                utf8 = data.decode("utf-8")
            except UnicodeDecodeError:
                utf8 = None
            if utf8 is not None:
                return utf8, f"declared {label.lower()} but bytes are utf-8"
            if _western_bytes_are_thai(data):
                thai = _looks_thai_cp874(data)
                if thai is not None:
                    return thai, f"declared {label.lower()} but bytes are {THAI_CODEC} (Thai)"

    if text is None:
        text, found = detect(data)
        return text, f"declared {label.lower()} but bytes are {found}"
    return text, remap_note
