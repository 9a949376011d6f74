"""Received PDFs: kept; encrypted or broken ones flagged for a person, never dropped."""
from __future__ import annotations

import io

import pikepdf

from intake.archive.convert import convert_attachment
from rules.message import Attachment
from tests.documents.make_documents import encrypted_pdf, simple_pdf


def _att(data: bytes, name="หนังสือ.pdf") -> Attachment:
    return Attachment(name, "application/pdf", len(data), data)


def test_plain_pdf_is_kept_with_its_pages_and_text():
    data = simple_pdf("KEPT-AS-RECEIVED")
    result = convert_attachment(_att(data))
    assert result.ok and not result.needs_person
    with pikepdf.open(io.BytesIO(result.pdf)) as doc:
        assert b"KEPT-AS-RECEIVED" in doc.pages[0].Contents.read_bytes()


def test_password_protected_pdf_is_flagged_with_the_reason():
    result = convert_attachment(_att(encrypted_pdf()))
    assert not result.ok and result.needs_person
    assert "password" in result.reason


def test_owner_password_only_pdf_is_taken_in_and_flagged():
    result = convert_attachment(_att(encrypted_pdf(user_password="")))
    assert result.ok and result.needs_person
    assert any("owner password" in n for n in result.notes)
    with pikepdf.open(io.BytesIO(result.pdf)) as doc:
        assert not doc.is_encrypted


def test_broken_pdf_is_flagged_not_dropped():
    result = convert_attachment(_att(b"%PDF-1.7\n this is not a pdf at all\n"))
    assert not result.ok and result.needs_person
    assert "damaged" in result.reason


def test_pdf_named_as_docx_is_still_read_as_pdf():
    result = convert_attachment(Attachment("letter.docx", "application/octet-stream", 0,
                                           simple_pdf()))
    assert result.kind == "pdf" and result.ok


def test_pdfa_check_reports_a_received_pdf_with_unembedded_fonts():
    from intake.archive.convert.pdfa import check_pdfa

    assert check_pdfa(simple_pdf()) == ["no PDF/A identification in the XMP metadata"]
    problems = check_pdfa(simple_pdf(), "2b")  # judged as if it claimed PDF/A-2b
    assert any("font has no /FontDescriptor, so it is not embedded" in p for p in problems)
    assert any("no OutputIntents" in p for p in problems)
    assert any(p.startswith("[violation]") and "/Metadata" in p for p in problems)
