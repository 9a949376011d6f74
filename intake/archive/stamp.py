"""The receipt stamp (ตรารับหนังสือ, registers.md) put on page 1 of a received letter.

The stamp is a small bordered box: the unit's short name (the full one does not fit), เลขรับ, วันที่ (Buddhist Era) and
เวลา. It is drawn once as a tiny PDF by headless Chromium (correct Thai shaping and a
text layer that reads back), then placed on the letter's first page as a Form XObject
overlay with pikepdf: the letter's own content is untouched.

Where: the top right corner. pdfplumber's character boxes on page 1 say where the
letter's own text is; the first free spot scanning from the top-right corner down and
leftwards (within the top third, right half) is used, else the corner itself.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import pikepdf
from markupsafe import escape

from intake.fonts import CSS_FONT_STACK
from intake.outbox.letter_pdf import html_to_pdf
from rules.thai.dates import digits, local_time, thai_date, thai_time

log = logging.getLogger(__name__)

STAMP_W_MM, STAMP_H_MM = 62, 27
MM = 72 / 25.4
MARGIN = 8.0  # points kept from the page edge
CLEARANCE = 2.0  # points kept from the letter's text
STEP = 6.0  # points between the spots tried


@dataclass(frozen=True)
class Placement:
    x: float  # lower-left corner, PDF user space of page 1
    y: float
    width: float
    height: float
    free: bool  # False: no free spot, placed in the corner over the text


def _box_page(*, width_mm: float, height_mm: float, font_pt: float, color: str,
              box_css: str, extra_css: str, body: str) -> str:
    """A page exactly one box in size, in the official face, for printing over a letter:
    the receipt stamp and the letter's ที่ / date box. Every value in `body` is escaped by
    the caller."""
    return f"""<!doctype html><html lang="th"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: {CSS_FONT_STACK}; font-size: {font_pt}pt; line-height: 1.4; color: {color};
        font-feature-settings: "ccmp" 0; }}
.box {{ box-sizing: border-box; width: {width_mm}mm; height: {height_mm}mm; {box_css} }}
{extra_css}</style></head><body><div class="box">
{body}
</div></body></html>"""


def stamp_html(*, unit_name: str, number, when: datetime, thai_numerals: bool) -> str:
    num = str(escape(digits(number, thai_numerals)))
    day = str(escape(thai_date(when, thai_numerals=thai_numerals, abbr=True)))
    time_ = str(escape(thai_time(when, thai_numerals=thai_numerals)))
    return _box_page(
        width_mm=STAMP_W_MM, height_mm=STAMP_H_MM, font_pt=10.5, color="#1a3a8f",
        box_css="border: 1.2pt solid #1a3a8f; padding: 1.5mm 2mm 1mm;",
        # the unit's short name (พมจ.เพชรบุรี) fits whole; the line height leaves room above
        # it for a tone mark stacked on a vowel (ที่, นี้), which a clipped box used to cut
        extra_css=".unit { text-align: center; font-weight: bold; white-space: nowrap; }\n"
                  ".row { white-space: nowrap; }\n",
        body=f"""<div class="unit">{escape(unit_name)}</div>
<div class="row">เลขรับ {num}</div>
<div class="row">วันที่ {day}</div>
<div class="row">เวลา {time_}</div>""")


@lru_cache(maxsize=32)
def _stamp_pdf(unit_name: str, number: str, when: datetime, thai_numerals: bool) -> bytes:
    return html_to_pdf(stamp_html(unit_name=unit_name, number=number, when=when,
                                  thai_numerals=thai_numerals))


def _text_boxes(pdf_bytes: bytes, index: int = 0,
                ) -> tuple[list[tuple[float, float, float, float]], float, float]:
    """Boxes (x0, top, x1, bottom; top-down, relative to the visible page) of a page's
    characters and lines (page 1 by default), and the page's width and height."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        page = pdf.pages[index]
        boxes = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.chars
                 if c.get("text", "").strip()]
        boxes += [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.images]
        return boxes, float(page.width), float(page.height)


def find_free_spot(boxes, page_w: float, page_h: float, w: float, h: float) -> tuple[float, float, bool]:
    """(x0, top) top-down of a w×h box at the top right that touches no box; scans
    down the right edge first, then steps left; falls back to the corner."""
    def clear(x0: float, top: float) -> bool:
        x1, bottom = x0 + w, top + h
        return not any(bx0 - CLEARANCE < x1 and bx1 + CLEARANCE > x0 and
                       btop - CLEARANCE < bottom and bbottom + CLEARANCE > top
                       for bx0, btop, bx1, bbottom in boxes)

    corner = (page_w - MARGIN - w, MARGIN)
    x = corner[0]
    while x >= page_w / 2 - w / 2:
        top = MARGIN
        while top + h <= page_h / 3:
            if clear(x, top):
                return x, top, True
            top += STEP
        x -= STEP
    return corner[0], corner[1], False


def stamp_receipt(pdf_bytes: bytes, *, unit_name: str, number, when: datetime,
                  thai_numerals: bool, pages: tuple[int, ...] = (0,),
                  tz: str | None = None) -> bytes:
    """The letter with the receipt stamp on page 1 (or on each of `pages`, 0-based: in an
    archive bundle, the cover and the received letter's first page); others untouched.
    `when` (stored in UTC) is stamped in the office's zone `tz`, as the register shows it."""
    stamp_bytes = _stamp_pdf(unit_name, str(number), local_time(when, tz), thai_numerals)
    w, h = STAMP_W_MM * MM, STAMP_H_MM * MM
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf, pikepdf.open(io.BytesIO(stamp_bytes)) as stamp:
        form = pdf.copy_foreign(stamp.pages[0].as_form_xobject())
        for index in sorted(set(pages)):
            if not 0 <= index < len(pdf.pages):
                continue
            try:
                boxes, page_w, page_h = _text_boxes(pdf_bytes, index)
            except Exception as exc:  # noqa: BLE001 - unreadable text: stamp the corner
                log.warning("stamp: page %d text unreadable (%s); stamping the corner",
                            index + 1, exc)
                boxes, page_w, page_h = [], None, None
            page = pdf.pages[index]
            box = page.cropbox if "/CropBox" in page.obj else page.mediabox
            llx, lly, urx, ury = (float(v) for v in box)
            rotate = int(page.obj.get("/Rotate", 0)) % 360
            if page_w is None or rotate:
                # rotated pages: boxes are in the rotated view; keep to the corner of the box
                x0, top, free = (urx - llx) - MARGIN - w, MARGIN, False
            else:
                x0, top, free = find_free_spot(boxes, page_w, page_h, w, h)
            rect = pikepdf.Rectangle(llx + x0, ury - top - h, llx + x0 + w, ury - top)
            page.add_overlay(form, rect)
            if not free:
                log.info("stamp: no free area at the top right of page %d; corner", index + 1)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


# --- the number of a letter we issue (เลขหนังสือส่ง) --------------------------------

ISSUE_W_MM, ISSUE_H_MM = 70, 14


def issue_html(*, doc_number: str, date_text: str) -> str:
    """The box with the letter's ที่ and date, printed over its blank ที่ ...... line."""
    return _box_page(
        width_mm=ISSUE_W_MM, height_mm=ISSUE_H_MM, font_pt=13, color="#000",
        box_css="padding: 1mm 1mm 0; background: #fff; white-space: nowrap;", extra_css="",
        body=f"""<div>ที่ {escape(doc_number)}</div>
<div>ลงวันที่ {escape(date_text)}</div>""")


def _issue_spot(pdf_bytes: bytes) -> tuple[float, float, float, float]:
    """(x0, top) where the letter's own ที่ line starts (its blank number is covered), else
    the free top-left corner; and the page's width and height."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        page = pdf.pages[0]
        width, height = float(page.width), float(page.height)
        # the ที่ line: the first line at the top left with a slash in it (พบ ๐๐๒๒/......);
        # its words are matched by position, since extraction splits ที่ from its marks
        words = [w for w in page.extract_words() if w["top"] < height / 3
                 and w["x0"] < width / 2 and w["text"].strip()]
        for word in words:
            if "/" in word["text"]:
                line = [w for w in words if abs(w["top"] - word["top"]) < 6]
                first = min(line, key=lambda w: w["x0"])
                return float(first["x0"]) - 2, float(word["top"]) - 3, width, height
    return MARGIN * 4, MARGIN * 2, width, height


def stamp_issue(pdf_bytes: bytes, *, doc_number: str, date_text: str) -> bytes:
    """The signed letter with its send number and date printed on page 1 (over its
    ที่ ...... line, where it has one): the number is issued after the head signs."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        form = pdf.Root.get("/AcroForm")
        if form is not None and int(form.get("/SigFlags", 0)) & 1:
            raise ValueError("the PDF carries a digital signature; printing on it would break it")
    stamp_bytes = html_to_pdf(issue_html(doc_number=doc_number, date_text=date_text))
    x0, top, _, _ = _issue_spot(pdf_bytes)
    w, h = ISSUE_W_MM * MM, ISSUE_H_MM * MM
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf, pikepdf.open(io.BytesIO(stamp_bytes)) as stamp:
        form = pdf.copy_foreign(stamp.pages[0].as_form_xobject())
        page = pdf.pages[0]
        box = page.cropbox if "/CropBox" in page.obj else page.mediabox
        llx, _, _, ury = (float(v) for v in box)
        page.add_overlay(form, pikepdf.Rectangle(llx + x0, ury - top - h, llx + x0 + w, ury - top))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
