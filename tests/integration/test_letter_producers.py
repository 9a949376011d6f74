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
from tests.convert_fixtures import office  # noqa: F401
from tests.documents import letters
from tests.documents.make_documents import message

from .spine_helpers import default_database_url

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.office, pytest.mark.any_database]


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


@pytest.fixture(scope="module")
def secret_site(tmp_path_factory, office):
    """One poll of a mailbox holding a letter marked ลับ and ด่วน (LibreOffice, TH Sarabun
    New), with a clerk and a head of unit who may sign in. One site for the module's tests,
    so on SQLite: the test database helper's URL is set per test, after this is built."""
    from intake.web import set_password
    from registry.db import transaction
    from registry.models import User

    tmp = tmp_path_factory.mktemp("secret")
    pdf = office.convert(office.export(letters.letter_fodt("TH Sarabun New", secrecy="ลับ",
                                                           urgency="ด่วน"),
                                       "fodt", "writer8", "odt"), "odt")
    box = mailbox.Maildir(tmp / "Maildir", create=True)
    box.add(message(text="ส่งหนังสือตามแนบ", subject="ส่งหนังสือ",
                    attachments=[("หนังสือ.pdf", "application/pdf", pdf)])
            .replace(b"<somchai@example.org>", b"<saraban@phetchaburi.police.go.th>"))
    cfg = cfgmod.from_dict({"database": {"url": f"sqlite:///{tmp / 'intake.db'}"}, "store": {"path": "s"},
                            "archive": {"enabled": False},
                            "mailboxes": {"m": {"kind": "maildir", "path": str(tmp / "Maildir")}}},
                           base_dir=tmp)
    proc = Processor(cfg)
    proc.poll(cfg.mailboxes[0])
    with transaction(proc.factory) as s:
        s.add(User(login="clerk1", name="นางสาวสุดา ใจงาม", role="clerk"))
        s.add(User(login="head1", name="นายสมศักดิ์ ผู้อำนวยการ", role="head"))
    for login in ("clerk1", "head1"):
        set_password(proc.factory, login, f"{login}-password-123")
    return proc


def test_a_secret_letter_is_kept_in_the_secret_register(secret_site):
    from registry import search
    from registry.registers import SECRET_MASK, export_rows

    with secret_site.factory() as s:
        entry = s.scalar(select(ReceiveEntry))
        [receive] = export_rows(s, "receive")
        [secret] = export_rows(s, "secret")
        found = search.search(s, "receive", "ผู้สูงอายุ")
        search.reindex(s)  # a rebuilt index leaves it out too
        found += search.search(s, "receive", "ผู้สูงอายุ")
    assert (entry.urgency, entry.secrecy) == ("ด่วน", "ลับ")  # recorded with their level
    assert receive["subject"] == SECRET_MASK and letters.SUBJECT not in str(receive)
    assert (receive["number"], receive["urgency"], receive["secrecy"]) == (entry.number, "ด่วน", "ลับ")
    assert secret["subject"] == letters.SUBJECT and secret["doc_number"] == letters.DOC_NUMBER
    assert entry.id not in found  # its words are not in the shared search index


def _signed_in(app, login: str):
    import re

    client = app.test_client()
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert client.post("/login", data={"login": login, "password": f"{login}-password-123",
                                       "csrf_token": token}).status_code == 302
    return client


def test_only_the_named_roles_see_the_secret_register(secret_site):
    from intake.web import create_app

    app = create_app(secret_site)
    with secret_site.factory() as s:
        msg_id = s.scalar(select(ReceiveEntry.message_pk))
    clerk, head = _signed_in(app, "clerk1"), _signed_in(app, "head1")
    assert clerk.get("/registers/secret").status_code == 403  # unit.secret_roles = head
    assert clerk.get(f"/messages/{msg_id}").status_code == 403
    assert letters.SUBJECT not in clerk.get("/registers/receive").text
    page = head.get("/registers/secret")
    assert page.status_code == 200 and letters.SUBJECT in page.text and "ลับ" in page.text
    assert head.get(f"/messages/{msg_id}").status_code == 200
