"""Mail bodies (HTML or plain text) and pages we write (the cover page) to PDF.

The HTML of a mail is hostile until proven otherwise. It is rebuilt from a whitelist of
tags and attributes: no script, no frames or forms, no links that act, no remote or local
resource. `cid:` images are resolved from the message's own parts into data: URIs; every
other image source is dropped and noted. Three layers keep the renderer off the network
and the disk: the sanitiser, a Content-Security-Policy that allows only inline styles and
data: images, and Chromium started with a proxy on a closed local port.

Chromium's print-to-PDF is used because its text layer gives back Thai as written
(tone marks and ำ included), which WeasyPrint's did not.
"""
from __future__ import annotations

import base64
import html as html_lib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from intake.fonts import CSS_FONT_STACK, subprocess_env

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
MAX_HTML = 5 * 1024 * 1024  # characters of HTML we render
MAX_INLINE_IMAGE = 10 * 1024 * 1024

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src 'none'; "
       "form-action 'none'; base-uri 'none'")

ALLOWED_TAGS = {
    "a", "abbr", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center",
    "cite", "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "font",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var", "wbr",
    "html", "head", "body", "title", "style",
}
# removed with everything inside them
DROP_WITH_CONTENT = {
    "script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "template", "audio", "video", "canvas", "form", "button", "select", "textarea",
    "input", "link", "meta", "base", "source", "track", "portal", "param",
}
ALLOWED_ATTRS = {
    "align", "valign", "width", "height", "colspan", "rowspan", "border", "cellpadding",
    "cellspacing", "bgcolor", "color", "face", "size", "dir", "lang", "alt", "title", "style",
    "class", "span", "start", "type", "nowrap",
}
_CSS_URL = re.compile(r"url\s*\([^)]*\)", re.IGNORECASE)
_CSS_BAD = re.compile(r"@import[^;]*;?|expression\s*\(|behavior\s*:|-moz-binding|image-set\s*\(",
                      re.IGNORECASE)
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$", re.IGNORECASE)


class RenderError(Exception):
    """The page could not be rendered; the message is the reason shown to people."""


@dataclass
class Sanitised:
    html: str  # the body's content, safe to put in our page
    removed: list[str] = field(default_factory=list)  # what was taken out, for the cover page
    used_cids: set[str] = field(default_factory=set)  # content-ids shown in the body


def clean_css(css: str) -> str:
    css = _CSS_BAD.sub("", css)
    return _CSS_URL.sub("none", css)


def _norm_cid(value: str) -> str:
    return value.strip().strip("<>").strip().lower()


def _describe_url(url: str) -> str:
    """A short, harmless description of a URL for a note (scheme and host only)."""
    m = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):(//([^/?#\s]*))?", url)
    if not m:
        return "a relative address"
    scheme = m.group(1).lower()
    host = (m.group(3) or "").rsplit("@", 1)[-1][:80]
    return f"{scheme}://{host}" if host else f"{scheme}:"


def sanitize_html(source: str, images: dict[str, tuple[str, bytes]] | None = None) -> Sanitised:
    """Rebuild untrusted HTML from the whitelist. `images` maps a Content-ID (without angle
    brackets, any case) to (content type, bytes) of the message's own parts."""
    images = {_norm_cid(k): v for k, v in (images or {}).items()}
    out = Sanitised(html="")
    if not source or not source.strip():
        return out
    if len(source) > MAX_HTML:
        source = source[:MAX_HTML]
        out.removed.append(f"the HTML was cut at {MAX_HTML} characters")
    try:
        doc = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        out.html = "<pre>" + html_lib.escape(source) + "</pre>"
        out.removed.append("the HTML could not be parsed; shown as text")
        return out
    notes: list[str] = []
    for el in list(doc.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.getparent() is not None:
                el.drop_tree() if hasattr(el, "drop_tree") else el.getparent().remove(el)
            continue
        tag = el.tag.lower()
        if tag in DROP_WITH_CONTENT:
            if tag in ("script", "iframe", "object", "embed", "form", "link"):
                notes.append(f"<{tag}> removed")
            el.drop_tree()
            continue
        if tag not in ALLOWED_TAGS:
            el.drop_tag()
            continue
        for name, value in list(el.attrib.items()):
            lname = name.lower()
            if tag == "img" and lname == "src":
                continue
            if tag == "a" and lname == "href":
                if value.strip().lower().startswith("file:"):
                    notes.append("a link to a local file removed")
                del el.attrib[name]
                continue
            if lname not in ALLOWED_ATTRS:
                del el.attrib[name]
            elif lname == "style":
                el.attrib[name] = clean_css(value)
        if tag == "style":
            el.text = clean_css(el.text or "")
            for child in list(el):
                el.remove(child)
        if tag == "img":
            _resolve_image(el, images, out, notes)
    for note in notes:
        if note not in out.removed:
            out.removed.append(note)
    # the mail's own (cleaned) style sheets are kept, wherever they were
    parts = [f"<style>{html_lib.escape(st.text or '', quote=False)}</style>"
             for st in doc.iter("style")]
    for st in list(doc.iter("style")):
        st.drop_tree()
    body = doc.find("body")
    root = body if body is not None else doc
    inner = (html_lib.escape(root.text or "", quote=False)
             + "".join(lxml.html.tostring(child, encoding="unicode") for child in root))
    out.html = "".join(parts) + inner
    return out


def _resolve_image(el, images, out: Sanitised, notes: list[str]) -> None:
    src = (el.attrib.pop("src", None) or el.attrib.pop("SRC", None) or "").strip()
    if src.lower().startswith("cid:"):
        cid = _norm_cid(src[4:])
        found = images.get(cid)
        if found and found[0].startswith("image/") and len(found[1]) <= MAX_INLINE_IMAGE:
            ctype = found[0].split(";")[0].strip().lower()
            if ctype in ("image/png", "image/jpeg", "image/gif", "image/webp"):
                el.attrib["src"] = f"data:{ctype};base64," + base64.b64encode(found[1]).decode()
                out.used_cids.add(cid)
                return
        notes.append("an embedded image (cid:) not found in the message")
    elif _SAFE_DATA_IMAGE.match(src):
        el.attrib["src"] = re.sub(r"\s+", "", src)
        return
    elif src:
        notes.append(f"remote image not loaded ({_describe_url(src)})")
    alt = el.attrib.get("alt")
    el.tag = "span"
    el.attrib.clear()
    el.text = f"[{alt}]" if alt else "[image]"


def text_to_html(text: str) -> str:
    """A plain-text body as page content: escaped, line breaks and spacing kept."""
    return f'<div class="plain">{html_lib.escape(text or "")}</div>'


def page(content_html: str, *, title: str = "", extra_css: str = "") -> str:
    """A whole page around safe content: A4, the official font at 16 pt, our CSP."""
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{html_lib.escape(title)}</title>
<style>
@page {{ size: A4; margin: 20mm 20mm 20mm 25mm; }}
html, body {{ font-family: {CSS_FONT_STACK}; font-size: 16pt; line-height: 1.35; }}
body {{ margin: 0; overflow-wrap: break-word; }}
.num {{ white-space: nowrap; }}
img {{ max-width: 100%; height: auto; }}
table {{ max-width: 100%; }}
.plain {{ white-space: pre-wrap; }}
{extra_css}
</style></head><body>{content_html}</body></html>"""


def find_chromium() -> str | None:
    override = os.environ.get("INTAKE_CHROMIUM")
    if override:
        return override
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(page_html: str, *, timeout: float = 60, workdir: str | Path | None = None,
               warm: bool = True) -> bytes:
    """Print a complete page to PDF with headless Chromium, off the network: by the warm
    browser (browser.py), or with `warm=False` by a Chromium started for this page alone
    (the cold path, kept as the benchmarks' baseline)."""
    chromium = find_chromium()
    if chromium is None:
        raise RenderError("Chromium is not installed (Debian package: chromium)")
    if warm:
        from intake.archive.convert.browser import BrowserError, shared_browser

        try:
            return shared_browser(chromium, subprocess_env()).print_pdf(page_html,
                                                                        timeout=timeout)
        except BrowserError as exc:
            raise RenderError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="intake-chromium-", dir=workdir) as tmp:
        tmpdir = Path(tmp)
        src, out = tmpdir / "page.html", tmpdir / "page.pdf"
        src.write_text(page_html, encoding="utf-8")
        env = subprocess_env()
        env["HOME"] = str(tmpdir)
        from intake.archive.convert.browser import ARGS

        args = [chromium, *ARGS, f"--user-data-dir={tmpdir / 'profile'}",
                "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()]
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
            raise RenderError(f"rendering took longer than {timeout:.0f} s; stopped") from None
        if not out.exists() or out.stat().st_size == 0:
            tail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
            raise RenderError("Chromium produced no PDF" + (f": {tail[0][:200]}" if tail else ""))
        return out.read_bytes()
