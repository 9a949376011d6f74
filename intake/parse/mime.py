"""Raw e-mail bytes -> ParsedMessage (see rules/message.py).

mail-parser builds the stdlib (compat32) message tree and reports defects; the
decoding that matters for Thai mail is done here: RFC 2047 words in windows-874 /
TIS-620 / UTF-8, RFC 2231 file names, bodies whose charset is missing or wrong
(charsets.decode_text notes every guess), format=flowed, HTML-only bodies.

parse_message never raises for input that has bytes; every piece is extracted
defensively and problems end up in ParsedMessage.defects / charset_notes. Only an
empty input raises ParseError.
"""
from __future__ import annotations

import base64
import binascii
import io
import logging
import re
import unicodedata
from datetime import UTC, datetime
from email import message_from_bytes
from email.headerregistry import HeaderRegistry
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from intake.parse.charsets import decode_text, register_thai_codecs
from rules.message import Attachment, ParsedMessage
from rules.thai.text import clean_thai

register_thai_codecs()

log = logging.getLogger(__name__)
# mail-parser logs a warning for every MIME subtype it has no special handling for
# (report, x-*, rfc822-headers); we handle those parts ourselves, so keep the log clean.
logging.getLogger("mailparser").setLevel(logging.ERROR)

PDF_MAX_PAGES = 5
MAX_DEPTH = 40  # MIME nesting we descend into; deeper parts are reported, not walked
ADDRESS_HEADERS = ("from", "to", "cc", "reply-to", "delivered-to", "x-original-to")


class ParseError(Exception):
    """Nothing usable in the input; the caller marks the message failed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Log:
    """Ordered, de-duplicated notes and defects collected while parsing."""

    def __init__(self) -> None:
        self.charset_notes: list[str] = []
        self.defects: list[str] = []

    def note(self, text: str | None, where: str = "") -> None:
        if text:
            text = f"{where}: {text}" if where else text
            if text not in self.charset_notes:
                self.charset_notes.append(text)

    def defect(self, text: str) -> None:
        if text and text not in self.defects:
            self.defects.append(text)


# ---------------------------------------------------------------- header text

_ENCODED_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?([^?]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _unfold(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    text = _FOLD.sub("", text)
    return text.replace("\r", "").replace("\n", "")


def _decode_word(kind: str, payload: str) -> bytes | None:
    data = payload.encode("utf-8", "surrogateescape")
    try:
        if kind == "q":
            return binascii.a2b_qp(data, header=True)
        data = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        if len(data) % 4 == 1:  # a lone trailing sextet carries no whole byte
            data = data[:-1]
        return base64.b64decode(data + b"=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        return None


def decode_rfc2047(text: str, log_: _Log | None = None, where: str = "") -> str:
    """Decode RFC 2047 encoded words. Adjacent words are joined without the
    whitespace between them, and their bytes are concatenated before decoding
    (mailers split multi-byte Thai characters across words)."""
    out: list[str] = []
    pending: list = []  # [charset, bytearray] of the run of encoded words being joined
    pos = 0

    def flush() -> None:
        if pending:
            decoded, note = decode_text(bytes(pending[1]), pending[0] or None)
            if log_ is not None:
                log_.note(note, where)
            out.append(decoded)
            pending.clear()

    for match in _ENCODED_WORD.finditer(text):
        between = text[pos:match.start()]
        if not (pending and between.strip() == ""):
            flush()
            out.append(between)
        charset = match.group(1).split("*", 1)[0]
        data = _decode_word(match.group(2).lower(), match.group(3))
        if data is None:
            flush()
            out.append(match.group(0))
            if log_ is not None:
                log_.note("undecodable encoded word kept as is", where)
        elif pending and pending[0].lower() == charset.lower():
            pending[1].extend(data)
        else:
            flush()
            pending.extend([charset, bytearray(data)])
        pos = match.end()
    flush()
    out.append(text[pos:])
    return "".join(out)


def _raw_to_text(value: object, log_: _Log, where: str) -> str:
    """Unfolded header text with raw 8-bit bytes decoded (detected, noted)."""
    text = _unfold(value)
    if _has_surrogates(text):
        decoded, note = decode_text(text.encode("utf-8", "surrogateescape"), None)
        log_.note(f"raw 8-bit header; {note}" if note else None, where)
        text = decoded
    return text


def decode_header_value(value: object, log_: _Log, where: str = "") -> str:
    text = decode_rfc2047(_raw_to_text(value, log_, where), log_, where)
    return _CONTROL.sub("", text.replace("\t", " ")).strip()


# ---------------------------------------------------------------- addresses

_ADDR_SPEC = re.compile(r"[^\s<>()\[\],;:\"@]+@[^\s<>()\[\],;:\"@]+")
_ADDR_IN_TEXT = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def _valid_addr(addr: str) -> bool:
    return bool(addr) and _ADDR_SPEC.fullmatch(addr) is not None


def _registry_addresses(name: str, value: str) -> list[tuple[str, str]]:
    try:
        header = HeaderRegistry()(name, value)
        return [(a.display_name or "", a.addr_spec or "") for a in getattr(header, "addresses", ())]
    except Exception:  # noqa: BLE001 - the registry crashes on some group syntax
        return []


def parse_addresses(values: list[str], log_: _Log, name: str) -> list[tuple[str, str]]:
    """(display name, lower-case addr-spec) pairs from every occurrence of a header.

    getaddresses first (it keeps encoded words in names intact, which we decode
    ourselves), then the stdlib header registry, then a regex. Never raises."""
    result: list[tuple[str, str]] = []
    for raw in values:
        value = _raw_to_text(raw, log_, name)
        try:
            parsed = getaddresses([value])
        except Exception:  # noqa: BLE001
            parsed = []
        good = [(n, a) for n, a in parsed if _valid_addr(a.strip())]
        failed = len(good) < len(parsed) and "@" in value
        if not good and "@" in value:
            good = [(n, a) for n, a in _registry_addresses(name, value) if _valid_addr(a)]
        if failed or not good:
            seen = {a.strip().lower() for _, a in good}
            good += [("", a) for a in _ADDR_IN_TEXT.findall(value) if a.lower() not in seen]
        for display, addr in good:
            display = decode_rfc2047(display, log_, name).strip().strip('"').strip()
            pair = (_CONTROL.sub("", display), addr.strip().lower())
            if pair[1] and pair not in result:
                result.append(pair)
    return result


# ---------------------------------------------------------------- dates and ids

def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _received_at(received: list[str]) -> datetime | None:
    if not received or ";" not in received[0]:
        return None
    when = _parse_date(received[0].rsplit(";", 1)[1])
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # "-0000": zone unknown, RFC 5322 says UTC
    return when


_MSG_ID = re.compile(r"<[^<>\s]+>")


def _message_ids(value: str | None) -> list[str]:
    if not value:
        return []
    found = _MSG_ID.findall(value)
    return found or value.split()


# ---------------------------------------------------------------- bodies

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
}
_SKIP_TAGS = {"script", "style", "title", "noscript", "template"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text from HTML: scripts/styles dropped, block elements as line breaks."""
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # noqa: BLE001 - fall back to stripping tags
        import html as html_mod

        text = html_mod.unescape(re.sub(r"<[^>]*>", " ", html))
    lines = [re.sub(r"[ \t\u00a0\u200b]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: join soft-broken lines (same quote depth)."""
    out: list[str] = []
    current: str | None = None
    depth_now = 0

    def render(depth: int, content: str) -> str:
        return (">" * depth + " " + content) if depth else content

    for line in text.split("\n"):
        stripped = line.lstrip(">")
        depth = len(line) - len(stripped)
        stripped = stripped.removeprefix(" ")  # space-stuffing
        flowed = stripped.endswith(" ") and stripped != "-- "
        if flowed and delsp:
            stripped = stripped[:-1]
        if current is not None and depth != depth_now:
            out.append(render(depth_now, current))
            current = None
        current = stripped if current is None else current + stripped
        depth_now = depth
        if not flowed:
            out.append(render(depth, current))
            current = None
    if current is not None:
        out.append(render(depth_now, current))
    return "\n".join(out)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        data = None
    if isinstance(data, bytes):
        return data
    raw = getattr(part, "_payload", None)  # get_payload() would lossily decode 8-bit text
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


def _charset_param(part: Message) -> str | None:
    try:
        value = part.get_param("charset")
    except Exception:  # noqa: BLE001
        return None
    if isinstance(value, tuple):  # RFC 2231 encoded parameter
        value = value[2]
    if not value:
        return None
    return str(value).encode("ascii", "replace").decode("ascii").strip() or None


def _body_text(part: Message, ctype: str, log_: _Log) -> str:
    text, note = decode_text(_payload_bytes(part), _charset_param(part))
    log_.note(note, ctype)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if ctype == "text/plain":
        fmt = str(part.get_param("format") or "").lower()
        if fmt == "flowed":
            text = unflow(text, str(part.get_param("delsp") or "").lower() == "yes")
    return text


# ---------------------------------------------------------------- attachments

_UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*]')


def safe_display_name(name: str) -> str:
    """A file name fit for display: no control/format characters, no path.

    "../../etc/passwd" -> "passwd"; Thai is kept (NFC)."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(
        ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
    )
    pieces = [p.strip() for p in name.replace("\\", "/").split("/")]
    pieces = [p for p in pieces if p not in ("", ".", "..")]
    name = pieces[-1] if pieces else ""
    name = _UNSAFE_NAME_CHARS.sub("_", name).lstrip(". ").strip()
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:200]
    return name


def _filename(part: Message, log_: _Log) -> str | None:
    raw = None
    for param, header in (("filename", "content-disposition"), ("name", "content-type")):
        try:
            raw = part.get_param(param, None, header)
        except Exception:  # noqa: BLE001
            raw = None
        if raw:
            break
    if not raw:
        return None
    where = "attachment name"
    if isinstance(raw, tuple):  # RFC 2231: (charset, language, %-decoded latin-1 text)
        charset, _lang, value = raw
        try:
            data = value.encode("latin-1")
        except UnicodeEncodeError:
            data = value.encode("utf-8", "surrogateescape")
        text, note = decode_text(data, charset or None)
        log_.note(note, where)
    else:
        text = _raw_to_text(raw, log_, where)
    return decode_rfc2047(_unfold(text), log_, where)


def _message_bytes(part: Message) -> bytes:
    chunks = []
    for sub in part.get_payload() or []:
        try:
            chunks.append(sub.as_bytes())
        except Exception:  # noqa: BLE001
            try:
                chunks.append(sub.as_string().encode("utf-8", "surrogateescape"))
            except Exception:  # noqa: BLE001
                continue
    return b"\n".join(chunks)


def _is_pdf(ctype: str, filename: str, payload: bytes) -> bool:
    return (
        ctype == "application/pdf"
        or payload[:1024].lstrip().startswith(b"%PDF-")
        or (ctype == "application/octet-stream" and filename.lower().endswith(".pdf"))
    )


def _has_pdf_header(payload: bytes) -> bool:
    # PDF readers accept the header anywhere in the first KiB.
    return b"%PDF-" in payload[:1024]


def pdf_text(payload: bytes, max_pages: int = PDF_MAX_PAGES) -> tuple[str, str | None]:
    """Text layer of the first pages (the one Thai clean-up, rules/thai/text.py: what the
    rules and the letter check read) and, on failure, the reason."""
    try:
        import pdfplumber

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        pages = []
        with pdfplumber.open(io.BytesIO(payload)) as pdf:
            for page in pdf.pages[:max_pages]:
                # in content-stream order: sorted by x, Thai marks land on the wrong letter
                pages.append(page.extract_text(use_text_flow=True) or "")
        text = "\n".join(pages)
        from intake.parse.letters import lost_glyphs, poppler_text

        if lost_glyphs(text):  # Chromium's Sarabun, LibreOffice's Garuda: ask poppler
            text = poppler_text(payload, max_pages) or text
        return clean_thai(text).strip(), None
    except Exception as exc:  # noqa: BLE001 - encrypted or broken PDFs are common
        return "", f"{type(exc).__name__}"


def _attachment(part: Message, ctype: str, index: int, log_: _Log) -> Attachment:
    if part.is_multipart():  # message/rfc822 and friends: keep the embedded message
        payload = _message_bytes(part)
    else:
        payload = _payload_bytes(part)
    name = safe_display_name(_filename(part, log_) or "")
    if not name:
        if ctype == "message/rfc822":
            inner = part.get_payload(0) if part.is_multipart() else None
            subject = decode_header_value(inner.get("subject", ""), log_) if inner else ""
            name = safe_display_name(subject)[:100] + ".eml" if subject else ""
        if not name:
            import mimetypes

            if ctype == "message/rfc822":
                ext = ".eml"
            elif ctype.startswith(("message/", "text/")):
                ext = mimetypes.guess_extension(ctype) or ".txt"
            else:
                ext = mimetypes.guess_extension(ctype) or ".bin"
            name = f"unnamed-{index}{ext}"
    try:
        disposition = part.get_content_disposition()
    except Exception:  # noqa: BLE001
        disposition = None
    content_id = part.get("content-id")
    content_id = _unfold(content_id).strip() or None if content_id else None
    attachment = Attachment(
        filename=name,
        content_type=ctype,
        size=len(payload),
        payload=payload,
        content_id=content_id,
        inline=disposition == "inline" or (disposition is None and content_id is not None),
    )
    if _is_pdf(ctype, name, payload):
        if _has_pdf_header(payload):
            attachment.text, problem = pdf_text(payload)
        else:
            problem = "not a PDF file"
        if problem:
            log_.defect(f"pdf text unavailable for {name}: {problem}")
    return attachment


# ---------------------------------------------------------------- the tree

def _build_tree(raw: bytes, log_: _Log) -> tuple[Message, object | None]:
    """The stdlib message via mail-parser; stdlib-only (then headers-only) when it fails."""
    try:
        import mailparser

        mp = mailparser.MailParser.from_bytes(raw)
        if mp.message is not None:
            return mp.message, mp
    except Exception as exc:  # noqa: BLE001 - mail-parser raises on odd input
        log_.defect(f"mail-parser failed ({type(exc).__name__}); stdlib parser used")
    try:
        return message_from_bytes(raw), None
    except Exception as exc:  # noqa: BLE001
        log_.defect(f"MIME structure unreadable ({type(exc).__name__}); headers only")
    try:
        msg = BytesHeaderParser().parsebytes(raw)
    except Exception:  # noqa: BLE001
        msg = Message()
        msg.set_payload(raw.decode("utf-8", "surrogateescape"))
    return msg, None


def _mailparser_defects(mp: object, log_: _Log) -> None:
    """The header-level defects mail-parser adds on top of the stdlib's MIME ones."""
    for entry in getattr(mp, "defects", None) or []:
        if not isinstance(entry, dict):
            continue
        for items in entry.values():
            for item in items or []:
                text = str(item)
                if text.startswith(("AddressHeaderDefect", "MimeHeaderDefect")):
                    log_.defect(text[:160])


_BOUNDARY_LINE = re.compile(r"^--([^\s-][^\r\n]{0,69}?)[ \t]*\r?$", re.MULTILINE)


def _recover_multipart(part: Message, ctype: str) -> Message | None:
    """Re-split a multipart whose declared boundary is absent on the boundary
    its body actually uses (first "--token" line that also closes or repeats)."""
    if not isinstance(part.get_payload(), str):
        return None
    data = _payload_bytes(part)
    body = data.decode("ascii", "surrogateescape")
    for match in _BOUNDARY_LINE.finditer(body[:200_000]):
        boundary = match.group(1)
        if boundary == part.get_boundary() or body.count("--" + boundary) < 2:
            continue
        if '"' in boundary or "\\" in boundary:
            continue
        head = f'Content-Type: {ctype}; boundary="{boundary}"\r\n\r\n'
        try:
            fixed = message_from_bytes(head.encode("ascii", "replace") + data)
        except Exception:  # noqa: BLE001
            return None
        if fixed.is_multipart() and fixed.get_payload():
            return fixed
        return None
    return None


def _ctype(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:  # noqa: BLE001
        return "application/octet-stream"


def _walk(msg: Message, log_: _Log):
    """Yield (part, content type, role) with role "plain", "html" or "attachment"."""
    stack = [(msg, 0)]
    while stack:
        part, depth = stack.pop()
        ctype = _ctype(part)
        for defect in getattr(part, "defects", []) or []:
            log_.defect(f"{ctype}: {type(defect).__name__}")
        try:
            disposition = part.get_content_disposition()
        except Exception:  # noqa: BLE001
            disposition = None
        if part.is_multipart():
            if ctype.startswith("message/") and depth > 0:
                yield part, ctype, "attachment"
            elif depth >= MAX_DEPTH:
                log_.defect(f"MIME nesting deeper than {MAX_DEPTH}; inner parts skipped")
            else:
                children = [p for p in part.get_payload() if isinstance(p, Message)]
                stack.extend((child, depth + 1) for child in reversed(children))
            continue
        has_name = bool(part.get_param("filename", None, "content-disposition")
                        or part.get_param("name", None, "content-type"))
        if ctype.startswith("multipart/"):
            # Broken boundary: the stdlib leaves the whole body as text.
            recovered = _recover_multipart(part, ctype) if depth < MAX_DEPTH else None
            if recovered is not None:
                log_.defect(f"{ctype}: declared boundary not found; parts split on the one used")
                stack.append((recovered, depth + 1))
            else:
                yield part, "text/plain", "plain"
        elif ctype in ("text/plain", "text/html") and disposition != "attachment" and not has_name:
            yield part, ctype, ctype.split("/")[1]
        else:
            yield part, ctype, "attachment"


# Where the writer's own words end: a signature delimiter, a quoted earlier mail, or a
# sign-off (what follows is a name, a position and an address in any language).
_SIGNATURE = re.compile(r"^-- ?$")
_QUOTE_HEAD = re.compile(r"^(on .{4,200} wrote:|-{2,} ?original message ?-{2,}|from: .+)$", re.I)
_SIGN_OFF = re.compile(r"^((best|kind|warm) )?(regards|wishes)[,.!]?$|^(yours( sincerely| faithfully"
                       r"| truly)?|sincerely|thanks?( you)?( very much)?|cheers)[,.!]?$"
                       r"|^(ขอแสดงความนับถือ|ด้วยความเคารพ)\s*$", re.I)


def own_words(text: str) -> str:
    """The body as its writer wrote it: without the lines quoted from an earlier mail and
    without the signature (a Thai office address under an English mail says nothing of
    the language the writer reads)."""
    kept = []
    for line in (text or "").splitlines():
        bare = line.strip()
        if bare.startswith(">"):
            continue
        if _SIGNATURE.match(line.rstrip("\r")) or _QUOTE_HEAD.match(bare):
            break
        kept.append(line)
        if _SIGN_OFF.match(bare):
            break
    return "\n".join(kept)


def _language(subject: str, text: str) -> str:
    """The language of the writer's own words (the subject and own_words of the body)."""
    thai = latin = other = 0
    for ch in (subject + "\n" + own_words(text))[:50000]:
        if "\u0e00" <= ch <= "\u0e7f":
            thai += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
        elif ch.isalpha():
            other += 1
    letters = thai + latin + other
    if letters and thai <= 0.02 * letters and latin >= 0.5 * letters:
        return "en"
    return "th"


def _guarded(log_: _Log, what: str, fn, default):
    try:
        return fn()
    except Exception as exc:
        log.exception("parsing %s failed", what)
        log_.defect(f"{what} not parsed ({type(exc).__name__})")
        return default


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse one raw RFC 5322 message. Raises only ParseError (empty input)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    raw = bytes(raw or b"")
    if not raw.strip():
        raise ParseError("empty message")
    log_ = _Log()
    msg, mp = _build_tree(raw, log_)
    if mp is not None:
        _guarded(log_, "mail-parser defects", lambda: _mailparser_defects(mp, log_), None)

    # Headers: every value decoded once, in order.
    raw_items: list[tuple[str, object]] = _guarded(
        log_, "headers", lambda: list(msg.raw_items()), []
    )
    headers: dict[str, list[str]] = {}
    raw_by_name: dict[str, list[str]] = {}
    for name, value in raw_items:
        key = _CONTROL.sub("", str(name)).strip().lower()
        raw_by_name.setdefault(key, []).append(value)
        headers.setdefault(key, []).append(
            _guarded(log_, f"header {key}", lambda: decode_header_value(value, log_, key), "")
        )

    def first(name: str) -> str | None:
        values = headers.get(name)
        return values[0] if values else None

    def addrs(*names: str) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for name in names:
            found = _guarded(
                log_, f"header {name}",
                lambda: parse_addresses(raw_by_name.get(name, []), log_, name), [],
            )
            pairs += [p for p in found if p not in pairs]
        return pairs

    sender = addrs("from")
    from_name, from_addr = sender[0] if sender else ("", "")
    if not from_addr and raw_by_name.get("from"):
        bare = (first("from") or "").strip().strip("<>")
        if bare and " " not in bare:
            from_addr = bare.lower()  # e.g. "MAILER-DAEMON": still useful to the rules
    ids = _message_ids(first("message-id"))
    in_reply_to = _message_ids(first("in-reply-to"))

    # Body and attachments in one walk of the tree.
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []

    def walk() -> None:
        for index, (part, ctype, role) in enumerate(_walk(msg, log_)):
            # One unreadable part must not cost the others.
            if role == "attachment":
                found = _guarded(
                    log_, f"{ctype} part", lambda: _attachment(part, ctype, index, log_), None
                )
                if found is not None:
                    attachments.append(found)
            else:
                text = _guarded(log_, f"{ctype} part", lambda: _body_text(part, ctype, log_), "")
                (plain if role == "plain" else html).append(text)

    _guarded(log_, "MIME body", walk, None)

    html_body = "\n".join(h for h in html if h.strip()) or None
    text = "\n".join(p for p in plain if p.strip())
    if not text.strip() and html_body:
        text = _guarded(log_, "HTML text", lambda: html_to_text(html_body), "")
    subject = first("subject") or ""
    text = _nfkc(text).strip()

    return ParsedMessage(
        message_id=ids[0] if ids else None,
        subject=subject,
        from_name=from_name,
        from_addr=from_addr,
        reply_to=[a for _, a in addrs("reply-to")],
        to=[a for _, a in addrs("to")],
        cc=[a for _, a in addrs("cc")],
        delivered_to=[a for _, a in addrs("delivered-to", "x-original-to")],
        date=_parse_date(first("date")),
        received_at=_received_at(headers.get("received", [])),
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=_message_ids(" ".join(headers.get("references", []))),
        headers=headers,
        content_type=_ctype(msg),
        text=text,
        html=_nfkc(html_body) if html_body is not None else None,
        attachments=attachments,
        charset_notes=log_.charset_notes,
        defects=log_.defects,
        language=_language(subject, text),
        letter=_official_letter(attachments),
    )


def _official_letter(attachments: list[Attachment]) -> dict | None:
    """The fields of an official letter (ที่, ลงวันที่, เรื่อง, เรียน, urgency, secrecy) read
    from the first attached PDF that carries one; text layer only (OCR is the archive
    job's). Each field: {"value", "confidence", "evidence"}."""
    from intake.parse.letters import read_letter

    for att in attachments:
        if att.content_type != "application/pdf" or "เรื่อง" not in att.text:
            continue
        try:
            fields = read_letter(att.payload, ocr=False).to_dict()
        except Exception as exc:  # a reader bug must not cost the message
            log.warning("letter fields of %s: %s", att.filename, exc)
            continue
        if fields["doc_number"]["value"] or fields["subject"]["value"]:
            fields["filename"] = att.filename
            return fields
    return None
