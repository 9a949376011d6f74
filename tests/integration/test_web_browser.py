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

from .test_web import HOSTILE_NAME, HOSTILE_SUBJECT, PASSWORDS, build_site

pytestmark = [pytest.mark.integration, pytest.mark.browser]
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
CHROMIUM = os.environ.get("INTAKE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TIMEOUT_MS = 15000


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


def new_page(browser, dialogs: list):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
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
    row.locator("button", has_text="อนุมัติ").click()
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


def _case_state(site, ref: str) -> str:
    from sqlalchemy import select

    from registry.models import Case

    with site.proc.factory() as s:
        return s.scalar(select(Case.state).where(Case.ref == ref))


def test_enter_in_a_refusal_reason_never_approves_a_disposal(site, base, browser):
    """Issue 15: typing a refusal reason and pressing Enter disposed of the first case."""
    dialogs: list[str] = []
    page = new_page(browser, dialogs)
    sign_in(page, base, "head1")
    page.click("nav >> text=รออนุมัติ")
    row = page.locator("tbody tr", has_text=site.proposed_subject)
    row.locator("input[type=checkbox]").check()
    page.fill("input[name=reason]", "ขอให้ติดต่อผู้ยื่นอีกครั้ง")
    page.press("input[name=reason]", "Enter")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert _case_state(site, site.proposed_ref) == "disposal_proposed"
