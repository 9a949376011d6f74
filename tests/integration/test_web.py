"""The web pages at the server level (Flask's test client against a real SQLite registry
filled by a real poll of a Maildir): sign-in, sessions, CSRF, roles, safe rendering of
hostile mail, attachment downloads, registers and their exports.

`build_site` is shared with test_web_browser.py."""
from __future__ import annotations

import csv
import html
import io
import mailbox
import re
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import select

from intake.cases import lifecycle as cases
from intake import config as config_mod
from intake.pipeline import Processor
from registry.db import transaction
from registry.models import Case, Event, Message, ReceiveEntry, User

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
DEMO_MAILBOX = REPO / "intake" / "demo_mailbox"
OWN_CORPUS = REPO / "tests" / "corpus"
SARABAN = "saraban@phetchaburi.m-society.go.th"
BKK = ZoneInfo("Asia/Bangkok")
PASSWORDS = {"clerk1": "clerk-secret-123", "head1": "head-secret-456"}
HOSTILE_SUBJECT = "<script>alert('subject')</script> ขอรับเงินสงเคราะห์ครอบครัวผู้มีรายได้น้อย"
HOSTILE_NAME = "<img src=x onerror=alert('name')>"
HOSTILE_FILE = "../../../etc/passwd<script>alert('file')</script>.pdf"


def hostile_mail() -> bytes:
    m = EmailMessage()
    m["From"] = f'"{HOSTILE_NAME}" <evil.sender@gmail.com>'
    m["To"] = SARABAN
    m["Subject"] = HOSTILE_SUBJECT
    m["Message-ID"] = make_msgid(domain="gmail.com")
    m["Date"] = "Mon, 06 Apr 2026 10:00:00 +0700"
    m.set_content("เรียน เจ้าหน้าที่ ขอรับเงินสงเคราะห์ครอบครัวผู้มีรายได้น้อย <script>alert('text')</script>")
    m.add_alternative(
        "<html><body><p>เรียน เจ้าหน้าที่ <b>ขอรับเงินสงเคราะห์</b></p>"
        "<script>alert('body')</script><img src=\"http://127.0.0.1:9/track.png\" alt=\"track\">"
        "<a href=\"javascript:alert('link')\">คลิก</a>"
        "<img src=x onerror=\"alert('onerror')\"><iframe src=\"http://127.0.0.1:9/\"></iframe>"
        "</body></html>", subtype="html")
    m.add_attachment(b"%PDF-1.4 not really", maintype="application", subtype="pdf",
                     filename=HOSTILE_FILE)
    return m.as_bytes()


@dataclass
class Site:
    proc: Processor
    workdir: Path
    hostile_id: int
    review_ids: list[int]
    proposed_ref: str
    proposed_subject: str
    registered: dict  # message id -> (entry subject, ref)


def build_site(workdir: Path) -> Site:
    """A unit's registry after one real poll: the demo mailbox, two review cases from the
    own corpus, one hostile mail; users clerk1/head1 with passwords; one case driven to a
    disposal proposal (documents asked, no answer, 30 days)."""
    from intake.web import set_password
    from registry.search import reindex

    box = mailbox.Maildir(workdir / "Maildir", create=True)
    for eml in sorted(DEMO_MAILBOX.glob("*.eml")):
        box.add(eml.read_bytes())
    for name in ("e17.eml", "e65.eml"):
        box.add((OWN_CORPUS / name).read_bytes())
    box.add(hostile_mail())
    cfg = config_mod.from_dict({
        "archive": {"enabled": False},
        "database": {"url": "sqlite:///intake.db"},
        "store": {"path": "store"},
        "outbox": {"transport": "folder", "folder": "outbox"},
        "mailboxes": {"saraban": {"kind": "maildir", "path": str(workdir / "Maildir")}},
    }, base_dir=workdir)
    proc = Processor(cfg)
    report = proc.poll(cfg.mailboxes[0])
    assert report.failed == 0
    with transaction(proc.factory) as s:
        s.add(User(login="clerk1", name="นางสาวสุดา ใจงาม", role="clerk"))
        s.add(User(login="head1", name="นายสมศักดิ์ ผู้อำนวยการ", role="head",
                   email="head@phetchaburi.m-society.go.th"))
        reindex(s)
    for login, password in PASSWORDS.items():
        set_password(proc.factory, login, password)
    with proc.factory() as s:
        hostile_id = s.scalar(select(Message.id).where(Message.from_addr == "evil.sender@gmail.com"))
        review_ids = list(s.scalars(select(Message.id).where(Message.disposition == "review")
                                    .order_by(Message.id)))
        # a case with documents the proposal found missing
        case = next(c for c in s.scalars(select(Case).order_by(Case.id))
                    if not c.high_risk and c.message_pk != hostile_id
                    and any(d["status"] == "missing"
                           for d in (c.completeness or {}).get("documents", [])))
        ref = case.ref
        registered = {e.message_pk: (e.subject, f"{e.number}/{e.year + 543}")
                      for e in s.scalars(select(ReceiveEntry))}
    cases.confirm_completeness(proc, ref, "clerk1")
    with proc.factory() as s:
        deadline = s.scalar(select(Case).where(Case.ref == ref)).documents_deadline
    cases.sweep(proc, deadline + timedelta(days=1))
    with proc.factory() as s:
        since = s.scalar(select(Case).where(Case.ref == ref)).unreachable_since
    cases.sweep(proc, since.astimezone(BKK).date() + timedelta(days=30))
    with proc.factory() as s:
        case = s.scalar(select(Case).where(Case.ref == ref))
        assert case.state == "disposal_proposed"
        subject = s.get(ReceiveEntry, case.receive_entry_id).subject
    return Site(proc, workdir, hostile_id, review_ids, ref, subject, registered)


# ------------------------------------------------------------------ fixtures ----
@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return build_site(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def app(site):
    from intake.web import create_app

    return create_app(site.proc.rt)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, login: str, password: str | None = None):
    page = client.get("/login")
    return client.post("/login", data={"login": login, "password": password or PASSWORDS[login],
                                       "csrf_token": _csrf(page.text)})


@pytest.fixture
def clerk(app):
    c = app.test_client()
    assert sign_in(c, "clerk1").status_code == 302
    return c


@pytest.fixture
def head(app):
    c = app.test_client()
    assert sign_in(c, "head1").status_code == 302
    return c


def _case_id(site, ref):
    with site.proc.factory() as s:
        return s.scalar(select(Case.id).where(Case.ref == ref))


# ------------------------------------------------------------- sign-in ----
def test_every_page_needs_sign_in(app, site):
    c = app.test_client()
    for url in ("/", "/registers/receive", "/registers/send.csv", f"/messages/{site.hostile_id}",
                f"/messages/{site.hostile_id}/attachments/0", "/review", "/health",
                "/statistics"):
        r = c.get(url)
        assert r.status_code == 302 and "/login" in r.headers["Location"], url


def test_wrong_password_is_refused(app):
    c = app.test_client()
    r = sign_in(c, "clerk1", "not-the-password")
    assert r.status_code == 401
    assert "ไม่ถูกต้อง" in r.text
    assert c.get("/").status_code == 302


def test_a_disabled_user_is_signed_out(app, site):
    c = app.test_client()
    with transaction(site.proc.factory) as s:
        s.add(User(login="temp1", name="ชั่วคราว", role="clerk"))
    from intake.web import set_password

    set_password(site.proc.factory, "temp1", "temporary-pass-1")
    assert sign_in(c, "temp1", "temporary-pass-1").status_code == 302
    assert c.get("/").status_code == 200
    with transaction(site.proc.factory) as s:
        s.get(User, "temp1").disabled = True
    assert c.get("/").status_code == 302


def test_passwords_are_stored_as_argon2_hashes(site):
    with site.proc.factory() as s:
        stored = s.get(User, "clerk1").password_hash
    assert stored.startswith("$argon2id$") and PASSWORDS["clerk1"] not in stored


def test_sign_out_ends_the_session_even_for_a_copied_cookie(app):
    from intake.web.auth import COOKIE

    c = app.test_client()
    sign_in(c, "clerk1")
    token = c.get_cookie(COOKIE).value
    page = c.get("/")
    assert page.status_code == 200
    c.post("/logout", data={"csrf_token": _csrf(page.text)})
    assert c.get("/").status_code == 302
    other = app.test_client()
    other.set_cookie(COOKIE, token)  # the cookie someone copied before sign-out
    r = other.get("/registers/receive")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_an_expired_session_goes_back_to_sign_in(site):
    from intake.web import create_app

    moments = [site.proc.clock()]
    real_clock = site.proc.clock
    site.proc.clock = lambda: moments[0]
    try:
        app = create_app(site.proc.rt, idle_minutes=30)
        c = app.test_client()
        sign_in(c, "clerk1")
        assert c.get("/").status_code == 200
        moments[0] = moments[0] + timedelta(minutes=31)
        r = c.get("/")
        assert r.status_code == 302 and "/login" in r.headers["Location"]
    finally:
        site.proc.clock = real_clock


def test_sign_in_does_not_redirect_off_site(app):
    c = app.test_client()
    page = c.get("/login")
    r = c.post("/login", data={"login": "clerk1", "password": PASSWORDS["clerk1"],
                               "csrf_token": _csrf(page.text), "next": "//evil.example/x"})
    assert r.headers["Location"] == "/"


# ------------------------------------------------------------------ CSRF ----
def test_a_form_without_its_csrf_token_is_refused(head, site):
    case_id = _case_id(site, site.proposed_ref)
    r = head.post(f"/cases/{case_id}/approve", data={})
    assert r.status_code == 403
    r = head.post(f"/cases/{case_id}/approve", data={"csrf_token": "forged"})
    assert r.status_code == 403
    with site.proc.factory() as s:
        assert s.get(Case, case_id).state == "disposal_proposed"


def test_sign_in_form_needs_its_token_too(app):
    c = app.test_client()
    r = c.post("/login", data={"login": "clerk1", "password": PASSWORDS["clerk1"]})
    assert r.status_code == 403


# ----------------------------------------------------------------- roles ----
def test_a_clerk_cannot_approve_even_by_posting_directly(clerk, site):
    case_id = _case_id(site, site.proposed_ref)
    token = _csrf(clerk.get("/").text)
    for url in (f"/cases/{case_id}/approve", f"/cases/{case_id}/reject", "/approvals/bulk"):
        r = clerk.post(url, data={"csrf_token": token, "reason": "x", "action": "approve",
                                  "case_id": str(case_id)})
        assert r.status_code == 403, url
    assert clerk.get("/approvals").status_code == 403
    with site.proc.factory() as s:
        assert s.get(Case, case_id).state == "disposal_proposed"
    assert "อนุมัติจำหน่ายเรื่อง" not in clerk.get(f"/messages/{_message_of(site)}").text


def _message_of(site):
    with site.proc.factory() as s:
        return s.scalar(select(Case.message_pk).where(Case.ref == site.proposed_ref))


# ------------------------------------------------------ hostile content ----
def test_script_in_subject_sender_body_and_file_name_is_text(clerk, site):
    page = clerk.get(f"/messages/{site.hostile_id}").text
    assert "<script>alert(" not in page.replace("&lt;script&gt;", "")
    assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(&#39;name&#39;)&gt;" in page
    shown = re.search(r'<ul class="attachments">(.*?)</ul>', page, re.DOTALL).group(1)
    assert "/attachments/0" in shown and "../" not in shown and "<script" not in shown
    # the body: sanitised, and inside a sandboxed frame with no script allowed
    frame = re.search(r'<iframe class="body"[^>]*>', page).group(0)
    assert 'sandbox=""' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    import html

    body = html.unescape(srcdoc)
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    assert "127.0.0.1:9" not in body and "<iframe" not in body
    assert "ขอรับเงินสงเคราะห์" in body
    csp = clerk.get(f"/messages/{site.hostile_id}").headers["Content-Security-Policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp  # no script at all


def test_hostile_subject_is_text_in_lists_and_exports(clerk, site):
    for url in ("/", "/review", "/registers/receive", "/registers/receive/print"):
        page = clerk.get(url).text
        assert "<script>alert(" not in page, url
    rows = list(csv.reader(io.StringIO(clerk.get("/registers/receive.csv").data
                                       .decode("utf-8-sig"))))
    assert rows[0][:3] == ["วันที่ลงทะเบียน", "เลขทะเบียนรับ", "ที่"]


def test_attachment_downloads_by_id_never_by_name(clerk, site):
    r = clerk.get(f"/messages/{site.hostile_id}/attachments/0")
    assert r.status_code == 200 and r.data == b"%PDF-1.4 not really"
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition.split("filename*=")[0] and ".." not in disposition.replace(
        "...", "")
    assert "<" not in disposition and "\n" not in disposition
    assert r.headers["Content-Type"] == "application/octet-stream"
    for bad in (f"/messages/{site.hostile_id}/attachments/1",
                f"/messages/{site.hostile_id}/attachments/-1",
                f"/messages/{site.hostile_id}/attachments/..%2F..%2Fetc%2Fpasswd",
                "/static/fonts/..%2F..%2Fintake.db", "/static/fonts/fonts.conf"):
        assert clerk.get(bad).status_code == 404, bad


def test_a_formula_in_a_sender_field_is_not_a_formula_in_the_export(clerk, site):
    with transaction(site.proc.factory) as s:
        entry = s.scalars(select(ReceiveEntry).order_by(ReceiveEntry.id)).first()
        old = entry.remarks
        entry.remarks = "=HYPERLINK(\"http://127.0.0.1:9\")"
    try:
        text = clerk.get("/registers/receive.csv").data.decode("utf-8-sig")
        assert "'=HYPERLINK" in text
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(clerk.get("/registers/receive.xlsx").data))
        values = [c.value for row in wb.active.iter_rows() for c in row]
        assert "'=HYPERLINK(\"http://127.0.0.1:9\")" in values
        assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    finally:
        with transaction(site.proc.factory) as s:
            s.get(ReceiveEntry, entry.id).remarks = old


# ------------------------------------------------------------- registers ----
def test_thai_search_finds_a_word_inside_a_subject(clerk, site):
    # a word from the middle of a registered subject, as a clerk would type it
    subject = "ขอยื่นคำร้องขอจัดตั้งศูนย์บริการคนพิการ"
    assert any(subject in s for s, _ in site.registered.values())
    page = clerk.get("/registers/receive", query_string={"q": "จัดตั้ง"}).text
    assert subject in page
    assert "ขอสละสิทธิ์" not in page  # other entries filtered out
    page = clerk.get("/registers/receive", query_string={"q": "ไม่มีคำนี้ในทะเบียน"}).text
    assert "ไม่พบรายการ" in page


def test_search_does_not_scan_with_a_leading_wildcard(site):
    from registry import search

    statements = []
    from sqlalchemy import event

    def seen(conn, cursor, statement, params, context, executemany):
        statements.append((statement, params))

    event.listen(site.proc.engine, "before_cursor_execute", seen)
    try:
        with site.proc.factory() as s:
            ids = search.search(s, "receive", "ศูนย์บริการ")
    finally:
        event.remove(site.proc.engine, "before_cursor_execute", seen)
    assert ids
    joined = " ".join(str(p) for _, p in statements)
    assert "%ศูนย์" not in joined and "'%" not in joined
    assert not any("LIKE" in st and "receive_register.subject" in st for st, _ in statements)


def test_registers_show_buddhist_era_and_thai_digits(clerk, site):
    page = clerk.get("/registers/receive").text
    # unit.thai_numerals is true by default: the date and number columns in Thai digits
    cells = re.findall(r'<td class="nowrap">(.*?)</td>', page, re.DOTALL)
    assert cells and all("๒๕๖๙" in c for c in cells[:2])
    assert not any(re.search(r"[0-9]", re.sub(r"<[^>]+>", "", c)) for c in cells)
    for column in ("วันที่ลงทะเบียน", "เลขทะเบียนรับ", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ",
                   "หมายเหตุ"):
        assert f"<th>{column}</th>" in page


def test_register_filters(clerk, site):
    page = clerk.get("/registers/receive", query_string={"disposition": "wrong_channel"}).text
    assert "ขอยื่นรับรององค์กรสวัสดิการชุมชน" in page  # d01: wrong channel
    assert "ขอสละสิทธิ์" not in page  # d11: registered
    page = clerk.get("/registers/receive", query_string={"state": "disposal_proposed"}).text
    assert str(escape(site.proposed_subject)) in page  # the hostile mail may be the one
    page = clerk.get("/registers/receive", query_string={"year": "2400"}).text
    assert "ไม่พบรายการ" in page


def test_exports_have_the_register_columns(clerk, site):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(clerk.get("/registers/receive.xlsx").data))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "วันที่ลงทะเบียน" and rows[0][6] == "เรื่อง"
    assert len(rows) - 1 == len(site.registered)
    subjects = {r[6] for r in rows[1:]}
    assert {s for s, _ in site.registered.values()} == subjects


@pytest.mark.browser
def test_register_pdf_is_a4_landscape(clerk):
    import pikepdf

    r = clerk.get("/registers/receive.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")
    pdf = pikepdf.open(io.BytesIO(r.data))
    box = [float(x) for x in pdf.pages[0].mediabox]
    width, height = box[2] - box[0], box[3] - box[1]
    assert width > height and abs(width - 842) < 3 and abs(height - 595) < 3


# ------------------------------------------------------------- the work ----
def test_review_preview_shows_the_reply_before_anything_is_sent(clerk, site):
    from registry.models import OutboxItem

    msg_id = site.review_ids[0]
    with site.proc.factory() as s:
        before = s.query(OutboxItem).count()
    page = clerk.get(f"/review/{msg_id}", query_string={"disposition": "register",
                                                        "service": "S20"}).text
    assert '<pre class="mailbody">' in page  # the acknowledgment as it will go out
    assert "ยืนยัน" in page
    with site.proc.factory() as s:
        assert s.query(OutboxItem).count() == before
        assert s.get(Message, msg_id).disposition == "review"


def test_a_clerk_resolves_a_review_item_and_it_is_recorded(clerk, site):
    msg_id = site.review_ids[-1]
    with site.proc.factory() as s:
        unsure = [r["th"] for r in s.get(Message, msg_id).decision["reasons"]]
    page = clerk.get(f"/review/{msg_id}", query_string={"disposition": "register"}).text
    r = clerk.post(f"/review/{msg_id}", data={"csrf_token": _csrf(page),
                                              "disposition": "register", "service": "",
                                              "preview": _field(page, "preview")})
    assert r.status_code == 302
    with site.proc.factory() as s:
        msg = s.get(Message, msg_id)
        assert msg.disposition == "register"
        assert s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == msg_id))
        event = s.scalar(select(Event).where(Event.message_pk == msg_id,
                                             Event.kind == "review_resolved"))
        assert event.actor == "clerk1" and event.detail["to"] == "register"
    # the flash says what was done in Thai; the page still says why the rules were unsure
    page = clerk.get(r.headers["Location"]).text
    assert "ดำเนินการแล้ว: ลงทะเบียนรับ" in page
    assert "ก่อนเจ้าหน้าที่พิจารณา ระบบเห็นว่า" in page
    assert all(html.escape(reason, quote=False) in page for reason in unsure)


def _field(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def test_review_shows_the_mail_beside_the_form_and_preselects_nothing(clerk, site):
    page = clerk.get(f"/review/{site.review_ids[0]}").text
    assert '<iframe class="body"' in page and 'sandbox=""' in page  # the mail, sandboxed
    assert "เหตุผลที่ระบบไม่ตัดสินเอง" in page and "ข้อเสนอของระบบ" in page
    form = page[page.index('class="panel choose"'):page.index("</form>", page.index('class="panel choose"'))]
    assert " selected" not in form  # nothing chosen that the clerk did not choose
    assert "ยืนยัน:" not in page  # no confirmation before a choice


def test_a_stale_preview_cannot_be_confirmed(clerk, site):
    msg_id = site.review_ids[0]
    page = clerk.get(f"/review/{msg_id}", query_string={"disposition": "register",
                                                        "service": "S20"}).text
    seen = _field(page, "preview")
    # what the clerk saw: the acknowledgment with the next receive number; if that number
    # is taken before the confirmation (another registration), the mail would differ
    r = clerk.post(f"/review/{msg_id}", data={"csrf_token": _csrf(page), "disposition": "register",
                                              "service": "S20", "preview": seen[::-1]})
    assert r.status_code == 200 and "กรุณาตรวจอีกครั้งก่อนยืนยัน" in r.text
    assert _field(r.text, "preview") == seen  # the current mail is shown again to confirm
    with site.proc.factory() as s:
        assert s.get(Message, msg_id).disposition == "review"


def test_a_review_confirmed_after_the_session_ended_comes_back_with_the_choice(site):
    """A browser sends no Referer to our pages (Referrer-Policy: no-referrer): the review's
    confirmation, itself a page, opens again after sign-in with the clerk's choice, to be
    confirmed again; nothing is carried out meanwhile."""
    from dataclasses import replace

    from intake.web import create_app

    msg_id = site.review_ids[0]
    moments = [site.proc.rt.clock()]
    c = create_app(replace(site.proc.rt, clock=lambda: moments[0]),
                   idle_minutes=30).test_client()
    sign_in(c, "clerk1")
    choice = {"disposition": "register", "service": "S20"}
    page = c.get(f"/review/{msg_id}", query_string=choice).text
    moments[0] += timedelta(minutes=31)
    r = c.post(f"/review/{msg_id}", data={**choice, "csrf_token": _csrf(page),
                                          "preview": _field(page, "preview")})
    assert r.status_code == 401 and "หมดเวลา" in r.text  # not "no permission"
    assert html.unescape(_field(r.text, "next")) == f"/review/{msg_id}"
    r = c.post("/login", data={"login": "clerk1", "password": PASSWORDS["clerk1"],
                               "csrf_token": _csrf(r.text), "next": f"/review/{msg_id}", **dict(
                                   re.findall(r'name="(keep\.[^"]+)" value="([^"]*)"', r.text))})
    page = c.get(r.headers["Location"]).text
    assert 'value="S20" selected' in page and "ยืนยัน: ลงทะเบียนรับ" in page
    with site.proc.factory() as s:
        assert s.get(Message, msg_id).disposition == "review"


def test_pages_say_rules_services_and_actors_in_thai(clerk, site):
    msg_id = next(pk for pk, (subject, _) in site.registered.items()
                  if pk not in site.review_ids and pk != site.hostile_id)
    page = clerk.get(f"/messages/{msg_id}").text
    rules_line = re.search(r"กฎ: ([^\n<]*)", page).group(1)
    assert rules_line.strip() and not re.search(r"[a-z]_[a-z]", rules_line)  # no rule codes
    events = page[page.index("บันทึกการทำงานของระบบ"):]
    assert "processor" not in events and "decided" not in events and "ระบบ" in events


def test_error_pages_are_in_thai(site):
    from intake.web import create_app

    app = create_app(site.proc.rt)

    @app.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    c = app.test_client()
    sign_in(c, "clerk1")
    r = c.get("/boom")
    assert r.status_code == 500 and "ระบบขัดข้อง" in r.text and "Internal Server Error" not in r.text
    r = c.get("/no-such-page")
    assert r.status_code == 404 and "ไม่พบหน้าที่ต้องการ" in r.text
    r = c.post("/registers/receive", data={"csrf_token": _csrf(c.get("/").text)})
    assert r.status_code == 405 and "Method Not Allowed" not in r.text


def test_register_filters_by_a_buddhist_era_date_and_by_month(clerk, site):
    from registry.models import ReceiveEntry as Entry
    from rules.thai.dates import local_time, thai_digits

    with site.proc.factory() as s:
        entry = s.scalars(select(Entry).order_by(Entry.id)).first()
    day = local_time(entry.registered_at).date()
    typed = thai_digits(f"{day.day}/{day.month}/{day.year + 543}")  # as a Thai clerk types it
    page = clerk.get("/registers/receive", query_string={"date": typed}).text
    assert html.escape(entry.subject, quote=False) in page
    page = clerk.get("/registers/receive", query_string={
        "year": day.year + 543, "month": day.month, "day": day.day}).text
    assert html.escape(entry.subject, quote=False) in page
    other = (day.month % 12) + 1
    page = clerk.get("/registers/receive", query_string={"year": day.year + 543,
                                                         "month": other}).text
    assert "ไม่พบรายการ" in page


def test_a_head_approves_in_bulk_and_rejects_with_a_reason(head, site):
    page = head.get("/approvals").text
    assert str(escape(site.proposed_subject)) in page  # the hostile mail may be the one
    r = head.post("/approvals/bulk", data={"csrf_token": _csrf(page), "action": "reject",
                                           "case_id": str(_case_id(site, site.proposed_ref))})
    assert r.status_code == 302  # refused: no reason given
    with site.proc.factory() as s:
        assert s.scalar(select(Case.state).where(Case.ref == site.proposed_ref)) \
            == "disposal_proposed"


def test_health_page_shows_polls_and_outbox(clerk, site):
    page = clerk.get("/health").text
    assert "saraban/" in page and "อ่านสำเร็จล่าสุด" in page
    assert "ส่งใหม่" not in page or "ส่งไม่สำเร็จ" in page


def test_dashboard_counts_cases_by_state(clerk, site):
    page = clerk.get("/").text
    for label in ("รอเจ้าหน้าที่ดำเนินการ", "รอผู้ยื่นดำเนินการ", "เสนอจำหน่ายเรื่อง", "ล่าช้า", "เสร็จสิ้น"):
        assert label in page
    counts = cases.list_cases(site.proc)
    proposed = sum(1 for c in counts if c["state"] == "disposal_proposed")
    from rules.thai.dates import thai_digits

    box = re.search(r'box-disposal_proposed[^>]*>\s*<span class="n">([^<]+)<', page).group(1)
    assert box == thai_digits(proposed)


def test_statistics_page_shows_the_units_figures(clerk, site):
    from registry.statistics import triage_statistics
    from rules.thai.dates import thai_digits

    with site.proc.factory() as s:
        st = triage_statistics(s)
    page = clerk.get("/statistics").text
    assert f"ข้อความที่ดำเนินการแล้ว <b>{thai_digits(st['messages'])}</b>" in page
    assert f"ระบบตัดสินเอง <b>{thai_digits(st['decided_by_rules'])}</b>" in page
    assert st["messages"] > 0


# ------------------------------------------------------- sign-in throttle ----
def _user(site, login: str, role: str = "clerk", password: str = "a-long-password-1") -> str:
    from intake.web import set_password

    with transaction(site.proc.factory) as s:
        if s.get(User, login) is None:
            s.add(User(login=login, name=login, role=role))
    set_password(site.proc.factory, login, password)
    return password


def _post_login(c, login: str, password: str, address: str):
    page = c.get("/login", environ_base={"REMOTE_ADDR": address})
    return c.post("/login", data={"login": login, "password": password,
                                  "csrf_token": _csrf(page.text)},
                  environ_base={"REMOTE_ADDR": address})


def test_sixty_wrong_passwords_then_the_right_one_is_still_refused(app, site):
    """Issue 15: 60 wrong passwords, then the right one worked at once."""
    right = _user(site, "guess1")
    c = app.test_client()
    codes = [_post_login(c, "guess1", f"wrong-{i}", "10.1.1.1").status_code for i in range(60)]
    assert codes[:3] == [401, 401, 401] and set(codes[3:]) <= {401, 429} and 429 in codes
    r = _post_login(c, "guess1", right, "10.1.1.1")
    assert r.status_code == 429 and "กรุณารอ" in r.text
    assert c.get("/").status_code == 302  # not signed in
    with site.proc.factory() as s:
        kinds = [e.kind for e in s.scalars(select(Event).where(Event.actor == "guess1"))]
    # a throttled attempt checks no password: only the few after each wait were tried
    assert 3 <= kinds.count("sign_in_failed") <= 8
    assert kinds.count("sign_in_failed") + kinds.count("sign_in_throttled") == 61


def test_failures_lock_a_login_then_it_opens_again(site):
    from intake.web import auth

    right = _user(site, "guess2")
    t0 = site.proc.clock()
    at = t0
    for i in range(auth.LOGIN_RULE.lock_after):  # each attempt after its wait has passed
        at += auth.MAX_DELAY
        assert auth.sign_in(site.proc.factory, "guess2", f"wrong-{i}", "10.2.2.2", now=at) \
            is None
    with pytest.raises(auth.Throttled) as refused:
        auth.sign_in(site.proc.factory, "guess2", right, "10.2.2.3", now=at + timedelta(minutes=5))
    assert refused.value.locked  # from another address too: the login is locked
    later = at + auth.LOGIN_RULE.lock_for + timedelta(seconds=1)
    assert auth.sign_in(site.proc.factory, "guess2", right, "10.2.2.3", now=later).login \
        == "guess2"
    with site.proc.factory() as s:
        assert s.scalar(select(Event).where(Event.actor == "guess2",
                                            Event.kind == "sign_in_locked")) is not None


def test_an_admin_sees_failed_sign_ins(app, site):
    _post_login(app.test_client(), "nobody-such", "whatever-it-is", "10.3.3.3")
    password = _user(site, "admin1", role="admin")
    c = app.test_client()
    assert _post_login(c, "admin1", password, "10.3.3.4").status_code == 302
    page = c.get("/admin/sign-ins")
    assert page.status_code == 200
    assert "nobody-such" in page.text and "10.3.3.3" in page.text
    clerk = app.test_client()
    sign_in(clerk, "clerk1")
    assert clerk.get("/admin/sign-ins").status_code == 403


def test_password_hashing_runs_in_a_bounded_number_of_slots(monkeypatch, site):
    """A burst of sign-ins waits in line for argon2 instead of taking every core."""
    import threading
    import time

    from intake.web import auth

    running, most, lock = [0], [0], threading.Lock()
    real = auth._hasher.verify

    def slow_verify(stored, password):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return real(stored, password)

    class Slow:
        verify = staticmethod(slow_verify)
        hash = staticmethod(auth._hasher.hash)
        check_needs_rehash = staticmethod(auth._hasher.check_needs_rehash)

    monkeypatch.setattr(auth, "_hasher", Slow())
    threads = [threading.Thread(target=auth.authenticate,
                                args=(site.proc.factory, "clerk1", PASSWORDS["clerk1"]))
               for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == auth.HASH_SLOTS


def test_an_expired_session_keeps_what_was_typed(site):
    """The form posted after expiry does nothing, and its text returns after sign-in."""
    from intake.web import create_app

    from dataclasses import replace

    moments = [site.proc.rt.clock()]
    app = create_app(replace(site.proc.rt, clock=lambda: moments[0]), idle_minutes=30)
    c = app.test_client()
    sign_in(c, "head1")
    case_id = _case_id(site, site.proposed_ref)
    confirm = c.get(f"/approvals/confirm?case_id={case_id}&action=reject")
    moments[0] += timedelta(minutes=31)
    r = c.post("/approvals/bulk", data={
        "csrf_token": _csrf(confirm.text), "action": "reject", "case_id": str(case_id),
        "reason": "ขาดสำเนาบัตรประชาชน"},
        headers={"Referer": f"http://localhost/approvals/confirm?case_id={case_id}"
                            "&action=reject"})
    assert r.status_code == 401 and "หมดเวลา" in r.text and "ขาดสำเนาบัตรประชาชน" in r.text
    r = c.post("/login", data={"login": "head1", "password": PASSWORDS["head1"],
                               "csrf_token": _csrf(r.text), **dict(
                                   re.findall(r'name="(keep\.[^"]+)" value="([^"]*)"', r.text)),
                               "next": re.search(r'name="next" value="([^"]*)"',
                                                 r.text).group(1).replace("&amp;", "&")})
    assert r.status_code == 302
    again = c.get(r.headers["Location"])
    assert "ขาดสำเนาบัตรประชาชน" in again.text  # filled in, not yet sent
    with site.proc.factory() as s:
        assert s.get(Case, case_id).state == "disposal_proposed"
