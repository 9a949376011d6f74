"""The warm Chromium (intake/archive/convert/browser.py) against the real browser: the same PDF as a
cold `--print-to-pdf`, one start for many pages, nothing fetched even from a page with no
Content-Security-Policy, and a hung or crashed browser replaced without losing the next page."""
from __future__ import annotations

import http.server
import io
import os
import signal
import threading

import pdfplumber
import pytest

from intake.archive.convert import html
from intake.archive.convert.browser import BrowserError, WarmChromium
from intake.archive.convert.textlayer import pdf_text
from intake.fonts import subprocess_env
from tests.documents.make_documents import THAI_SENTENCE

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    b = WarmChromium(html.find_chromium(), env=subprocess_env(), max_pages=3)
    yield b
    b.close()


def _page(text: str = THAI_SENTENCE) -> str:
    return html.page(html.text_to_html(text))


def _layout(pdf: bytes):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(round(p.width), round(p.height), len(p.chars),
                 [(round(c["x0"]), round(c["top"])) for c in p.chars[:20]]) for p in doc.pages]


def test_warm_print_is_the_cold_print(browser):
    long_text = "\n".join([THAI_SENTENCE] * 60)  # several A4 pages
    warm, cold = browser.print_pdf(_page(long_text)), html.render_pdf(_page(long_text), warm=False)
    assert _layout(warm) == _layout(cold)
    assert len(_layout(warm)) > 1 and _layout(warm)[0][:2] == (595, 842)  # A4


def test_one_start_for_many_pages_then_recycled(browser):
    texts = [f"{THAI_SENTENCE} {n}" for n in range(4)]
    pdfs = [browser.print_pdf(_page(t)) for t in texts]
    from intake.archive.convert import _repair

    assert [t.split()[-1] in pdf_text(_repair(p)) for t, p in zip(texts, pdfs)] == [True] * 4
    assert browser.starts == 2  # max_pages=3: the fourth page went to a fresh browser


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_nothing_is_fetched_even_without_a_csp(browser, tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    _Recorder.hits = []
    bare = (f'<!DOCTYPE html><html><body><p>x</p><img src="http://127.0.0.1:{port}/i.png">'
            f'<link rel=stylesheet href="http://127.0.0.1:{port}/s.css">'
            f'<iframe src="http://localhost:{port}/f"></iframe>'
            f'<script>fetch("http://127.0.0.1:{port}/js")</script></body></html>')
    try:
        browser.print_pdf(bare, timeout=30)
    finally:
        server.shutdown()
    assert _Recorder.hits == []


def test_a_hung_page_is_stopped_and_the_next_one_prints(browser):
    hung = "<!DOCTYPE html><html><body><script>while (true) {}</script></body></html>"
    with pytest.raises(BrowserError, match="longer than 3 s"):
        browser.print_pdf(hung, timeout=3)
    assert not browser.running
    assert browser.print_pdf(_page(), timeout=30).startswith(b"%PDF")
    assert browser.starts == 2


def test_a_crashed_browser_is_replaced(browser):
    browser.print_pdf(_page())
    os.killpg(browser.pid, signal.SIGKILL)
    assert browser.print_pdf(_page(), timeout=30).startswith(b"%PDF")
    assert browser.starts == 2
