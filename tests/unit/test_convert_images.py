"""Scans to PDF: lossless, one A4 page per frame, bombs refused."""
from __future__ import annotations

import io
import re

import pikepdf
import pytest
from PIL import Image

from intake.archive.convert import convert_attachment, ocr
from intake.archive.convert.images import ImageError, image_to_pdf
from rules.message import Attachment
from tests.documents.make_documents import scan_image


def _images(pdf: bytes):
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = []
        for page in doc.pages:
            for _, raw in page.get_images().items():
                out.append((raw.read_raw_bytes(), pikepdf.PdfImage(raw).as_pil_image(),
                            float(page.mediabox[2]), float(page.mediabox[3])))
        return out


def test_jpeg_scan_is_embedded_byte_for_byte():
    jpeg = scan_image("JPEG")
    result = convert_attachment(Attachment("สำเนาบัตร.jpg", "image/jpeg", len(jpeg), jpeg))
    assert result.ok, result.reason
    [(raw, _, width, height)] = _images(result.pdf)
    assert raw == jpeg  # not re-encoded: no generation loss
    assert height > width and abs(width - 595.3) < 1  # A4 portrait


def test_png_with_alpha_keeps_every_pixel():
    png = scan_image("PNG", alpha=True)
    pdf, _ = image_to_pdf(png)
    [(_, pil, _, _)] = _images(pdf)
    src = Image.open(io.BytesIO(png)).convert("RGBA")
    if pil.mode == "RGB" and "transparency" not in pil.info:
        # embedded with its alpha as a soft mask (img2pdf >= 0.5) or flattened onto white
        flat = Image.new("RGB", src.size, "white")
        flat.paste(src, mask=src.getchannel("A"))
        assert pil.tobytes() in (src.convert("RGB").tobytes(), flat.tobytes())
    assert pil.size == src.size


def test_multipage_tiff_gives_one_page_per_frame():
    tiff = scan_image("TIFF", pages=3)
    pdf, _ = image_to_pdf(tiff)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 3


def test_landscape_scan_gets_a_landscape_page():
    jpeg = scan_image("JPEG", size=(1754, 1240))
    pdf, _ = image_to_pdf(jpeg)
    [(_, _, width, height)] = _images(pdf)
    assert width > height


def test_not_an_image_is_reported():
    with pytest.raises(ImageError, match="not a readable image"):
        image_to_pdf(b"\x89PNG\r\n\x1a\n" + b"broken" * 10)


def test_decompression_bomb_is_refused(monkeypatch):
    from intake.archive.convert import images

    monkeypatch.setattr(images, "MAX_PIXELS", 1000 * 1000)
    with pytest.raises(ImageError, match="too large|bomb"):
        image_to_pdf(scan_image("PNG", size=(3000, 3000)))


# ------------------------------------------------------------------- OCR ----
THAI_LINE = "ขอรับเงินอุดหนุนผู้สูงอายุ"


@pytest.mark.ocr
@pytest.mark.parametrize("fmt", ["JPEG", "TIFF"])
def test_ocr_lays_searchable_thai_text_over_an_unchanged_scan(fmt):
    from intake.archive.convert.textlayer import pdf_text

    data = scan_image(fmt, text=THAI_LINE, pages=2 if fmt == "TIFF" else 1)
    plain, _ = image_to_pdf(data)
    searchable, notes = image_to_pdf(data, ocr=True)
    assert "OCR" in notes[-1] and "unchanged" in notes[-1]
    assert THAI_LINE not in "".join(pdf_text(plain).split())
    text = "".join(pdf_text(searchable).split())
    assert text.count(THAI_LINE) == (2 if fmt == "TIFF" else 1), text
    with pikepdf.open(io.BytesIO(plain)) as a, pikepdf.open(io.BytesIO(searchable)) as b:
        assert len(a.pages) == len(b.pages)
        for pa, pb in zip(a.pages, b.pages):  # the same pixels, the same place
            (ia,), (ib,) = pa.get_images().values(), pb.get_images().values()
            assert ia.read_raw_bytes() == ib.read_raw_bytes()
            assert pa.mediabox == pb.mediabox


def test_ocr_off_by_default_and_said_when_tesseract_is_missing(monkeypatch):
    data = scan_image("PNG")
    assert image_to_pdf(data)[1] == []
    monkeypatch.setattr(ocr, "available", lambda: False)
    pdf, notes = image_to_pdf(data, ocr=True)
    # img2pdf dates the file to the second, and the file's /ID follows from its bytes
    undated = lambda b: re.sub(rb"/(Creation|Mod)Date \(D:\d+Z\)|/ID \[<\w+><\w+>\]", b"", b)
    assert undated(pdf) == undated(image_to_pdf(data)[0]) and notes == [
        "no OCR: tesseract with the Thai model is not installed"]
