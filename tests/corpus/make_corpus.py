#!/usr/bin/env python3
"""Generate the project's own test corpus: tests/corpus/eNN.eml and expected.jsonl.

Deterministic: every message is fixed data written out below; the only "random" values
(Message-IDs, MIME boundaries, queue ids, DKIM noise) come from random.Random seeded with
the message's own key, so re-running writes byte-identical files.
Stdlib only. The MIME is assembled by hand (not with email.generator) on purpose: it lets
us reproduce what real clients send, including labels Python cannot encode itself
(windows-874 is written with the cp874 codec), RFC 2231 continuations, format=flowed and
TIS-620 8bit bodies.

    .venv/bin/python tests/corpus/make_corpus.py          # rewrite the corpus
    .venv/bin/python tests/corpus/make_corpus.py --check  # also parse every file back

The expected outcomes follow /work/shared/domain/procedure.md and demo-unit.md; each
record's "note" says why.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import quopri
import random
import sys
import urllib.parse
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SARABAN = "saraban@phetchaburi.m-society.go.th"
PR = "pr@phetchaburi.m-society.go.th"
UNIT_DOMAIN = "phetchaburi.m-society.go.th"
MX = "mx.phetchaburi.m-society.go.th"
MX_IP = "164.115.41.58"
TZ7 = timezone(timedelta(hours=7))
UTC = UTC

FORWARD = {
    "ratchaburi": "saraban@ratchaburi.m-society.go.th",
    "prachuap": "saraban@prachuap.m-society.go.th",
    "shelter": "saraban@phetchaburi-shelter.m-society.go.th",
    "homeless": "saraban@phetchaburi-homeless.m-society.go.th",
}

# Python codecs for MIME charset labels; windows-874 has no codec of its own in 3.11.
CODECS = {"windows-874": "cp874", "tis-620": "tis-620", "utf-8": "utf-8", "us-ascii": "ascii"}
LEGACY = {"windows-874", "tis-620"}


def codec(label: str) -> str:
    return CODECS.get(label.lower(), label)


# --------------------------------------------------------------------------- encodings

def qword(data: bytes) -> str:
    """The Q encoding of RFC 2047 (for encoded words)."""
    out = []
    for byte in data:
        if byte == 0x20:
            out.append("_")
        elif byte < 128 and (chr(byte).isalnum() or chr(byte) in "!*+-/"):
            out.append(chr(byte))
        else:
            out.append(f"={byte:02X}")
    return "".join(out)


def encoded_words(text: str, charset: str = "utf-8", enc: str = "B") -> str:
    """RFC 2047 encoded words, at most 75 characters each, never splitting a character;
    folded onto continuation lines the way mail clients do."""
    prefix, suffix = f"=?{charset}?{enc}?", "?="

    def size(b: bytes) -> int:
        return len(base64.b64encode(b)) if enc == "B" else len(qword(b))

    chunks: list[bytes] = []
    cur = b""
    for ch in text:
        b = ch.encode(codec(charset))
        if cur and len(prefix) + size(cur + b) + len(suffix) > 75:
            chunks.append(cur)
            cur = b""
        cur += b
    if cur:
        chunks.append(cur)
    words = [prefix + (base64.b64encode(c).decode() if enc == "B" else qword(c)) + suffix for c in chunks]
    return "\n ".join(words)


def header_text(text: str, charset: str = "utf-8", enc: str = "B") -> str:
    if text.isascii():
        return text
    return encoded_words(text, charset, enc)


def address(name: str, addr: str, charset: str = "utf-8", enc: str = "B") -> str:
    if not name:
        return addr
    if name.isascii():
        if any(c in name for c in ',.;:()<>@"'):
            return f'"{name}" <{addr}>'
        return f"{name} <{addr}>"
    return f"{encoded_words(name, charset, enc)} <{addr}>"


def b64_lines(data: bytes) -> bytes:
    s = base64.b64encode(data)
    return b"\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + b"\n"


def flow(text: str, width: int = 72) -> str:
    """format=flowed (RFC 3676): long lines broken at spaces, a trailing space marks a
    soft break. Thai runs without spaces stay on one line, as Thunderbird leaves them."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(line[:cut + 1])
            line = line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def rfc2231(value: str, charset: str = "UTF-8") -> str:
    return f"{charset}''" + urllib.parse.quote(value.encode(codec(charset)), safe="")


# --------------------------------------------------------------------------- parts

class Part:
    def render(self, rnd: random.Random, feats: set[str]) -> tuple[list[str], bytes]:
        raise NotImplementedError


@dataclass
class Text(Part):
    body: str
    subtype: str = "plain"
    charset: str | None = "utf-8"  # the label written; None = no charset parameter
    cte: str = "base64"  # base64 | quoted-printable | 8bit | 7bit
    flowed: bool = False
    actual: str | None = None  # the charset the bytes are really in, when not the label

    def render(self, rnd, feats):
        label = self.charset
        real = self.actual or label or "us-ascii"
        text = flow(self.body) if self.flowed else self.body
        if self.cte == "base64":
            data = text.replace("\n", "\r\n").encode(codec(real))
            body = b64_lines(data)
        elif self.cte == "quoted-printable":
            body = quopri.encodestring(text.encode(codec(real)))
            if not body.endswith(b"\n"):
                body += b"\n"
        else:
            body = text.encode(codec(real))
            if not body.endswith(b"\n"):
                body += b"\n"
        ctype = f"text/{self.subtype}"
        if label:
            ctype += f'; charset="{label}"'
            feats.add(f"charset:{label.lower()}")
            if label.lower() in LEGACY:
                feats.add("thai-legacy-charset")
        else:
            feats.add("charset:missing")
        if self.actual:
            feats.add(f"charset:wrong({label or 'missing'}, actual {self.actual})")
        if self.flowed:
            ctype += "; format=flowed"
            feats.add("format=flowed")
        feats.add(f"text/{self.subtype}")
        feats.add(f"cte:{self.cte}")
        return [f"Content-Type: {ctype}", f"Content-Transfer-Encoding: {self.cte}"], body


@dataclass
class Attach(Part):
    filename: str
    ctype: str
    data: bytes
    style: str = "rfc2231"  # rfc2231 | rfc2231-cont | rfc2047 | ascii
    charset: str = "utf-8"  # for a non-ASCII name
    inline: bool = False

    def render(self, rnd, feats):
        name = self.filename
        disp = "inline" if self.inline else "attachment"
        feats.add(f"attachment:{self.ctype}")
        if name.isascii() or self.style == "ascii":
            ct = f'Content-Type: {self.ctype}; name="{name}"'
            cd = f'Content-Disposition: {disp}; filename="{name}"'
        elif self.style == "rfc2047":
            ew = encoded_words(name, self.charset, "B").replace("\n ", "\n ")
            ct = f'Content-Type: {self.ctype};\n name="{ew}"'
            cd = f'Content-Disposition: {disp};\n filename="{ew}"'
            feats.add(f"filename:rfc2047({self.charset.lower()})")
        elif self.style == "rfc2231-cont":
            # Thunderbird: RFC 2047 name in Content-Type, RFC 2231 continuations in the disposition
            ew = encoded_words(name, self.charset, "B")
            ct = f'Content-Type: {self.ctype}; name="{ew}"'
            enc = rfc2231(name, self.charset.upper())
            pieces, i = [], 0
            while i < len(enc):
                j = min(len(enc), i + 60)
                while j < len(enc) and enc[j - 1] != ";" and "%" in enc[j - 2:j]:
                    j -= 1  # never cut inside a %XX escape
                pieces.append(enc[i:j])
                i = j
            params = ";\n ".join(f"filename*{k}*={p}" for k, p in enumerate(pieces))
            cd = f"Content-Disposition: {disp};\n {params}"
            feats.add("filename:rfc2231")
        else:  # rfc2231, single parameter (mutt, Apple Mail)
            enc = rfc2231(name, self.charset.upper())
            ct = f"Content-Type: {self.ctype};\n name*={enc}"
            cd = f"Content-Disposition: {disp};\n filename*={enc}"
            feats.add("filename:rfc2231")
        feats.add("cte:base64")
        return [ct, cd, "Content-Transfer-Encoding: base64"], b64_lines(self.data)


@dataclass
class Raw(Part):
    """A part written as is (delivery-status, disposition-notification, rfc822-headers)."""
    ctype: str
    body: str
    headers: list[str] = field(default_factory=list)

    def render(self, rnd, feats):
        feats.add(self.ctype.split(";")[0].strip().lower())
        body = self.body.encode("utf-8")
        if not body.endswith(b"\n"):
            body += b"\n"
        return [f"Content-Type: {self.ctype}", *self.headers], body


@dataclass
class Multi(Part):
    subtype: str
    parts: list[Part]
    params: str = ""
    boundary: str | None = None
    preamble: str | None = None

    def render(self, rnd, feats):
        feats.add(f"multipart/{self.subtype}")
        boundary = self.boundary or _boundary(rnd, getattr(rnd, "style", "generic"))
        out = io.BytesIO()
        if self.preamble:
            out.write(self.preamble.encode() + b"\n")
        for part in self.parts:
            hdrs, body = part.render(rnd, feats)
            out.write(f"--{boundary}\n".encode())
            out.write(("\n".join(hdrs) + "\n\n").encode())
            out.write(body)
        out.write(f"--{boundary}--\n".encode())
        return [f'Content-Type: multipart/{self.subtype};{self.params}\n\tboundary="{boundary}"'], out.getvalue()


def _alnum(rnd: random.Random, n: int, alphabet: str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") -> str:
    return "".join(rnd.choice(alphabet) for _ in range(n))


def _hex(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice("0123456789abcdef") for _ in range(n))


def _boundary(rnd: random.Random, style: str) -> str:
    if style == "gmail":
        return "000000000000" + _hex(rnd, 16)
    if style in ("outlook", "exchange"):
        return f"_000_{_alnum(rnd, 20, 'ABCDEF0123456789')}_"
    if style == "outlook-desktop":
        return f"----=_NextPart_000_{_hex(rnd, 4).upper()}_{_hex(rnd, 8).upper()}.{_hex(rnd, 8).upper()}"
    if style == "thunderbird":
        return "------------" + _alnum(rnd, 24)
    if style == "apple":
        return f"Apple-Mail-{str(uuid.UUID(int=rnd.getrandbits(128))).upper()}"
    if style == "yahoo":
        return f"----=_Part_{rnd.randint(100000, 9999999)}_{rnd.randint(10**8, 10**9)}.{rnd.randint(10**12, 10**13)}"
    if style == "zimbra":
        return f"=_{_hex(rnd, 8)}-{_hex(rnd, 4)}-{_hex(rnd, 4)}-{_hex(rnd, 4)}-{_hex(rnd, 12)}"
    if style == "phpmailer":
        return "b1_" + _alnum(rnd, 32)
    return "=_" + _alnum(rnd, 28)


# --------------------------------------------------------------------------- attachments

def jpeg(seed: str, size: int = 900) -> bytes:
    """A tiny JPEG-looking blob: SOI, JFIF APP0, a comment of filler, EOI."""
    filler = hashlib.sha256(seed.encode()).digest() * (size // 32 + 1)
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00"
    com = b"\xff\xfe" + (len(filler[:size]) + 2).to_bytes(2, "big") + filler[:size]
    return b"\xff\xd8" + app0 + com + b"\xff\xd9"


def png(seed: str) -> bytes:
    """A real 2x2 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    shade = hashlib.sha256(seed.encode()).digest()[0]
    raw = b"".join(b"\x00" + bytes([shade, shade]) for _ in range(2))
    ihdr = (2).to_bytes(4, "big") * 2 + b"\x08\x00\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def pdf(title: str) -> bytes:
    """A one-page PDF with an ASCII text layer (a scanned form's cover line). Thai text
    layers need an embedded font; letters carry their Thai lines in the mail body."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 760 Td (" + text + b") Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    """A minimal but valid DOCX (Word opens it; python-docx and pandoc read it)."""
    from xml.sax.saxutils import escape
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>",
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content.encode("utf-8"))
    return out.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def att_pdf(name: str, title: str = "Scanned document", style: str = "rfc2231", charset: str = "utf-8") -> Attach:
    return Attach(name, "application/pdf", pdf(title), style, charset)


def att_jpg(name: str, style: str = "rfc2047", charset: str = "utf-8") -> Attach:
    return Attach(name, "image/jpeg", jpeg(name), style, charset)


def att_png(name: str, style: str = "rfc2047", charset: str = "utf-8") -> Attach:
    return Attach(name, "image/png", png(name), style, charset)


def att_docx(name: str, paragraphs: list[str], style: str = "rfc2231-cont", charset: str = "utf-8") -> Attach:
    return Attach(name, DOCX, docx(paragraphs), style, charset)


# --------------------------------------------------------------------------- clients

def unit_mid(when: datetime, seed: str) -> str:
    """A Message-ID in the form the unit's own outbox writes."""
    h = hashlib.sha1(seed.encode()).hexdigest()[:10]
    return f"<{when.astimezone(TZ7):%Y%m%d%H%M%S}.{h}@{UNIT_DOMAIN}>"


def _rfc(dt: datetime) -> str:
    return format_datetime(dt)


def client_profile(client: str, domain: str, addr: str, rnd: random.Random, date: datetime, rcpt: str):
    """Message-ID, the upstream relay that hands the mail to our MX, the hops before it,
    and the headers the client writes."""
    t = date
    hops: list[str] = []
    mua: list[str] = []
    ip = f"{rnd.randint(20, 220)}.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}"
    tls = "\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n\t key-exchange X25519 server-signature RSA-PSS (2048 bits))\n\t(No client certificate requested)"
    dkim_domain = domain
    if client == "gmail":
        host = f"mail-{rnd.choice(['pj1', 'pl1', 'qt1', 'yb1', 'ej1', 'oi1'])}-f{rnd.randint(41, 199)}.google.com"
        ip = f"209.85.{rnd.randint(128, 223)}.{rnd.randint(1, 254)}"
        mid = f"<CA{_alnum(rnd, 2, 'BDEFGHJKLMNP')}{_alnum(rnd, 38, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_=-')}@mail.gmail.com>"
        hops.append(f"Received: by {host} with SMTP id {_alnum(rnd, 26).lower()}\n        for <{rcpt}>; {_rfc((t + timedelta(seconds=2)).astimezone(timezone(timedelta(hours=-8))))}")
        mua += [f"X-Google-Smtp-Source: AGHT+I{_alnum(rnd, 60)}",
                f"X-Gm-Message-State: AOJu0Y{_alnum(rnd, 40)}"]
        dkim_domain = "gmail.com"
        style = "gmail"
    elif client in ("outlook", "outlook-desktop"):
        host = f"mail-{rnd.choice(['sg2apc01', 'tyzapc01', 'psaapc01'])}olkn20{rnd.randint(10, 99)}.outbound.protection.outlook.com"
        ip = f"40.92.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}"
        box = f"TYZPR0{rnd.randint(1, 6)}MB{rnd.randint(1000, 9999)}"
        if client == "outlook-desktop":
            mid = f"<000001dc{_hex(rnd, 8)}${_hex(rnd, 8)}${_hex(rnd, 8)}$@{domain}>"
            mua += ["X-Mailer: Microsoft Outlook 16.0", f"Thread-Index: AQH{_alnum(rnd, 25)}", "Content-Language: th"]
            style = "outlook-desktop"
        else:
            mid = f"<{box}{_alnum(rnd, 20, 'ABCDEF0123456789')}@{box}.apcprd0{rnd.randint(1, 6)}.prod.outlook.com>"
            mua += ["Thread-Topic: x", f"Thread-Index: AQH{_alnum(rnd, 25)}", "Accept-Language: th-TH, en-US", "Content-Language: th-TH",
                    "X-MS-Has-Attach: ", "X-MS-TNEF-Correlator: "]
            style = "outlook"
        u = t.astimezone(UTC)
        hops.append(f"Received: from {box}.apcprd05.prod.outlook.com\n ([fe80::{_hex(rnd, 4)}:{_hex(rnd, 4)}:{_hex(rnd, 4)}:{_hex(rnd, 4)}]) by {box}.apcprd05.prod.outlook.com\n ([fe80::{_hex(rnd, 4)}:{_hex(rnd, 4)}:{_hex(rnd, 4)}:{_hex(rnd, 4)}%3]) with mapi id 15.20.8722.031; {_rfc(u + timedelta(seconds=1))}")
        dkim_domain = domain
    elif client == "thunderbird":
        host = f"mail.{domain}"
        mid = f"<{uuid.UUID(int=rnd.getrandbits(128))}@{domain}>"
        lan = f"192.168.{rnd.randint(0, 20)}.{rnd.randint(2, 250)}"
        hops.append(f"Received: from [{lan}] (node-{_alnum(rnd, 3).lower()}.pool-{ip.replace('.', '-')}.dynamic.totinternet.net [{ip}])\n\t(Authenticated sender: {addr})\n\tby {host} (Postfix) with ESMTPSA id {_alnum(rnd, 10, 'ABCDEF0123456789')}\n\tfor <{rcpt}>; {_rfc(t + timedelta(seconds=1))}")
        ip = f"203.150.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}"
        mua += ["User-Agent: Mozilla Thunderbird", "Content-Language: th"]
        style = "thunderbird"
    elif client == "yahoo":
        host = f"sonic{rnd.randint(301, 330)}-{rnd.randint(10, 60)}.consmr.mail.sg3.yahoo.com"
        ip = f"106.10.{rnd.randint(140, 250)}.{rnd.randint(1, 254)}"
        mid = f"<{rnd.randint(10**9, 2 * 10**9)}.{rnd.randint(10**6, 10**7)}.{int(t.timestamp() * 1000)}@mail.yahoo.com>"
        hops.append(f"Received: from 49.228.{rnd.randint(1, 254)}.{rnd.randint(1, 254)} by {host} with HTTP; {_rfc(t.astimezone(UTC) + timedelta(seconds=1))}")
        mua += [f"X-Mailer: WebService/1.1.2{rnd.randint(1000, 9999)} YMailNorrin"]
        dkim_domain = "yahoo.com"
        style = "yahoo"
    elif client == "apple":
        host = f"qs{rnd.randint(10, 99)}p00im-qukt0{rnd.randint(1, 9)}071{rnd.randint(101, 999)}.me.com"
        ip = f"17.57.{rnd.randint(152, 159)}.{rnd.randint(1, 254)}"
        mid = f"<{str(uuid.UUID(int=rnd.getrandbits(128))).upper()}@{domain}>"
        hops.append(f"Received: from smtpclient.apple (unknown [171.96.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}])\n\tby {host} (Postfix) with ESMTPSA id {_alnum(rnd, 12, 'ABCDEF0123456789')}\n\tfor <{rcpt}>; {_rfc(t.astimezone(UTC) + timedelta(seconds=1))}")
        mua += [f"X-Mailer: iPhone Mail (22{rnd.choice('BCDE')}{rnd.randint(10, 99)})"]
        dkim_domain = "icloud.com"
        style = "apple"
    elif client == "zimbra":  # MailGoThai and other Zimbra webmail of agencies
        host = domain if domain.startswith("mail.") else f"mail.{domain}"
        ip = f"164.115.{rnd.randint(2, 60)}.{rnd.randint(1, 254)}"
        mid = f"<{rnd.randint(10**8, 10**9)}.{rnd.randint(10**6, 10**7)}.{int(t.timestamp() * 1000)}.JavaMail.zimbra@{domain}>"
        hops.append(f"Received: from mbox{rnd.randint(1, 9)}.{domain} (mbox{rnd.randint(1, 9)}.{domain} [10.{rnd.randint(1, 99)}.{rnd.randint(1, 99)}.{rnd.randint(1, 99)}])\n\tby {host} (Postfix) with ESMTP id {_alnum(rnd, 10, 'ABCDEF0123456789')}\n\tfor <{rcpt}>; {_rfc(t + timedelta(seconds=1))}")
        mua += [f"X-Mailer: Zimbra 8.8.15_GA_4{rnd.randint(100, 999)} (ZimbraWebClient - GC1{rnd.randint(10, 40)} (Win)/8.8.15_GA_4{rnd.randint(100, 999)})",
                f"Thread-Index: {_alnum(rnd, 28)}"]
        style = "zimbra"
    elif client == "exchange":  # an agency's own Exchange server
        host = f"mail.{domain}"
        ip = f"164.115.{rnd.randint(2, 60)}.{rnd.randint(1, 254)}"
        srv = f"EXMBX0{rnd.randint(1, 4)}.{domain}"
        mid = f"<{_hex(rnd, 32)}@{srv}>"
        hops.append(f"Received: from {srv} (10.{rnd.randint(1, 99)}.{rnd.randint(1, 99)}.{rnd.randint(1, 99)}) by {srv}\n (10.{rnd.randint(1, 99)}.{rnd.randint(1, 99)}.{rnd.randint(1, 99)}) with Microsoft SMTP Server (version=TLS1_2,\n cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384) id 15.1.2507.39; {_rfc(t + timedelta(seconds=1))}")
        mua += [f"Thread-Index: AQH{_alnum(rnd, 25)}", "Accept-Language: th-TH, en-US", "Content-Language: th-TH", "X-MS-Has-Attach: ", "x-originating-ip: [10.20.{rnd.randint(1, 99)}.{rnd.randint(1, 254)}]"]
        style = "exchange"
    elif client == "phpmailer":
        host = f"{_alnum(rnd, 6).lower()}.{rnd.choice(['vps.ovh.net', 'contaboserver.net', 'hostinger.com', 'linode.com'])}"
        mid = f"<{_alnum(rnd, 40)}@{domain}>"
        hops.append(f"Received: from localhost (localhost [127.0.0.1])\n\tby {host} (Postfix) with ESMTPA id {_alnum(rnd, 10, 'ABCDEF0123456789')}\n\tfor <{rcpt}>; {_rfc(t)}")
        mua += [f"X-Mailer: PHPMailer 6.{rnd.randint(5, 9)}.{rnd.randint(0, 3)} (https://github.com/PHPMailer/PHPMailer)"]
        style = "phpmailer"
    elif client == "system":  # mail generated by a server: bounces, notifications
        host = domain if domain.count(".") >= 2 else f"mail.{domain}"
        mid = f"<{t:%Y%m%d%H%M%S}.{_hex(rnd, 10).upper()}@{host}>"
        style = "generic"
    else:
        raise ValueError(client)
    return dict(host=host, ip=ip, mid=mid, hops=hops, mua=mua, style=style, tls=tls, dkim_domain=dkim_domain)


# --------------------------------------------------------------------------- the message

@dataclass
class Mail:
    exp: dict  # the expected outcome (manifest fields other than file/message_id/mime)
    sender: tuple[str, str]  # (display name, address)
    subject: str
    body: Part
    client: str = "gmail"
    date: str = "2026-01-05 09:00"  # local (+07) time the sender pressed Send
    to: list[tuple[str, str]] = field(default_factory=lambda: [("", SARABAN)])
    cc: list[tuple[str, str]] = field(default_factory=list)
    rcpt: str | None = None  # envelope recipient (Delivered-To); default: our address in To/Cc
    charset: str = "utf-8"  # for the encoded Subject and From name
    enc: str = "B"
    headers: list[str] = field(default_factory=list)  # extra message headers, written as given
    spam: float = 0.0  # X-Spam-Status score written by our MX
    auth: str = "pass"  # pass | none | fail | softfail
    message_id: str | None = None
    return_path: str | None = None  # envelope sender, default the From address
    no_subject: bool = False


def render(key: str, m: Mail) -> tuple[bytes, str, list[str]]:
    rnd = random.Random(f"saraban-corpus/{key}")
    feats: set[str] = set()
    date = datetime.strptime(m.date, "%Y-%m-%d %H:%M").replace(tzinfo=TZ7) + timedelta(seconds=rnd.randint(0, 59))
    ours = [a for _, a in m.to + m.cc if a.endswith("@" + UNIT_DOMAIN)]
    rcpt = m.rcpt or (ours[0] if ours else SARABAN)
    name, addr = m.sender
    domain = addr.split("@", 1)[1]
    prof = client_profile(m.client, domain, addr, rnd, date, rcpt)
    rnd.style = prof["style"]  # type: ignore[attr-defined]  # read by Multi for boundaries
    mid = m.message_id or prof["mid"]
    arrive = date + timedelta(seconds=rnd.randint(2, 9))

    lines: list[str] = []
    lines.append(f"Return-Path: <{m.return_path if m.return_path is not None else addr}>")
    lines.append(f"X-Original-To: {rcpt}")
    lines.append(f"Delivered-To: {rcpt}")
    if prof["host"] == MX:  # generated by our own server (a bounce): one local hop
        lines.append(f"Received: by {MX} (Postfix)\n\tid {_alnum(rnd, 10, 'ABCDEF0123456789')}; {_rfc(arrive)}")
    else:
        lines.append(
            f"Received: from {prof['host']} ({prof['host']} [{prof['ip']}]){prof['tls']}\n"
            f"\tby {MX} (Postfix) with ESMTPS id {_alnum(rnd, 10, 'ABCDEF0123456789')}\n"
            f"\tfor <{rcpt}>; {_rfc(arrive)}")
        if m.auth == "none":
            ar = f"{MX};\n\tspf=none smtp.mailfrom={domain};\n\tdkim=none"
        elif m.auth == "fail":
            ar = (f"{MX};\n\tspf=fail ({MX}: domain of {domain} does not designate {prof['ip']} as permitted sender) smtp.mailfrom={domain};\n"
                  f"\tdkim=none;\n\tdmarc=fail (p=quarantine dis=none) header.from={domain}")
        elif m.auth == "softfail":
            ar = f"{MX};\n\tspf=softfail smtp.mailfrom={domain};\n\tdkim=none;\n\tdmarc=none header.from={domain}"
        else:
            ar = (f"{MX};\n\tdkim=pass (2048-bit key) header.d={prof['dkim_domain']} header.i=@{prof['dkim_domain']} header.b=\"{_alnum(rnd, 8)}\";\n"
                  f"\tspf=pass ({MX}: domain of {domain} designates {prof['ip']} as permitted sender) smtp.mailfrom={domain};\n"
                  f"\tdmarc=pass (p=none dis=none) header.from={domain}")
        lines.append(f"Authentication-Results: {ar}")
        flag = "Yes" if m.spam >= 5 else "No"
        tests = "BAYES_99,HTML_MESSAGE,URIBL_BLACK" if m.spam >= 5 else "DKIM_SIGNED,DKIM_VALID,SPF_PASS"
        lines.append(f"X-Spam-Status: {flag}, score={m.spam:.1f} required=5.0 tests={tests}\n\tautolearn=no autolearn_force=no version=4.0.1")
        if m.spam >= 5:
            lines.append("X-Spam-Flag: YES")
        lines.extend(prof["hops"])
        if m.auth == "pass":
            lines.append(
                f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d={prof['dkim_domain']}; s={rnd.choice(['20230601', 'selector1', 'default', 's1024'])}; t={int(date.timestamp())};\n"
                f"        h=from:to:subject:date:message-id:mime-version;\n        bh={_alnum(rnd, 43)}=;\n        b={_alnum(rnd, 70)}\n         {_alnum(rnd, 70)}==")

    lines.append(f"From: {address(name, addr, m.charset, m.enc)}")
    lines.append("To: " + ", ".join(address(n, a, m.charset, m.enc) for n, a in m.to))
    if m.cc:
        lines.append("Cc: " + ", ".join(address(n, a, m.charset, m.enc) for n, a in m.cc))
    if not m.no_subject:
        subj = header_text(m.subject, m.charset, m.enc)
        lines.append(f"Subject: {subj}")
        if not m.subject.isascii():
            feats.add(f"subject:rfc2047-{m.enc}({m.charset.lower()})")
            if m.charset.lower() in LEGACY:
                feats.add("thai-legacy-charset")
    else:
        feats.add("no-subject")
    lines.append(f"Date: {_rfc(date)}")
    lines.append(f"Message-ID: {mid}")
    for h in m.headers:
        lines.append(h)
        low = h.lower()
        for name_ in ("in-reply-to", "references", "auto-submitted", "list-id", "precedence", "reply-to"):
            if low.startswith(name_ + ":"):
                feats.add(name_)
    for h in prof["mua"]:
        if h.startswith("Thread-Topic: x"):
            h = "Thread-Topic: " + header_text(m.subject, m.charset, m.enc)
        lines.append(h)
    lines.append("MIME-Version: 1.0")
    if rcpt not in [a for _, a in m.to + m.cc]:
        feats.add("delivered-to-differs")
    hdrs, body = m.body.render(rnd, feats)
    lines.extend(hdrs)
    raw = ("\n".join(lines) + "\n\n").encode("ascii") + body
    return raw, mid, sorted(feats)


# --------------------------------------------------------------------------- expected outcome helpers

CITE = {
    "spam": "procedure.md step 1-2: spam or advertising -> delete, not registered",
    "wrong_channel": "procedure.md step 1-2: channel not announced for it -> register, reply naming the correct channel",
    "forward": "procedure.md step 1-2: for another unit under the same central administration (MSDHS) -> forward, not registered",
    "out_of_authority": "procedure.md step 1-2: outside this unit's duty/authority -> reply naming the correct agency, not registered",
    "register": "procedure.md step 1-2: announced channel (saraban@), right unit, within authority -> register + acknowledge",
    "machine": "automated message (no human sender); answering it would loop: never auto-reply, not a request",
    "review": "hard case: no rule can decide it safely; a person must look (disposition review)",
}
HIGH_RISK = "procedure.md step 3: high-risk request -> registered and acknowledged, held for identity proofing before acting"
INCOMPLETE = ("procedure.md: incomplete -> tell the sender which documents and by when, and what happens if not sent; "
              "hold 30 days then propose disposal to the head of unit")


def spam(note: str) -> dict:
    return {"disposition": "spam", "note": note}


def machine(note: str) -> dict:
    return {"disposition": "machine", "note": note}


def review(note: str, **kw) -> dict:
    return {"disposition": "review", **kw, "note": note}


def forward(unit: str, note: str, service: str | None = None) -> dict:
    d = {"disposition": "forward", "forward_to": FORWARD[unit]}
    if service:
        d["service"] = service
    d["note"] = note
    return d


def ooa(agency: str, note: str) -> dict:
    return {"disposition": "out_of_authority", "agency": agency, "note": note}


def wrong(hint: str, service: str, note: str, high_risk: bool = False, reply: bool = False) -> dict:
    return {"disposition": "wrong_channel", "channel_hint": hint, "service": service,
            "high_risk": high_risk, "reply_to_case": reply, "note": note}


def reg(service: str, note: str, complete: bool | None = None, missing: list[str] | None = None,
        high_risk: bool = False, reply: bool = False, **letter) -> dict:
    d: dict = {"disposition": "register", "service": service}
    if complete is not None:
        d["complete"] = complete
        if not complete:
            d["missing"] = missing or []
    d["high_risk"] = high_risk
    d["reply_to_case"] = reply
    d.update(letter)
    d["note"] = note
    return d


def finish_note(exp: dict) -> dict:
    parts = [exp["note"]]
    if exp.get("high_risk"):
        parts.append(HIGH_RISK)
    parts.append(CITE[exp["disposition"]])
    if exp.get("complete") is False:
        parts.append(INCOMPLETE)
    exp = dict(exp)
    exp["note"] = ". ".join(p.rstrip(".") for p in parts)
    return exp


# =========================================================================== THE MESSAGES
# Written as the people who send them would write: citizens on phones, clerks in Outlook,
# associations in Thunderbird, agencies on MailGoThai/Exchange, spammers with PHPMailer.

MAILS: list[Mail] = []

def html_of(text: str, style: str = "gmail", charset: str = "utf-8") -> str:
    from html import escape
    paras = text.split("\n")
    if style == "outlook":
        inner = "".join(
            f'<p class="MsoNormal"><span lang="TH" style="font-size:16.0pt;font-family:&quot;Angsana New&quot;,serif">{escape(p) or "&nbsp;"}</span></p>\n'
            for p in paras)
        return (f'<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
                f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                f'<meta name="Generator" content="Microsoft Word 15 (filtered medium)"></head>\n'
                f'<body lang="EN-US" link="#0563C1"><div class="WordSection1">\n{inner}</div></body></html>\n')
    if style == "apple":
        inner = "".join(f"<div>{escape(p) or '<br>'}</div>" for p in paras)
        return f'<html><head><meta http-equiv="content-type" content="text/html; charset={charset}"></head><body dir="auto">{inner}</body></html>\n'
    if style == "thunderbird":
        inner = "<br>\n".join(escape(p) for p in paras)
        return (f'<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
                f'  </head>\n  <body>\n    <p>{inner}</p>\n  </body>\n</html>\n')
    if style == "yahoo":
        inner = "".join(f'<div dir="ltr" data-setdir="false">{escape(p) or "<br>"}</div>' for p in paras)
        return f'<html><head></head><body><div class="ydp3f1c2a9yahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:16px;">{inner}</div></body></html>\n'
    inner = "".join(f"<div>{escape(p) or '<br>'}</div>" for p in paras)
    return f'<div dir="ltr">{inner}</div>\n'


def alt(text: str, charset: str = "utf-8", cte: str = "base64", style: str = "gmail", html_cte: str | None = None) -> Multi:
    return Multi("alternative", [Text(text, "plain", charset, cte),
                                 Text(html_of(text, style, charset), "html", charset, html_cte or cte)])


def mixed(first: Part, *attachments: Attach, preamble: str | None = None) -> Multi:
    return Multi("mixed", [first, *attachments], preamble=preamble)


TB_PRE = "This is a multi-part message in MIME format."

# --- e01 register S01, complete: a foundation, Thunderbird, six PDFs named in Thai (RFC 2231)
MAILS.append(Mail(
    reg("S01", "Foundation asks to be certified as an anti-human-trafficking organisation (S01) and attaches all six "
        "documents of seed 003 (ID card copy, registered charter, regulations, board list, project plan, one-year results)",
        complete=True),
    ("มูลนิธิพิทักษ์สิทธิเด็กและสตรีเพชรบุรี", "info@pitaksit-pbi.or.th"),
    "ขอยื่นคำขอรับรองเป็นองค์กรที่ปฏิบัติงานด้านการป้องกันและปราบปรามการค้ามนุษย์",
    mixed(Text("""เรียน พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี

ด้วยมูลนิธิพิทักษ์สิทธิเด็กและสตรีเพชรบุรี ได้ดำเนินงานเฝ้าระวังและช่วยเหลือผู้เสียหายจากการค้ามนุษย์ ในพื้นที่อำเภอเมืองเพชรบุรีและอำเภอบ้านแหลม มาตั้งแต่ปี 2564 โดยเฉพาะแรงงานประมงและหญิงที่ถูกชักชวนไปทำงานต่างประเทศ มูลนิธิจึงมีความประสงค์ขอรับรองเป็นองค์กรที่ปฏิบัติงานด้านการป้องกันและปราบปรามการค้ามนุษย์ และขอส่งเอกสารประกอบคำขอ ดังนี้

1. สำเนาบัตรประจำตัวประชาชนของประธานมูลนิธิ
2. สำเนาตราสารจดทะเบียนมูลนิธิ
3. สำเนาข้อบังคับมูลนิธิ
4. สำเนารายนามคณะกรรมการมูลนิธิ
5. แผนงานโครงการปี 2569
6. รายงานผลการดำเนินงานปี 2567-2568

หากเอกสารไม่ครบถ้วนประการใด โปรดแจ้งเจ้าหน้าที่มูลนิธิ คุณวิภาวรรณ โทร. 089-114-2378 ในวันและเวลาราชการ

ขอแสดงความนับถือ
นางสาวรัชนี ศรีสมบูรณ์
ประธานมูลนิธิพิทักษ์สิทธิเด็กและสตรีเพชรบุรี
""", cte="8bit", flowed=True),
        att_pdf("สำเนาบัตรประชาชน_ประธานมูลนิธิ.pdf", "ID card copy"),
        att_pdf("ตราสารจดทะเบียนมูลนิธิ.pdf", "Foundation charter"),
        att_pdf("ข้อบังคับมูลนิธิ.pdf", "Regulations"),
        att_pdf("รายนามคณะกรรมการมูลนิธิ.pdf", "Board of directors"),
        att_pdf("แผนงานโครงการ_2569.pdf", "Project plan 2026"),
        Attach("รายงานผลการดำเนินงาน_2567-2568.pdf", "application/pdf", pdf("Annual results 2024-2025"), "rfc2231-cont"),
        preamble=TB_PRE),
    client="thunderbird", date="2026-01-07 10:14"))

# --- e02 spam: English SEO offer
MAILS.append(Mail(
    spam("Cold SEO/website-ranking offer in English; advertising"),
    ("Daniel | Growth Team", "daniel@rankboost-digital.co"),
    "Quick question about phetchaburi.m-society.go.th",
    alt("""Hi there,

I was checking phetchaburi.m-society.go.th and noticed it is not showing on the first page of Google for some important keywords like "social welfare Phetchaburi" and "elderly care Thailand".

We are a team of SEO experts and we help government and non-profit sites get TOP 3 rankings in 60 days - guaranteed, or your money back.

Our packages start at just $149/month:
- On-page optimisation
- 50 high DA backlinks per month
- Monthly ranking report

Can I send you a FREE audit report? Just reply "YES".

Best regards,
Daniel Moore
Senior SEO Consultant, RankBoost Digital

If you don't want to hear from me again, reply "NO".
""", charset="us-ascii", cte="7bit"),
    client="phpmailer", date="2026-01-08 03:41", spam=3.9, auth="softfail"))

# --- e03 forward Ratchaburi (district only: Ban Pong), funeral grant
MAILS.append(Mail(
    forward("ratchaburi", "Daughter asks for the elderly funeral grant (S16) for her mother; they live in Tha Pha, "
            "Ban Pong (อ.บ้านโป่ง), a district of Ratchaburi; the province is not named", "S16"),
    ("Kanokwan S.", "kanokwan.sae2532@gmail.com"),
    "สอบถามเรื่องเงินค่าทำศพผู้สูงอายุค่ะ",
    alt("""สวัสดีค่ะ

คุณแม่ดิฉันเสียชีวิตเมื่อวันที่ 2 ก.พ. ที่ผ่านมา อายุ 78 ปี ท่านมีบัตรสวัสดิการแห่งรัฐ ได้ยินว่าสามารถขอเงินค่าจัดการศพผู้สูงอายุได้ 3,000 บาท อยากทราบว่าต้องเตรียมเอกสารอะไรบ้างคะ และส่งทางอีเมลนี้ได้เลยไหม

บ้านอยู่ หมู่ 4 ต.ท่าผา อ.บ้านโป่ง ค่ะ ตอนนี้จัดงานที่วัดใกล้บ้านเสร็จเรียบร้อยแล้ว

ขอบคุณค่ะ
กนกวรรณ แซ่ลิ้ม
095-338-1746
"""),
    date="2026-02-11 20:37"))

# --- e04 out_of_authority local_admin: old-age allowance not paid (Yahoo, QP, typos)
MAILS.append(Mail(
    ooa("local_admin", "Son says his father registered for the monthly old-age allowance at อบต.หนองโสน and has never "
        "been paid; the allowance is paid by the local administration where the person lives"),
    ("somkiat boonmee", "somkiat_bm@yahoo.com"),
    "เบี้ยผู้สูงอายุพ่อไม่เข้าครับ",
    alt("""เรียนเจ้าหน้าที่ครับ

พ่อผมอายุ 61 ปี ไปลงทะเบียนรับเบี้ยผู้สูงอายุที่ อบต.หนองโสน ตั้งแต่ตุลาคมปีที่แล้ว แต่จนป่านนี้ยังไม่ได้เงินเลยสักบาท เดือนมกราก็ไม่เข้า กุมภาก็ไม่เข้า โทรไปที่อบต.ก็บอกให้รอๆ ไม่รู้ว่าติดปัญหาอะไร

รบกวนช่วยเช็คให้หน่อยได้มั้ยครับ ว่าพ่อผมมีชื่อได้รับเบี้ยรึยัง  ชื่อนายบุญส่ง บุญมี  ต.หนองโสน อ.เมืองเพชรบุรี

ขอบคุณครับ
สมเกียรติ
""", cte="quoted-printable", style="yahoo"),
    client="yahoo", date="2026-02-16 07:52"))

# --- e05 machine: Thai out-of-office (Exchange), answering a letter the unit sent
MAILS.append(Mail(
    machine("Exchange out-of-office (Thai) from a district officer, in reply to an invitation the unit sent; "
            "Auto-Submitted: auto-replied and X-Auto-Response-Suppress"),
    ("ปราณี ทองดี", "pranee.t@phetchaburi.go.th"),
    "ตอบกลับอัตโนมัติ: ขอเชิญประชุมคณะอนุกรรมการส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการจังหวัดเพชรบุรี ครั้งที่ 1/2569",
    Text("""เรียน ผู้ส่ง

ดิฉันไปราชการต่างจังหวัดระหว่างวันที่ 19 - 23 มกราคม 2569 และจะตรวจอีเมลได้ไม่สม่ำเสมอ
หากมีเรื่องเร่งด่วน กรุณาติดต่อ นายวิชัย แก้วประเสริฐ โทร. 032-425-118 ต่อ 12

ขอบคุณค่ะ
ปราณี ทองดี
""", cte="base64"),
    client="exchange", date="2026-01-20 08:03",
    headers=["In-Reply-To: " + unit_mid(datetime(2026, 1, 20, 8, 0, 12, tzinfo=TZ7), "e05-orig"),
             "References: " + unit_mid(datetime(2026, 1, 20, 8, 0, 12, tzinfo=TZ7), "e05-orig"),
             "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: pranee.t@phetchaburi.go.th"]))

# --- e06 register S16, incomplete: son sends three scans, lacks the welfare card and forms
MAILS.append(Mail(
    reg("S16", "Son applies for the elderly funeral grant (S16) for his father in Tha Yang, Phetchaburi; attaches "
        "the death certificate, his ID card and bank book but not the father's state welfare card, the KTB "
        "Corporate Online transfer form or form ศผส.01", complete=False,
        missing=["บัตรสวัสดิการแห่งรัฐของผู้สูงอายุ",
                 "แบบแจ้งข้อมูลการรับเงินโอนผ่านระบบ Krungthai Corporate Online",
                 "แบบคำขอรับเงินสงเคราะห์และรับรองผู้รับผิดชอบในการจัดการศพผู้สูงอายุตามประเพณี (ศผส.01)"]),
    ("ณัฐพล จันทร์หอม", "nattapon.chanhom@gmail.com"),
    "ขอรับเงินสงเคราะห์ค่าจัดการศพผู้สูงอายุ (นายเฉลิม จันทร์หอม)",
    mixed(alt("""เรียน เจ้าหน้าที่ พมจ.เพชรบุรี

ผมนายณัฐพล จันทร์หอม บุตรของนายเฉลิม จันทร์หอม อายุ 83 ปี ซึ่งถึงแก่กรรมเมื่อวันที่ 28 กุมภาพันธ์ 2569 ที่บ้านเลขที่ 57 หมู่ 6 ต.ท่าคอย อ.ท่ายาง จ.เพชรบุรี ผมเป็นผู้จัดการศพของบิดา จึงขอยื่นคำขอรับเงินสงเคราะห์ค่าจัดการศพผู้สูงอายุตามประเพณีครับ

แนบมาพร้อมนี้
- ใบมรณบัตร
- บัตรประชาชนของผม
- หน้าสมุดบัญชีออมทรัพย์ธนาคารกรุงไทย

บัตรสวัสดิการแห่งรัฐของพ่อยังหาไม่เจอครับ ถ้าเจอแล้วจะส่งตามไปให้

ขอบคุณครับ
ณัฐพล 081-902-4437
"""),
        att_jpg("ใบมรณบัตร_นายเฉลิม.jpg"),
        att_jpg("บัตรประชาชน_ณัฐพล.jpg"),
        att_jpg("สมุดบัญชีกรุงไทย.jpg")),
    date="2026-03-03 13:26"))

# --- e07 spam: loan scam from a free-mail address
MAILS.append(Mail(
    spam("Loan scam (สินเชื่อข้าราชการ, no credit check, 'fee first' via LINE) from a free-mail address"),
    ("สินเชื่อข้าราชการ อนุมัติไว", "kredit.rachakarn.2026@gmail.com"),
    "ข้าราชการ พนักงานราชการ กู้ได้ 500,000 ไม่เช็คบูโร อนุมัติใน 1 ชม.",
    Text("""เรียน ท่านข้าราชการและเจ้าหน้าที่ของรัฐทุกท่าน

*** สินเชื่อพิเศษสำหรับข้าราชการ ***
วงเงินสูงสุด 500,000 บาท ดอกเบี้ยเริ่มต้น 0.59% ต่อเดือน
- ไม่เช็คเครดิตบูโร ติดแบล็คลิสต์ก็กู้ได้
- ไม่ต้องมีคนค้ำ ไม่ต้องใช้หนังสือรับรองเงินเดือน
- อนุมัติภายใน 1 ชั่วโมง โอนเข้าบัญชีทันที

เพียงแอดไลน์ @loan-gov99 ส่งรูปบัตรข้าราชการ และโอนค่าธรรมเนียมเปิดวงเงิน 1,500 บาท
(ได้คืนเต็มจำนวนเมื่อรับเงินกู้)

รับจำนวนจำกัด 50 ท่านแรกเท่านั้น!!!
""", cte="quoted-printable"),
    date="2026-03-05 22:10", spam=6.4))

# --- e08 wrong_channel pr@: public-benefit organisation certification (S13), Thunderbird HTML + DOCX
MAILS.append(Mail(
    wrong("saraban_email", "S13", "Association asks to be certified as a public-benefit organisation (S13) but "
          "writes to pr@, which is announced for public relations only"),
    ("สมาคมผู้สูงอายุตำบลบางจาน", "office@bangjan-elderly.or.th"),
    "ยื่นขอรับรองเป็นองค์กรสาธารณประโยชน์ สมาคมผู้สูงอายุตำบลบางจาน",
    mixed(alt("""เรียน พมจ.เพชรบุรี

สมาคมผู้สูงอายุตำบลบางจาน อำเภอเมืองเพชรบุรี จดทะเบียนเป็นสมาคมตั้งแต่ปี 2563 ดำเนินกิจกรรมโรงเรียนผู้สูงอายุและกองทุนฌาปนกิจ มีความประสงค์ขอรับรองเป็นองค์กรสาธารณประโยชน์ ตามระเบียบว่าด้วยการรับรองเป็นองค์กรสาธารณประโยชน์

ได้แนบแบบคำขอ (ไฟล์ word) มาพร้อมนี้ ส่วนสำเนาเอกสารอื่นๆ จะนำส่งตามมา

จึงเรียนมาเพื่อโปรดพิจารณา
นายประยูร ช่างเหล็ก
นายกสมาคมผู้สูงอายุตำบลบางจาน
โทร 086-775-0912
""", cte="base64", style="thunderbird"),
        att_docx("แบบคำขอรับรององค์กรสาธารณประโยชน์.docx",
                 ["แบบคำขอรับรองเป็นองค์กรสาธารณประโยชน์", "ชื่อองค์กร สมาคมผู้สูงอายุตำบลบางจาน",
                  "ที่ตั้ง 112 หมู่ 3 ตำบลบางจาน อำเภอเมืองเพชรบุรี จังหวัดเพชรบุรี"]),
        preamble=TB_PRE),
    client="thunderbird", date="2026-03-09 14:02", to=[("", PR)]))

# --- e09 out_of_authority immigration: English, retirement visa extension, plain 7bit
MAILS.append(Mail(
    ooa("immigration", "British retiree in Cha-am asks for help extending his retirement visa and the 90-day "
        "report; visas and extensions of stay belong to the Immigration office"),
    ("Graham Whitfield", "g.whitfield1956@gmail.com"),
    "Retirement visa extension - need help please",
    Text("""Dear Sir/Madam,

I am a British citizen, 69 years old, and I have lived in Cha-am with my Thai wife for six years. My retirement visa (non-immigrant O-A) extension runs out on 14 May and I have been told the rules about the bank deposit have changed this year.

Could your office help me with the extension of stay and the 90-day report? My wife's niece said the social development office helps older people, so I thought I would ask you first.

I can come to Phetchaburi town any weekday morning.

Kind regards,
Graham Whitfield
Tel. 087 219 4456
""", charset="us-ascii", cte="7bit"),
    date="2026-03-12 09:05"))

# --- e10 register S20: elderly woman writes from an iPhone, husband bedridden (QP, typos)
MAILS.append(Mail(
    reg("S20", "Elderly woman in Khao Yoi asks for help: her husband is paralysed after a stroke, no income, "
        "roof leaking; assistance for people in social hardship (S20). The documents are gathered at the home "
        "visit, so no completeness judgement on the e-mail itself"),
    ("ลำดวน มีสุข", "lumduan.m@icloud.com"),
    "ขอความช่วยเหลือค่ะ",
    Text("""เรียนเจ้าหน้าที่ค่ะ

ป้าชื่อลำดวน อายุ67 อยู่บ้านเลขที่ 88 ม.2 ต.หนองปรง อ.เขาย้อย สามีป้าเป็นอัมพาตครึ่งซีกตั้งแต่ปีที่แล้ว นอนติดเตียง ป้าต้องดูแลคนเดียว ลูกไปทำงานกทม.ไม่ค่อยได้ส่งเงินมา ตอนนี้ไม่มีรายได้เลยค่ะ ได้แต่เบี้ยคนแก่ แพมเพิสก็แพง หลังคาบ้านก็รั่ว ฝนตกทีน้ำเข้าที่นอนสามี

หลานสอนให้ส่งอีเมลมา ถ้าพิมพ์ผิดขอโทษด้วยนะคะ อยากขอความช่วยเหลืออะไรก็ได้ค่ะ

ลำดวน
เบอร์ 062-118-7305

ส่งจาก iPhone ของฉัน
""", cte="quoted-printable"),
    client="apple", date="2026-03-18 19:44"))

# --- e11 forward shelter: domestic violence, woman with two children
MAILS.append(Mail(
    forward("shelter", "Woman beaten by her husband asks for a safe place for herself and two children tonight; "
            "domestic violence belongs to the Children and Family Shelter"),
    ("Nong May", "maymay.2540@hotmail.com"),
    "ช่วยด้วยค่ะ สามีทำร้ายร่างกาย",
    alt("""ขอความช่วยเหลือด่วนค่ะ

สามีดิฉันดื่มเหล้าแล้วทำร้ายร่างกายดิฉันมาหลายครั้ง เมื่อคืนเขาบีบคอดิฉันต่อหน้าลูก ตอนนี้ดิฉันพาลูกสองคน (7 ขวบ กับ 3 ขวบ) หนีออกมาอยู่บ้านเพื่อนที่ อ.เมืองเพชรบุรี แต่อยู่ได้แค่คืนนี้คืนเดียว เพื่อนกลัวเขาตามมา

มีที่ไหนให้ดิฉันกับลูกไปพักได้บ้างไหมคะ ไม่กล้าโทรเพราะเขาคอยดูโทรศัพท์ ติดต่อกลับทางอีเมลนี้ได้ค่ะ

เมย์
""", charset="utf-8", cte="base64", style="outlook"),
    client="outlook", date="2026-03-21 06:12"))

# --- e12 spam: phishing for the unit's webmail on a look-alike domain, HTML only
MAILS.append(Mail(
    spam("Credential phishing: 'mailbox quota full' page on m-society-mail.com, a look-alike of the ministry's domain"),
    ("ผู้ดูแลระบบอีเมล กระทรวง พม.", "postmaster@m-society-mail.com"),
    "แจ้งเตือน: กล่องจดหมายของท่านเต็ม 99% กรุณายืนยันบัญชีภายใน 24 ชั่วโมง",
    Text("""<html><body style="font-family:Tahoma,sans-serif;font-size:14px">
<table width="560" style="border:1px solid #ccc"><tr><td style="background:#1f4e8c;color:#fff;padding:10px">
<b>ระบบจดหมายอิเล็กทรอนิกส์ กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์</b></td></tr>
<tr><td style="padding:14px">
<p>เรียน ผู้ใช้งาน saraban@phetchaburi.m-society.go.th</p>
<p>พื้นที่กล่องจดหมายของท่านถูกใช้ไปแล้ว <b style="color:red">99%</b> (4.95 GB / 5 GB)
ข้อความใหม่จะถูกตีกลับจนกว่าท่านจะยืนยันบัญชีและขยายพื้นที่</p>
<p><a href="https://m-society-mail.com/owa/verify?u=saraban%40phetchaburi.m-society.go.th"
style="background:#1f4e8c;color:#fff;padding:8px 18px;text-decoration:none">ยืนยันบัญชีและขยายพื้นที่</a></p>
<p style="color:#888;font-size:12px">หากไม่ดำเนินการภายใน 24 ชั่วโมง บัญชีของท่านจะถูกระงับการใช้งาน<br>
ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร สป.พม.</p>
</td></tr></table></body></html>
""", subtype="html", cte="quoted-printable"),
    client="phpmailer", date="2026-03-23 02:17", spam=4.6, auth="softfail",
    headers=["Reply-To: helpdesk.msociety@proton.me"]))

# --- e13 register letter 1: district office (MailGoThai Zimbra), urgent, text body + scanned PDF
MAILS.append(Mail(
    reg("letter", "Official letter from Cha-am district office asking help for a family whose house burned down "
        "(social hardship), marked ด่วนมาก, addressed to this unit; letter lines in the body, the scan as a PDF",
        doc_number="พบ ๐๕๑๘/๑๒๓๔", doc_number_ascii="พบ 0518/1234", doc_date="2026-03-24",
        subject="ขอความช่วยเหลือครอบครัวผู้ประสบปัญหาทางสังคม กรณีบ้านเรือนถูกไฟไหม้",
        urgency="ด่วนมาก", sender_agency="ที่ว่าการอำเภอชะอำ"),
    ("งานสารบรรณ อำเภอชะอำ", "saraban.chaam@mail.go.th"),
    "ด่วนมาก ที่ พบ 0518/1234 ขอความช่วยเหลือครอบครัวผู้ประสบปัญหาทางสังคม กรณีบ้านเรือนถูกไฟไหม้",
    mixed(Text("""ด่วนมาก
ที่ พบ ๐๕๑๘/๑๒๓๔                                    ที่ว่าการอำเภอชะอำ
                                                    ถนนเพชรเกษม อำเภอชะอำ
                                                    จังหวัดเพชรบุรี ๗๖๑๒๐

                                ๒๔ มีนาคม ๒๕๖๙

เรื่อง  ขอความช่วยเหลือครอบครัวผู้ประสบปัญหาทางสังคม กรณีบ้านเรือนถูกไฟไหม้

เรียน  พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี

สิ่งที่ส่งมาด้วย  ๑. บันทึกการตรวจสอบข้อเท็จจริงของกำนันตำบลไร่ใหม่พัฒนา   จำนวน ๑ ชุด
                ๒. ภาพถ่ายความเสียหาย                                   จำนวน ๑ ชุด

        ด้วยเมื่อวันที่ ๒๑ มีนาคม ๒๕๖๙ ได้เกิดเหตุเพลิงไหม้บ้านเลขที่ ๓๔/๒ หมู่ที่ ๕ ตำบลไร่ใหม่พัฒนา อำเภอชะอำ จังหวัดเพชรบุรี ของนางสมใจ พูลเพิ่ม ทำให้บ้านเสียหายทั้งหลัง สมาชิกในครอบครัวจำนวน ๕ คน ซึ่งมีผู้สูงอายุติดเตียง ๑ คน และเด็กเล็ก ๒ คน ไม่มีที่อยู่อาศัยและขาดแคลนเครื่องอุปโภคบริโภค

        อำเภอชะอำจึงขอความอนุเคราะห์สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี พิจารณาให้ความช่วยเหลือครอบครัวดังกล่าวตามระเบียบต่อไป

        จึงเรียนมาเพื่อโปรดพิจารณา

                                ขอแสดงความนับถือ

                                (นายธนกร วงศ์สวัสดิ์)
                                นายอำเภอชะอำ

ที่ทำการปกครองอำเภอชะอำ
โทร. ๐ ๓๒๔๗ ๑๐๐๔
โทรสาร ๐ ๓๒๔๗ ๑๐๐๕
""", cte="base64"),
        att_pdf("พบ0518-1234 ขอความช่วยเหลือกรณีไฟไหม้.pdf", "Scanned letter PB 0518/1234", style="rfc2047")),
    client="zimbra", date="2026-03-24 15:31"))

# --- e14 out_of_authority district_registry: lost ID card (Outlook desktop, windows-874 QP)
MAILS.append(Mail(
    ooa("district_registry", "Asks where to get a new national ID card after losing her wallet; ID cards are "
        "issued by the district registration office"),
    ("จิราพร แก้วมณี", "jiraporn.kaew@outlook.co.th"),
    "บัตรประชาชนหาย ต้องทำอย่างไรคะ",
    alt("""เรียน เจ้าหน้าที่

ดิฉันทำกระเป๋าสตางค์หายที่ตลาดท่ายางเมื่อวันเสาร์ บัตรประชาชนหายไปด้วย ไม่ทราบว่าต้องไปทำบัตรใหม่ที่ไหน ต้องใช้ใบแจ้งความหรือไม่ และต้องเตรียมเอกสารอะไรบ้างคะ

ขอบคุณค่ะ
จิราพร
""", charset="windows-874", cte="quoted-printable", style="outlook"),
    client="outlook-desktop", charset="windows-874", date="2026-03-30 11:20"))

# --- e15 machine: DSN from our own MX, the acknowledgment bounced (multipart/report delivery-status)
_e15_orig = unit_mid(datetime(2026, 4, 2, 10, 15, 3, tzinfo=TZ7), "e15-ack")
MAILS.append(Mail(
    machine("Postfix delivery status notification from our own MX: the acknowledgment sent to a mistyped "
            "address (hotmial.com) bounced; multipart/report delivery-status with the original Message-ID"),
    ("Mail Delivery System", "MAILER-DAEMON@mx.phetchaburi.m-society.go.th"),
    "Undelivered Mail Returned to Sender",
    Multi("report", [
        Text("""This is the mail system at host mx.phetchaburi.m-society.go.th.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<somchai.k@hotmial.com>: Host or domain name not found. Name service error for
    name=hotmial.com type=MX: Host not found, try again
""", charset="us-ascii", cte="7bit"),
        Raw("message/delivery-status", """Reporting-MTA: dns; mx.phetchaburi.m-society.go.th
X-Postfix-Queue-ID: 4Fq9K21ZxCz3wP
X-Postfix-Sender: rfc822; saraban@phetchaburi.m-society.go.th
Arrival-Date: Thu,  2 Apr 2026 10:15:03 +0700 (+07)

Final-Recipient: rfc822; somchai.k@hotmial.com
Original-Recipient: rfc822;somchai.k@hotmial.com
Action: failed
Status: 5.4.4
Diagnostic-Code: X-Postfix; Host or domain name not found. Name service error
    for name=hotmial.com type=MX: Host not found, try again
""", headers=["Content-Description: Delivery report"]),
        Raw("text/rfc822-headers", f"""Return-Path: <saraban@phetchaburi.m-society.go.th>
Received: from app01.phetchaburi.m-society.go.th (app01 [10.10.4.21])
	by mx.phetchaburi.m-society.go.th (Postfix) with ESMTP id 4Fq9K21ZxCz3wP
	for <somchai.k@hotmial.com>; Thu,  2 Apr 2026 10:15:03 +0700 (+07)
From: =?utf-8?b?4Liq4Liz4LiZ4Lix4LiB4LiH4Liy4LiZ4Lie4Lix4LiS4LiZ4Liy4Liq4Lix4LiH4LiE4Lih?= <saraban@phetchaburi.m-society.go.th>
To: somchai.k@hotmial.com
Subject: =?utf-8?b?4LmB4LiI4LmJ4LiH4LiB4Liy4Lij4Lij4Lix4Lia4LmA4Lij4Li34LmI4Lit4LiHIOC5gOC4peC4guC4o+C4seC4miAxNDIvMjU2OQ==?=
Date: Thu, 2 Apr 2026 10:15:03 +0700
Message-ID: {_e15_orig}
""", headers=["Content-Description: Undelivered Message Headers"]),
    ], params=" report-type=delivery-status;", boundary="4Fq9K21ZxCz3wP.1775099706/mx.phetchaburi.m-society.go.th",
        preamble="This is a MIME-encapsulated message."),
    client="system", date="2026-04-02 10:15", return_path="",
    headers=["Auto-Submitted: auto-replied"]))

# --- e16 wrong_channel S09: first disability card for a child with cerebral palsy, scans attached
MAILS.append(Mail(
    wrong("in_person", "S09", "Mother e-mails scans to get a first disability ID card (S09) for her son with "
          "cerebral palsy; S09 is in person only (photo, medical certificate)"),
    ("Pimchanok Rattana", "pimchanok.rt@gmail.com"),
    "ขอทำบัตรคนพิการให้ลูกชายค่ะ",
    mixed(alt("""เรียนเจ้าหน้าที่ พมจ. ค่ะ

ลูกชายดิฉัน ด.ช.ภูมิ รัตนะ อายุ 9 ขวบ เป็นซีพี (สมองพิการ) เดินเองไม่ได้ หมอที่โรงพยาบาลพระจอมเกล้าออกเอกสารรับรองความพิการให้แล้ว อยากขอทำบัตรประจำตัวคนพิการให้ลูกค่ะ ลูกยังไม่เคยมีบัตร

ดิฉันสแกนเอกสารรับรองความพิการ สูติบัตร ทะเบียนบ้าน และบัตรประชาชนของดิฉันแนบมาในเมลนี้แล้ว รบกวนทำบัตรแล้วส่งไปรษณีย์มาที่บ้านได้ไหมคะ การพาลูกเดินทางลำบากมาก

บ้านเลขที่ 19/7 ต.บ้านหม้อ อ.เมืองเพชรบุรี
พิมพ์ชนก 089-551-3362
"""),
        att_jpg("เอกสารรับรองความพิการ_ภูมิ.jpg"),
        att_jpg("สูติบัตร_ภูมิ.jpg"),
        att_jpg("ทะเบียนบ้าน.jpg"),
        att_png("บัตรประชาชนแม่.png")),
    date="2026-04-06 21:05"))

# --- e17 review: a one-line "สอบถามค่ะ" with nothing else
MAILS.append(Mail(
    review("One line, 'สอบถามค่ะ' (I have a question), no question and no matter: nothing to classify; a person "
           "should reply asking what it is about, no rule should guess"),
    ("", "noona.jaja1999@gmail.com"),
    "สอบถาม",
    alt("""สอบถามค่ะ

ส่งจาก Android
"""),
    date="2026-04-08 12:33"))

# --- e18 out_of_authority social_security: maternity benefit (Yahoo HTML + plain)
MAILS.append(Mail(
    ooa("social_security", "Factory worker asks about the maternity benefit and child allowance of the social "
        "security fund (section 33); Social Security Office"),
    ("Warunee Pongsak", "warunee_ps@yahoo.com"),
    "เรื่องเงินค่าคลอดบุตร ประกันสังคม",
    alt("""สวัสดีค่ะ

ดิฉันทำงานโรงงานสับปะรดกระป๋องที่เขาย้อย เป็นผู้ประกันตนมาตรา 33 มา 3 ปีแล้ว เพิ่งคลอดลูกเมื่อเดือนที่แล้ว อยากทราบว่าเบิกค่าคลอดบุตรได้เท่าไหร่ และเงินสงเคราะห์บุตรรายเดือนต้องยื่นที่ไหนคะ ยื่นออนไลน์ได้หรือเปล่า

ขอบคุณมากค่ะ
วารุณี
""", cte="quoted-printable", style="yahoo"),
    client="yahoo", date="2026-04-10 16:48"))

# --- e19 spam: English crypto investment scam
MAILS.append(Mail(
    spam("Crypto investment scam in English (USDT 'AI arbitrage', guaranteed daily returns)"),
    ("BitYield Capital", "invest@bityield-capital.xyz"),
    "Earn 2.8% DAILY with AI crypto arbitrage - limited seats",
    alt("""Dear Investor,

Our AI trading robot made +312% in 2025 with ZERO losing days.

* Deposit from 100 USDT
* Guaranteed 2.8% daily profit, withdraw any time
* Refer a friend and earn 10% of their deposit

Thai government employees qualify for our VIP plan with a 500 USDT welcome bonus.

Register now: https://bityield-capital.xyz/vip?ref=TH2026
Contact our account manager on Telegram: @BitYield_Anna

This offer ends in 48 hours.
BitYield Capital Ltd.
""", charset="us-ascii", cte="7bit"),
    client="phpmailer", date="2026-04-12 04:09", spam=7.8, auth="fail"))

# --- e20 register S11 (high-risk): cancel the late father's disability card (Outlook, windows-874)
MAILS.append(Mail(
    reg("S11", "Daughter asks to cancel her late father's disability ID card (S11, revoking a registration); attaches "
        "the death certificate and her ID card, but not the original disability card, the house registration or "
        "proof that she is related to him", complete=False,
        missing=["บัตรประจำตัวคนพิการ ฉบับจริง", "สำเนาทะเบียนบ้าน",
                 "ใบมอบอำนาจหรือหลักฐานอื่นที่แสดงว่ามีส่วนเกี่ยวข้องกับคนพิการ"],
        high_risk=True),
    ("สุดารัตน์ อินทร์แก้ว", "sudarat.ink@hotmail.com"),
    "ขอยกเลิกบัตรประจำตัวคนพิการ (บิดาเสียชีวิต)",
    mixed(alt("""เรียน เจ้าหน้าที่สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี

ดิฉัน นางสุดารัตน์ อินทร์แก้ว เป็นบุตรสาวของนายสมหมาย อินทร์แก้ว ผู้ถือบัตรประจำตัวคนพิการ (พิการทางการเคลื่อนไหว) บิดาได้เสียชีวิตแล้วเมื่อวันที่ 3 เมษายน 2569 ดิฉันจึงขอแจ้งยกเลิกบัตรประจำตัวคนพิการของบิดา เพื่อไม่ให้มีการนำบัตรไปใช้และให้หยุดจ่ายสิทธิ์ต่างๆ

ได้แนบสำเนาใบมรณบัตรและสำเนาบัตรประชาชนของดิฉันมาด้วยแล้ว

ขอแสดงความนับถือ
สุดารัตน์ อินทร์แก้ว
โทร. 084-226-9013
""", charset="windows-874", cte="base64", style="outlook"),
        att_jpg("ใบมรณบัตร นายสมหมาย.jpg", charset="windows-874"),
        att_jpg("สำเนาบัตรประชาชน สุดารัตน์.jpg", charset="windows-874")),
    client="outlook-desktop", charset="windows-874", date="2026-04-15 09:37"))

# --- e21 forward homeless: elderly man sleeping at the railway station
MAILS.append(Mail(
    forward("homeless", "Passer-by reports a confused elderly man sleeping at Phetchaburi railway station for a week, "
            "with no relatives; homeless people needing protection go to the Homeless Protection Centre"),
    ("Thitima K.", "thitima.kk@yahoo.com"),
    "มีคุณตานอนอยู่ที่สถานีรถไฟเพชรบุรีหลายวันแล้ว",
    alt("""เรียนเจ้าหน้าที่

ตั้งแต่สัปดาห์ที่แล้วมีคุณตาอายุน่าจะ 70 กว่า นอนอยู่ที่ม้านั่งหน้าสถานีรถไฟเพชรบุรีทุกคืน ถามชื่อก็ตอบไม่ค่อยรู้เรื่อง บอกว่าบ้านอยู่ราชบุรีบ้าง นครปฐมบ้าง ไม่มีญาติมารับ แม่ค้าแถวนั้นให้ข้าวกินเป็นบางมื้อ ช่วงนี้อากาศร้อนมาก กลัวท่านจะเป็นอะไรไป

รบกวนส่งเจ้าหน้าที่มาดูแลด้วยค่ะ

ฐิติมา
""", cte="quoted-printable", style="yahoo"),
    client="yahoo", date="2026-04-17 18:22"))

# --- e22 wrong_channel S22 in English: a foundation asks for a foreign volunteer certificate by e-mail
MAILS.append(Mail(
    wrong("bizportal", "S22", "Foundation's volunteer coordinator (English) asks for the certificate for a German "
          "volunteer (S22) and attaches his passport and CV; S22 is filed only on Biz Portal"),
    ("Sarah Lindqvist", "volunteer@baanrakdek-foundation.org"),
    "Request for volunteer certificate - Mr. Lukas Berger (Germany)",
    mixed(Text("""Dear Officer,

Baan Rak Dek Foundation (registered in Phetchaburi, registration no. 87/2558) will host a German volunteer, Mr. Lukas Berger, from 1 June to 30 November 2026. He will help with English lessons and sports activities for the children in our care in Ban Laem district.

We would like to request the certificate for a foreign volunteer for him so that he can apply for the correct visa. Please find attached:
- a copy of his passport
- his CV
- the foundation's letter of invitation

Please let us know if anything else is needed. We are happy to come to your office if necessary.

With best regards,
Sarah Lindqvist
Volunteer Coordinator, Baan Rak Dek Foundation
+66 (0)80 914 2271
""", charset="us-ascii", cte="7bit"),
        att_jpg("passport_Lukas_Berger.jpg"),
        Attach("CV_Lukas_Berger.pdf", "application/pdf", pdf("Curriculum vitae - Lukas Berger")),
        att_docx("Invitation letter Baan Rak Dek.docx", ["Invitation letter", "Baan Rak Dek Foundation invites Mr. Lukas Berger"], style="ascii"),
        preamble=TB_PRE),
    client="thunderbird", date="2026-04-20 10:48"))

# --- e23 machine: mailing-list mail (Google Groups, List-Id)
MAILS.append(Mail(
    machine("Google Groups list mail of a regional social-work network (List-Id, List-Unsubscribe, Precedence: list); "
            "not addressed to the unit as a request"),
    ("อรวรรณ ศรีทอง", "orawan.st@gmail.com"),
    "[เครือข่ายนักสังคมสงเคราะห์ภาคตะวันตก] เชิญอบรมการจัดการรายกรณี (Case Management) รุ่นที่ 3",
    alt("""เรียน สมาชิกเครือข่ายทุกท่าน

สมาคมนักสังคมสงเคราะห์แห่งประเทศไทย ร่วมกับมหาวิทยาลัยศิลปากร วิทยาเขตเพชรบุรี จะจัดอบรมหลักสูตรการจัดการรายกรณีสำหรับนักสังคมสงเคราะห์ รุ่นที่ 3 ระหว่างวันที่ 18-20 พฤษภาคม 2569 ณ ห้องประชุมคณะวิทยาการจัดการ ไม่มีค่าใช้จ่าย รับจำนวน 60 คน

สมัครได้ที่แบบฟอร์มออนไลน์ของเครือข่าย ภายในวันที่ 8 พฤษภาคม 2569

อรวรรณ ศรีทอง
ผู้ประสานงานเครือข่าย

--
ท่านได้รับข้อความนี้เนื่องจากท่านสมัครรับข้อมูลจากกลุ่ม "เครือข่ายนักสังคมสงเคราะห์ภาคตะวันตก" ใน Google Groups
หากต้องการยกเลิกการรับข้อความจากกลุ่มนี้ ให้ส่งอีเมลไปที่ western-sw-network+unsubscribe@googlegroups.com
"""),
    date="2026-04-22 13:15", to=[("เครือข่ายนักสังคมสงเคราะห์ภาคตะวันตก", "western-sw-network@googlegroups.com")],
    rcpt=SARABAN, return_path="western-sw-network+bncBDZ3L5XQ4QBRBG7Y@googlegroups.com",
    headers=["Precedence: list", "Mailing-list: list western-sw-network@googlegroups.com; contact western-sw-network+owners@googlegroups.com",
             "List-ID: <western-sw-network.googlegroups.com>",
             "X-Google-Group-Id: 771204519963",
             "List-Post: <https://groups.google.com/group/western-sw-network/post>, <mailto:western-sw-network@googlegroups.com>",
             "List-Help: <https://groups.google.com/support/>, <mailto:western-sw-network+help@googlegroups.com>",
             "List-Archive: <https://groups.google.com/group/western-sw-network/>",
             "List-Unsubscribe: <mailto:googlegroups-manage+771204519963+unsubscribe@googlegroups.com>,\n <https://groups.google.com/group/western-sw-network/subscribe>"]))

# --- e24 out_of_authority employment: work permits for Myanmar workers
MAILS.append(Mail(
    ooa("employment", "Fish-farm owner asks how to get work permits for three Myanmar workers; work permits for "
        "foreigners are issued by the Provincial Employment Office"),
    ("ฟาร์มกุ้งเจริญทรัพย์ บ้านแหลม", "charoensap.farm@gmail.com"),
    "สอบถามการขอใบอนุญาตทำงานให้แรงงานพม่า",
    alt("""เรียน เจ้าหน้าที่ที่เกี่ยวข้อง

ผมเป็นเจ้าของบ่อกุ้งที่ ต.บางขุนไทร อ.บ้านแหลม ต้องการจ้างแรงงานชาวเมียนมา 3 คน ซึ่งมีพาสปอร์ตแล้ว อยากทราบขั้นตอนขอใบอนุญาตทำงาน (work permit) ว่าต้องยื่นที่ไหน ใช้เอกสารอะไร และค่าธรรมเนียมเท่าไร

ขอบคุณครับ
วิโรจน์ เจริญทรัพย์
081-665-2930
"""),
    date="2026-04-24 08:30"))

# --- e25 register complaint: no answer for two months + rude phone manner (Thunderbird, 8bit flowed)
MAILS.append(Mail(
    reg("complaint", "Complaint that the funeral-grant application filed in February has had no answer for two months "
        "and that a phone call was answered rudely; a complaint about this unit's own service"),
    ("ไพโรจน์ ทองคำ", "pairoj@thongkham-law.co.th"),
    "ร้องเรียน ยื่นคำขอเงินค่าจัดการศพไปสองเดือนแล้วยังไม่ได้รับคำตอบ",
    Text("""เรียน พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี

ผมได้ยื่นคำขอรับเงินสงเคราะห์ค่าจัดการศพของมารดา (นางเยื้อน ทองคำ) ที่สำนักงานของท่านตั้งแต่วันที่ 9 กุมภาพันธ์ 2569 เจ้าหน้าที่แจ้งว่าจะได้รับเงินภายในหนึ่งเดือน แต่จนถึงวันนี้เป็นเวลาสองเดือนแล้ว ยังไม่ได้รับเงินและไม่มีใครแจ้งความคืบหน้า

เมื่อวันที่ 20 เมษายน ผมโทรไปสอบถามที่เบอร์ 032 426093 เจ้าหน้าที่ผู้หญิงที่รับสายพูดจาไม่สุภาพ บอกว่า "ก็รอไปสิคะ ไม่ใช่เรื่องของคุณคนเดียว" แล้ววางสายไป

ผมจึงขอร้องเรียนเรื่องความล่าช้าและการให้บริการดังกล่าว และขอทราบผลการพิจารณาคำขอของผมเป็นลายลักษณ์อักษร

ขอแสดงความนับถือ
ไพโรจน์ ทองคำ
45 ถนนดำเนินเกษม ต.ท่าราบ อ.เมืองเพชรบุรี
โทร. 081-774-2093
""", cte="8bit", flowed=True),
    client="thunderbird", date="2026-04-27 20:02"))

# --- e26 spam: Thai dietary-supplement advert, HTML only, TIS-620 QP
MAILS.append(Mail(
    spam("Dietary-supplement advertisement (collagen, 'cures knee pain'), HTML only in TIS-620"),
    ("คอลลาเจนพลัส เพื่อสุขภาพ", "sale@collagenplus-shop.com"),
    "โปรแรง! คอลลาเจนบำรุงข้อเข่า ซื้อ 2 แถม 3 ส่งฟรีทั่วไทย",
    Text("""<html><head><meta http-equiv="Content-Type" content="text/html; charset=tis-620"></head>
<body style="font-family:Tahoma"><center>
<h2 style="color:#c0392b">ปวดเข่า ขึ้นบันไดไม่ไหว? หายได้ใน 7 วัน</h2>
<p>คอลลาเจนไทพ์ทู สูตรเข้มข้น ผู้สูงอายุทานแล้วเดินคล่อง ไม่ต้องผ่าตัด</p>
<p><b>ซื้อ 2 กล่อง แถมฟรี 3 กล่อง</b> เพียง 990 บาท จากปกติ 4,950 บาท</p>
<p>สั่งซื้อทางไลน์ @collagenplus หรือโทร 09x-xxx-8899 ตลอด 24 ชั่วโมง</p>
<p><small>หากไม่ต้องการรับข่าวสาร กรุณาตอบกลับว่า ยกเลิก</small></p>
</center></body></html>
""", subtype="html", charset="tis-620", cte="quoted-printable"),
    client="phpmailer", charset="tis-620", date="2026-04-29 05:55", spam=5.6))

# --- e27 review: two matters in one mail (S16 for the mother, the father's allowance, a brother's card)
MAILS.append(Mail(
    review("Mixes three matters: the funeral grant for her mother (S16, this unit), her father's old-age allowance "
           "(local administration) and her disabled brother's expired card (S10, in person); one disposition "
           "cannot serve all three, a clerk must split it", service="S16"),
    ("Areerat P.", "areerat.pp@gmail.com"),
    "สอบถามหลายเรื่องค่ะ",
    alt("""สวัสดีค่ะ ขอสอบถามหลายเรื่องนะคะ

1. แม่เสียไปเมื่อต้นเดือน อายุ 80 ปี ขอเงินค่าทำศพ 3,000 บาทได้ไหมคะ ต้องใช้อะไรบ้าง
2. พ่อยังอยู่ อายุ 84 ปี เบี้ยผู้สูงอายุเดือนนี้ไม่เข้า เป็นเพราะแม่เสียหรือเปล่า ต้องไปแจ้งที่ไหน
3. น้องชายพิการทางสติปัญญา บัตรคนพิการหมดอายุเดือนหน้า ต่อบัตรทางออนไลน์ได้ไหมคะ

บ้านอยู่ ต.บ้านลาด อ.บ้านลาด ค่ะ
ขอบคุณค่ะ อารีรัตน์
"""),
    date="2026-05-04 10:10"))

# --- e28 wrong_channel S10: expired card, elderly man, TIS-620 8bit from an old client
MAILS.append(Mail(
    wrong("in_person", "S10", "Bedridden man's disability card has expired; he asks to renew it (S10) by post or "
          "e-mail; S10 is in person only"),
    ("ทองใบ ศรีเพชร", "thongbai.sp@tot.co.th"),
    "ขอต่อบัตรคนพิการทางไปรษณีย์",
    Text("""เรียน เจ้าหน้าที่ พมจ.เพชรบุรี

กระผม นายทองใบ ศรีเพชร อายุ 72 ปี บ้านเลขที่ 9 หมู่ 1 ต.ห้วยแม่เพรียง อ.แก่งกระจาน บัตรประจำตัวคนพิการของกระผมหมดอายุเมื่อเดือนมีนาคม กระผมขาขาดข้างหนึ่งและตอนนี้ป่วยนอนอยู่กับบ้าน ลูกหลานก็ไปทำงานต่างจังหวัด เดินทางไปศาลากลางไม่ไหว

จึงขอต่อบัตรทางไปรษณีย์หรือทางอีเมลได้หรือไม่ ถ้าได้จะให้หลานถ่ายรูปส่งมาให้

ขอแสดงความนับถือ
ทองใบ ศรีเพชร
""", charset="tis-620", cte="8bit"),
    client="thunderbird", charset="tis-620", date="2026-05-06 09:14"))

# --- e29 out_of_authority finance: state welfare card registration (iPhone)
MAILS.append(Mail(
    ooa("finance", "Asks when the new round of state welfare card (บัตรสวัสดิการแห่งรัฐ) registration opens and where "
        "to register; the card belongs to the Ministry of Finance"),
    ("Chanchai", "chanchai.w@icloud.com"),
    "ลงทะเบียนบัตรคนจนรอบใหม่",
    alt("""สวัสดีครับ บัตรสวัสดิการแห่งรัฐ (บัตรคนจน) รอบใหม่ปี 69 จะเปิดลงทะเบียนเมื่อไหร่ครับ ลงที่ไหนได้บ้าง ผมตกงานอยู่ อยากลงทะเบียนให้ทันรอบนี้ครับ

ส่งจาก iPhone ของฉัน
""", cte="quoted-printable", style="apple"),
    client="apple", date="2026-05-08 23:40"))

# --- e30 register S08 complete: private nursery renews its licence (Gmail + PDF, RFC 2231)
MAILS.append(Mail(
    reg("S08", "Private nursery asks to renew its licence (S08) and attaches a copy of the current licence, the only "
        "document seed 003 asks for", complete=True),
    ("สถานรับเลี้ยงเด็กบ้านอุ่นรัก", "baanaunrak.nursery@gmail.com"),
    "ขอต่ออายุใบอนุญาตสถานรับเลี้ยงเด็กเอกชน บ้านอุ่นรัก",
    mixed(alt("""เรียน พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี

สถานรับเลี้ยงเด็กบ้านอุ่นรัก ตั้งอยู่เลขที่ 201 ถนนบันไดอิฐ ต.คลองกระแชง อ.เมืองเพชรบุรี ใบอนุญาตเลขที่ 3/2568 จะหมดอายุในวันที่ 30 มิถุนายน 2569 จึงขอยื่นคำขอต่ออายุใบอนุญาตให้ตั้งสถานรับเลี้ยงเด็กเอกชน พร้อมแนบสำเนาใบอนุญาตฉบับปัจจุบันมาด้วย

ทั้งนี้ จะชำระค่าธรรมเนียม 200 บาท ตามที่สำนักงานแจ้ง

ขอแสดงความนับถือ
นางวันเพ็ญ ใจดี
ผู้รับใบอนุญาต
โทร. 086-009-1174
"""),
        att_pdf("สำเนาใบอนุญาตให้ตั้งสถานรับเลี้ยงเด็กเอกชน บ้านอุ่นรัก.pdf", "Licence copy 3/2568")),
    date="2026-05-11 11:02"))

# --- e31 spam: Thai training-course advertisement aimed at officials (windows-874)
MAILS.append(Mail(
    spam("Paid training-course advertisement aimed at government clerks ('งานสารบรรณ' seminar in Pattaya); "
         "advertising, although it talks about saraban work"),
    ("สถาบันพัฒนาบุคลากรภาครัฐ", "training@thaigov-seminar.com"),
    "เปิดรับสมัคร หลักสูตร งานสารบรรณและการเขียนหนังสือราชการ ฉบับปรับปรุงใหม่ 2569",
    alt("""เรียน หัวหน้าส่วนราชการ / ผู้ปฏิบัติงานสารบรรณ

ขอเชิญส่งบุคลากรเข้ารับการอบรม หลักสูตร "งานสารบรรณ การเขียนหนังสือราชการ และระบบสารบรรณอิเล็กทรอนิกส์ ตามระเบียบสำนักนายกรัฐมนตรี ฉบับล่าสุด"

วันที่ 12-14 มิถุนายน 2569 ณ โรงแรมริมทะเล พัทยา
ค่าลงทะเบียน 4,900 บาท (รวมที่พัก อาหาร และเอกสาร) เบิกได้ตามระเบียบกระทรวงการคลัง
สมัคร 3 ท่าน ฟรี 1 ท่าน

ดาวน์โหลดใบสมัครและโครงการได้ที่เว็บไซต์ของสถาบัน
สอบถาม 02-xxx-4455 / ไลน์ @govseminar

หากท่านไม่ประสงค์รับข่าวสาร กรุณาแจ้งกลับ
""", charset="windows-874", cte="quoted-printable", style="outlook"),
    client="phpmailer", charset="windows-874", date="2026-05-13 08:01", spam=4.2))

# --- e32 forward Prachuap: community welfare organisation in Hua Hin
MAILS.append(Mail(
    forward("prachuap", "Community group in Hua Hin district (อ.หัวหิน, Prachuap Khiri Khan) asks to be certified as a "
            "community welfare organisation (S14); Hua Hin borders Cha-am but is not in Phetchaburi", "S14"),
    ("กลุ่มออมทรัพย์บ้านหนองแก", "nongkae.savings@gmail.com"),
    "ขอรับรององค์กรสวัสดิการชุมชน",
    alt("""เรียน เจ้าหน้าที่ พม.

กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองแก ต.หนองแก อ.หัวหิน ดำเนินงานกองทุนสวัสดิการชุมชนมา 4 ปี มีสมาชิก 312 คน ต้องการขอรับรองเป็นองค์กรสวัสดิการชุมชน เพื่อขอรับการสนับสนุนจากกองทุนส่งเสริมการจัดสวัสดิการสังคม

ไม่ทราบว่ายื่นที่ พมจ.เพชรบุรีได้เลยไหมคะ เพราะใกล้กว่าเดินทางไปประจวบ ต้องใช้เอกสารอะไรบ้าง

ขอบคุณค่ะ
นางบุญเรือน ศรีสุข
เหรัญญิกกลุ่ม 093-402-7781
"""),
    date="2026-05-15 14:44"))

# --- e33 machine: English out-of-office from an NGO officer (Auto-Submitted)
MAILS.append(Mail(
    machine("English out-of-office reply from an NGO officer (Auto-Submitted: auto-replied) to a meeting invitation "
            "the unit sent"),
    ("Emma Carter", "emma.carter@childsafe-asia.org"),
    "Automatic reply: Invitation: provincial child protection network meeting 2/2569",
    Text("""Thank you for your email.

I am out of the office on annual leave until Monday 1 June 2026 with limited access to email.
For urgent child protection matters please contact our Bangkok office on +66 2 019 4470 or programs@childsafe-asia.org.

Best regards,
Emma Carter
Regional Programme Manager
""", charset="us-ascii", cte="7bit"),
    client="outlook", date="2026-05-18 09:31",
    headers=["In-Reply-To: " + unit_mid(datetime(2026, 5, 18, 9, 20, 40, tzinfo=TZ7), "e33-orig"),
             "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"]))

# --- e34 register enquiry, high-risk: asks for an ex-wife's address and the home-visit report
MAILS.append(Mail(
    reg("enquiry", "Man asks the unit to send him the home-visit report about his ex-wife and children and their new "
        "address; a request to disclose personal data of third parties", high_risk=True),
    ("Anucha R.", "anucha.rk1985@gmail.com"),
    "ขอสำเนารายงานเยี่ยมบานและที่อยู่ปัจจุบันของอดีตภรรยา",
    alt("""เรียน เจ้าหน้าที่ พมจ.

ผมนายอนุชา รักษ์ไทย ทราบมาว่าเมื่อเดือนมีนาคมที่ผ่านมา เจ้าหน้าที่ของ พมจ.เพชรบุรี ได้ไปเยี่ยมบ้านและให้ความช่วยเหลือ นางสาวกัลยา มั่นคง อดีตภรรยาของผม และลูก 2 คน ตอนนี้เขาย้ายบ้านไปโดยไม่บอกผม

ผมในฐานะพ่อของเด็ก ขอสำเนารายงานการเยี่ยมบ้าน และขอที่อยู่กับเบอร์โทรศัพท์ปัจจุบันของเขา เพื่อจะได้ติดต่อลูก ส่งมาทางอีเมลนี้ได้เลยครับ

อนุชา 080-447-1928
"""),
    date="2026-05-20 22:15"))

# --- e35 out_of_authority land_office: inheriting a title deed (Outlook.com)
MAILS.append(Mail(
    ooa("land_office", "Heir asks how to transfer her late father's land title deed (โฉนดที่ดิน) into her name; "
        "the Provincial Land Office"),
    ("มยุรี ปานทอง", "mayuree.pt@outlook.com"),
    "สอบถามการโอนโฉนดที่ดินมรดก",
    alt("""เรียน เจ้าหน้าที่

คุณพ่อดิฉันเสียชีวิตแล้ว มีโฉนดที่ดิน 1 แปลงที่ อ.ชะอำ เนื้อที่ 2 ไร่ พี่น้องตกลงกันแล้วว่าจะโอนเป็นชื่อดิฉัน อยากทราบว่าต้องไปติดต่อที่ไหน ต้องมีคำสั่งศาลตั้งผู้จัดการมรดกก่อนไหม และค่าธรรมเนียมการโอนมรดกคิดอย่างไรคะ

ขอบคุณค่ะ
มยุรี
""", cte="base64", style="outlook"),
    client="outlook", date="2026-05-22 12:05"))

# --- e36 wrong_channel pr@: complaint about an elderly centre (Outlook desktop, windows-874)
MAILS.append(Mail(
    wrong("saraban_email", "complaint", "Complaint that a caretaker at a village elderly centre keeps part of the "
          "elders' money, sent to pr@, which is not announced for complaints"),
    ("ชาวบ้านหมู่ 7", "villager.m7@hotmail.com"),
    "ร้องเรียนผู้ดูแลศูนย์ผู้สูงอายุเก็บเงินคนแก่",
    alt("""เรียน ประชาสัมพันธ์ พมจ.เพชรบุรี

ขอร้องเรียนผู้ดูแลศูนย์พัฒนาคุณภาพชีวิตผู้สูงอายุ หมู่ 7 ต.หนองกระปุ อ.บ้านลาด ว่าเรียกเก็บเงินจากผู้สูงอายุที่มาร่วมกิจกรรมคนละ 200 บาททุกเดือน อ้างว่าเป็นค่าอาหาร แต่ไม่เคยมีอาหารให้ และเวลามีของบริจาคมาก็เอาไปแจกแต่พวกพ้องตัวเอง

ไม่ขอเปิดเผยชื่อ เพราะกลัวถูกกลั่นแกล้ง ขอให้ส่งเจ้าหน้าที่มาตรวจสอบด้วย

ชาวบ้านหมู่ 7
""", charset="windows-874", cte="quoted-printable", style="outlook"),
    client="outlook-desktop", charset="windows-874", date="2026-05-25 07:48", to=[("", PR)]))

# --- e37 spam: tax-refund phishing from a look-alike Revenue Department domain
MAILS.append(Mail(
    spam("Phishing: tax refund 'from the Revenue Department' on rd-go-th.online, a look-alike of rd.go.th, asking for "
         "bank login details"),
    ("กรมสรรพากร", "refund@rd-go-th.online"),
    "แจ้งคืนเงินภาษีเงินได้บุคคลธรรมดา ปีภาษี 2568 จำนวน 8,460.00 บาท",
    alt("""เรียน ผู้เสียภาษี

กรมสรรพากรได้ตรวจสอบแบบ ภ.ง.ด.90/91 ของท่านแล้ว ท่านมีสิทธิ์ได้รับเงินคืนภาษี จำนวน 8,460.00 บาท

เนื่องจากข้อมูลบัญชีธนาคารของท่านไม่ถูกต้อง กรุณายืนยันข้อมูลภายใน 3 วัน ผ่านลิงก์ด้านล่าง มิฉะนั้นสิทธิ์การได้รับเงินคืนจะถูกยกเลิก

https://rd-go-th.online/efiling/refund/verify

กรมสรรพากร กระทรวงการคลัง
""", cte="base64"),
    client="phpmailer", date="2026-05-27 15:33", spam=3.1, auth="none"))

# --- e38 register enquiry in English: a retiree asks about volunteering with older people
MAILS.append(Mail(
    reg("enquiry", "Australian retiree asks whether the unit runs or knows volunteer programmes with older people he "
        "could join; an enquiry about this unit's own field, not a request for the S22 certificate"),
    ("Peter Olsen", "peter.olsen.au@gmail.com"),
    "Volunteering with elderly people in Phetchaburi",
    Text("""Hello,

My name is Peter, I am a retired nurse from Perth, Australia, and I spend the cool season every year in Phetchaburi town with my partner.

I would love to do something useful while I am here - for example visiting older people who live alone, helping at a day centre for the elderly, or teaching simple exercises. I don't need to be paid.

Does your office run any volunteer programme like this, or could you tell me which elderly clubs or centres in Phetchaburi work with your office and might welcome a volunteer? I speak only a little Thai.

Thank you for your time,
Peter Olsen
""", charset="us-ascii", cte="7bit", flowed=True),
    date="2026-06-01 17:20"))

# --- e39 forward shelter: a teacher reports a pupil abused at home
MAILS.append(Mail(
    forward("shelter", "Teacher reports a 10-year-old pupil with bruises who says her stepfather beats her and does "
            "not want to go home; abused children go to the Children and Family Shelter"),
    ("ครูสุภาพร เพชรรัตน์", "supaporn.p@bankaowang.ac.th"),
    "แจ้งเหตุนักเรียนถูกทำร้ายร่างกาย",
    alt("""เรียน เจ้าหน้าที่ที่เกี่ยวข้อง

ดิฉันเป็นครูประจำชั้น ป.4 โรงเรียนบ้านเขาวัง อ.เมืองเพชรบุรี วันนี้พบว่านักเรียนหญิงในชั้น อายุ 10 ปี มีรอยช้ำที่แขนและหลังหลายแห่ง เด็กเล่าว่าพ่อเลี้ยงตีด้วยเข็มขัดเกือบทุกคืนเวลาเมา และเด็กไม่อยากกลับบ้าน แม่ของเด็กไปทำงานที่กรุงเทพฯ

ทางโรงเรียนถ่ายภาพไว้แล้วและให้เด็กอยู่กับครูที่โรงเรียนก่อน ขอความช่วยเหลือด่วนค่ะ

ครูสุภาพร เพชรรัตน์
โทร. 089-330-6125
""", cte="base64", style="gmail"),
    client="gmail", date="2026-06-03 13:40"))

# --- e40 out_of_authority alro: ส.ป.ก. 4-01 land, TIS-620 HTML + plain
MAILS.append(Mail(
    ooa("alro", "Farmer asks whether he can transfer his ส.ป.ก. 4-01 land to his son and turn it into a title deed; "
        "agricultural reform land belongs to ALRO"),
    ("สมบัติ ไร่ทอง", "sombat.rt@ksc-net.co.th"),
    "สอบถามเรื่องที่ดิน ส.ป.ก. 4-01 ครับ",
    alt("""สวัสดีครับ

ผมมีที่ดิน ส.ป.ก. 4-01 อยู่ที่ ต.สองพี่น้อง อ.ท่ายาง 15 ไร่ ปลูกมะนาวกับกล้วย ตอนนี้อายุมากแล้วอยากโอนให้ลูกชายทำต่อ ได้ยินข่าวว่าเปลี่ยนเป็นโฉนดได้แล้ว ต้องไปทำเรื่องที่ไหนครับ

สมบัติ
""", charset="tis-620", cte="quoted-printable", style="gmail"),
    client="thunderbird", charset="tis-620", enc="Q", date="2026-06-05 06:50"))

# --- e41 machine: Thunderbird MDN (English) for a letter the unit sent
_e41_orig = unit_mid(datetime(2026, 6, 8, 14, 2, 11, tzinfo=TZ7), "e41-orig")
MAILS.append(Mail(
    machine("Thunderbird read receipt (MDN, multipart/report; report-type=disposition-notification, 'Return Receipt "
            "(displayed)') for a reply the unit sent"),
    ("Niran Songsri", "niran@songsri-foundation.or.th"),
    "Return Receipt (displayed) - Re: แจ้งผลการพิจารณาคำขอรับรององค์กรสาธารณประโยชน์",
    Multi("report", [
        Text("""This is a Return Receipt for the mail that you sent to niran@songsri-foundation.or.th.

Note: This Return Receipt only acknowledges that the message was displayed on the recipient's computer. There is no guarantee that the recipient has read or understood the message contents.
""", charset="UTF-8", cte="7bit", flowed=True),
        Raw("message/disposition-notification", f"""Reporting-UA: songsri-foundation.or.th; Mozilla Thunderbird
Final-Recipient: rfc822;niran@songsri-foundation.or.th
Original-Message-ID: {_e41_orig}
Disposition: manual-action/MDN-sent-manually; displayed
"""),
        Raw("text/rfc822-headers", f"""Date: Mon, 8 Jun 2026 14:02:11 +0700
From: saraban@phetchaburi.m-society.go.th
To: niran@songsri-foundation.or.th
Message-ID: {_e41_orig}
Subject: =?UTF-8?B?UmU6IOC5geC4iOC5ieC4h+C4nOC4peC4geC4suC4o+C4nuC4tOC4iOC4suC4o+C4k+C4suC4hOC4s+C4guC4rQ==?=
""", headers=["Content-Disposition: inline"]),
    ], params=" report-type=disposition-notification;", preamble=TB_PRE),
    client="thunderbird", date="2026-06-08 16:27",
    headers=["In-Reply-To: " + _e41_orig, "References: " + _e41_orig]))

# --- e42 wrong_channel S21: blind musician wants a street-performer card, sends a video link
MAILS.append(Mail(
    wrong("in_person", "S21", "Blind musician asks for a street-performer ID card (S21) and sends a video link instead "
          "of performing; S21 is in person only (the applicant performs before a committee)"),
    ("Somsak Kantasri", "somsak.kantasri@gmail.com"),
    "ขอทำบัตรผู้แสดงความสามารถ (เปิดหมวก) ครับ",
    alt("""สวัสดีครับ ผมชื่อสมศักดิ์ กันทะศรี ตาบอดทั้งสองข้าง เล่นพิณและร้องเพลงลูกทุ่ง อยากขอบัตรผู้แสดงความสามารถเพื่อเปิดหมวกที่ตลาดริมน้ำเมืองเพชรครับ

ผมอัดคลิปการเล่นดนตรีไว้ที่ลิงก์นี้ https://youtu.be/Xq7pD2mRfT0 ให้คณะกรรมการดูแทนการไปแสดงจริงได้ไหมครับ เพราะการเดินทางไปศาลากลางลำบาก ต้องรอหลานว่างพาไป

บัตรประชาชนกับบัตรคนพิการผมมีครบครับ
สมศักดิ์ (หลานพิมพ์ให้) 061-227-4408
"""),
    date="2026-06-10 19:05"))

# --- e43 register S14, incomplete: community welfare organisation, two files attached
MAILS.append(Mail(
    reg("S14", "Village welfare fund asks to be certified as a community welfare organisation (S14); attaches its "
        "rules and the committee list only", complete=False,
        missing=["สำเนาบัตรประจำตัวประชาชน", "สำเนาทะเบียนบ้าน", "แผนงาน/โครงการที่จะดำเนินการต่อไป",
                 "ผลการดำเนินงานในระยะเวลาไม่น้อยกว่า 1 ปี", "เอกสารตามแนบท้ายคำขอรับรองเป็นองค์กรสวัสดิการชุมชน"]),
    ("กองทุนสวัสดิการชุมชนตำบลถ้ำรงค์", "thamrong.welfare@gmail.com"),
    "ขอยื่นรับรององค์กรสวัสดิการชุมชน กองทุนสวัสดิการชุมชนตำบลถ้ำรงค์",
    mixed(Text("""เรียน พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี

กองทุนสวัสดิการชุมชนตำบลถ้ำรงค์ อำเภอบ้านลาด จัดตั้งขึ้นเมื่อปี 2566 มีสมาชิก 540 คน จัดสวัสดิการเกิด แก่ เจ็บ ตาย ให้สมาชิก มีความประสงค์ขอรับรองเป็นองค์กรสวัสดิการชุมชน

ในเบื้องต้นได้แนบระเบียบกองทุนและรายชื่อคณะกรรมการมาให้พิจารณาก่อน

ขอแสดงความนับถือ
นายเสน่ห์ ดีประเสริฐ
ประธานกองทุนสวัสดิการชุมชนตำบลถ้ำรงค์
โทร. 087-118-6620
""", cte="quoted-printable", flowed=True),
        att_docx("รายชื่อคณะกรรมการกองทุนสวัสดิการชุมชนตำบลถ้ำรงค์.docx",
                 ["รายชื่อคณะกรรมการกองทุนสวัสดิการชุมชนตำบลถ้ำรงค์", "1. นายเสน่ห์ ดีประเสริฐ ประธาน",
                  "2. นางมาลี ทองสุข รองประธาน", "3. นางสาวจันทร์เพ็ญ พรหมมา เหรัญญิก"]),
        att_pdf("ระเบียบกองทุนสวัสดิการชุมชนตำบลถ้ำรงค์ พ.ศ. 2566.pdf", "Fund rules 2023", style="rfc2231-cont"),
        preamble=TB_PRE),
    client="gmail", date="2026-06-12 10:25"))

# --- e44 spam: English advance-fee "beneficiary" scam
MAILS.append(Mail(
    spam("Advance-fee fraud in English: an unclaimed deposit of a 'late client' to be shared"),
    ("Barr. Michael Okoye", "m.okoye.chambers@mail.com"),
    "CONFIDENTIAL: Unclaimed fund of USD 4.7M - your urgent response",
    Text("""Dear Friend,

I am Barrister Michael Okoye, personal attorney to the late Engr. Robert Phetchaburi, a foreign contractor who died with his family in a car accident in 2021. He left a deposit of USD 4,700,000.00 with a bank here, and the bank has asked me to present his next of kin within 14 working days.

Since you share the same surname/region as my late client, I am contacting your organisation to stand as beneficiary. We will share the fund 60/40, and 10% will go to charity in your province.

Kindly reply with your full name, direct telephone number and a copy of your ID for the paperwork.

Treat as strictly confidential.
Barr. Michael Okoye (Esq.)
""", charset="us-ascii", cte="7bit"),
    client="phpmailer", date="2026-06-14 02:02", spam=8.9, auth="softfail",
    headers=["Reply-To: barr.okoye.office@outlook.com"]))

# --- e45 review: attachment only, no subject, no text
MAILS.append(Mail(
    review("No subject and no text, only one scanned PDF with a camera-style name: nothing says who it is from, what "
           "it asks or for which unit; a clerk must open the scan"),
    ("", "kanda.sm2519@gmail.com"),
    "",
    Multi("mixed", [att_pdf("สแกน_20260616_0932.pdf", "Scan 2026-06-16", style="rfc2231")]),
    date="2026-06-16 09:33", no_subject=True))

# --- e46 out_of_authority social_security: unemployment benefit, HTML only base64
MAILS.append(Mail(
    ooa("social_security", "Laid-off factory worker asks how to claim unemployment benefit from the social security fund; "
        "Social Security Office"),
    ("วีระ ชัยมงคล", "weera.cm@gmail.com"),
    "โดนเลิกจ้าง จะขอรับเงินว่างงานประกันสังคมได้ที่ไหน",
    Text("""<div dir="ltr"><div>เรียนเจ้าหน้าที่</div><div><br></div>
<div>บริษัทที่ผมทำงานอยู่ที่ อ.ชะอำ ปิดกิจการ เลิกจ้างพนักงานทั้งหมดเมื่อสิ้นเดือนพฤษภาคม ผมส่งประกันสังคมมา 6 ปี อยากทราบว่าต้องไปขึ้นทะเบียนว่างงานที่ไหน ได้เงินทดแทนกี่เดือน และต้องไปรายงานตัวทุกเดือนหรือเปล่าครับ</div>
<div><br></div><div>ขอบคุณครับ</div><div>วีระ</div></div>
""", subtype="html", cte="base64"),
    date="2026-06-18 11:11"))

# --- e47 register letter 2: provincial public health office invites to a working group (Exchange, alt)
MAILS.append(Mail(
    reg("letter", "Official letter from the Provincial Public Health Office asking this unit to name a representative "
        "to the long-term-care working group and attend its first meeting; no urgency mark",
        doc_number="พบ ๐๐๓๓.๐๐๒/๑๗๗๕", doc_number_ascii="พบ 0033.002/1775", doc_date="2026-06-17",
        subject="ขอเชิญร่วมเป็นคณะทำงานขับเคลื่อนการดูแลผู้สูงอายุที่มีภาวะพึ่งพิงระยะยาว (Long Term Care) จังหวัดเพชรบุรี",
        urgency="none", sender_agency="สำนักงานสาธารณสุขจังหวัดเพชรบุรี"),
    ("สารบรรณ สสจ.เพชรบุรี", "saraban@pbro.moph.go.th"),
    "ขอเชิญร่วมเป็นคณะทำงานขับเคลื่อนการดูแลผู้สูงอายุที่มีภาวะพึ่งพิงระยะยาว (Long Term Care) จังหวัดเพชรบุรี",
    alt("""ที่ พบ ๐๐๓๓.๐๐๒/๑๗๗๕                          สำนักงานสาธารณสุขจังหวัดเพชรบุรี
                                               ถนนเพชรเกษม ตำบลคลองกระแชง
                                               อำเภอเมือง จังหวัดเพชรบุรี ๗๖๐๐๐

                        ๑๗ มิถุนายน ๒๕๖๙

เรื่อง  ขอเชิญร่วมเป็นคณะทำงานขับเคลื่อนการดูแลผู้สูงอายุที่มีภาวะพึ่งพิงระยะยาว (Long Term Care) จังหวัดเพชรบุรี

เรียน  พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี

สิ่งที่ส่งมาด้วย  แบบตอบรับรายชื่อผู้แทน   จำนวน ๑ ฉบับ

        ด้วยสำนักงานสาธารณสุขจังหวัดเพชรบุรี จะแต่งตั้งคณะทำงานขับเคลื่อนการดูแลผู้สูงอายุที่มีภาวะพึ่งพิงระยะยาวระดับจังหวัด เพื่อบูรณาการการดูแลผู้สูงอายุติดบ้านติดเตียงระหว่างหน่วยงานสาธารณสุข องค์กรปกครองส่วนท้องถิ่น และหน่วยงานด้านสังคม

        ในการนี้ จึงขอเชิญท่านหรือผู้แทนร่วมเป็นคณะทำงาน และเข้าร่วมประชุมครั้งที่ ๑/๒๕๖๙ ในวันพุธที่ ๘ กรกฎาคม ๒๕๖๙ เวลา ๐๙.๓๐ น. ณ ห้องประชุมสำนักงานสาธารณสุขจังหวัดเพชรบุรี โดยขอให้แจ้งรายชื่อผู้แทนตามแบบตอบรับที่ส่งมาด้วยภายในวันที่ ๓๐ มิถุนายน ๒๕๖๙

        จึงเรียนมาเพื่อโปรดพิจารณา

                        ขอแสดงความนับถือ

                        (นายแพทย์กิตติพงษ์ อุดมศักดิ์)
                        นายแพทย์สาธารณสุขจังหวัดเพชรบุรี

กลุ่มงานส่งเสริมสุขภาพ
โทร. ๐ ๓๒๔๒ ๗๐๘๐ ต่อ ๒๓๑
""", cte="base64", style="outlook"),
    client="exchange", date="2026-06-18 14:20"))

# --- e48 wrong_channel S22 Thai: a foundation sends the foreign volunteer documents by e-mail
MAILS.append(Mail(
    wrong("bizportal", "S22", "Thai foundation e-mails the documents for a certificate for a Japanese volunteer (S22) "
          "without mentioning Biz Portal; S22 is filed only on Biz Portal"),
    ("มูลนิธิรักษ์ชายฝั่งบ้านแหลม", "rakchaifang.foundation@gmail.com"),
    "ขอหนังสือรับรองอาสาสมัครชาวต่างประเทศ (นายเคนตะ ซาโต้)",
    mixed(alt("""เรียน พมจ.เพชรบุรี

มูลนิธิรักษ์ชายฝั่งบ้านแหลม จะรับอาสาสมัครชาวญี่ปุ่น นายเคนตะ ซาโต้ (Mr. Kenta Sato) มาช่วยงานฟื้นฟูป่าชายเลนและสอนเด็กในชุมชน ระหว่างเดือนกรกฎาคม 2569 ถึงมิถุนายน 2570 จึงขอหนังสือรับรองให้แก่อาสาสมัครชาวต่างประเทศ

ส่งเอกสารมาพร้อมนี้ คือ สำเนาหนังสือเดินทาง ประวัติอาสาสมัคร รายละเอียดโครงการ และสำเนาใบอนุญาตจัดตั้งมูลนิธิ

ขอแสดงความนับถือ
นางสาวอัญชลี ทะเลทอง
เลขานุการมูลนิธิ 092-553-0184
"""),
        att_jpg("passport_Kenta_Sato.jpg", style="ascii"),
        att_docx("ประวัติอาสาสมัคร_Kenta.docx", ["ประวัติอาสาสมัคร", "Mr. Kenta Sato", "สัญชาติญี่ปุ่น"], style="rfc2047"),
        att_pdf("โครงการฟื้นฟูป่าชายเลน 2569.pdf", "Mangrove restoration project 2026", style="rfc2047"),
        att_pdf("ใบอนุญาตจัดตั้งมูลนิธิ.pdf", "Foundation licence", style="rfc2047")),
    date="2026-06-22 15:50"))

# --- e49 machine: a government newsletter, Precedence: bulk, HTML only
MAILS.append(Mail(
    machine("Monthly e-newsletter of the Department of Older Persons (Precedence: bulk, List-Unsubscribe, "
            "Auto-Submitted: auto-generated); information, not a request"),
    ("กรมกิจการผู้สูงอายุ", "newsletter@dop.go.th"),
    "จดหมายข่าวกรมกิจการผู้สูงอายุ ฉบับเดือนมิถุนายน 2569",
    Text("""<html><head><meta charset="utf-8"></head><body style="font-family:Sarabun,Tahoma,sans-serif">
<table width="600" align="center"><tr><td style="background:#7b2d8b;color:#fff;padding:12px">
<h2>จดหมายข่าวกรมกิจการผู้สูงอายุ</h2><p>ฉบับที่ 6/2569 เดือนมิถุนายน 2569</p></td></tr>
<tr><td style="padding:12px">
<h3>เปิดรับสมัครโรงเรียนผู้สูงอายุต้นแบบ ประจำปี 2569</h3>
<p>กรมกิจการผู้สูงอายุเปิดรับสมัครโรงเรียนผู้สูงอายุที่มีผลการดำเนินงานดีเด่นเข้ารับการคัดเลือกเป็นโรงเรียนต้นแบบ ...</p>
<h3>สถิติผู้สูงอายุไทย ณ 31 พฤษภาคม 2569</h3>
<p>ประเทศไทยมีผู้สูงอายุ 14.2 ล้านคน คิดเป็นร้อยละ 21.8 ของประชากรทั้งหมด ...</p>
<p style="font-size:12px;color:#777">ท่านได้รับอีเมลนี้เนื่องจากหน่วยงานของท่านอยู่ในรายชื่อผู้รับจดหมายข่าว
<a href="https://www.dop.go.th/newsletter/unsubscribe?u=pb-saraban">ยกเลิกการรับจดหมายข่าว</a></p>
</td></tr></table></body></html>
""", subtype="html", cte="quoted-printable"),
    client="system", date="2026-06-25 06:00", rcpt=SARABAN, to=[("", "undisclosed-recipients:;")],
    return_path="bounce-6-2569@dop.go.th",
    headers=["Precedence: bulk", "Auto-Submitted: auto-generated",
             "List-Unsubscribe: <https://www.dop.go.th/newsletter/unsubscribe?u=pb-saraban>, <mailto:unsubscribe@dop.go.th?subject=unsubscribe>",
             "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "X-Mailer: DOP Newsletter 2.1"]))

# --- e50 forward Prachuap: foster care in Pran Buri
MAILS.append(Mail(
    forward("prachuap", "Couple in Pran Buri district (อ.ปราณบุรี, Prachuap Khiri Khan) want to foster a child from a "
            "state home (S03)", "S03"),
    ("Jintana & Krit", "jintana.krit@gmail.com"),
    "อยากเป็นครอบครัวอุปถัมภ์เด็กในสถานสงเคราะห์",
    alt("""สวัสดีค่ะ

ดิฉันกับสามีอายุ 41 และ 44 ปี แต่งงานกันมา 12 ปี ไม่มีลูก มีบ้านของตัวเองที่ ต.ปากน้ำปราณ อ.ปราณบุรี สามีรับราชการครู ดิฉันเปิดร้านขายของชำ อยากรับอุปการะเด็กจากสถานสงเคราะห์มาเลี้ยงแบบครอบครัวอุปถัมภ์ค่ะ

ต้องเริ่มจากขั้นตอนไหน และต้องเตรียมเอกสารอะไรบ้างคะ

จินตนา 086-771-0352
"""),
    date="2026-06-29 20:45"))

# --- e51 register complaint, high-risk: withdraw a complaint (Yahoo)
MAILS.append(Mail(
    reg("complaint", "Woman withdraws the complaint she filed in May about her brother neglecting their mother, "
        "saying the family has settled; withdrawing a complaint", high_risk=True),
    ("Ratchanee Y.", "ratchanee_yy@yahoo.com"),
    "ขอถอนเรื่องร้องเรียน",
    alt("""เรียน เจ้าหน้าที่ พมจ.เพชรบุรี

ตามที่ดิฉันได้ร้องเรียนเมื่อเดือนพฤษภาคม เรื่องน้องชายไม่ดูแลแม่ (นางทองหยิบ ยิ้มแย้ม อายุ 79 ปี) ที่ ต.ไร่สะท้อน อ.บ้านลาด ตอนนี้ครอบครัวคุยกันเข้าใจแล้ว น้องชายรับแม่ไปอยู่ด้วยและดูแลดี

ดิฉันจึงขอถอนเรื่องร้องเรียนดังกล่าว ไม่ต้องส่งเจ้าหน้าที่ลงไปเยี่ยมบ้านแล้วค่ะ ขอโทษที่ทำให้เสียเวลา

รัชนี ยิ้มแย้ม
โทร 095-664-2871
""", cte="quoted-printable", style="yahoo"),
    client="yahoo", date="2026-07-02 08:15"))

# --- e52 out_of_authority local_admin: disability allowance (windows-874, base64)
MAILS.append(Mail(
    ooa("local_admin", "Mother asks why her disabled son's monthly disability allowance (เบี้ยความพิการ) was not raised "
        "and was not paid this month; paid by the local administration"),
    ("นงลักษณ์ สุขเจริญ", "nongluck.sj@hotmail.com"),
    "เบี้ยความพิการลูกชายไม่เข้าเดือนนี้",
    alt("""เรียน เจ้าหน้าที่

ลูกชายดิฉันเป็นคนพิการทางการเคลื่อนไหว มีบัตรคนพิการแล้ว ได้เบี้ยความพิการเดือนละ 800 บาทจากเทศบาลตำบลท่ายาง ได้ข่าวว่าปรับเป็น 1,000 บาทแล้ว แต่ของลูกยังได้เท่าเดิม แล้วเดือนนี้ก็ยังไม่เข้าเลย

ไม่ทราบว่าต้องไปยื่นเรื่องใหม่หรือไม่คะ

นงลักษณ์
""", charset="windows-874", cte="base64", style="outlook"),
    client="outlook-desktop", charset="windows-874", date="2026-07-06 10:40"))

# --- e53 spam: online gambling advert
MAILS.append(Mail(
    spam("Online-gambling advertisement (slots, 'free credit'), HTML only"),
    ("PG SLOT เว็บตรง", "promo@slot888-vip.bet"),
    "เครดิตฟรี 500 ไม่ต้องฝาก ไม่ต้องแชร์ ถอนได้จริง 💰",
    Text("""<html><body style="background:#000;color:#ffd700;font-family:Tahoma">
<h1>🎰 สล็อตเว็บตรง ไม่ผ่านเอเย่นต์ 🎰</h1>
<p>สมัครวันนี้ รับเครดิตฟรี 500 บาท ไม่ต้องฝาก!</p>
<p>ฝาก-ถอน ออโต้ 10 วินาที ไม่มีขั้นต่ำ แตกง่าย จ่ายจริง</p>
<p><a href="https://slot888-vip.bet/register?aff=gov" style="color:#0f0">คลิกสมัครเลย</a></p>
</body></html>
""", subtype="html", cte="base64"),
    client="phpmailer", date="2026-07-08 01:23", spam=9.4, auth="fail"))

# --- e54 register reply_to_case: sends the missing forms in reply to the unit's acknowledgment
_e54_ack = unit_mid(datetime(2026, 7, 6, 11, 20, 5, tzinfo=TZ7), "e54-ack")
_e54_first = "<CAJx8pQ3vKf=Hn2Ld9Wm4Rz7Ts0Yb1Ec6Ua5Go8Ni3Pq2@mail.gmail.com>"
MAILS.append(Mail(
    reg("S16", "Reply (In-Reply-To the unit's acknowledgment, References ending in @phetchaburi.m-society.go.th) "
        "that sends the two forms the unit asked for in an open funeral-grant case (S16); it belongs to the open case, "
        "not a new one", reply=True),
    ("Wilai Nakpradit", "wilai.nakpradit@gmail.com"),
    "Re: ตอบรับคำขอรับเงินสงเคราะห์ค่าจัดการศพผู้สูงอายุ เลขรับ 1187/2569 และแจ้งเอกสารที่ต้องส่งเพิ่ม",
    mixed(alt("""เรียน เจ้าหน้าที่

ส่งแบบ ศผส.01 และแบบแจ้งข้อมูลการรับเงินโอนที่กรอกแล้วมาตามที่แจ้งค่ะ ส่วนบัตรสวัสดิการแห่งรัฐของคุณยายแนบไปแล้วตั้งแต่ครั้งแรก

ขอบคุณค่ะ
วิไล นาคประดิษฐ์

On Mon, 6 Jul 2026 at 11:20, สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี <saraban@phetchaburi.m-society.go.th> wrote:
> เรียน คุณวิไล นาคประดิษฐ์
>
> สำนักงานฯ ได้รับคำขอรับเงินสงเคราะห์ค่าจัดการศพผู้สูงอายุของท่านแล้ว เลขรับ 1187/2569
> ลงวันที่ 6 กรกฎาคม 2569 ขอให้ส่งเอกสารเพิ่มเติม ได้แก่ แบบ ศผส.01 และแบบแจ้งข้อมูล
> การรับเงินโอนผ่านระบบ Krungthai Corporate Online ภายในวันที่ 20 กรกฎาคม 2569
"""),
        att_pdf("แบบ ศผส.01 วิไล.pdf", "Form SPS.01", style="rfc2047"),
        att_pdf("แบบแจ้งข้อมูลการรับเงินโอน KTB.pdf", "KTB transfer form", style="rfc2047")),
    date="2026-07-07 19:02",
    headers=["In-Reply-To: " + _e54_ack, f"References: {_e54_first}\n {_e54_ack}"]))

# --- e55 machine: noreply notification from Biz Portal
MAILS.append(Mail(
    machine("Biz Portal no-reply notification that a new S22 application awaits the unit's officer in the back office "
            "(Auto-Submitted: auto-generated, noreply sender)"),
    ("Biz Portal", "noreply@bizportal.go.th"),
    "[Biz Portal] มีคำขอใหม่รอดำเนินการ: การออกหนังสือรับรองให้แก่อาสาสมัครชาวต่างประเทศ",
    alt("""เรียน เจ้าหน้าที่ผู้รับผิดชอบ

มีคำขอใหม่ในระบบ Biz Portal รอการตรวจสอบจากหน่วยงานของท่าน

เลขที่คำขอ: BP-2569-0718-004512
บริการ: การออกหนังสือรับรองให้แก่อาสาสมัครชาวต่างประเทศ
ผู้ยื่นคำขอ: มูลนิธิรักษ์ชายฝั่งบ้านแหลม
วันที่ยื่น: 18 กรกฎาคม 2569

กรุณาเข้าสู่ระบบ SRaT (Back Office) เพื่อดำเนินการ

อีเมลฉบับนี้ส่งจากระบบอัตโนมัติ กรุณาอย่าตอบกลับ
"""),
    client="system", date="2026-07-18 09:02", return_path="bounces@bizportal.go.th",
    headers=["Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All"]))

# --- e56 out_of_authority employment, English: teacher's work permit renewal
MAILS.append(Mail(
    ooa("employment", "Filipino English teacher at a private school asks how to renew her work permit; work permits "
        "belong to the Provincial Employment Office"),
    ("Maricel Santos", "maricel.santos.teach@gmail.com"),
    "Work permit renewal - English teacher in Phetchaburi",
    alt("""Good day!

I am an English teacher from the Philippines working at a private school in Mueang Phetchaburi. My work permit expires on 31 August 2026. My school's HR officer resigned and nobody knows the steps.

May I ask what documents are needed to renew the work permit, and can I submit them at your office? Is there a fee?

Thank you very much and God bless,
Maricel Santos
"""),
    date="2026-07-20 12:12"))

# --- e57 review: lives in Cha-am, house registration in Hua Hin, asks for an older persons loan
MAILS.append(Mail(
    review("Older persons fund loan (S18) from a man who lives in Cha-am (Phetchaburi) but whose house registration is "
           "in Hua Hin (Prachuap); which provincial office is competent depends on facts the mail does not settle",
           service="S18"),
    ("ประสิทธิ์ แสงทอง", "prasit.st2503@gmail.com"),
    "ขอกู้เงินกองทุนผู้สูงอายุ",
    alt("""เรียน เจ้าหน้าที่

ผมอายุ 66 ปี ขายน้ำมะพร้าวปั่นอยู่ริมหาดชะอำมา 5 ปีแล้ว เช่าห้องอยู่ที่ชะอำ แต่ทะเบียนบ้านยังอยู่ที่บ้านลูกสาวที่หัวหิน อยากกู้เงินกองทุนผู้สูงอายุ 30,000 บาท มาซื้อรถเข็นขายของคันใหม่ครับ

ผมต้องยื่นที่เพชรบุรี หรือต้องไปยื่นที่ประจวบครับ

ประสิทธิ์ 089-006-4473
"""),
    date="2026-07-22 17:30"))

# --- e58 wrong_channel pr@: funeral grant, HTML only
MAILS.append(Mail(
    wrong("saraban_email", "S16", "Funeral-grant request (S16) for a grandmother in Ban Laem sent to pr@, which is "
          "announced for public relations only"),
    ("Tanawat B.", "tanawat.bk@gmail.com"),
    "ขอเงินค่าทำศพยายครับ",
    Text("""<div dir="ltr"><div>สวัสดีครับ</div><div><br></div>
<div>คุณยายผม นางผัน บุญเกิด อายุ 91 ปี เสียชีวิตเมื่อวันที่ 20 กรกฎาคม ที่บ้าน ต.บางตะบูน อ.บ้านแหลม ยายมีบัตรสวัสดิการแห่งรัฐครับ ผมเป็นหลานที่จัดงานศพให้ ขอยื่นขอเงินค่าจัดการศพผู้สูงอายุครับ</div>
<div><br></div><div>เห็นอีเมลนี้ในเพจเฟซบุ๊กของสำนักงาน เลยส่งมาที่นี่ครับ</div>
<div><br></div><div>ธนวัฒน์ บุญเกิด 063-225-9917</div></div>
""", subtype="html", cte="quoted-printable"),
    date="2026-07-25 10:06", to=[("พมจ.เพชรบุรี ประชาสัมพันธ์", PR)]))

# --- e59 wrong_channel: To: saraban@ but delivered to pr@ (Delivered-To wins), home adaptation S19
MAILS.append(Mail(
    wrong("saraban_email", "S19", "Request to adapt an elderly mother's home (S19: ramp, bathroom rails); the To: header "
          "shows saraban@ but the envelope recipient (Delivered-To / X-Original-To) is pr@, and the address a message "
          "was sent to is read from Delivered-To first (demo-unit.md)"),
    ("Kittipong Saelee", "kittipong.sl@gmail.com"),
    "ขอความช่วยเหลือปรับปรุงบ้านให้แม่ที่เป็นผู้สูงอายุ",
    alt("""เรียน พมจ.เพชรบุรี

แม่ผมอายุ 82 ปี ล้มในห้องน้ำมาแล้วสองครั้ง ตอนนี้เดินต้องใช้ไม้เท้า บ้านเป็นบ้านไม้ยกพื้น มีบันไดขึ้นลงสูง ห้องน้ำอยู่นอกบ้านและเป็นส้วมซึม อยากขอความช่วยเหลือโครงการปรับสภาพแวดล้อมที่อยู่อาศัยของผู้สูงอายุ ทำทางลาดกับราวจับในห้องน้ำครับ

บ้านเลขที่ 66 หมู่ 9 ต.ยางหย่อง อ.ท่ายาง ที่ดินเป็นชื่อแม่เอง

กิตติพงษ์ แซ่ลี้ 082-390-1156
"""),
    date="2026-07-28 08:58", rcpt=PR))

# --- e60 out_of_authority district_registry: moving a house registration
MAILS.append(Mail(
    ooa("district_registry", "Asks how to move her mother's name from a Bangkok house registration to her house in "
        "Phetchaburi (ย้ายทะเบียนบ้าน); the district registration office"),
    ("Sunisa K.", "sunisa.kaewkla@gmail.com"),
    "ย้ายทะเบียนบ้านแม่มาอยู่ด้วย ต้องทำอย่างไร",
    Text("""สวัสดีค่ะ

จะย้ายชื่อแม่ (อายุ 75) จากทะเบียนบ้านที่บางแค กทม. มาเข้าทะเบียนบ้านของดิฉันที่ อ.เมืองเพชรบุรี แม่เดินทางไม่ค่อยไหว ต้องพาแม่ไปด้วยไหมคะ หรือดิฉันไปทำแทนได้ ย้ายปลายทางได้เลยหรือเปล่า

ขอบคุณค่ะ
สุนิสา
""", cte="base64"),
    date="2026-07-30 21:14"))

# --- e61 spam: parcel phishing from a look-alike Thailand Post domain
MAILS.append(Mail(
    spam("Phishing: 'parcel held, pay 32 baht customs fee' from thailandpost-th.com, a look-alike of Thailand Post"),
    ("ไปรษณีย์ไทย", "no-reply@thailandpost-th.com"),
    "พัสดุของท่านถูกระงับการจัดส่ง เนื่องจากที่อยู่ไม่ครบถ้วน (TH2607318845)",
    alt("""เรียน ลูกค้าไปรษณีย์ไทย

พัสดุหมายเลข TH2607318845 ของท่านไม่สามารถจัดส่งได้ เนื่องจากที่อยู่ไม่ครบถ้วนและยังไม่ได้ชำระค่าธรรมเนียมศุลกากร 32 บาท

กรุณาอัปเดตที่อยู่และชำระค่าธรรมเนียมภายใน 12 ชั่วโมง มิฉะนั้นพัสดุจะถูกส่งคืนผู้ส่ง
https://thailandpost-th.com/track/TH2607318845

บริษัท ไปรษณีย์ไทย จำกัด
""", cte="quoted-printable"),
    client="phpmailer", date="2026-08-01 13:13", spam=5.9, auth="none"))

# --- e62 forward homeless: a man himself, sleeping at a temple, sent from a phone
MAILS.append(Mail(
    forward("homeless", "Man who lost his job and his room says he has slept at a temple in Phetchaburi town for two "
            "weeks with nowhere to go and asks for a place to stay; the Homeless Protection Centre"),
    ("", "boy.nakhon1980@gmail.com"),
    "ไม่มีที่อยู่ ขอความช่วยเหลือ",
    Text("""ผมตกงานจากร้านอาหารที่ชะอำ ห้องเช่าก็โดนไล่ออกเพราะไม่มีเงินจ่าย ตอนนี้นอนที่ศาลาวัดในตัวเมืองเพชรมา 2 อาทิตย์แล้ว ไม่มีญาติ อายุ 46 ปี อยากได้ที่พักชั่วคราวกับหางานทำครับ ใช้มือถือเพื่อนส่งมา ติดต่อกลับทางเมลนี้ได้ครับ
""", cte="base64"),
    date="2026-08-04 18:47"))

# --- e63 register S18, incomplete: older persons fund loan with three scans
MAILS.append(Mail(
    reg("S18", "Older persons fund occupational loan (S18) for a 64-year-old who makes Phetchaburi desserts; attaches "
        "ID card, house registration and a photo at work, but not the cost estimate, the map of the home or "
        "supporting papers about the occupation (core borrower list of seed 003; guarantor papers not assessed)",
        complete=False,
        missing=["ใบประมาณค่าใช้จ่าย", "แผนที่ที่อยู่อาศัยของผู้กู้พอสังเขป",
                 "เอกสารประกอบอื่นใดเกี่ยวกับอาชีพที่ขอรับการสนับสนุน"]),
    ("บุญชู หอมหวาน", "boonchu.homwan@gmail.com"),
    "ขอกู้ยืมเงินกองทุนผู้สูงอายุ เพื่อประกอบอาชีพทำขนมหม้อแกง",
    mixed(alt("""เรียน เจ้าหน้าที่กองทุนผู้สูงอายุ

ดิฉันนางบุญชู หอมหวาน อายุ 64 ปี อยู่บ้านเลขที่ 3 หมู่ 2 ต.ต้นมะม่วง อ.เมืองเพชรบุรี ทำขนมหม้อแกงและทองหยอดขายหน้าบ้านมา 20 ปี อยากขอกู้เงินกองทุนผู้สูงอายุ 30,000 บาท เพื่อซื้อเตาอบและตู้กระจกใส่ขนม

แนบสำเนาบัตรประชาชน ทะเบียนบ้าน และรูปถ่ายตอนทำขนมมาให้แล้วค่ะ ผู้ค้ำประกันเป็นหลานสาวซึ่งเป็นครูอยู่โรงเรียนในตำบลเดียวกัน

ขอบคุณค่ะ
บุญชู 087-554-2208
"""),
        att_jpg("สำเนาบัตรประชาชน บุญชู.jpg", style="rfc2231"),
        att_jpg("สำเนาทะเบียนบ้าน บุญชู.jpg", style="rfc2231"),
        att_jpg("รูปถ่ายขณะประกอบอาชีพ.jpg", style="rfc2231")),
    date="2026-08-06 09:51"))

# --- e64 register letter 3: provincial circular, ด่วนที่สุด, Outlook windows-874 text/plain
MAILS.append(Mail(
    reg("letter", "Circular letter (ว) from the Phetchaburi Provincial Office to all heads of provincial agencies, "
        "which includes this unit: flood preparedness plans, marked ด่วนที่สุด; plain-text body in windows-874",
        doc_number="พบ ๐๐๑๗.๓/ว ๑๘๙๒", doc_number_ascii="พบ 0017.3/ว 1892", doc_date="2026-08-07",
        subject="การเตรียมความพร้อมรับมือสถานการณ์อุทกภัย ปี ๒๕๖๙", urgency="ด่วนที่สุด",
        sender_agency="จังหวัดเพชรบุรี"),
    ("ฝ่ายบริหารงานทั่วไป สนง.จังหวัดเพชรบุรี", "saraban@phetchaburi.go.th"),
    "ด่วนที่สุด การเตรียมความพร้อมรับมือสถานการณ์อุทกภัย ปี 2569 (พบ 0017.3/ว 1892)",
    Text("""ด่วนที่สุด
ที่ พบ ๐๐๑๗.๓/ว ๑๘๙๒                                 ศาลากลางจังหวัดเพชรบุรี
                                                    ถนนราชวิถี พบ ๗๖๐๐๐

                        ๗ สิงหาคม ๒๕๖๙

เรื่อง  การเตรียมความพร้อมรับมือสถานการณ์อุทกภัย ปี ๒๕๖๙

เรียน  หัวหน้าส่วนราชการประจำจังหวัดเพชรบุรีทุกส่วน

        ด้วยกรมอุตุนิยมวิทยาคาดการณ์ว่าในช่วงเดือนกันยายนถึงตุลาคม ๒๕๖๙ จะมีพายุเคลื่อนผ่านประเทศไทยตอนบน ๑ - ๒ ลูก ทำให้มีฝนตกหนักและอาจเกิดน้ำท่วมฉับพลันในพื้นที่ลุ่มน้ำเพชรบุรี

        จังหวัดเพชรบุรีจึงขอให้ส่วนราชการจัดทำแผนเผชิญเหตุของหน่วยงาน สำรวจกลุ่มเปราะบางในความรับผิดชอบ (ผู้สูงอายุ คนพิการ ผู้ป่วยติดเตียง) และแจ้งชื่อผู้ประสานงานตลอด ๒๔ ชั่วโมง ให้สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดเพชรบุรีทราบ ภายในวันที่ ๑๕ สิงหาคม ๒๕๖๙

        จึงเรียนมาเพื่อทราบและดำเนินการ

                        ขอแสดงความนับถือ

                        (นายสุรชัย ประเสริฐวงศ์)
                        รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน
                        ผู้ว่าราชการจังหวัดเพชรบุรี

สำนักงานจังหวัด
กลุ่มงานอำนวยการ
โทร. ๐ ๓๒๔๒ ๕๕๐๐
""", charset="windows-874", cte="quoted-printable"),
    client="outlook-desktop", charset="windows-874", date="2026-08-07 16:40"))

# --- e65 review: a charity concert ticket appeal that may be a real request or a solicitation
MAILS.append(Mail(
    review("Appeal to buy charity-concert tickets 'for disabled children' from a group with a free-mail address and "
           "no registration details: possibly a genuine request for support (register), possibly a solicitation "
           "or scam (spam); a clerk should check the organisation"),
    ("ชมรมดนตรีเพื่อน้องพิการ", "music4kids.charity@gmail.com"),
    "ขอความอนุเคราะห์สนับสนุนบัตรคอนเสิร์ตการกุศลเพื่อน้องพิการ",
    alt("""เรียน ท่านผู้อำนวยการ

ชมรมดนตรีเพื่อน้องพิการจะจัดคอนเสิร์ตการกุศล "ดนตรีสร้างฝัน" ในวันที่ 5 กันยายน 2569 ณ หอประชุมจังหวัด รายได้ทั้งหมดจะนำไปซื้อรถเข็นและอุปกรณ์ให้เด็กพิการในจังหวัดเพชรบุรี

จึงเรียนมาเพื่อขอความอนุเคราะห์หน่วยงานของท่านสนับสนุนบัตรเข้าชม ราคาใบละ 500 บาท ตามกำลังศรัทธา และช่วยประชาสัมพันธ์ให้บุคลากรในสังกัด สามารถโอนเงินได้ที่บัญชี นายชาตรี วงศ์ดนตรี ธ.กสิกรไทย 0xx-x-x4471-x แล้วส่งสลิปกลับมาทางอีเมลนี้

ขอขอบพระคุณล่วงหน้า
ชาตรี วงศ์ดนตรี ประธานชมรม
"""),
    date="2026-08-10 11:00"))

# --- e66 review: "the same matter as on the phone" with two scans and no thread
MAILS.append(Mail(
    review("Says 'same matter as we discussed by phone, sending the extra documents' with an ID card and house "
           "registration attached, but no In-Reply-To/References, no case number and no service named; it cannot be "
           "matched to a case automatically"),
    ("Malee", "malee.srisuk@hotmail.com"),
    "ส่งเอกสารเพิ่มค่ะ",
    mixed(Text("""เรื่องเดิมค่ะ ส่งเอกสารเพิ่มตามที่คุยกับเจ้าหน้าที่ทางโทรศัพท์เมื่อวานนะคะ
มาลี
""", cte="base64"),
        att_jpg("IMG_20260812_094411.jpg", style="ascii"),
        att_jpg("IMG_20260812_094502.jpg", style="ascii")),
    client="outlook", date="2026-08-12 09:47"))

# --- e67 machine: Exchange NDR in Thai (mailbox full), multipart/report delivery-status
_e67_orig = unit_mid(datetime(2026, 8, 14, 10, 2, 40, tzinfo=TZ7), "e67-orig")
MAILS.append(Mail(
    machine("Exchange non-delivery report in Thai ('ไม่สามารถส่งได้:', mailbox full 5.2.2) for a letter the unit sent to "
            "a district office; multipart/report delivery-status quoting the original Message-ID; empty Return-Path"),
    ("Microsoft Outlook", "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@dopa.go.th"),
    "ไม่สามารถส่งได้: ขอเชิญประชุมคณะทำงานศูนย์ช่วยเหลือสังคม ตำบล ครั้งที่ 3/2569",
    Multi("report", [
        alt("""ไม่สามารถส่งข้อความของคุณถึง banlat.district@dopa.go.th ได้ เนื่องจากกล่องจดหมายของผู้รับเต็ม

สำหรับผู้ดูแลระบบอีเมล:
Remote Server returned '552 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException'

เซิร์ฟเวอร์ที่สร้างรายงาน: EXMBX02.dopa.go.th
"""),
        Raw("message/delivery-status", """Reporting-MTA: dns;EXMBX02.dopa.go.th
Received-From-MTA: dns;mx.phetchaburi.m-society.go.th
Arrival-Date: Fri, 14 Aug 2026 03:02:44 +0000

Final-Recipient: rfc822;banlat.district@dopa.go.th
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp;552 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException
"""),
        Raw("text/rfc822-headers", f"""From: saraban@phetchaburi.m-society.go.th
To: banlat.district@dopa.go.th
Subject: =?utf-8?B?4LiC4Lit4LmA4LiK4Li04LiN4Lib4Lij4Liw4LiK4Li44Lih?=
Date: Fri, 14 Aug 2026 10:02:40 +0700
Message-ID: {_e67_orig}
"""),
    ], params=" report-type=delivery-status;"),
    client="exchange", date="2026-08-14 10:02", return_path="", auth="none",
    headers=["Auto-Submitted: auto-replied", "X-MS-Exchange-Message-Is-Ndr: ", "In-Reply-To: " + _e67_orig,
             "References: " + _e67_orig]))

# --- e68 wrong_channel S10: lost card replacement, TIS-620 HTML + plain QP
MAILS.append(Mail(
    wrong("in_person", "S10", "Asks for a replacement disability ID card after the old one was lost in a flood and "
          "offers to send a photo by e-mail (S10, replacement); S10 is in person only"),
    ("อำนวย บุญประเสริฐ", "amnuay.bp@ksc-net.co.th"),
    "บัตรคนพิการหายตอนน้ำท่วม ขอทำใหม่",
    alt("""เรียน เจ้าหน้าที่

บัตรประจำตัวคนพิการของผมหายไปตอนน้ำท่วมบ้านเมื่อปลายปีที่แล้ว ผมเป็นคนพิการทางการได้ยิน อยู่ ต.เขากระปุก อ.ท่ายาง ขอทำบัตรใหม่ครับ จะถ่ายรูปหน้าตรงส่งทางอีเมลให้ได้ไหม เพราะผมโทรศัพท์คุยไม่ได้ ต้องสื่อสารทางข้อความครับ

อำนวย
""", charset="tis-620", cte="quoted-printable", style="thunderbird"),
    client="thunderbird", charset="tis-620", date="2026-08-17 14:35"))

# --- e69 forward Ratchaburi: disability fund loan in Photharam
MAILS.append(Mail(
    forward("ratchaburi", "Caregiver of a disabled person in Photharam, Ratchaburi (อ.โพธาราม จ.ราชบุรี) asks for a "
            "disability fund occupational loan (S17)", "S17"),
    ("Supattra Chaiwan", "supattra.cw@gmail.com"),
    "ขอกู้เงินกองทุนคนพิการ ผู้ดูแลคนพิการ",
    alt("""สวัสดีค่ะ

ดิฉันเป็นผู้ดูแลน้องสาวที่พิการทางสติปัญญา มีชื่อเป็นผู้ดูแลในบัตรคนพิการของน้อง อยู่ที่ ต.คลองตาคต อ.โพธาราม จ.ราชบุรี อยากกู้เงินกองทุนส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ 40,000 บาท มาเปิดร้านขายข้าวแกงหน้าบ้าน จะได้ดูแลน้องไปด้วยค่ะ

ต้องใช้เอกสารอะไรบ้าง และต้องมีคนค้ำไหมคะ

สุภัทรา 098-113-5540
"""),
    date="2026-08-19 07:25"))


# =========================================================================== output

def build() -> list[dict]:
    records = []
    seen_mids: set[str] = set()
    for i, mail in enumerate(MAILS, 1):
        key = f"e{i:02d}"
        raw, mid, feats = render(key, mail)
        if mid in seen_mids:
            raise SystemExit(f"duplicate Message-ID in {key}")
        seen_mids.add(mid)
        (HERE / f"{key}.eml").write_bytes(raw)
        exp = finish_note(mail.exp)
        rec = {"file": f"{key}.eml", **{k: v for k, v in exp.items() if k != "note"},
               "note": exp["note"], "message_id": mid, "mime": feats}
        records.append(rec)
    for stale in HERE.glob("e*.eml"):
        if stale.name not in {r["file"] for r in records}:
            stale.unlink()
    with open(HERE / "expected.jsonl", "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return records


def check(records: list[dict]) -> None:
    """Parse every file back with the stdlib (and the project's parser when present)."""
    import codecs
    import email
    import email.policy
    codecs.register(lambda n: codecs.lookup("cp874") if n in ("windows_874", "x_windows_874") else None)
    for rec in records:
        raw = (HERE / rec["file"]).read_bytes()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        subject = str(msg["subject"] or "")
        assert "\ufffd" not in subject, (rec["file"], subject)
        assert msg["message-id"] == rec["message_id"], rec["file"]
        for part in msg.walk():
            if part.get_content_maintype() == "text" and not part.is_attachment():
                part.get_content()
            if part.get_filename():
                assert "\ufffd" not in part.get_filename(), (rec["file"], part.get_filename())
    print(f"stdlib: {len(records)} files parse")
    root = HERE.parents[1]
    if (root / "intake" / "parsing.py").exists():
        sys.path.insert(0, str(root))
        from intake.parse.mime import parse_message
        for rec in records:
            pm = parse_message((HERE / rec["file"]).read_bytes())
            assert "\ufffd" not in pm.subject, (rec["file"], pm.subject)
            assert pm.message_id == rec["message_id"], (rec["file"], pm.message_id)
        print(f"intake.parse.mime: {len(records)} files parse")


def main() -> None:
    records = build()
    counts: dict[str, int] = {}
    for rec in records:
        counts[rec["disposition"]] = counts.get(rec["disposition"], 0) + 1
    print(f"wrote {len(records)} messages to {HERE}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if "--check" in sys.argv:
        check(records)


if __name__ == "__main__":
    main()
