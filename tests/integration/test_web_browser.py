"""End to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright; no
browser download): a clerk finds a registered message by a Thai word from its subject,
opens it, resolves a review item; a head of unit approves a disposal proposal and sees it
disposed in the register. Hostile mail is shown as text and no script ever runs.

Playwright comes from `pip install playwright` (its driver only); the browser is the
system's. Skipped cleanly when either is missing."""
from __future__ import annotations

import os
import re
import shutil
import threading
from contextlib import contextmanager

import pytest

from rules.thai.dates import thai_digits
from rules.thai.dates import MONTHS

from .test_web import HOSTILE_NAME, HOSTILE_SUBJECT, PASSWORDS, build_site

pytestmark = [pytest.mark.integration, pytest.mark.browser]
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
CHROMIUM = os.environ.get("INTAKE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TIMEOUT_MS = 15000
WIDTHS = (390, 1024, 1366)  # a phone, a small office screen, a laptop


@contextmanager
def serving(app):
    """The app on a free loopback port, in a thread, for as long as the block runs."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


@contextmanager
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (Debian package chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, dialogs: list, width: int = 1366):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844},
                                  locale="th-TH")
    # only our own server: anything else a page tried to load would fail here
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def sign_in(page, base: str, login: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORDS[login])
    page.click("button[type=submit]")
    page.wait_for_selector("header nav")


def sign_out(page) -> None:
    page.click("text=ออกจากระบบ")
    page.wait_for_selector("input[name=password]")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("web-browser"))


@pytest.fixture(scope="module")
def base(site):
    from intake.web import create_app

    with serving(create_app(site.proc.rt)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _case_state(site, ref: str) -> str:
    from sqlalchemy import select

    from registry.models import Case

    with site.proc.factory() as s:
        return s.scalar(select(Case.state).where(Case.ref == ref))


def test_enter_in_a_refusal_reason_never_approves_a_disposal(site, base, browser):
    """Issue 15: typing a refusal reason and pressing Enter disposed of the first case.
    Now the list only chooses; the reason is typed on the confirmation page, where Enter
    is a new line and the approving form is another form."""
    dialogs: list[str] = []
    page = new_page(browser, dialogs)
    expect = sync_api.expect
    sign_in(page, base, "head1")
    page.click("nav >> text=รออนุมัติ")
    row = page.locator("tbody tr", has_text=site.proposed_subject)
    row.locator("input[type=checkbox]").check()
    assert page.locator("table.approvals input:not([type=checkbox])").count() == 0
    page.press("table.approvals input[type=checkbox] >> nth=0", "Enter")
    page.wait_for_load_state("load")  # at most the confirmation page opens
    assert _case_state(site, site.proposed_ref) == "disposal_proposed"
    page.goto(f"{base}/approvals")
    page.locator("tbody tr", has_text=site.proposed_subject).locator(
        "input[type=checkbox]").check()
    page.click("text=ไม่อนุมัติเรื่องที่เลือก…")
    expect(page.locator("table.confirm")).to_contain_text(site.proposed_subject)
    page.fill("form.reject textarea[name=reason]", "ขอให้ติดต่อผู้ยื่นอีกครั้ง")
    page.press("form.reject textarea[name=reason]", "Enter")
    page.wait_for_timeout(300)
    assert _case_state(site, site.proposed_ref) == "disposal_proposed"
    # from the message page too: approving leads to the page that names the case
    page.goto(f"{base}/cases/by-ref?ref={site.proposed_ref}")
    page.click("#case >> text=อนุมัติ…")
    expect(page.locator("table.confirm")).to_contain_text(site.proposed_subject)
    assert _case_state(site, site.proposed_ref) == "disposal_proposed"
    assert dialogs == []


def test_clerk_finds_opens_and_resolves_then_head_approves_a_disposal(site, base, browser):
    dialogs: list[str] = []
    page = new_page(browser, dialogs)
    expect = sync_api.expect

    # a clerk signs in and sees the dashboard's boxes
    sign_in(page, base, "clerk1")
    expect(page.locator(".boxes")).to_contain_text("รอเจ้าหน้าที่ดำเนินการ")
    expect(page.locator(".boxes")).to_contain_text("เสนอจำหน่ายเรื่อง")

    # finds a registered message by a Thai word from the middle of its subject
    subject = "ขอยื่นคำร้องขอจัดตั้งศูนย์บริการคนพิการ"
    page.click("nav >> text=ทะเบียนรับ")
    page.fill("input[name=q]", "จัดตั้ง")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.register tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(subject)
    rows.first.locator("td").nth(1).locator("a").click()
    expect(page.locator("h1.subject")).to_contain_text(subject)
    expect(page.locator("#case")).to_be_visible()

    # resolves a review item: choose, read the reply it will send, confirm
    review_id = site.review_ids[0]
    page.click("nav >> text=รอตรวจสอบ")
    row = page.locator("tr", has=page.locator(f"a[href='/messages/{review_id}']"))
    row.locator("a.button", has_text="ลงทะเบียนรับ").click()
    expect(page.locator("pre.mailbody").first).to_be_visible()
    expect(page.locator("section.preview")).to_contain_text("ถึง:")
    page.click("button.primary")
    expect(page.locator("p.meta")).to_contain_text("ลงทะเบียนรับ")
    expect(page.locator("p.meta")).to_contain_text("เลขทะเบียนรับ")
    sign_out(page)

    # the head approves the disposal proposal
    sign_in(page, base, "head1")
    page.click("nav >> text=รออนุมัติ")
    row = page.locator("tbody tr", has_text=site.proposed_subject)
    expect(row).to_have_count(1)
    row.locator("a", has_text="พิจารณา").click()
    # the confirmation names the case before anything is disposed of
    expect(page.locator("table.confirm")).to_contain_text(site.proposed_subject)
    expect(page.locator("form.approve button")).to_contain_text(thai_digits(site.proposed_ref))
    page.click("form.approve button")
    expect(page.locator(".flash.ok")).to_contain_text("อนุมัติ")
    expect(page.locator("tbody tr", has_text=site.proposed_subject)).to_have_count(0)

    # ... and sees it disposed in the register
    page.click("nav >> text=ทะเบียนรับ")
    page.select_option("select[name=state]", "disposed")
    page.click("form.filters button[type=submit]")
    row = page.locator("table.register tbody tr", has_text=site.proposed_subject)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("จำหน่ายเรื่องแล้ว")
    expect(row).to_contain_text("จำหน่ายเรื่อง เมื่อ")  # การปฏิบัติ: when and by whom
    assert dialogs == []


def test_hostile_mail_is_shown_as_text_and_no_script_runs(site, base, browser):
    dialogs: list[str] = []
    page = new_page(browser, dialogs)
    sign_in(page, base, "clerk1")
    for url in ("/", "/review", "/registers/receive", f"/messages/{site.hostile_id}"):
        page.goto(base + url)
        page.wait_for_load_state("load")
    expect = sync_api.expect
    expect(page.locator("h1.subject")).to_have_text(HOSTILE_SUBJECT)  # literally, tags and all
    expect(page.locator("dd.from")).to_contain_text(HOSTILE_NAME)
    body = page.frame_locator("iframe.body")
    expect(body.locator("body")).to_contain_text("ขอรับเงินสงเคราะห์")
    assert body.locator("script").count() == 0
    # nothing scripted anywhere: no dialog, no element injected by the mail
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []



# ------------------------------------------------ the clerk's workbench ----
def _case(site, ref):
    from sqlalchemy import select

    from registry.models import Case

    with site.proc.factory() as s:
        return s.scalar(select(Case).where(Case.ref == ref))


def _held_late(site, case_id):
    from sqlalchemy import select

    from registry.models import OutboxItem

    with site.proc.factory() as s:
        return list(s.scalars(select(OutboxItem).where(OutboxItem.case_id == case_id,
                                                       OutboxItem.kind == "late_notice")
                              .order_by(OutboxItem.id)))


def test_clerk_reads_edits_sends_and_discards_held_late_notices(site, base, browser):
    from datetime import timedelta

    from intake.cases import lifecycle as cases
    from intake.outbox.deliver import held_text
    from registry.db import transaction
    from registry.models import Case

    # an open case past its statutory time, swept on two weekly dates
    with transaction(site.proc.factory) as s:
        case = s.get(Case, next(c.id for c in s.query(Case).order_by(Case.id)
                                if c.state == "open"))
        case.due_date = site.proc.clock().date() - timedelta(days=20)
        ref, case_id, due = case.ref, case.id, case.due_date
    every = site.proc.config.get("cases.late_notice_every_days")
    cases.sweep(site.proc.rt, due + timedelta(days=1))
    cases.sweep(site.proc.rt, due + timedelta(days=1 + every))
    states = [o.state for o in _held_late(site, case_id)]
    assert states == ["discarded", "held"]  # one waits per case, not a pile

    dialogs: list[str] = []
    page = new_page(browser, dialogs)
    expect = sync_api.expect
    sign_in(page, base, "clerk1")
    page.click("nav >> text=หนังสือรอตรวจก่อนส่ง")
    row = page.locator("table.held tbody tr", has_text=thai_digits(ref))
    expect(row).to_have_count(1)
    row.locator("a", has_text="อ่านและตรวจ").click()
    body = page.locator("form.send textarea[name=body]")
    expect(body).to_have_value(re.compile("ล่าช้า|เกินระยะเวลา|late", re.I))
    body.fill(body.input_value() + "\nหมายเหตุจากเจ้าหน้าที่: จะแจ้งผลภายในสัปดาห์นี้")
    page.click("text=ตรวจแล้ว ส่งฉบับนี้")
    expect(page.locator(".flash.ok")).to_contain_text("อนุมัติให้ส่ง")
    sent = _held_late(site, case_id)[-1]
    assert sent.state == "pending"
    assert "จะแจ้งผลภายในสัปดาห์นี้" in held_text(sent)

    # a week later another notice is drafted; this one the clerk does not send
    cases.sweep(site.proc.rt, due + timedelta(days=1 + 2 * every))
    page.click("nav >> text=หนังสือรอตรวจก่อนส่ง")
    page.locator("table.held tbody tr", has_text=thai_digits(ref)).locator("a").click()
    page.fill("form.discard textarea[name=reason]", "โทรแจ้งผู้ยื่นแล้ว")
    page.click("form.discard button")
    expect(page.locator(".flash.ok")).to_contain_text("ยกเลิกการส่ง")
    expect(page.locator("table.held tbody tr", has_text=thai_digits(ref))).to_have_count(0)
    assert _held_late(site, case_id)[-1].state == "discarded"
    assert dialogs == []


def test_clerk_lists_every_message_by_be_date_and_pages_newest_first(site, base, browser,
                                                                      monkeypatch):
    from rules.thai.dates import BE_OFFSET

    from intake.web import mail

    monkeypatch.setattr(mail, "PAGE_SIZE", 5)
    page = new_page(browser, [])
    expect = sync_api.expect
    sign_in(page, base, "clerk1")
    page.click("nav >> text=อีเมลทั้งหมด")
    rows = page.locator("table.mail tbody tr")
    expect(rows).to_have_count(5)
    seen = [rows.nth(i).locator("a").get_attribute("href") for i in range(5)]
    page.click("a.next")
    expect(rows).to_have_count(5)
    more = [rows.nth(i).locator("a").get_attribute("href") for i in range(5)]
    assert not set(seen) & set(more)  # the next page starts below the last row shown
    ids = [int(h.rsplit("/", 1)[1]) for h in seen + more]
    assert ids == sorted(ids, reverse=True)  # one poll: newest first is highest id first

    # spam, forwarded and machine mail are listed, not only counted
    page.click("nav >> text=อีเมลทั้งหมด")
    page.select_option("select[name=disposition]", "spam")
    page.click("form.mail-filters button")
    expect(rows).to_have_count(3)
    for i in range(3):
        expect(rows.nth(i)).to_contain_text("สแปม")

    # today's date and month as a clerk writes them (Buddhist Era, Thai digits)
    today = site.proc.clock().astimezone(__import__("zoneinfo").ZoneInfo("Asia/Bangkok"))
    page.click("nav >> text=อีเมลทั้งหมด")
    page.fill("input[name=day]", thai_digits(f"{today.day}/{today.month}/{today.year + BE_OFFSET}"))
    page.click("form.mail-filters button")
    expect(rows).to_have_count(5)
    page.fill("input[name=day]", f"1/1/{today.year + BE_OFFSET - 1}")
    page.click("form.mail-filters button")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("ไม่พบอีเมล")
    page.fill("input[name=day]", "")
    page.fill("input[name=month]", f"{today.month}/{today.year + BE_OFFSET}")
    page.fill("input[name=q]", "ประกันรถยนต์")
    page.click("form.mail-filters button")
    expect(rows).to_have_count(1)
    rows.first.locator("a").click()
    expect(page.locator("h1.subject")).to_contain_text("ประกันรถยนต์")
    expect(page.locator("ul.reasons li").first).not_to_have_text("-")


def test_clerk_corrects_spam_forward_and_service(site, base, browser):
    from sqlalchemy import select

    from registry.models import Case, Event, Message, ReceiveEntry

    with site.proc.factory() as s:
        spam = s.scalar(select(Message.id).where(Message.disposition == "spam",
                                                 Message.subject.contains("DocuSign")))
        forward = s.scalar(select(Message.id).where(Message.disposition == "forward")
                           .order_by(Message.id))
    page = new_page(browser, [])
    expect = sync_api.expect
    sign_in(page, base, "clerk1")

    # spam back to the register: a row, a reply, a case; who, when and why recorded
    page.goto(f"{base}/messages/{spam}")
    page.select_option("#correct select[name=to]", "register")
    page.fill("#correct textarea[name=reason]", "เป็นหนังสือจริงจากหน่วยงาน")
    page.click("#correct button")
    expect(page.locator(".flash.ok")).to_contain_text("ลงทะเบียนรับ")
    expect(page.locator("p.meta")).to_contain_text("เลขทะเบียนรับ")
    expect(page.locator("body")).to_contain_text("เป็นหนังสือจริงจากหน่วยงาน")

    # a forward to the register: what was already sent is noted, not unsent
    page.goto(f"{base}/messages/{forward}")
    page.select_option("#correct select[name=to]", "register")
    page.select_option("#correct select[name=service]", index=1)
    page.fill("#correct textarea[name=reason]", "เรื่องนี้อยู่ในอำนาจของหน่วยงานเรา")
    page.click("#correct button")
    expect(page.locator("p.meta")).to_contain_text("เลขทะเบียนรับ")

    # the registered forward then goes to another section
    page.select_option("#correct select[name=to]", "service")
    page.select_option("#correct select[name=section]", "policy")
    page.fill("#correct textarea[name=reason]", "กลุ่มนโยบายรับผิดชอบ")
    page.click("#correct button")
    expect(page.locator(".flash.ok")).to_contain_text("กลุ่มงาน")

    with site.proc.factory() as s:
        events = {(e.message_pk, e.detail["to"]): e for e in s.scalars(
            select(Event).where(Event.kind == "decision_corrected"))}
        assert events[(spam, "register")].actor == "clerk1"
        assert events[(spam, "register")].detail["reason"] == "เป็นหนังสือจริงจากหน่วยงาน"
        assert events[(forward, "register")].detail["already_sent"]  # the forward went
        resolved = s.scalar(select(Event).where(Event.message_pk == spam,
                                                Event.kind == "review_resolved"))
        assert resolved.detail["from"] == "spam"  # what the statistics learn from
        assert s.get(Message, spam).disposition == "register"
        assert s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == spam))
        assert s.scalar(select(Case.section).where(Case.message_pk == forward)) == "policy"


def test_clerk_sends_machine_mail_back_to_review_in_bulk(site, base, browser):
    from sqlalchemy import select

    from registry.models import Event, Message

    with site.proc.factory() as s:
        machine = list(s.scalars(select(Message.id).where(Message.disposition == "machine")))
    assert len(machine) == 2
    page = new_page(browser, [])
    expect = sync_api.expect
    sign_in(page, base, "clerk1")
    page.click("nav >> text=อีเมลทั้งหมด")
    page.select_option("select[name=disposition]", "machine")
    page.click("form.mail-filters button")
    boxes = page.locator("table.mail input[type=checkbox]")
    expect(boxes).to_have_count(2)
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.fill("form.bulk textarea[name=reason]", "ตอบกลับอัตโนมัติที่มีคำขอแนบมา")
    page.click("form.bulk button")
    expect(page.locator(".flash.ok")).to_contain_text("2 ฉบับ")
    page.click("nav >> text=รอตรวจสอบ")
    for msg_id in machine:
        expect(page.locator(f"a[href='/messages/{msg_id}']")).to_have_count(1)
    with site.proc.factory() as s:
        events = list(s.scalars(select(Event).where(Event.kind == "decision_corrected",
                                                    Event.message_pk.in_(machine))))
    assert {e.actor for e in events} == {"clerk1"} and len(events) == 2
    assert all(e.detail["reason"] == "ตอบกลับอัตโนมัติที่มีคำขอแนบมา" for e in events)


def test_throttled_sign_in_and_the_admins_record(site, base, browser):
    from registry.db import transaction
    from registry.models import User

    from intake.web import set_password

    with transaction(site.proc.factory) as s:
        s.add(User(login="clerk9", name="เจ้าหน้าที่ทดสอบ", role="clerk"))
        s.add(User(login="admin9", name="ผู้ดูแลระบบ", role="admin"))
    set_password(site.proc.factory, "clerk9", "clerk9-right-password")
    set_password(site.proc.factory, "admin9", "admin9-right-password")
    # ten wrong passwords over the last hour, each after its wait: the login locks

    from intake.web import auth

    now = site.proc.clock()
    for i in range(auth.LOGIN_RULE.lock_after):
        auth.sign_in(site.proc.factory, "clerk9", f"wrong-{i}", "10.9.9.9",
                     now=now - auth.MAX_DELAY * (auth.LOGIN_RULE.lock_after - i))
    page = new_page(browser, [])
    expect = sync_api.expect
    page.goto(f"{base}/login")
    page.fill("input[name=login]", "clerk9")
    page.fill("input[name=password]", "clerk9-right-password")
    page.click("button[type=submit]")
    expect(page.locator(".flash.error")).to_contain_text("ระงับการเข้าสู่ระบบชั่วคราว")
    assert page.locator("header nav").count() == 0

    page.goto(f"{base}/login")
    page.fill("input[name=login]", "admin9")
    page.fill("input[name=password]", "admin9-right-password")
    page.click("button[type=submit]")
    page.wait_for_selector("header nav")
    page.click("nav >> text=การเข้าสู่ระบบ")
    expect(page.locator("table.sign-ins")).to_contain_text("clerk9")
    expect(page.locator("table.sign-ins")).to_contain_text("ถูกหน่วงเวลา")
    expect(page.locator("table.sign-ins")).to_contain_text("10.9.9.9")
    expect(page.locator("table.locked")).to_contain_text("login:clerk9")


def test_clerk_finds_a_word_inside_a_longer_word(site, base, browser):
    """Issue 15: พิการ found none of the entries holding คนพิการ."""
    page = new_page(browser, [])
    expect = sync_api.expect
    sign_in(page, base, "clerk1")
    page.click("nav >> text=ทะเบียนรับ")
    page.fill("input[name=q]", "พิการ")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.register tbody tr")
    expect(rows.first).to_contain_text("พิการ")
    from registry.models import ReceiveEntry

    with site.proc.factory() as s:
        holding = [e for e in s.query(ReceiveEntry) if "พิการ" in f"{e.subject} {e.sender}"]
    assert any("คนพิการ" in f"{e.subject} {e.sender}" for e in holding)
    expect(rows).to_have_count(len(holding))  # คนพิการ, น้องพิการ, ... every one
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_width_without_scrolling_sideways(site, base, browser, width):
    """At 390 px the page itself never scrolls sideways (a wide register scrolls inside its
    table); at 1024 and 1366 px the review page shows the mail beside the form."""
    page = new_page(browser, [], width=width)
    sign_in(page, base, "head1")
    review = f"/review/{site.review_ids[-1]}?disposition=register&service=S20"
    for url in ("/", "/registers/receive", "/review", review, "/approvals", "/health",
                "/statistics", f"/messages/{site.hostile_id}"):
        page.goto(base + url)
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} at {width} px scrolls sideways by {overflow} px"
    page.goto(base + review)
    mail = page.locator("section.mailside").bounding_box()
    form = page.locator(".decideside").bounding_box()
    side_by_side = form["x"] >= mail["x"] + mail["width"] - 1
    assert side_by_side == (width > 900)


def test_a_clerk_picks_a_buddhist_era_date_and_a_month(site, base, browser):
    from sqlalchemy import select

    from registry.models import ReceiveEntry
    from rules.thai.dates import local_time, thai_digits

    with site.proc.factory() as s:
        entry = s.scalars(select(ReceiveEntry).order_by(ReceiveEntry.id)).first()
    day = local_time(entry.registered_at).date()
    page = new_page(browser, [], width=390)
    sign_in(page, base, "clerk1")
    page.goto(base + "/registers/receive")
    expect = sync_api.expect
    page.select_option("select[name=day]", str(day.day))
    page.select_option("select[name=month]", label=MONTHS[day.month - 1])
    page.select_option("select[name=year]", label=thai_digits(day.year + 543))
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.register")).to_contain_text(entry.subject)
    other = day.month % 12 + 1
    page.select_option("select[name=day]", "")
    page.select_option("select[name=month]", label=MONTHS[other - 1])
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.register")).to_contain_text("ไม่พบรายการ")


def test_a_head_reviews_beside_the_mail_and_a_stale_preview_is_shown_again(site, base, browser):
    """Issue 15, item 3, as a head: the mail beside the form, the rules' reasons, nothing
    preselected; a preview that went stale (another registration took its number) is not
    carried out but shown again; after confirming, the rules' reasons stay on the page."""
    from sqlalchemy import select

    from registry.db import transaction
    from registry.models import RegisterCounter

    expect = sync_api.expect
    msg_id = site.review_ids[-1]
    page = new_page(browser, [])
    sign_in(page, base, "head1")
    page.goto(f"{base}/review/{msg_id}")
    expect(page.locator("section.mailside iframe.body")).to_be_visible()
    expect(page.locator("section.why")).to_contain_text("ข้อเสนอของระบบ")
    assert page.locator("select[name=disposition]").input_value() == ""
    assert page.locator("select[name=service]").input_value() == ""
    page.select_option("select[name=disposition]", "register")
    page.select_option("select[name=service]", "S20")
    page.click("form.choose button[type=submit]")
    expect(page.locator("section.preview")).to_contain_text("ถึง:")
    # meanwhile another registration takes the receive number the preview shows
    with transaction(site.proc.factory) as s:
        counter = s.scalars(select(RegisterCounter).where(
            RegisterCounter.register == "receive")).one()
        counter.last_number += 1
    page.click("button.primary")
    expect(page.locator(".flash.error")).to_contain_text("กรุณาตรวจอีกครั้งก่อนยืนยัน")
    page.click("button.primary")  # the current preview, read again, is confirmed
    expect(page.locator(".flash.ok")).to_contain_text("ดำเนินการแล้ว: ลงทะเบียนรับ")
    expect(page.locator("#rules-unsure")).to_be_visible()


def test_a_clerk_sees_the_alert_banner_when_the_mailbox_sign_in_fails(site, base, browser):
    """Issue 15, item 9, in the browser: a refused sign-in to the mailbox is on every page
    (also on a phone, without scrolling sideways) until a poll succeeds again."""
    from sqlalchemy import select

    from registry.db import transaction
    from registry.models import FolderState

    with transaction(site.proc.factory) as s:
        fs = s.scalars(select(FolderState)).first()
        fs.last_error = "LOGIN failed: authentication failed"
    try:
        page = new_page(browser, [], width=390)
        sign_in(page, base, "clerk1")
        for url in ("/", "/registers/receive"):
            page.goto(base + url)
            sync_api.expect(page.locator(".alerts")).to_contain_text("ไม่สำเร็จ")
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.click(".alerts a")
        assert page.url.endswith("/health")
    finally:
        with transaction(site.proc.factory) as s:
            s.scalars(select(FolderState)).first().last_error = None
