"""Mail bodies to PDF: sanitised, nothing fetched, Thai text back out as it went in."""
from __future__ import annotations

import base64
import http.server
import io
import os
import subprocess
import threading
import unicodedata

import pikepdf
import pytest

from intake.archive.convert import convert_attachment, render_page
from intake.archive.convert.html import page, render_pdf, sanitize_html, text_to_html
from intake.archive.convert.textlayer import pdf_text
from intake.fonts import FONTCONFIG_FILE
from rules.message import Attachment
from tests.documents.make_documents import HOSTILE_HTML, THAI_SENTENCE, scan_image


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    return "".join(nfkc(text).split())


# ------------------------------------------------------------------ sanitising ----
def test_sanitiser_removes_scripts_remote_images_and_file_links():
    png = scan_image("PNG", size=(40, 20))
    clean = sanitize_html(HOSTILE_HTML, {"<logo@unit>": ("image/png", png)})
    out = clean.html.lower()
    for bad in ("<script", "<iframe", "onclick", "javascript:", "file:", "http://",
                "@import", "tracker.example"):
        assert bad not in out, bad
    assert "data:image/png;base64," + base64.b64encode(png).decode().lower()[:40] in out
    assert clean.used_cids == {"logo@unit"}
    removed = " ".join(clean.removed)
    assert "remote image not loaded (http://tracker.example)" in removed
    assert "local file" in removed
    assert THAI_SENTENCE in clean.html


def test_unknown_cid_and_non_image_cid_are_not_embedded():
    clean = sanitize_html('<img src="cid:missing"><img src="cid:doc">',
                          {"doc": ("application/pdf", b"%PDF-1.4")})
    assert "data:" not in clean.html
    assert clean.used_cids == set()


def test_plain_text_is_escaped():
    assert "&lt;script&gt;" in text_to_html("<script>x</script>")


# ------------------------------------------------------------------ rendering ----
@pytest.mark.browser
def test_thai_body_text_comes_back_out_of_the_pdf():
    text = THAI_SENTENCE + " ผู้ใหญ่บ้านกำนันน้ำใจงาม ๑๒๓ ที่ ๐๐๓๓.๒๐๑/๓๙๔๐"
    pdf = render_page(text_to_html(text))
    assert squash(pdf_text(pdf)) == squash(text)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        fonts = {str(f.BaseFont) for f in doc.pages[0].Resources.Font.values()}
    assert any("Sarabun" in f for f in fonts), fonts


@pytest.mark.browser
def test_html_attachment_is_rendered_sanitised():
    data = HOSTILE_HTML.encode("utf-8")
    result = convert_attachment(Attachment("page.html", "text/html", len(data), data))
    assert result.ok, result.reason
    text = pdf_text(result.pdf)
    assert squash(THAI_SENTENCE) in squash(text)
    assert "SCRIPT-RAN" not in text
    assert any("remote image" in n for n in result.notes)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(scan_image("PNG", size=(37, 23)))

    def log_message(self, *args):
        pass


@pytest.mark.browser
def test_renderer_fetches_nothing_even_when_the_sanitiser_is_bypassed(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret = tmp_path / "secret.png"
    secret.write_bytes(scan_image("PNG", size=(37, 23)))
    try:
        port = server.server_address[1]
        raw = (f'<p>x</p><img src="http://127.0.0.1:{port}/remote.png">'
               f'<img src="http://localhost:{port}/by-name.png">'
               f'<img src="{secret.as_uri()}"><link rel=stylesheet href="http://127.0.0.1:{port}/s.css">')
        pdf = render_pdf(page(raw), timeout=60)
    finally:
        server.shutdown()
    assert _Recorder.hits == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        drawn = [(int(x.Width), int(x.Height)) for p in doc.pages for x in p.get_images().values()]
    assert (37, 23) not in drawn  # neither the remote nor the local image (only broken-image icons)


# ------------------------------------------------------------------ fonts ----
@pytest.mark.skipif(not os.path.exists("/usr/bin/fc-match"), reason="fontconfig tools missing")
@pytest.mark.parametrize("family", ["TH Sarabun New", "TH SarabunPSK", "TH Sarabun"])
def test_official_font_names_resolve_to_the_shipped_sarabun(family):
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTCONFIG_FILE))
    out = subprocess.run(["fc-match", "-f", "%{family}|%{file}", family], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("Sarabun|"), out
    assert str(FONTCONFIG_FILE.parent) in out
