"""The e-mail parser on real mail: the 16 corpus files, hostile and broken input,
and every message in CPython's own email test data."""
from __future__ import annotations

import codecs
import email
import email.policy
import importlib.util
import os
import time
import unicodedata
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake.parse.charsets import THAI_LABELS, decode_text, register_thai_codecs
from intake.parse.mime import ParseError, html_to_text, parse_message

ICT = timezone(timedelta(hours=7))
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@pytest.fixture(scope="module")
def corpus() -> dict[str, object]:
    if not (CORPUS / "d01.eml").is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    return {p.stem: parse_message(p.read_bytes()) for p in sorted(CORPUS.glob("d*.eml"))}


# ------------------------------------------------------------------ corpus

# Distinctive words of each subject, as a mail client shows it.
SUBJECT_WORDS = {
    "d01": "องค์กรสวัสดิการชุมชน",
    "d02": "คนเร่ร่อนป่วยทางจิต",
    "d03": "แจ้งเกิดลูกเกินกำหนด",
    "d04": "หนังสือรับรองอาสาสมัครชาวต่างประเทศ",
    "d05": "บัตรคนพิการ",
    "d06": "เบี้ยผู้สูงอายุ",
    "d07": "Complete with DocuSign",
    "d08": "ประกันรถยนต์ชั้น 1",
    "d09": "ผู้ป่วยติดเตียง",
    "d10": "ขอเปลี่ยนโรงพยาบาลประกันสังคม",
    "d11": "ขอสละสิทธิ์เงินช่วยเหลือ",
    "d12": "รับเงินเพิ่ม 3,000 บาท",
    "d13": "การรับอุปการะเด็ก",
    "d14": "ศูนย์บริการคนพิการทั่วไป",
    "d15": "Away until 20 Aug",
    "d16": "อ่านแล้ว: ขอเชิญประชุม",
}


@pytest.mark.parametrize("name", sorted(SUBJECT_WORDS))
def test_corpus_subject_decodes(corpus, name):
    msg = corpus[name]
    assert SUBJECT_WORDS[name] in msg.subject
    assert "\ufffd" not in msg.subject and "=?" not in msg.subject
    assert msg.from_addr and "@" in msg.from_addr
    assert msg.message_id and msg.message_id.startswith("<")
    assert msg.text.strip(), "every corpus mail has a readable body"


@pytest.mark.parametrize("name,charset", [("d10", "windows-874"), ("d08", "tis-620")])
def test_legacy_thai_charsets_decode_without_replacement(corpus, name, charset):
    msg = corpus[name]
    for text in (msg.subject, msg.from_name, msg.text, msg.html or ""):
        assert "\ufffd" not in text
    assert any(charset in note for note in msg.charset_notes)


def test_windows_874_mail_reads_as_thai(corpus):
    d10 = corpus["d10"]
    assert d10.from_name == "ปิยะนุช แสงสว่าง"
    assert nfkc("สิทธิประกันสังคม") in d10.text
    assert d10.html and "<html" in d10.html.lower()


def test_tis620_html_only_mail_turned_into_text(corpus):
    d08 = corpus["d08"]
    assert d08.content_type == "text/html"
    assert "ซ่อมศูนย์ทั่วประเทศ" in d08.text
    assert "<" not in d08.text  # tags are gone


def test_html_without_charset_is_detected_as_utf8_with_a_note(corpus):
    d07 = corpus["d07"]
    assert any("no charset declared" in n and "utf-8" in n for n in d07.charset_notes)
    assert "ฝ่ายการเงินส่งเอกสาร" in d07.text
    assert "REVIEW DOCUMENT" in d07.text
    assert d07.reply_to == ["support.esign@outlook-mail.cc"]


def test_display_names_joined_across_encoded_words(corpus):
    # The stdlib header registry inserts a space between adjacent encoded words.
    assert corpus["d04"].from_name == "สมาคมเพื่อนช่วยเพื่อนเพชรบุรี"
    assert corpus["d16"].from_name == "สำนักงานแรงงานจังหวัดเพชรบุรี"
    assert corpus["d12"].from_name.endswith("e-Payment")


def test_addresses_are_lower_case_and_recipients_known(corpus):
    d09 = corpus["d09"]
    assert d09.from_addr == "saraban@pckhosp.go.th"
    assert d09.to == ["saraban@phetchaburi.m-society.go.th"]
    assert "pr@phetchaburi.m-society.go.th" in corpus["d01"].recipients
    for msg in corpus.values():
        for addr in [msg.from_addr, *msg.to, *msg.cc, *msg.reply_to, *msg.delivered_to]:
            assert addr == addr.lower()


def test_dates_and_threading_headers(corpus):
    d16 = corpus["d16"]
    assert d16.date == datetime(2026, 12, 2, 10, 47, 5, tzinfo=ICT)
    # The top Received header is our own server's, five seconds later.
    assert d16.received_at == datetime(2026, 12, 2, 10, 47, 10, tzinfo=ICT)
    d15 = corpus["d15"]
    assert d15.in_reply_to == "<20260812110200.ce34d74623@phetchaburi.m-society.go.th>"
    assert d15.in_reply_to in d15.references
    for msg in corpus.values():
        assert msg.received_at is not None and msg.received_at.tzinfo is not None


def test_format_flowed_lines_are_joined(corpus):
    text = corpus["d04"].text
    assert "Ms. Yuki Tanaka จะมาช่วยงาน" in text  # soft break between "Yuki" and "Tanaka"
    assert "ขอความกรุณาพิจารณาด้วยค่ะ\nนางสาวพัชรี" in text  # hard breaks kept


@pytest.mark.parametrize(
    "name,filenames",
    [
        # RFC 2231
        ("d04", ["หนังสือเดินทาง Yuki Tanaka.jpg", "หนังสือรับรองการจดทะเบียนสมาคม.pdf"]),
        ("d14", ["ร่างระเบียบศูนย์บริการคนพิการทั่วไป บ้านลาด.docx"]),  # RFC 2231
        ("d01", ["ข้อบังคับกองทุน ต.ถ้ำรงค์.docx"]),  # RFC 2047 in quotes
        ("d09", ["พบ0033.201-3940.pdf"]),  # RFC 2047 in quotes
        ("d05", ["ใบรับรองความพิการ ต้นข้าว.jpg", "สูติบัตร ต้นข้าว.png"]),
    ],
)
def test_thai_attachment_names_decode(corpus, name, filenames):
    attachments = corpus[name].attachments
    assert [a.filename for a in attachments] == filenames
    for a in attachments:
        assert a.size == len(a.payload) > 0


def test_attachment_payloads_are_the_real_files(corpus):
    jpeg, pdf = corpus["d04"].attachments
    assert jpeg.content_type == "image/jpeg" and jpeg.payload[:3] == b"\xff\xd8\xff"
    assert pdf.content_type == "application/pdf" and pdf.payload.startswith(b"%PDF-")
    docx = corpus["d14"].attachments[0]
    assert docx.payload[:2] == b"PK"


def test_pdf_letter_text_layer(corpus):
    letter = corpus["d09"].attachments[0]
    for words in ("ขอความอนุเคราะห์ช่วยเหลือผู้ป่วยติดเตียง", "โรงพยาบาลพระจอมเกล้า",
                  "ผู้อำนวยการ", "พบ ๐๐๓๓.๒๐๑/๓๙๔๐"):
        assert words in letter.text  # as typed: SARA AM whole (rules/thai/text.clean_thai)


def test_read_receipt_report_part_is_an_attachment(corpus):
    d16 = corpus["d16"]
    assert d16.content_type == "multipart/report"
    assert [a.content_type for a in d16.attachments] == ["message/disposition-notification"]
    assert d16.attachments[0].filename  # a display name even though none was sent


def test_language(corpus):
    assert corpus["d15"].language == "th"  # Thai and English: reply in Thai
    assert corpus["d09"].language == "th"
    english = parse_message(
        b"From: John <john@example.com>\r\nSubject: Question about volunteering\r\n\r\n"
        b"Hello, I would like to volunteer at the shelter next month. Regards, John\r\n"
    )
    assert english.language == "en"


def test_headers_are_decoded_and_unfolded(corpus):
    d16 = corpus["d16"]
    assert d16.header("Thread-Topic") == d16.subject
    assert d16.header("x-spam-status").startswith("No, score=0.0")
    assert len(d16.headers["received"]) == 4
    for values in d16.headers.values():
        assert all("\r" not in v and "\n" not in v for v in values)


# ------------------------------------------------------------------ charsets

THAI = "ขอเปลี่ยนโรงพยาบาลประกันสังคม"


@pytest.mark.parametrize("label", THAI_LABELS)
def test_thai_labels_decode(label):
    register_thai_codecs()
    text, _note = decode_text(THAI.encode("cp874"), label)
    assert text == THAI
    # The email package knows them too: RFC 2047 words and get_content().
    word = f"=?{label}?B?" + codecs.encode(THAI.encode("cp874"), "base64").decode().strip() + "?="
    assert str(make_header(decode_header(word))) == THAI
    raw = (f"Subject: {word}\r\nContent-Type: text/plain; charset={label}\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n").encode() + THAI.encode("cp874")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["subject"] == THAI
    assert msg.get_content() == THAI


def test_register_thai_codecs_is_idempotent():
    register_thai_codecs()
    register_thai_codecs()
    assert codecs.lookup("windows-874").name == "cp874"


@pytest.mark.parametrize(
    "data,declared,expected,note_words",
    [
        (THAI.encode("utf-8"), None, THAI, ["no charset declared", "utf-8"]),
        (THAI.encode("cp874"), None, THAI, ["no charset declared", "cp874"]),
        (THAI.encode("utf-8"), "us-ascii", THAI, ["declared us-ascii", "utf-8"]),
        (THAI.encode("utf-8"), "iso-8859-1", THAI, ["declared iso-8859-1", "utf-8"]),
        (THAI.encode("cp874"), "iso-8859-1", THAI, ["declared iso-8859-1", "cp874"]),
        (THAI.encode("utf-8"), "x-unknown", THAI, ["unknown charset", "utf-8"]),
        (b"Hello there, plain words", "utf-16", "Hello there, plain words", ["declared utf-16"]),
        (THAI.encode("utf-8"), "utf-8", THAI, []),
        (b"plain ascii", None, "plain ascii", []),
    ],
)
def test_decode_text(data, declared, expected, note_words):
    text, note = decode_text(data, declared)
    assert text == expected
    if note_words:
        assert note and all(w in note for w in note_words)
    else:
        assert note is None


def test_undecodable_bytes_are_noted_not_silently_replaced():
    for data in (b"\x81\x8d\x8f binary \x90\x9d\x00\xfe", bytes(range(128, 256)) * 3):
        text, note = decode_text(data, None)
        assert note is not None and "no charset declared" in note
        assert "\ufffd" not in text or "replaced" in note


# ------------------------------------------------------------------ bodies

def test_sara_am_forms_compare_equal():
    composed = "ตำบล"  # SARA AM
    decomposed = "ต\u0e4d\u0e32บล"  # NIKHAHIT + SARA AA, as PDFs give it
    messages = [
        parse_message(("Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                       f"{form}\r\n").encode())
        for form in (composed, decomposed)
    ]
    assert messages[0].text == messages[1].text == nfkc(composed)


def test_html_to_text_drops_scripts_and_keeps_blocks():
    html = ("<html><head><title>t</title><style>p{color:red}</style></head><body>"
            "<script>alert('x')</script><p>เรียน&nbsp;เจ้าหน้าที่</p><div>บรรทัด&amp;สอง"
            "<br>สาม</div></body></html>")
    text = html_to_text(html)
    assert "alert" not in text and "color" not in text
    assert text.splitlines() == ["เรียน เจ้าหน้าที่", "", "บรรทัด&สอง", "สาม"]


def test_quoted_printable_and_base64_bodies(corpus):
    assert "แม่ค้าแผงผัก" in corpus["d02"].text  # quoted-printable
    assert nfkc("ผู้สูงอายุ") in corpus["d06"].text  # base64


# ------------------------------------------------------------------ hostile and broken

def test_unlisted_recipients_group_does_not_crash():
    msg = parse_message(
        b"From: Somchai <Somchai@Example.COM>\r\nTo: unlisted-recipients:;\r\n"
        b"Cc: undisclosed-recipients: ;, \"Broken <x@y.example>\r\nSubject: hi\r\n\r\nbody\r\n"
    )
    assert msg.from_addr == "somchai@example.com" and msg.from_name == "Somchai"
    assert msg.to == []
    assert msg.cc == ["x@y.example"]  # the regex fallback still finds it


@pytest.mark.parametrize(
    "header",
    [b"To: :;", b"To: <@>", b"To: \"\" <>", b"To: a@b@c", b"To: =?utf-8?q?=ZZ?= <a@b.example>",
     b"To: group: <a@b.example>, (unclosed", b"To: ,,,;;;<<<>>>",
     b"To: \xe0\xb8\xaa <s@b.example>"],
)
def test_odd_address_headers_never_raise(header):
    msg = parse_message(header + b"\r\nFrom: a@b.example\r\nSubject: s\r\n\r\nbody\r\n")
    assert msg.from_addr == "a@b.example"


def test_missing_headers_and_unknown_charset():
    msg = parse_message(
        "Subject: =?x-unknown?B?4Liq4Lin4Lix4Liq4LiU4Li1?=\r\n"
        "Content-Type: text/plain; charset=x-unknown\r\n\r\nสวัสดีค่ะ\r\n".encode()
    )
    assert msg.message_id is None and msg.from_addr == "" and msg.date is None
    assert msg.subject == "สวัสดี"
    assert msg.text == "สวัสดีค่ะ"
    assert any("x-unknown" in n for n in msg.charset_notes)


def test_raw_8bit_headers_are_decoded_with_a_note():
    msg = parse_message("From: สมชาย <a@b.example>\r\nSubject: สวัสดี\r\n\r\nx\r\n".encode()
                        .replace("สวัสดี".encode(), "สวัสดี".encode("cp874")))
    assert msg.subject == "สวัสดี" and msg.from_name == "สมชาย"
    assert msg.charset_notes


def test_broken_mime_boundary_still_gives_body_and_attachments():
    raw = (b"From: a@b.example\r\nSubject: broken\r\n"
           b"Content-Type: multipart/mixed; boundary=\"declared\"\r\n\r\n"
           b"--actual\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           + "เรียน เจ้าหน้าที่".encode() +
           b"\r\n--actual\r\nContent-Type: application/pdf; name=a.pdf\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\nbm90IGEgcGRm\r\n--actual--\r\n")
    msg = parse_message(raw)
    assert msg.text == "เรียน เจ้าหน้าที่"
    assert [a.filename for a in msg.attachments] == ["a.pdf"]
    assert msg.attachments[0].text == ""
    assert any("StartBoundaryNotFound" in d for d in msg.defects)
    assert any("a.pdf" in d for d in msg.defects)  # the PDF had no text: said so


def test_unclosed_boundary_and_truncated_base64():
    raw = (b"From: a@b.example\r\nSubject: cut\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B\r\n"
           b"Content-Type: image/png; name=x.png\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0K")
    msg = parse_message(raw)
    assert msg.text == "hello"
    assert msg.attachments[0].filename == "x.png"
    assert msg.defects


@pytest.mark.parametrize(
    "disposition,expected",
    [
        (b'attachment; filename="../../etc/passwd"', "passwd"),
        (b'attachment; filename="..\\\\..\\\\windows\\\\evil.bat"', "evil.bat"),
        (b"attachment; filename*=utf-8''..%2F%E0%B8%AA%E0%B8%A1%0D%0A%E2%80%AEfdp.exe",
         "สมfdp.exe"),
        (b'attachment; filename="=?utf-8?B?Li4vLi4v4LiB4LiyLnR4dA==?="', "กา.txt"),
    ],
)
def test_attachment_names_are_safe_display_strings(disposition, expected):
    raw = (b"From: a@b.example\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B\r\n"
           b"Content-Type: application/octet-stream\r\nContent-Disposition: " + disposition +
           b"\r\n\r\ndata\r\n--B--\r\n")
    (attachment,) = parse_message(raw).attachments
    assert attachment.filename == expected
    assert "/" not in attachment.filename and "\\" not in attachment.filename


def test_forwarded_message_is_an_attachment():
    inner = EmailMessage()
    inner["From"] = "x@y.example"
    inner["Subject"] = "หนังสือเดิม"
    inner.set_content("ข้อความเดิม")
    outer = EmailMessage()
    outer["From"] = "a@b.example"
    outer["Subject"] = "Fwd"
    outer.set_content("ส่งต่อ")
    outer.add_attachment(inner)
    msg = parse_message(outer.as_bytes())
    assert msg.text == "ส่งต่อ"
    (attachment,) = msg.attachments
    assert attachment.content_type == "message/rfc822"
    assert "ข้อความเดิม".encode() in attachment.payload or b"Subject:" in attachment.payload


@pytest.mark.slow
def test_25_mb_attachment_parses_in_seconds():
    payload = os.urandom(25 * 1024 * 1024)
    mail = EmailMessage()
    mail["From"] = "a@b.example"
    mail["Subject"] = "ไฟล์ใหญ่"
    mail.set_content("แนบไฟล์")
    mail.add_attachment(payload, maintype="application", subtype="pdf", filename="big.pdf")
    raw = mail.as_bytes()
    start = time.monotonic()
    msg = parse_message(raw)
    assert time.monotonic() - start < 10
    (attachment,) = msg.attachments
    assert attachment.size == len(payload) and attachment.payload == payload
    assert attachment.text == "" and any("big.pdf" in d for d in msg.defects)


@pytest.mark.parametrize("seed", range(5))
def test_binary_garbage_does_not_raise(seed):
    import random

    rng = random.Random(seed)
    msg = parse_message(bytes(rng.randrange(256) for _ in range(4000)))
    assert isinstance(msg.text, str)


def test_deeply_nested_multipart_does_not_raise():
    raw = b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
    for i in range(1, 400):
        raw += b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (i - 1, i)
    msg = parse_message(raw)
    assert msg.from_addr == "a@b.example"


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n", bytearray()])
def test_empty_input_is_a_parse_error(raw):
    with pytest.raises(ParseError):
        parse_message(raw)


def _cpython_email_data() -> list[Path]:
    try:
        spec = importlib.util.find_spec("test.test_email")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return []
    data = Path(spec.origin).parent / "data"
    return sorted(p for p in data.iterdir() if p.is_file()) if data.is_dir() else []


CPYTHON_DATA = _cpython_email_data()


@pytest.mark.skipif(not CPYTHON_DATA, reason="CPython's test.test_email data not installed")
@pytest.mark.parametrize("path", CPYTHON_DATA, ids=lambda p: p.name)
def test_every_cpython_email_test_file_parses(path):
    raw = path.read_bytes()
    if not raw.strip():
        with pytest.raises(ParseError):
            parse_message(raw)
        return
    msg = parse_message(raw)
    assert isinstance(msg.subject, str) and isinstance(msg.text, str)
    for attachment in msg.attachments:
        assert attachment.size == len(attachment.payload)
        assert "/" not in attachment.filename


def test_mutated_corpus_mail_never_raises(corpus):
    """Truncations and byte flips of a real multipart mail: a result, never an exception."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    raw = (CORPUS / "d04.eml").read_bytes()

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(cut=st.integers(1, len(raw)), flips=st.lists(
        st.tuples(st.integers(0, len(raw) - 1), st.integers(0, 255)), max_size=20))
    def check(cut, flips):
        data = bytearray(raw[:cut])
        for pos, value in flips:
            if pos < len(data):
                data[pos] = value
        try:
            msg = parse_message(bytes(data))
        except ParseError:
            assert not bytes(data).strip()
            return
        assert isinstance(msg.text, str)

    check()
