"""Official letters (หนังสือราชการ) read from their PDF: the fields the receive register needs.

Two layers. read_letter_text() reads the fields from plain text, one printed line per
line (a tab, or a run of 3+ spaces, separates blocks printed side by side on one line,
e.g. "ที่ ..." on the left and the agency's address on the right). read_letter() turns a
PDF into that text: pdfplumber's characters in content-stream order (the logical order
Thai needs; sorting by x scrambles tone marks), cut into lines and side-by-side blocks
by position, then repaired (Thai presentation-form code points, SARA AM split into
NIKHAHIT + SARA AA, marks out of order). A PDF without a text layer is read by OCR
(tesseract tha+eng) when tesseract is installed, with lower confidences.

Every field keeps its confidence (0..1) and the printed line it came from, so the
clerk sees why a value was read and can correct it.
"""
from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from intake.archive.convert import ocr as tesseract
from rules.thai.dates import BE_OFFSET, MONTHS, MONTHS_ABBR, arabic_digits
from rules.thai.text import clean_thai

log = logging.getLogger(__name__)

URGENCIES = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")  # longest first
SECRECIES = ("ลับที่สุด", "ลับมาก", "ลับ")
NONE = "none"

OCR_TIMEOUT = 90  # seconds for one page
OCR_FACTOR = 0.75  # OCR'd text is less certain than a text layer
MIN_TEXT_CHARS = 20  # fewer printable characters on page 1: treat the PDF as a scan
MIN_CONFIDENCE = 0.5  # below this a reading is a guess: said in the notes, not a value


@dataclass
class Field:
    value: object
    confidence: float = 0.0
    evidence: str = ""  # the printed line the value was read from


def _empty(value: object = "") -> Field:
    return Field(value, 0.0, "")


@dataclass
class LetterFields:
    doc_number: Field = field(default_factory=_empty)
    doc_number_ascii: Field = field(default_factory=_empty)
    doc_date: Field = field(default_factory=lambda: _empty(None))  # ISO yyyy-mm-dd (CE)
    subject: Field = field(default_factory=_empty)
    to: Field = field(default_factory=_empty)
    references: Field = field(default_factory=lambda: _empty([]))
    enclosures: Field = field(default_factory=lambda: _empty([]))
    urgency: Field = field(default_factory=lambda: _empty(NONE))
    secrecy: Field = field(default_factory=lambda: _empty(NONE))
    sender_agency: Field = field(default_factory=_empty)
    source: str = "text"  # "text" (the PDF's text layer), "ocr", or "none" (nothing read)
    notes: list[str] = field(default_factory=list)

    FIELD_NAMES = ("doc_number", "doc_number_ascii", "doc_date", "subject", "to", "references",
                   "enclosures", "urgency", "secrecy", "sender_agency")

    def to_dict(self) -> dict:
        out = {name: asdict(getattr(self, name)) for name in self.FIELD_NAMES}
        out["source"] = self.source
        out["notes"] = list(self.notes)
        return out


# ----------------------------------------------------------------- text repair

# the one Thai clean-up (rules/thai/text.py): presentation forms, mark order, SARA AM
repair_thai = clean_thai


# ----------------------------------------------------------------- patterns

_D = "0-9๐-๙"
_UPPER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"


def _loose(word: str) -> str:
    """A regex for a printed word whose marks above the line may be missing: OCR (and a
    clipped glyph) loses them first ('เรอง' for เรื่อง, 'ที' for ที่)."""
    return "".join(f"{re.escape(ch)}?" if ch in _UPPER else re.escape(ch) for ch in word)


def _skeleton(text: str) -> str:
    return "".join(ch for ch in text if ch not in _UPPER)


_LABELS = {
    "subject": _loose("เรื่อง"),
    "to": rf"{_loose('เรียน')}|ถึง(?=\s)",
    "references": _loose("อ้างถึง"),
    "enclosures": rf"{_loose('สิ่งที่ส่งมาด้วย')}|สิ่งที่แนบมาด้วย",
}
_LABEL_LINE = {k: re.compile(rf"^\s*(?:{v})\s*[:：]?\s*(?P<value>.*)$") for k, v in _LABELS.items()}
_TI = _loose("ที่")
_ANY_LABEL = re.compile(rf"^\s*(?:{'|'.join(_LABELS.values())})")
# the digits of a letter's number, with a unit's abbreviation in brackets as the police
# write it: ตช ๐๐๑๙(พบ).๑๑/๓๑๐๕
_NUM_RUN = rf"[{_D}](?:[{_D}.\-]|\([ก-ฮ.]{{1,8}}\))*"
_DOC_NUMBER = re.compile(
    rf"^\s*{_TI}\s*[:.]?\s*(?P<num>(?:[ก-ฮ]{{1,4}}\.?\s?){{0,3}}{_NUM_RUN}"
    rf"(?:\s?/\s?(?:ว\.?\s?)?[{_D}][{_D}.\-]*(?:\s?/\s?[{_D}]+)?)?)(?P<rest>.*)$"
)
_BARE_NUMBER = re.compile(
    rf"(?<![ก-ฮ])(?P<num>[ก-ฮ]{{1,4}}\.?\s?[{_D}]{_NUM_RUN}\s?/\s?(?:ว\.?\s?)?[{_D}][{_D}.\-]*)")
_ITEM = re.compile(rf"^\s*(?:\(?[{_D}]{{1,2}}[.)]|[-•])\s*")
_CLOSING = re.compile(r"ขอแสดงความนับถือ|ขอแสดงความเคารพ|ด้วยความเคารพ")
_CONTACT = re.compile(r"^\s*(?:โทร|โทรสาร|ไปรษณีย์|e-?mail|อีเมล|www\.|http)", re.IGNORECASE)
_POSITION_TITLES = (
    "ผู้อำนวยการ", "ผู้ว่าราชการ", "รองผู้ว่าราชการ", "ปลัด", "รองปลัด", "อธิบดี", "รองอธิบดี",
    "นายอำเภอ", "หัวหน้า", "ประธาน", "นายก", "เลขาธิการ", "ผู้บัญชาการ", "ผู้บังคับการ",
    "ผู้กำกับการ", "คณบดี", "อธิการบดี", "ผู้จัดการ", "รักษาราชการแทน", "ปฏิบัติราชการแทน",
)
_ADDRESS_START = re.compile(
    rf"^(?:ศาลากลาง|ถนน|ถ\.|เลขที่|[{_D}]|หมู่|ม\.|ซอย|ซ\.|อาคาร|ชั้น|ตู้|ตำบล|ต\.|อำเภอ|อ\.|"
    r"แขวง|เขต|กรุงเทพ|จังหวัด|จ\.|ตึก|ที่ทำการ|โทร)")
_INCOMPLETE_TAIL = re.compile(r"(?:จังหวัด|อำเภอ|ตำบล|กระทรวง|กรม|สำนักงาน)$")


def _month_pattern() -> tuple[re.Pattern, dict[str, int]]:
    lookup: dict[str, int] = {}
    alts: list[str] = []
    for i, name in enumerate(MONTHS, 1):
        lookup[name] = i
        alts.append(re.escape(name))
    for i, abbr in enumerate(MONTHS_ABBR, 1):
        letters = abbr.replace(".", "")
        lookup[letters] = i
        # "ส.ค.", "ส.ค", "ส. ค.", "สค."
        alts.append(r"\s?\.?\s?".join(re.escape(ch) for ch in letters) + r"\.?")
    alts.sort(key=len, reverse=True)
    return re.compile("|".join(alts)), lookup


_MONTH_RE, _MONTH_LOOKUP = _month_pattern()
_DATE = re.compile(
    rf"(?:วันที่\s*)?(?P<day>[{_D}]{{1,2}})\s*(?:เดือน\s*)?(?P<month>{_MONTH_RE.pattern})"
    rf"\s*(?:พ\s?\.\s?ศ\s?\.?\s*)?(?P<year>[{_D}]{{4}}|[{_D}]{{2}})(?![{_D}])"
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _month_number(token: str) -> int | None:
    token = _squash(token)
    return _MONTH_LOOKUP.get(token) or _MONTH_LOOKUP.get(token.replace(".", ""))


def parse_thai_date(text: str) -> tuple[date, float] | None:
    """The first Thai date in `text` ('๔ สิงหาคม ๒๕๖๙', '4 ส.ค. 69',
    'วันที่ 4 เดือน สิงหาคม พ.ศ. 2569') as a CE date, with a confidence."""
    for m in _DATE.finditer(text):
        month = _month_number(m.group("month"))
        day, year = int(arabic_digits(m.group("day"))), int(arabic_digits(m.group("year")))
        confidence = 0.95
        if year < 100:  # abbreviated BE year: 69 -> 2569
            year += 2500
            confidence = 0.85
        if year > 2400:
            year -= BE_OFFSET
        else:  # a CE year on a Thai letter is unusual
            confidence = 0.6
        try:
            return date(year, month, day), confidence
        except (TypeError, ValueError):
            continue
    return None


# ----------------------------------------------------------------- text layer

_COLUMN_GAP = re.compile(r"\t+| {3,}")


@dataclass
class _Row:
    blocks: list[str]
    cont: bool = False  # the line continues the block column of the line above


def _lines(text: str) -> list[_Row]:
    """Printed lines as rows of side-by-side blocks; blank lines kept (no blocks)."""
    out = []
    for raw in repair_thai(text).splitlines():
        blocks = [" ".join(b.split()) for b in _COLUMN_GAP.split(raw)]
        out.append(_Row([b for b in blocks if b], cont=raw.startswith("\t") and bool(raw.strip())))
    return out


def _is_mark(block: str, marks: tuple[str, ...]) -> str | None:
    squashed = _squash(block).strip("\"'“”()[]*")
    if squashed in marks:
        return squashed
    # a mark whose tone marks were lost (OCR): the skeletons of the marks are distinct
    return next((m for m in marks if _skeleton(m) == _skeleton(squashed)), None)


def _thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4f"  # Thai letters and marks, not Thai digits


def _join_wrapped(parts: list[str]) -> str:
    """Join a value wrapped over several lines: Thai has no spaces between words, so a
    wrap between two Thai letters joins without one."""
    out = ""
    for part in parts:
        if out and not (_thai_letter(out[-1]) and _thai_letter(part[0])):
            out += " "
        out += part
    return out


def read_letter_text(text: str, *, confidence_factor: float = 1.0) -> LetterFields:
    """The register's fields from a letter's text (see the module docstring)."""
    rows = _lines(text)
    fields = LetterFields()
    f = confidence_factor

    def put(name: str, value, confidence: float, evidence: str) -> None:
        setattr(fields, name, Field(value, round(min(confidence * f, 1.0), 2), evidence))

    closing = next((i for i, r in enumerate(rows) if _CLOSING.search(" ".join(r.blocks))),
                   len(rows))
    label_at: dict[str, int] = {}
    for i, row in enumerate(rows[:closing]):
        for name, rx in _LABEL_LINE.items():
            if row.blocks and name not in label_at and rx.match(row.blocks[0]):
                label_at[name] = i
    subject_row = label_at.get("subject", min(len(rows), 15))

    # urgency and secrecy: a block that is exactly the mark (printed large, alone)
    flat = [(i, b) for i, row in enumerate(rows) for b in row.blocks]
    for name, marks in (("urgency", URGENCIES), ("secrecy", SECRECIES)):
        found = [(i, b, _is_mark(b, marks)) for i, b in flat if _is_mark(b, marks)]
        if found:
            i, block, mark = found[0]
            put(name, mark, 0.95 if i <= subject_row else 0.8, block)
        else:
            put(name, NONE, 0.85, "")

    # ที่: the letter's number; what follows it on the line is the agency's block
    number_row, header_parts = None, []
    for i, row in enumerate(rows[: subject_row + 1]):
        for j, block in enumerate(row.blocks):
            m = _DOC_NUMBER.match(block)
            if m and re.search(f"[{_D}]", m.group("num")):
                num = re.sub(r"\s*/\s*", "/", " ".join(m.group("num").split()).rstrip(".-"))
                put("doc_number", num, 0.95, block)
                put("doc_number_ascii", arabic_digits(num), 0.95, block)
                number_row = i
                beside = [m.group("rest").strip()] + row.blocks[j + 1:]
                header_parts = [x for x in beside if x and not _is_date_block(x)][:1]
                break
        if number_row is not None:
            break

    # no "ที่" line (OCR split or misread it): a bare letter number in the header
    if number_row is None:
        for i, row in enumerate(rows[:subject_row]):
            m = next((m for b in row.blocks if (m := _BARE_NUMBER.search(b))), None)
            if m:
                num = re.sub(r"\s*/\s*", "/", " ".join(m.group("num").split()))
                put("doc_number", num, 0.7, " ".join(row.blocks))
                put("doc_number_ascii", arabic_digits(num), 0.7, " ".join(row.blocks))
                number_row = i
                beside = [m.string[m.end():].strip()] + row.blocks[row.blocks.index(m.string) + 1:]
                header_parts = [x for x in beside if x][:1]
                break

    # the date: the first Thai date above เรื่อง (else anywhere, less sure)
    for stop, factor in ((subject_row + 1, 1.0), (len(rows), 0.7)):
        hit = next(((parsed, block) for row in rows[:stop] for block in row.blocks
                    if (parsed := parse_thai_date(block))), None)
        if hit:
            (d, confidence), block = hit
            put("doc_date", d.isoformat(), confidence * factor, block)
            break

    # the agency: the first line(s) of the address block, beside ที่ or under it
    if number_row is not None:
        following = rows[number_row + 1: subject_row]
        if not header_parts:  # the address block starts on the next line
            first = next((r for r in following if r.blocks), None)
            if first and not parse_thai_date(first.blocks[-1]) \
                    and not _ADDRESS_START.match(first.blocks[-1]):
                header_parts = [first.blocks[-1]]
                following = following[following.index(first) + 1:]
        for row in following:
            line = " ".join(row.blocks)
            if not header_parts or not row.cont or _ADDRESS_START.match(line) \
                    or parse_thai_date(line):
                break
            header_parts.append(line)
    header_agency = _join_wrapped(header_parts) if header_parts else ""

    def block_value(name: str) -> tuple[list[str], str] | None:
        i = label_at.get(name)
        if i is None:
            return None
        row = rows[i]
        first = _LABEL_LINE[name].match(row.blocks[0]).group("value")
        items = [" ".join(p for p in [first] + row.blocks[1:] if p)]
        evidence = [" ".join(row.blocks)]
        for row in rows[i + 1: i + 10]:
            line = " ".join(row.blocks)
            if not line or _ANY_LABEL.match(line) or _CLOSING.search(line) \
                    or _DOC_NUMBER.match(line) and re.search(f"[{_D}]", line[:12]):
                break
            if name != "subject" and _ITEM.match(line):
                items.append(line)
            elif row.cont or name == "subject" or not items[-1]:
                items[-1] = _join_wrapped([items[-1], line]) if items[-1] else line
            else:
                break
            evidence.append(line)
        return [x for x in items if x], " / ".join(evidence)

    subject = block_value("subject")
    if subject and subject[0]:
        items, evidence = subject
        put("subject", items[0], 0.95 if len(items[0]) > 3 else 0.5, evidence)
    to = block_value("to")
    if to and to[0]:
        put("to", _join_wrapped(to[0]), 0.9, to[1])
    for name in ("references", "enclosures"):
        got = block_value(name)
        if got and got[0]:
            items = [_ITEM.sub("", x).strip() for x in got[0]]
            put(name, [x for x in items if x], 0.9, got[1])
        else:
            put(name, [], 0.8, "")

    memo = _memo_unit(rows[:subject_row])
    if memo:
        put("sender_agency", memo[0], 0.9, memo[1])
    else:
        _read_sender(rows, header_agency, put)
    _drop_guesses(fields)
    return fields


_MEMO_UNIT = re.compile(r"^\s*ส่วนราชการ\s*[:：]?\s*(?P<value>.*)$")
_PHONE = re.compile(r"\s*(?:โทร|โทรศัพท์|โทรสาร|Tel)\.?\s*[:：]?\s*[0-9๐-๙].*$")


def _is_date_block(block: str) -> bool:
    """'วันที่ ๔ ธันวาคม ๒๕๖๙' beside a memo's ที่: a date, not an agency's name."""
    return block.lstrip().startswith("วันที่") or (
        parse_thai_date(block) is not None and len(block) <= 30)


def _memo_unit(rows: list[_Row]) -> tuple[str, str] | None:
    """A บันทึกข้อความ names its sender on the ส่วนราชการ line (its phone number after)."""
    for row in rows:
        line = " ".join(row.blocks)
        m = _MEMO_UNIT.match(line)
        if m and m.group("value").strip():
            return _PHONE.sub("", m.group("value")).strip(), line
    return None


def _drop_guesses(fields: LetterFields) -> None:
    """A reading under MIN_CONFIDENCE (an OCR guess, a position taken for an agency) is
    not reported as the letter's value: the clerk sees it in the notes and types it."""
    for name in LetterFields.FIELD_NAMES:
        f = getattr(fields, name)
        if f.value not in (None, "", [], NONE) and f.confidence < MIN_CONFIDENCE:
            fields.notes.append(f"{name}: guess “{f.value}” ({f.confidence}) not taken")
            default = getattr(LetterFields(), name).value
            setattr(fields, name, Field(default, f.confidence, f.evidence))


def _signature_positions(rows: list[list[str]]) -> list[str]:
    """The signer's position lines (after the closing and the name in brackets), with
    a position wrapped over two lines joined."""
    closing = next((i for i, r in enumerate(rows) if _CLOSING.search(" ".join(r.blocks))), None)
    if closing is None:
        return []
    lines = [" ".join(r.blocks) for r in rows[closing + 1:] if r.blocks]
    name_at = next((k for k, line in enumerate(lines[:4]) if line.startswith("(")), None)
    if name_at is None:
        return []
    out: list[str] = []
    for line in lines[name_at + 1: name_at + 5]:
        if _CONTACT.match(line):
            break
        if out and (_INCOMPLETE_TAIL.search(out[-1]) or line.startswith(("จังหวัด", "อำเภอ"))
                    or len(line.split()) == 1 and len(line) <= 14
                    and not line.startswith(("กลุ่ม", "ฝ่าย", "งาน", "ส่วน"))):
            glue = "" if _INCOMPLETE_TAIL.search(out[-1]) or line.startswith(("จังหวัด", "อำเภอ")) \
                else " "
            out[-1] = f"{out[-1]}{glue}{line}"
            continue
        if out and line.startswith(("กลุ่ม", "ฝ่าย", "งาน", "ส่วน")):
            break  # the issuing section of the contact block, not the position
        out.append(line)
    return out


def _read_sender(rows, header_agency: str, put) -> None:
    positions = _signature_positions(rows)
    if header_agency:
        for position in positions:
            at = position.find(header_agency)
            if at >= 0:
                put("sender_agency", position[at:].strip(), 0.9, position)
                return
        put("sender_agency", header_agency, 0.75, header_agency)
        return
    for position in positions:
        for title in sorted(_POSITION_TITLES, key=len, reverse=True):
            if position.startswith(title) and len(position) > len(title) + 2:
                put("sender_agency", position[len(title):].strip(), 0.5, position)
                return


# ----------------------------------------------------------------- PDF layer

_SPLIT_LABELS = ("เรื่อง", "เรียน", "อ้างถึง", "สิ่งที่ส่งมาด้วย", "ที่")
_GAP = 1.0  # a horizontal gap wider than this many em separates side-by-side blocks
_ALIGN = 3.0  # points: a line starting this close to the block column above continues it


def _is_combining(text: str) -> bool:
    return not text or text == "\x00" or unicodedata.combining(text[0]) != 0 \
        or text[0] in "\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a" \
        or "\u0e47" <= text[0] <= "\u0e4e" or 0xF700 <= ord(text[0]) <= 0xF71A


def _split_label(seg: dict) -> list[dict]:
    """'เรื่อง ขอความ...' printed as one run: the label and its value as two blocks, so
    that a wrapped value's next line can be recognised by its x position."""
    chars = seg["chars"]
    for i in range(2, min(len(chars), 24)):
        if _is_combining(chars[i]["text"]):
            continue
        head = repair_thai("".join(c["text"] for c in chars[:i])).strip()
        if head in _SPLIT_LABELS and head != "ที่":
            rest = [c for c in chars[i:]]
            while rest and rest[0]["text"] == " ":
                rest.pop(0)
            if not rest:
                return [seg]
            return [_segment(chars[:i]), _segment(rest)]
    return [seg]


def _segment(chars: list[dict]) -> dict:
    return {"top": chars[0]["top"], "x0": min(c["x0"] for c in chars),
            "x1": max(c["x1"] for c in chars), "size": float(chars[0].get("size") or 12),
            "chars": chars, "text": "".join(c["text"] for c in chars)}


def pdf_layout_text(page) -> str:
    """One pdfplumber page as text: lines top to bottom, blocks printed side by side
    separated by a tab, and a line that continues the block column above it (a wrapped
    subject, the agency's address) starting with a tab. Characters are taken in
    content-stream order, the logical order of Thai (combining marks have x positions
    that overlap their base, so sorting by x would scramble them)."""
    runs: list[list[dict]] = []
    for c in page.chars:
        if not c.get("text"):
            continue
        size = float(c.get("size") or 12)
        if runs:
            last = runs[-1][-1]
            same_line = abs(c["top"] - last["top"]) < 0.5 * size
            gap = c["x0"] - max(x["x1"] for x in runs[-1][-3:])
            if same_line and (_is_combining(c["text"]) or -0.5 * size <= gap <= _GAP * size):
                runs[-1].append(c)
                continue
        runs.append([c])
    segments = []
    for run in runs:
        while run and run[-1]["text"] == " ":
            run.pop()
        while run and run[0]["text"] == " ":
            run.pop(0)
        if run:
            segments.extend(_split_label(_segment(run)))
    return _layout(segments)


def _layout(segments: list[dict]) -> str:
    """Segments (top, x0, size, text) as lines of tab-separated blocks; a line that
    continues a column starts with a tab: one aligned with the block column above, or
    one at the label's margin under a labelled line ("เรียน<tab>...", then its wrap)."""
    segments.sort(key=lambda s: (round(s["top"]), s["x0"]))
    lines: list[list[dict]] = []
    for s in segments:
        if lines and abs(s["top"] - lines[-1][0]["top"]) < 0.5 * s["size"]:
            lines[-1].append(s)
        else:
            lines.append([s])
    out, column, margin = [], None, None
    for line in lines:
        line.sort(key=lambda s: s["x0"])
        text = "\t".join(s["text"].strip() for s in line)
        if len(line) == 1 and any(x is not None and abs(line[0]["x0"] - x) <= _ALIGN
                                  for x in (column, margin)):
            out.append("\t" + text)
            continue
        column = line[-1]["x0"] if len(line) > 1 else None
        labelled = len(line) > 1 and clean_thai(line[0]["text"]).strip() in _SPLIT_LABELS
        margin = line[0]["x0"] if labelled else None
        out.append(text)
    return "\n".join(out)


# a reader lost glyphs: NUL for a glyph without Unicode (Chromium's Sarabun tone marks),
# a digit glued to a Thai mark (LibreOffice's Garuda ligatures), an unmapped CID
_LOST_GLYPHS = re.compile("\x00|[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e][0-9]|\\(cid:\\d+\\)")


def lost_glyphs(text: str) -> bool:
    return bool(_LOST_GLYPHS.search(text))


def _skeleton_key(line: str) -> str:
    """What both readers agree on in a line: its consonants, Latin letters and digits
    (not a digit glued to a mark, which is a lost glyph)."""
    line = re.sub("(?<=[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e])[0-9]", "", line)
    return arabic_digits(re.sub(f"[^ก-ฮA-Za-z0-9{_D}]", "", line))


def cross_check(text: str, second: str) -> str:
    """pdfminer's layout text with each line that lost glyphs taken from the second
    reader (poppler) instead, where the two read the same letters on that line; the
    line keeps its place and its continuation mark."""
    other: dict[str, str] = {}
    for line in second.splitlines():
        other.setdefault(_skeleton_key(line), line.lstrip("\t"))
    out = []
    for line in text.splitlines():
        key = _skeleton_key(line)
        if lost_glyphs(line) and key and key in other:
            line = ("\t" if line.startswith("\t") else "") + other[key]
        out.append(line)
    return "\n".join(out)


def poppler_text(pdf_bytes: bytes, pages: int = 3) -> str | None:
    """The plain text of the first pages by poppler's pdftotext, None without it."""
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    if not exe:
        return None
    try:
        return subprocess.run([exe, "-q", "-layout", "-f", "1", "-l", str(pages), "-", "-"],
                              input=pdf_bytes, capture_output=True, timeout=60,
                              check=True).stdout.decode("utf-8", "replace")
    except (subprocess.SubprocessError, OSError) as exc:
        log.info("pdftotext: %s", exc)
        return None


def poppler_pages(pdf_bytes: bytes, pages: int = 3) -> list[list[dict]] | None:
    """Words with their boxes from poppler's pdftotext (the second reader: it maps the
    glyphs pdfminer loses), per page, or None when poppler is not installed or fails."""
    import shutil
    import subprocess
    import xml.etree.ElementTree as ET

    exe = shutil.which("pdftotext")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "-q", "-bbox-layout", "-f", "1", "-l", str(pages), "-", "-"],
                             input=pdf_bytes, capture_output=True, timeout=60, check=True).stdout
        root = ET.fromstring(out)
    except (subprocess.SubprocessError, ET.ParseError, OSError) as exc:
        log.info("pdftotext: %s", exc)
        return None
    ns = "{http://www.w3.org/1999/xhtml}"
    result = []
    for page in root.iter(f"{ns}page"):
        words = []
        for w in page.iter(f"{ns}word"):
            y0, y1 = float(w.get("yMin")), float(w.get("yMax"))
            words.append({"x0": float(w.get("xMin")), "x1": float(w.get("xMax")),
                          "top": y0, "size": (y1 - y0) * 0.77, "text": w.text or ""})
        result.append(words)
    return result


def poppler_layout_text(words: list[dict]) -> str:
    """One page of poppler's words as pdf_layout_text() gives it."""
    segments: list[dict] = []
    for w in words:
        last = segments[-1] if segments else None
        gap = w["x0"] - last["x1"] if last else 0
        if last and abs(w["top"] - last["top"]) < 0.5 * w["size"] \
                and -0.5 * w["size"] <= gap <= _GAP * w["size"] \
                and not (last["label"] and last["first"]):
            # poppler cuts a word where glyphs overlap (a Garuda ligature): no space there
            last["text"] += (" " if gap > 0.12 * w["size"] else "") + w["text"]
            last["x1"], last["first"] = max(last["x1"], w["x1"]), False
            continue
        label = clean_thai(w["text"]).strip() in _SPLIT_LABELS and w["text"].strip() != "ที่"
        segments.append({**w, "label": label, "first": True})
    return _layout(segments)


def read_letter(pdf_bytes: bytes, *, ocr: bool = True) -> LetterFields:
    """The register's fields from a letter's PDF (page 1, and page 2 for a long header)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
            pages = pdf.pages[:3]
            text = "\n".join(pdf_layout_text(p) for p in pages)
            if lost_glyphs(text) and (words := poppler_pages(pdf_bytes)):
                text = cross_check(text, "\n".join(poppler_layout_text(w) for w in words))
            if len(re.sub(r"\s", "", text)) >= MIN_TEXT_CHARS:
                return read_letter_text(text)
            if not ocr:
                return LetterFields(source="none", notes=["no text layer; OCR not requested"])
            if not tesseract.available():
                return LetterFields(source="none",
                                    notes=["no text layer and tesseract (tha) is not installed"])
            ocr_text = "\n".join(tesseract.image_text(p.to_image(resolution=300).original,
                                                timeout=OCR_TIMEOUT) for p in pages[:2])
    except tesseract.OcrError as exc:
        return LetterFields(source="none", notes=[str(exc)])
    except Exception as exc:  # noqa: BLE001 - broken or encrypted PDFs are common
        return LetterFields(source="none", notes=[f"PDF unreadable: {type(exc).__name__}: {exc}"])
    fields = read_letter_text(ocr_text, confidence_factor=OCR_FACTOR)
    fields.source = "ocr"
    fields.notes.append("read by OCR (tesseract tha+eng)")
    return fields
