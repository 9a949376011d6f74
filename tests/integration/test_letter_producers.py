"""Official letters as Chromium, LibreOffice and a Word document (docx through LibreOffice,
the nearest to Word here) print them, in Sarabun, TH Sarabun New and Garuda, read the
same by the letter reader and by the pipeline (issue 14, findings 2 and 3): Garuda's
private-use tone glyphs, LibreOffice's split SARA AM and Chromium's lost Sarabun tone
marks all come back as typed; a letter marked ลับที่สุด is held for a person and never
acknowledged."""
from __future__ import annotations

import mailbox

import pytest
from sqlalchemy import select

from intake import config as cfgmod
from intake.parse.letters import read_letter
from intake.parse.mime import parse_message
from intake.pipeline import Processor
from registry.models import Message, OutboxItem, ReceiveEntry
from tests.convert_fixtures import needs_chromium, needs_office, office  # noqa: F401
from tests.documents import letters
from tests.documents.make_documents import message

from .spine_helpers import default_database_url

pytestmark = [pytest.mark.integration, needs_chromium, needs_office]


@pytest.fixture(scope="session")
def top_secret(office):
    return letters.producer_pdfs(office)


@pytest.mark.parametrize("producer", [
    "chromium-garuda", "chromium-sarabun", "chromium-th-sarabun-new",
    "libreoffice-th-sarabun-new", "libreoffice-garuda", "docx-th-sarabun-new", "docx-garuda"])
def test_every_producer_reads_the_same(top_secret, producer):
    fields = read_letter(top_secret[producer], ocr=False)
    assert fields.doc_number.value == letters.DOC_NUMBER  # not cut at the bracket
    assert fields.doc_date.value == letters.DOC_DATE
    assert fields.subject.value == letters.SUBJECT  # tone marks and SARA AM as typed
    assert fields.to.value == letters.TO  # with its wrapped line
    assert fields.references.value == letters.REFERENCES  # both items, wrapped lines joined
    assert fields.enclosures.value == [letters.ENCLOSURE]
    assert (fields.secrecy.value, fields.urgency.value) == ("ลับที่สุด", "ด่วนที่สุด")
    assert fields.sender_agency.value == letters.AGENCY


@pytest.mark.parametrize("producer", ["chromium-garuda", "chromium-sarabun",
                                      "libreoffice-th-sarabun-new"])
def test_pipeline_holds_a_top_secret_letter_and_sends_nothing(tmp_path, top_secret, producer):
    raw = message(text="ส่งหนังสือตามแนบ", subject="ส่งหนังสือ",
                  attachments=[("หนังสือ.pdf", "application/pdf", top_secret[producer])])
    letter = parse_message(raw).letter
    assert letter and letter["secrecy"]["value"] == "ลับที่สุด"
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(raw)
    cfg = cfgmod.from_dict({"database": {"url": default_database_url()}, "store": {"path": "s"},
                            "archive": {"enabled": False},
                            "mailboxes": {"m": {"kind": "maildir",
                                                "path": str(tmp_path / "Maildir")}}},
                           base_dir=tmp_path)
    proc = Processor(cfg)
    proc.poll(cfg.mailboxes[0])
    with proc.factory() as s:
        msg = s.scalar(select(Message))
        assert msg.disposition == "review"
        assert "top_secret_letter" in msg.decision["rules"]
        assert s.scalar(select(ReceiveEntry)) is None  # not registered by e-mail
        assert not list(s.scalars(select(OutboxItem)))  # nothing acknowledged
