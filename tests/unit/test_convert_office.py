"""Office documents through the warm LibreOffice: every type, limits, timeouts, recycling."""
from __future__ import annotations

import io

import pdfplumber
import pytest

from intake.archive.convert import convert_attachment
from intake.archive.convert.office import OfficeError, OfficeServer, check_office_input
from intake.archive.convert.pdfa import check_pdfa
from rules.message import Attachment
from tests.convert_fixtures import office, office_documents  # noqa: F401
from tests.documents.make_documents import MARKER, OFFICE_RECIPES, zip_bomb_docx

pytestmark = pytest.mark.office

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword", "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel", "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


@pytest.mark.parametrize("kind", sorted(OFFICE_RECIPES))
def test_every_office_type_converts_to_a_pdfa_part(kind, office, office_documents):
    att = Attachment(filename=f"เอกสาร.{kind}", content_type=MIME[kind],
                     size=len(office_documents[kind]), payload=office_documents[kind])
    result = convert_attachment(att, office=office, timeout=60)
    assert result.ok, result.reason
    assert result.kind == kind
    assert f"{MARKER}-{kind.upper()}" in _text(result.pdf)
    # LibreOffice's PDF/A-2b export, fonts embedded: nothing the validator finds against it
    # (it only cannot judge LibreOffice's own trailer key /DocChecksum)
    findings = check_pdfa(result.pdf)
    assert not [f for f in findings if "DocChecksum" not in f], findings
    assert office.running  # the same office goes on (xlsx does not crash it: loaded hidden)


def test_office_fonts_are_the_project_sarabun(office, office_documents):
    result = office.convert(office_documents["docx"], "docx")
    with pdfplumber.open(io.BytesIO(result)) as doc:
        fonts = {c["fontname"].split("+")[-1] for c in doc.pages[0].chars}
    assert any(f.startswith("Sarabun") for f in fonts), fonts
    assert not any("Laksaman" in f for f in fonts)


def test_zip_bomb_is_refused_before_libreoffice_sees_it():
    server = OfficeServer()
    try:
        att = Attachment(filename="ระเบียบ.docx", content_type=MIME["docx"], size=0,
                         payload=zip_bomb_docx())
        result = convert_attachment(att, office=server)
        assert not result.ok and result.needs_person
        assert "zip bomb" in result.reason
        assert server.starts == 0  # no office was even started for it
    finally:
        server.close()


def test_damaged_container_is_reported_not_crashing():
    with pytest.raises(OfficeError, match="damaged"):
        check_office_input(b"PK\x03\x04 this is not really a zip", "xlsx")


def test_timeout_kills_the_office_and_the_next_document_still_converts(office_documents):
    with OfficeServer() as server:
        with pytest.raises(OfficeError, match="longer than"):
            server.convert(office_documents["odt"], "odt", timeout=0.001)
        assert not server.running
        pdf = server.convert(office_documents["odt"], "odt", timeout=60)
        assert f"{MARKER}-ODT" in _text(pdf)
        assert server.starts == 2


def test_office_is_recycled_after_n_documents(office_documents):
    with OfficeServer(max_documents=2) as server:
        for _ in range(3):
            server.convert(office_documents["rtf"], "rtf")
        assert server.starts == 2
