"""Received PDFs: kept as received; encrypted or broken ones flagged for a person.

A PDF that opens (perhaps after qpdf's repair, or with an empty user password because only
an owner password restricts it) is taken in as it is, with a note. One that needs a password
to open, or cannot be read at all, is not rendered: the cover page lists it with the
reason, and its original stays in the bundle as an embedded file.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf

MAX_SIZE = 60 * 1024 * 1024
MAX_PAGES = 2000


class PdfInputError(Exception):
    """A received PDF we cannot take in; the message is the reason shown to people."""


@dataclass
class ReceivedPdf:
    pdf: bytes
    pages: int
    notes: list[str] = field(default_factory=list)
    needs_person: bool = False


def _strip_actions(doc) -> bool:
    """Remove what runs by itself in a reader: document JavaScript, the open action, the
    document's and pages' additional actions, and JavaScript/launch link actions.
    Returns whether anything was removed."""
    removed = False
    names = doc.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        del names["/JavaScript"]
        removed = True
    for key in ("/OpenAction", "/AA"):
        if key in doc.Root:
            del doc.Root[key]
            removed = True
    for page in doc.pages:
        if "/AA" in page.obj:
            del page.obj["/AA"]
            removed = True
        for annot in page.obj.get("/Annots", []) or []:
            action = annot.get("/A")
            if action is not None and action.get("/S") in ("/JavaScript", "/Launch"):
                del annot["/A"]
                removed = True
            if "/AA" in annot:
                del annot["/AA"]
                removed = True
    return removed


def take_pdf(data: bytes) -> ReceivedPdf:
    if len(data) > MAX_SIZE:
        raise PdfInputError(f"PDF too large ({len(data) // (1024 * 1024)} MB, "
                            f"limit {MAX_SIZE // (1024 * 1024)} MB)")
    notes: list[str] = []
    try:
        doc = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise PdfInputError("the PDF is encrypted with a password; it cannot be opened "
                            "without it (original kept)") from None
    except pikepdf.PdfError as exc:
        raise PdfInputError(f"the PDF is damaged and cannot be read ({str(exc)[:200]})") from None
    with doc:
        needs_person = False
        if doc.is_encrypted:
            notes.append("the PDF was encrypted with an owner password only; taken in "
                         "without its restrictions")
            needs_person = True
        try:
            pages = len(doc.pages)
        except pikepdf.PdfError as exc:
            raise PdfInputError(f"the PDF is damaged: its pages cannot be read ({exc})") from None
        if pages == 0:
            raise PdfInputError("the PDF has no pages")
        if pages > MAX_PAGES:
            raise PdfInputError(f"the PDF has {pages} pages (limit {MAX_PAGES})")
        warnings = doc.get_warnings()
        if warnings:
            notes.append(f"the PDF was damaged and repaired on reading ({len(warnings)} problem(s))")
            needs_person = True
        if _strip_actions(doc):
            notes.append("the PDF carries scripts or automatic actions; they are not kept")
        buf = io.BytesIO()
        doc.save(buf)  # decrypted, repaired; the original bytes stay in the .eml
        return ReceivedPdf(pdf=buf.getvalue(), pages=pages, notes=notes, needs_person=needs_person)
