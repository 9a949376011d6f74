"""The archival bundle of one message, end to end with the real tools (LibreOffice,
Chromium): every attachment type in order with bookmarks, hostile documents listed with
their reasons, the .eml embedded, PDF/A checks passing, Thai text back out as it went in."""
from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime

import pikepdf
import pytest
from click.testing import CliRunner

from intake.archive.bundle import build_archive, save_beside
from intake.archive.convert import render_page
from intake.archive.convert.pdfa import check_pdfa
from intake.archive.convert.textlayer import pdf_text
from intake.parse.mime import parse_message
from intake.store import RawStore
from tests.convert_fixtures import office, office_documents  # noqa: F401
from tests.documents.make_documents import (
    HOSTILE_HTML,
    MARKER,
    THAI_SENTENCE,
    encrypted_pdf,
    message,
    scan_image,
    zip_bomb_docx,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser]

MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc": "application/msword", "odt": "application/vnd.oasis.opendocument.text",
        "rtf": "application/rtf", "xls": "application/vnd.ms-excel",
        "ods": "application/vnd.oasis.opendocument.spreadsheet"}
REGISTERED = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)  # 14.05 in Bangkok


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _cover_text(result) -> str:
    body = next(p for p in result.parts if p.kind == "body")
    return pdf_text(result.pdf_bytes, pages=slice(0, body.first_page))


def _outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    out = []
    with pdf.open_outline() as tree:
        def walk(items, depth):
            for item in items:
                page = pikepdf.Page(item.destination[0]).index if item.destination else -1
                out.append((depth, item.title, page))
                walk(item.children, depth + 1)
        walk(tree.root, 0)
    return out


@pytest.fixture(scope="module")
def bundle(office, office_documents):
    attachments = [(f"เอกสาร-{kind}.{kind}", MIME[kind], office_documents[kind])
                   for kind in ("docx", "xlsx", "pptx", "doc", "odt", "rtf", "xls", "ods")]
    attachments += [
        ("สแกน.jpg", "image/jpeg", scan_image("JPEG")),
        ("สแกน.png", "image/png", scan_image("PNG")),
        ("สแกน.tiff", "image/tiff", scan_image("TIFF", pages=2)),
        ("หนังสือ.pdf", "application/pdf", render_page(f"<p>{MARKER}-PDF</p>")),
        ("ลับ.pdf", "application/pdf", encrypted_pdf()),
        ("ระเบิด.docx", MIME["docx"], zip_bomb_docx()),
    ]
    raw = message(html=HOSTILE_HTML, attachments=attachments,
                  inline_images=[("logo@unit", "image/png", scan_image("PNG", size=(60, 30)))])
    parsed = parse_message(raw)
    entry = {"number": 123, "year": 2026, "registered_at": REGISTERED, "sender": "สมชาย ใจดี",
             "subject": parsed.subject, "disposition": "register",
             "reasons": ["คำร้องตามบริการที่ประกาศ ยื่นทางอีเมลสารบรรณ"], "thai_numerals": True}
    result = build_archive(raw, parsed, entry, None, office=office, timeout=60)
    return raw, parsed, result, attachments


def test_bundle_passes_the_pdfa_checks(bundle):
    _, _, result, _ = bundle
    assert result.pdfa_problems == []
    assert check_pdfa(result.pdf_bytes) == []
    with pikepdf.open(io.BytesIO(result.pdf_bytes)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"


def test_original_eml_is_embedded_unchanged(bundle):
    raw, _, result, _ = bundle
    with pikepdf.open(io.BytesIO(result.pdf_bytes)) as pdf:
        spec = pdf.attachments["message.eml"]
        assert spec.get_file().read_bytes() == raw
        assert str(spec.obj.AFRelationship) == "/Source"


def test_every_attachment_in_order_with_bookmarks(bundle):
    _, _, result, attachments = bundle
    with pikepdf.open(io.BytesIO(result.pdf_bytes)) as pdf:
        outline = _outline(pdf)
        n_pages = len(pdf.pages)
    titles = [t for depth, t, _ in outline if depth == 1]
    converted = [name for name, _, _ in attachments if name not in ("ลับ.pdf", "ระเบิด.docx")]
    assert titles == converted  # in the sender's order; the unconverted have no pages
    pages = [p for _, _, p in outline]
    assert pages == sorted(pages) and pages[0] == 0 and max(pages) < n_pages
    text = pdf_text(result.pdf_bytes)
    for kind in ("DOCX", "XLSX", "PPTX", "DOC", "ODT", "RTF", "XLS", "ODS", "PDF"):
        assert f"{MARKER}-{kind}" in text


def test_hostile_documents_are_listed_with_reasons_and_kept(bundle):
    _, _, result, _ = bundle
    by_name = {p.filename: p for p in result.parts}
    assert "password" in by_name["ลับ.pdf"].reason
    assert "zip bomb" in by_name["ระเบิด.docx"].reason
    assert result.needs_person
    cover = _cover_text(result)
    for name in ("ลับ.pdf", "ระเบิด.docx"):
        assert squash(name) in squash(cover)
    assert squash("แปลงไม่ได้") in squash(cover) and "zip bomb" in cover
    with pikepdf.open(io.BytesIO(result.pdf_bytes)) as pdf:
        kept = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    with pytest.raises(pikepdf.PasswordError):  # the encrypted original, as it came
        pikepdf.open(io.BytesIO(kept["ลับ.pdf"]))
    assert len(kept["ระเบิด.docx"]) < 1024 * 1024  # the original bytes, not expanded


def test_cover_shows_the_register_entry_in_thai(bundle):
    _, parsed, result, _ = bundle
    cover = _cover_text(result)
    assert squash("เลขทะเบียนรับ๑๒๓/๒๕๖๙") in squash(cover)
    assert squash("๒๓ พฤศจิกายน ๒๕๖๙") in squash(cover)
    assert squash("๑๔.๐๕ น.") in squash(cover)
    assert squash(parsed.subject) in squash(cover)
    assert squash("คำร้องตามบริการที่ประกาศ ยื่นทางอีเมลสารบรรณ") in squash(cover)
    assert squash("ลงทะเบียนรับ") in squash(cover)


def test_body_is_sanitised_and_its_thai_text_extracts(bundle):
    _, _, result, _ = bundle
    body_part = next(p for p in result.parts if p.kind == "body")
    text = pdf_text(result.pdf_bytes, pages=slice(body_part.first_page, body_part.first_page + 1))
    assert squash(THAI_SENTENCE) in squash(text)
    assert "SCRIPT-RAN" not in text
    assert any("remote image" in n for n in body_part.notes)
    # the inline logo was shown in the body, not listed again as an attachment
    assert not any(p.filename.endswith(".png") and "logo" in p.filename for p in result.parts)


def test_saved_beside_the_raw_message(bundle, tmp_path):
    raw, _, result, _ = bundle
    store = RawStore(tmp_path)
    sha, _ = store.put(raw)
    path = save_beside(store, sha, result.pdf_bytes)
    assert path.parent == store.path(sha).parent and path.name == f"{sha}.pdf"
    assert path.read_bytes() == result.pdf_bytes


def test_pdf_command_writes_the_bundle(tmp_path, office):
    from intake.cli import main
    from intake.cli.pdf import pdf

    eml = tmp_path / "m.eml"
    eml.write_bytes(message(text=THAI_SENTENCE,
                            attachments=[("scan.jpg", "image/jpeg", scan_image("JPEG"))]))
    out = tmp_path / "out.pdf"
    if "pdf" not in main.commands:
        main.add_command(pdf)
    result = CliRunner().invoke(main, ["pdf", str(eml), "-o", str(out), "--number", "5"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert check_pdfa(data) == []
    assert squash(THAI_SENTENCE) in squash(pdf_text(data))


@pytest.mark.ocr
def test_scans_made_searchable_by_ocr_keep_the_bundle_valid_pdfa():
    thai = "ขอรับเงินอุดหนุนผู้สูงอายุ"
    raw = message(attachments=[("สแกน.jpg", "image/jpeg", scan_image("JPEG", text=thai))])
    parsed = parse_message(raw)
    entry = {"number": 7, "year": 2026, "registered_at": REGISTERED, "subject": parsed.subject}
    plain = build_archive(raw, parsed, entry, None, timeout=60)
    searchable = build_archive(raw, parsed, entry, None, timeout=60, ocr=True)
    assert thai not in squash(pdf_text(plain.pdf_bytes))
    assert thai in squash(pdf_text(searchable.pdf_bytes))
    assert searchable.pdfa_problems == []
    scan = next(p for p in searchable.parts if p.filename == "สแกน.jpg")
    assert any("OCR" in note for note in scan.notes)
