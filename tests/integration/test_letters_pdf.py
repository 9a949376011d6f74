"""Letters rendered to PDF by intake.outbox.letter_pdf, read back by intake.parse.letters.read_letter,
and stamped by intake.archive.stamp: what a registry clerk gets from a real PDF.

Needs Chromium (Debian: chromium); tesseract-ocr + tesseract-ocr-tha for the scanned one.
Missing tools skip outside CI and fail in CI (env CI set).
"""
from __future__ import annotations

import io
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from email import message_from_bytes, policy

import pdfplumber
import pytest

from intake.archive.convert.html import find_chromium as chromium_binary
from intake.outbox.letter_pdf import LetterSender, render_letter
from intake.archive.convert.ocr import available as ocr_available
from intake.parse.letters import pdf_layout_text, read_letter
from intake.archive.stamp import stamp_receipt
from rules.thai.dates import arabic_digits, thai_digits
from tests.unit.test_letters import LETTER_CASES, LetterCase

pytestmark = [pytest.mark.integration, pytest.mark.browser]
BODY = ("ด้วยสำนักงานมีความจำเป็นต้องดำเนินการเรื่องดังกล่าว จึงขอความร่วมมือจากหน่วยงาน"
        "ที่เกี่ยวข้องพิจารณาให้ความอนุเคราะห์ตามระเบียบ\n\nจึงเรียนมาเพื่อโปรดพิจารณา")


def _need(ok: bool, what: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed", pytrace=False)
        pytest.skip(f"{what} is not installed")


def _render(case: LetterCase) -> bytes:
    sender = LetterSender(name=case.agency, address=case.address, letter_prefix=case.prefix,
                          phone="0 3242 5100", email="saraban@example.go.th")
    return render_letter(
        sender, number=case.send_number, date=case.doc_date, subject=case.subject, to=case.to,
        body=BODY, references=case.references, enclosures=case.enclosures,
        signer_name=case.signer, signer_position=case.position,
        thai_numerals=case.thai_numerals, urgency=case.urgency, secrecy=case.secrecy)


@pytest.fixture(scope="module")
def rendered() -> list[tuple[LetterCase, bytes]]:
    _need(chromium_binary() is not None, "Chromium (Debian package chromium)")
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(zip(LETTER_CASES, pool.map(_render, LETTER_CASES)))


@pytest.mark.parametrize("index", range(len(LETTER_CASES)))
def test_rendered_letter_reads_back(rendered, index):
    case, pdf = rendered[index]
    fields = read_letter(pdf)
    assert fields.source == "text"
    assert fields.doc_number.value == case.doc_number
    assert fields.doc_number_ascii.value == arabic_digits(case.doc_number)
    assert fields.doc_date.value == case.doc_date.isoformat()
    assert fields.subject.value == case.subject
    assert fields.to.value == case.to
    assert fields.references.value == case.references
    assert fields.enclosures.value == case.enclosures
    assert fields.urgency.value == case.urgency
    assert fields.secrecy.value == case.secrecy
    assert fields.sender_agency.value == case.agency


def test_rendered_letter_is_one_a4_page_in_thai_digits(rendered):
    case, pdf = next((c, p) for c, p in rendered if c.thai_numerals)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        assert len(doc.pages) == 1
        text = pdf_layout_text(page)
    assert "ขอแสดงความนับถือ" in text
    assert not re.search(r"[0-9]", text.split("ไปรษณีย์อิเล็กทรอนิกส์")[0])


def test_top_secret_letter_is_detected(rendered):
    case, pdf = next((c, p) for c, p in rendered if c.secrecy == "ลับที่สุด")
    fields = read_letter(pdf)
    assert fields.secrecy.value == "ลับที่สุด"
    assert fields.secrecy.confidence >= 0.9


@pytest.mark.ocr
def test_scanned_letter_is_read_by_ocr(rendered):
    if not ocr_available():
        _need(False, "tesseract with Thai (Debian: tesseract-ocr tesseract-ocr-tha)")
    case, pdf = next((c, p) for c, p in rendered if not c.thai_numerals and c.urgency != "none")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        image = doc.pages[0].to_image(resolution=200).original.convert("L")
    scan = io.BytesIO()
    image.save(scan, format="PDF", resolution=200)
    fields = read_letter(scan.getvalue())
    assert fields.source == "ocr"
    assert fields.doc_number_ascii.value == arabic_digits(case.doc_number), fields.to_dict()
    assert fields.doc_date.value == case.doc_date.isoformat()
    assert fields.urgency.value == case.urgency
    assert 0 < fields.doc_number.confidence < 0.95  # OCR is less certain than a text layer


def _d09_letter(corpus_dir) -> tuple[bytes, dict]:
    manifest = {}
    for line in (corpus_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            manifest[entry["file"]] = entry
    msg = message_from_bytes((corpus_dir / "d09.eml").read_bytes(), policy=policy.default)
    pdf = next(part.get_content() for part in msg.iter_attachments()
               if part.get_content_type() == "application/pdf")
    return pdf, manifest["d09.eml"]


def test_d09_letter_gives_its_manifest_values(corpus_dir):
    pdf, expected = _d09_letter(corpus_dir)
    fields = read_letter(pdf)
    for name in ("doc_number", "doc_number_ascii", "doc_date", "subject", "urgency",
                 "sender_agency"):
        assert getattr(fields, name).value == expected[name], name
    assert fields.secrecy.value == "none"


def _stamp_chars(original: bytes, stamped: bytes):
    with pdfplumber.open(io.BytesIO(original)) as doc:
        before = doc.pages[0].chars
    with pdfplumber.open(io.BytesIO(stamped)) as doc:
        page = doc.pages[0]
        after = page.chars
        return before, after[len(before):], page.width, page.height, len(doc.pages)


@pytest.mark.parametrize("thai", [True, False])
def test_stamp_on_page_one_top_right_with_the_number(corpus_dir, thai):
    _need(chromium_binary() is not None, "Chromium (Debian package chromium)")
    pdf, _ = _d09_letter(corpus_dir)
    stamped = stamp_receipt(pdf, unit_name="พมจ.เพชรบุรี", number=4711,
                            when=datetime(2026, 8, 5, 14, 5), thai_numerals=thai)
    before, stamp, width, height, pages = _stamp_chars(pdf, stamped)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert pages == len(doc.pages)
    text = "".join(c["text"] for c in stamp)
    number = thai_digits("4711") if thai else "4711"
    assert number in text
    assert (thai_digits("2569") if thai else "2569") in text  # the year in the Buddhist Era
    assert min(c["x0"] for c in stamp) > width / 2
    assert max(c["bottom"] for c in stamp) < height / 3


def test_stamp_does_not_cover_the_letters_text(rendered):
    case, pdf = next((c, p) for c, p in rendered if c.urgency == "none" and c.secrecy == "none")
    stamped = stamp_receipt(pdf, unit_name="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี",
                            number=12, when=datetime(2026, 11, 23, 9, 30), thai_numerals=True)
    before, stamp, width, height, _ = _stamp_chars(pdf, stamped)
    assert "๑๒" in "".join(c["text"] for c in stamp)
    x0, x1 = min(c["x0"] for c in stamp), max(c["x1"] for c in stamp)
    top, bottom = min(c["top"] for c in stamp), max(c["bottom"] for c in stamp)
    assert x0 > width / 2 and bottom < height / 3
    overlapping = [c["text"] for c in before if c["text"].strip()
                   and c["x0"] < x1 and c["x1"] > x0 and c["top"] < bottom and c["bottom"] > top]
    assert overlapping == []
    # and the letter still reads the same after stamping
    assert read_letter(stamped).doc_number.value == case.doc_number


# Thai words as a Thai writer runs them together (no spaces), with a number that must stay whole
WORDS = ["ลำดับ", "เรื่อง", "หมายเหตุ", "สำนักงาน", "พัฒนา", "สังคม", "ได้รับ", "หนังสือ",
         "ที่", "๑๗/๒๕๖๙", "ลงวันที่", "เรียบร้อย", "แล้ว", "จึง", "เรียน", "มา", "เพื่อ",
         "โปรด", "ทราบ", "ต่อไป", "ด้วย", "ความ", "นับถือ"] * 3


def _bases(text: str) -> str:
    """The spacing letters of a text (marks dropped): what fixes where a line breaks, and
    immune to the order in which PDF extraction returns stacked marks."""
    import unicodedata

    text = text.replace("\u0e33", "\u0e32")  # SARA AM, or NIKHAHIT + SARA AA as PDFs write it
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def _pdf_lines(pdf: bytes) -> list[str]:
    """Each printed line's spacing letters (a tone mark lies higher than its line: the
    tolerance keeps it with its line)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "\n".join(p.extract_text(y_tolerance=9) or "" for p in doc.pages)
    return [_bases(line) for line in text.splitlines() if _bases(line)]


def test_archived_page_breaks_thai_lines_between_words():
    """An archived mail with a table (auto layout, as a mail's HTML or the register page has):
    narrow columns keep ลำดับ, เรื่อง, หมายเหตุ and ๑๗/๒๕๖๙ whole beside a long cell, and the
    long cell's lines end where a word ends (Chromium's Thai dictionary, lang="th")."""
    from intake.archive.convert.html import page, render_pdf

    _need(chromium_binary() is not None, "Chromium (Debian package chromium)")
    heads = ["ลำดับ", "เรื่อง", "หมายเหตุ", "๑๗/๒๕๖๙"]
    cells = "".join(f"<td>{h}</td>" for h in heads) + f"<td>{''.join(WORDS)}</td>"
    html = page(f"<table><tr>{cells}</tr></table>",
                extra_css='td { vertical-align: top; } body { font-feature-settings: "ccmp" 0; }')
    lines = _pdf_lines(render_pdf(html))
    assert lines[0].startswith(_bases("".join(heads))), lines[:3]
    assert len(lines) > 5
    ends, at = {0}, 0
    for word in WORDS:
        at += len(_bases(word))
        ends.add(at)
    at, cut = 0, []
    for line in [lines[0][len(_bases("".join(heads))):], *lines[1:-1]]:
        at += len(line)
        if at not in ends:
            cut.append(line)
    assert cut == [], f"lines cut inside a word: {cut}"


def test_stamp_keeps_the_tone_marks_of_the_unit_name():
    """A unit name with marks stacked over a vowel (ที่, นี้) is stamped whole: the first line
    of the stamp has room above it and the box clips nothing."""
    from rules.thai.text import clean_thai

    _need(chromium_binary() is not None, "Chromium (Debian package chromium)")
    stamped = stamp_receipt(_blank_a4(), unit_name="ที่ว่าการอำเภอนี้", number=7,
                            when=datetime(2026, 8, 5, 14, 5), thai_numerals=True)
    with pdfplumber.open(io.BytesIO(stamped)) as doc:
        text = clean_thai("".join(c["text"] for c in doc.pages[0].chars))
    assert "ที่ว่าการอำเภอนี้" in text


def _blank_a4() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
