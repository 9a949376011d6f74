"""Scans to PDF: lossless, one A4 page per frame, bombs refused."""
from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from intake.convert import convert_attachment
from intake.convert.images import ImageError, image_to_pdf
from intake.message import Attachment
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
    from intake.convert import images

    monkeypatch.setattr(images, "MAX_PIXELS", 1000 * 1000)
    with pytest.raises(ImageError, match="too large|bomb"):
        image_to_pdf(scan_image("PNG", size=(3000, 3000)))
