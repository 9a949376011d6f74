"""Documents to PDF: one entry point for every attachment type.

    convert_attachment(att, timeout=60, workdir=None, office=None) -> ConversionResult

A conversion never raises for a bad document: the result says why it failed
(`reason`, shown on the archive's cover page) and whether a person should look
(`needs_person`). The type is taken from the bytes first (magic numbers), then the
declared type and the file name's extension; the sender's file name is never used as a
path. Converters: office.py (warm LibreOffice), images.py (img2pdf), html.py (Chromium,
for mail bodies and text/html parts), pdf.py (received PDFs).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from rules.message import Attachment

log = logging.getLogger(__name__)

OFFICE_BY_MIME = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/rtf": "rtf", "text/rtf": "rtf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
IMAGE_EXTS = {"jpg": "image", "jpeg": "image", "png": "image", "tif": "image", "tiff": "image",
              "gif": "image", "bmp": "image", "webp": "image"}


@dataclass
class ConversionResult:
    kind: str  # pdf, image, docx, xlsx, ..., html, text, or "unknown"
    pdf: bytes | None = field(default=None, repr=False)  # None when not converted
    reason: str = ""  # why it was not converted (people read this on the cover page)
    notes: list[str] = field(default_factory=list)  # what was changed or noticed
    needs_person: bool = False  # an officer should look at the original
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.pdf is not None


def _ext(filename: str) -> str:
    name = (filename or "").strip().lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def detect_kind(att: Attachment) -> str:
    data = att.payload[:2048]
    ext = _ext(att.filename)
    ctype = (att.content_type or "").lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n") \
            or data[:4] in (b"II*\x00", b"MM\x00*") or data[:6] in (b"GIF87a", b"GIF89a") \
            or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or data[:2] == b"BM":
        return "image"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if ext in ("docx", "doc", "odt", "rtf", "xlsx", "xls", "ods", "pptx", "ppt", "odp"):
        return ext
    if ctype in OFFICE_BY_MIME:
        return OFFICE_BY_MIME[ctype]
    if ext == "pdf" or ctype == "application/pdf":
        return "pdf"  # says PDF but is not one: take_pdf reports it as damaged
    if ext in IMAGE_EXTS or ctype.startswith("image/"):
        return "image"
    if ctype == "text/html" or ext in ("htm", "html"):
        return "html"
    if ctype == "text/plain" or ext in ("txt", "csv"):
        return "text"
    return "unknown"


def _decode_text_part(payload: bytes) -> str:
    from intake.parse.charsets import decode_text

    text, _note = decode_text(payload, None)
    return text


def convert_attachment(att: Attachment, *, timeout: float = 60,
                       workdir: str | Path | None = None, office=None,
                       ocr: bool = False) -> ConversionResult:
    """One attachment to PDF (see the module doc). `office` is an OfficeServer; the
    process's shared warm office is used when it is None. `ocr`: scanned images get a
    searchable text layer."""
    from intake.archive.convert import html, images
    from intake.archive.convert import office as office_mod
    from intake.archive.convert import pdf as pdf_mod

    kind = detect_kind(att)
    result = ConversionResult(kind=kind)
    started = time.monotonic()
    try:
        if not att.payload:
            result.reason = "the attachment is empty"
        elif kind == "pdf":
            got = pdf_mod.take_pdf(att.payload)
            result.pdf, result.notes, result.needs_person = got.pdf, got.notes, got.needs_person
        elif kind == "image":
            result.pdf, result.notes = images.image_to_pdf(att.payload, ocr=ocr)
        elif kind in office_mod.OFFICE_TYPES:
            server = office or office_mod.shared_office()
            result.pdf = server.convert(att.payload, kind, timeout=timeout)
        elif kind in ("html", "text"):
            text = _decode_text_part(att.payload)
            if kind == "html":
                clean = html.sanitize_html(text)
                content, result.notes = clean.html, clean.removed
            else:
                content = html.text_to_html(text)
            result.pdf = _repair(html.render_pdf(html.page(content), timeout=timeout,
                                                 workdir=workdir))
        else:
            result.reason = (f"no converter for this type ({att.content_type or 'unknown'}); "
                             "the original is kept")
    except (office_mod.OfficeError, images.ImageError, pdf_mod.PdfInputError,
            html.RenderError) as exc:
        result.reason = str(exc)
    except Exception as exc:
        log.exception("converting %r failed", att.filename)
        result.reason = f"conversion failed ({type(exc).__name__}: {str(exc)[:200]})"
    if not result.ok:
        result.needs_person = True
    result.seconds = time.monotonic() - started
    return result


def _repair(pdf_bytes: bytes) -> bytes:
    """Our own Chromium output with its Thai text layer completed (textlayer.py)."""
    import io

    import pikepdf

    from intake.archive.convert.textlayer import repair_thai_text_layer

    with pikepdf.open(io.BytesIO(pdf_bytes)) as doc:
        if not repair_thai_text_layer(doc):
            return pdf_bytes
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def render_page(content_html: str, *, title: str = "", extra_css: str = "",
                timeout: float = 60, workdir: str | Path | None = None) -> bytes:
    """A page of ours (already safe HTML content) to PDF with a correct Thai text layer."""
    from intake.archive.convert import html

    return _repair(html.render_pdf(html.page(content_html, title=title, extra_css=extra_css),
                                   timeout=timeout, workdir=workdir))
