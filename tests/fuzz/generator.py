"""A seeded generator of broken and hostile e-mail, as raw bytes.

    message(seed) -> bytes        the same seed always gives the same bytes

It writes the bytes itself (not through the email package, which would repair them):
MIME trees up to six levels deep with missing, wrong or duplicated boundaries; Thai text in
utf-8, tis-620, windows-874, iso-8859-11 and charsets that do not exist, declared right or
wrong; encoded words that are broken, in unknown charsets, or that carry CR/LF and a
smuggled header; base64 and quoted-printable that are invalid; message/rfc822 parts; file
names with ../, control characters, RFC 2231 encoding or 300 characters; NUL bytes, 8-bit
headers, bare CR and LF line ends, very long lines; and truncation at any byte.
"""
from __future__ import annotations

import base64
import quopri
import random

THAI = ["ขอแจ้งเรื่องร้องเรียน น้ำท่วมถนนหน้าบ้าน", "ขอรับเงินอุดหนุนเด็กแรกเกิด",
        "สวัสดีค่ะ ขอสอบถามเรื่องเบี้ยยังชีพผู้สูงอายุ", "ด่วนที่สุด ที่ พม ๐๐๒๒/๑๒๓",
        "ขายยาลดน้ำหนัก คลิกเลย", "ตอบกลับอัตโนมัติ: ไม่อยู่สำนักงาน"]
ENGLISH = ["Request for assistance", "Out of office", "Undelivered Mail Returned to Sender",
           "URGENT invoice", "Complaint about the road", "hello"]
CHARSETS = ["utf-8", "tis-620", "windows-874", "iso-8859-11", "x-unknown", "cp874", "utf-7",
            "us-ascii", "iso-8859-1", "", "utf-8\"", "bogus charset", "UTF-16"]
ENCODABLE = {"utf-8": "utf-8", "tis-620": "tis-620", "windows-874": "cp874",
             "iso-8859-11": "iso8859_11", "cp874": "cp874", "utf-16": "utf-16"}
CTES = ["7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode", "bogus", ""]
LEAF_TYPES = ["text/plain", "text/html", "application/pdf", "application/octet-stream",
              "image/png", "application/msword", "text/calendar", "application/x-unknown"]
NAMES = ["เอกสาร.pdf", "../../etc/passwd", "..\\..\\boot.ini", "a\x00b.pdf", "evil\r\nX-H: 1.txt",
         "x" * 300 + ".docx", "", ".", "/abs/path.pdf", "con.txt", "ok.pdf", "รูป\t\x07.png",
         "=?utf-8?B?4LmA4Lit4LiB4Liq4Liy4Lij?=.pdf", "%2e%2e%2fx"]
FROMS = ["สมชาย <somchai@example.org>", "somchai@example.org", "<>", "no-address",
         "MAILER-DAEMON@mx.example.net", "\"Evil\r\nBcc: x@y\" <a@b.c>", "a@b.c, d@e.f",
         "=?tis-620?B?wvLB?= <x@example.com>", "saraban@phetchaburi.m-society.go.th",
         "Group: a@b.c, c@d.e;", "@@@", "x" * 500 + "@example.com"]


def _text(rng: random.Random) -> str:
    pool = THAI + ENGLISH
    return " ".join(rng.choice(pool) for _ in range(rng.randint(1, 6)))


def _encode_text(rng: random.Random, text: str, charset: str) -> bytes:
    codec = ENCODABLE.get(charset.lower())
    if codec is None or rng.random() < 0.15:
        codec = rng.choice(["utf-8", "cp874", "tis-620"])  # declared one thing, sent another
    return text.encode(codec, "replace")


def _encoded_word(rng: random.Random, text: str) -> str:
    charset = rng.choice(CHARSETS) or "utf-8"
    data = _encode_text(rng, text, charset)
    r = rng.random()
    if r < 0.4:
        payload = base64.b64encode(data).decode()
        if rng.random() < 0.2:
            payload = payload[:-rng.randint(1, 3)]  # broken padding
        return f"=?{charset}?B?{payload}?="
    if r < 0.8:
        payload = quopri.encodestring(data, header=True).decode().replace("\n", "")
        return f"=?{charset}?Q?{payload}?="
    # CR/LF smuggled inside an encoded word
    return "=?utf-8?Q?" + rng.choice(["a=0D=0ABcc:_x@evil.example", "=0A=0A<html>",
                                      "%0d%0aSet-Cookie:x"]) + "?="


def _header_value(rng: random.Random, text: str) -> bytes:
    r = rng.random()
    if r < 0.35:
        return text.encode("utf-8")  # raw 8-bit
    if r < 0.45:
        return text.encode("cp874", "replace")
    if r < 0.8:
        return _encoded_word(rng, text).encode()
    if r < 0.9:
        return (text[:5] + "\r\nBcc: victim@example.org\r\n" + text[5:]).encode()
    return (text + "\x00\x1b[31m" + "y" * rng.randint(0, 3000)).encode()


def _headers(rng: random.Random, eol: bytes) -> list[bytes]:
    h = []
    if rng.random() < 0.92:
        h.append(b"From: " + rng.choice(FROMS).encode("utf-8"))
    if rng.random() < 0.9:
        h.append(b"To: " + rng.choice(["saraban@phetchaburi.m-society.go.th",
                                       "undisclosed-recipients:;", "pr@phetchaburi.m-society.go.th",
                                       "", "a@b.c" + ", a@b.c" * rng.randint(0, 200)]).encode())
    if rng.random() < 0.9:
        h.append(b"Subject: " + _header_value(rng, _text(rng)))
    if rng.random() < 0.8:
        h.append(b"Date: " + rng.choice([b"Mon, 23 Nov 2026 14:05:00 +0700", b"yesterday",
                                         b"Thu, 31 Feb 2569 25:61:00 +9999", b"",
                                         b"Mon, 23 Nov 2026 14:05:00 -0000"]))
    if rng.random() < 0.85:
        h.append(b"Message-ID: " + rng.choice([
            f"<fuzz-{rng.getrandbits(48):x}@example.org>".encode(), b"no-brackets",
            b"<a@b> <c@d>", b"<" + b"m" * 2000 + b">", b""]))
    for _ in range(rng.randint(0, 6)):
        h.append(rng.choice([
            b"In-Reply-To: <" + str(rng.getrandbits(32)).encode() + b"@phetchaburi.m-society.go.th>",
            b"References: " + b" ".join(b"<r%d@x>" % i for i in range(rng.randint(1, 300))),
            b"Auto-Submitted: auto-replied", b"Precedence: bulk", b"List-Id: <l.example.org>",
            b"X-Spam-Flag: YES", b"Received: from x by y; Mon, 23 Nov 2026 14:05:00 +0700",
            b"Authentication-Results: mx; dmarc=fail", b"Reply-To: " + rng.choice(FROMS).encode(),
            b"X-Long: " + b"z" * rng.randint(1000, 20000),
            b"Broken header without colon", b": empty name", b"\x80\xff: 8bit name",
            b"Subject: second subject",
            b"Content-Disposition: attachment; filename*=utf-8''%E0%B8%81../x.pdf",
        ]))
    rng.shuffle(h)
    return h


def _leaf(rng: random.Random, eol: bytes) -> bytes:
    ctype = rng.choice(LEAF_TYPES)
    charset = rng.choice(CHARSETS)
    cte = rng.choice(CTES)
    params = f'; charset="{charset}"' if ctype.startswith("text/") and charset else ""
    head = [f"Content-Type: {ctype}{params}".encode()]
    if cte:
        head.append(f"Content-Transfer-Encoding: {cte}".encode())
    if not ctype.startswith("text/") or rng.random() < 0.2:
        name = rng.choice(NAMES)
        disp = rng.choice(["attachment", "inline", "bogus"])
        if rng.random() < 0.3:
            head.append(f"Content-Disposition: {disp}; filename*=utf-8''".encode()
                        + name.encode("utf-8").replace(b"%", b"%25"))
        else:
            head.append(f'Content-Disposition: {disp}; filename="{name}"'.encode())
    if ctype == "text/html":
        body = (f'<html><body><p>{_text(rng)}</p><img src="http://tracker.example/p.gif">'
                f'<img src="file:///etc/passwd"><script>alert(1)</script></body></html>')
        data = _encode_text(rng, body, charset)
    elif ctype.startswith("text/"):
        data = _encode_text(rng, _text(rng) + "\n" + _text(rng), charset)
    elif ctype == "application/pdf":
        data = rng.choice([b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                           b"%PDF-1.7\n" + bytes(rng.getrandbits(8) for _ in range(300)),
                           b"not a pdf at all"])
    else:
        data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 600)))
    if cte == "base64":
        enc = base64.encodebytes(data)
        if rng.random() < 0.2:
            enc = enc[: max(1, len(enc) - rng.randint(1, 5))] + b"!!*~"  # invalid base64
    elif cte == "quoted-printable":
        enc = quopri.encodestring(data)
        if rng.random() < 0.2:
            enc += b"=ZZ=\n=4"  # invalid escapes, a soft break at the end
    else:
        enc = data
    return eol.join(head) + eol + eol + enc.replace(b"\n", eol)


def _part(rng: random.Random, eol: bytes, depth: int) -> bytes:
    r = rng.random()
    if depth < 6 and r < 0.3:
        boundary = rng.choice([f"b{depth}-{rng.getrandbits(32):x}", "", "==", "a" * 80,
                               "same", "ขอบ"])
        sub = rng.choice(["mixed", "alternative", "related", "signed", "report", "digest"])
        head = f'Content-Type: multipart/{sub}; boundary="{boundary}"'.encode()
        parts = [_part(rng, eol, depth + 1) for _ in range(rng.randint(0, 4))]
        bnd = boundary.encode("utf-8")
        if rng.random() < 0.15:
            bnd = b"wrong" + bnd  # the delimiters do not match the declared boundary
        body = b"preamble" + eol
        for p in parts:
            body += b"--" + bnd + eol + p + eol
        if rng.random() < 0.8:
            body += b"--" + bnd + b"--" + eol
        return head + eol + eol + body
    if depth < 6 and r < 0.38:
        inner = eol.join(_headers(rng, eol)) + eol + _part(rng, eol, depth + 1)
        return b"Content-Type: message/rfc822" + eol + eol + inner
    return _leaf(rng, eol)


def message(seed: int) -> bytes:
    rng = random.Random(seed)
    eol = rng.choice([b"\r\n", b"\n", b"\r\n", b"\n", b"\r"])
    raw = eol.join(_headers(rng, eol))
    if rng.random() < 0.95:
        raw += eol + b"MIME-Version: 1.0"
    raw += eol + _part(rng, eol, 0)
    if rng.random() < 0.1:
        raw = raw[: rng.randint(0, len(raw))]  # truncated in transit
    if rng.random() < 0.05:
        raw = raw.replace(eol, rng.choice([b"\r\n", b"\n", b"\r"]), rng.randint(1, 20))
    return raw
