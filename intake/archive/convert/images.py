"""Scanned images (JPEG, PNG, TIFF, ...) to PDF, losslessly with img2pdf.

JPEG is embedded as it is (no re-encoding); PNG and TIFF keep their pixels. Each image is
placed on an A4 page (portrait or landscape, whichever fits it), reduced to fit, never
enlarged. Images whose pixels img2pdf cannot embed as they are (an alpha channel, a
palette with transparency) are flattened onto white with Pillow, losslessly as PNG, and
noted. With `ocr=True` (setting archive.ocr_scans) each page also gets tesseract's
invisible Thai+English text over the image (ocr.py), the pixels untouched, so the scan's
words can be searched and copied in the archive.
"""
from __future__ import annotations

import io

import img2pdf
from PIL import Image, UnidentifiedImageError

MAX_SIZE = 40 * 1024 * 1024
MAX_PIXELS = 120_000_000  # per frame; Pillow's decompression-bomb guard is set to this
MAX_FRAMES = 200

A4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))


class ImageError(Exception):
    """An image that could not be converted; the message is the reason shown to people."""


def _layout(width_px, height_px, ndpi):
    """A4 in the image's orientation; the image fit inside, not enlarged."""
    page = A4 if height_px >= width_px else (A4[1], A4[0])
    fit = img2pdf.get_layout_fun(page, None, None, img2pdf.FitMode.shrink, True)
    return fit(width_px, height_px, ndpi)


def image_to_pdf(data: bytes, *, ocr: bool = False) -> tuple[bytes, list[str]]:
    """(PDF bytes, notes). Raises ImageError with the reason."""
    pdf, notes = _image_to_pdf(data)
    if ocr:
        pdf, note = with_text_layer(pdf, data)
        notes.append(note)
    return pdf, notes


def _image_box(page):
    """Where img2pdf drew the image on the page: the `cm` before its `Do`."""
    import pikepdf

    matrix = None
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "cm":
            matrix = [float(v) for v in operands]
        elif str(operator) == "Do" and matrix:
            a, _, _, d, e, f = matrix
            return pikepdf.Rectangle(e, f, e + a, f + d)
    return page.mediabox


def with_text_layer(pdf_bytes: bytes, data: bytes) -> tuple[bytes, str]:
    """The scan's PDF with each page's OCR text laid, invisible, over its image; the
    pixels are not touched. (PDF bytes, a note saying what was done or why not)."""
    import pikepdf

    from intake.archive.convert import ocr

    if not ocr.available():
        return pdf_bytes, "no OCR: tesseract with the Thai model is not installed"
    layers = []
    try:
        with Image.open(io.BytesIO(data)) as img, pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
            for index, page in enumerate(pdf.pages):
                img.seek(index)
                layers.append(pikepdf.open(io.BytesIO(ocr.text_layer(img.copy()))))
                page.add_overlay(layers[-1].pages[0], _image_box(page))
            buf = io.BytesIO()
            pdf.save(buf)
    except (ocr.OcrError, pikepdf.PdfError, OSError, ValueError) as exc:
        # the text layer is a help, never a reason to lose the scan's own conversion
        return pdf_bytes, f"no OCR: {exc}"
    finally:
        for layer in layers:
            layer.close()
    return buf.getvalue(), (f"searchable text added by OCR (tesseract {ocr.LANGUAGES}) on "
                            f"{len(layers)} page(s); the image is unchanged")


def _image_to_pdf(data: bytes) -> tuple[bytes, list[str]]:
    if len(data) > MAX_SIZE:
        raise ImageError(f"image too large ({len(data) // (1024 * 1024)} MB, "
                         f"limit {MAX_SIZE // (1024 * 1024)} MB)")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    notes: list[str] = []
    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = getattr(img, "n_frames", 1)
            if frames > MAX_FRAMES:
                raise ImageError(f"too many pages in the image ({frames}, limit {MAX_FRAMES})")
            if img.width * img.height > MAX_PIXELS:
                raise ImageError(f"image too large ({img.width}x{img.height} pixels)")
            fmt = img.format
    except Image.DecompressionBombError:
        raise ImageError("refused: the image is a decompression bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"not a readable image ({exc})") from None
    try:
        return img2pdf.convert(data, layout_fun=_layout, rotation=img2pdf.Rotation.ifvalid), notes
    except img2pdf.AlphaChannelError:
        pass
    except (img2pdf.ImageOpenError, ValueError, OSError, Exception) as exc:  # noqa: BLE001
        if fmt not in ("PNG", "TIFF", "GIF", "BMP", "WEBP"):
            raise ImageError(f"the image could not be converted ({exc})") from None
    # flatten onto white, keep every pixel otherwise (PNG is lossless)
    pages = []
    with Image.open(io.BytesIO(data)) as img:
        for index in range(getattr(img, "n_frames", 1)):
            img.seek(index)
            frame = img.convert("RGBA")
            flat = Image.new("RGB", frame.size, "white")
            flat.paste(frame, mask=frame.getchannel("A"))
            buf = io.BytesIO()
            flat.save(buf, format="PNG")
            pages.append(buf.getvalue())
    notes.append("transparency flattened onto white")
    try:
        return img2pdf.convert(pages, layout_fun=_layout), notes
    except Exception as exc:  # noqa: BLE001
        raise ImageError(f"the image could not be converted ({exc})") from None
