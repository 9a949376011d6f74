"""Triage end to end through Dovecot and the SMTP sink: the right mail, to the right
address, with the right template; loops never answered; threads kept; headers safe."""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlalchemy import select

from intake.pipeline import Processor
from registry.models import Event, Message, OutboxItem, ReceiveEntry

from .spine_helpers import corpus_files, load, manifest, run_cli, write_config

pytestmark = [pytest.mark.integration, pytest.mark.any_database]

SARABAN = "saraban@phetchaburi.m-society.go.th"


def _citizen_request(sender="somchai.k@gmail.com", subject=None, **headers) -> EmailMessage:
    m = EmailMessage()
    m["From"] = f"สมชาย ใจดี <{sender}>"
    m["To"] = SARABAN
    m["Subject"] = subject or "ขอรับเงินค่าจัดการศพผู้สูงอายุตามประเพณี"
    m["Message-ID"] = make_msgid(domain="gmail.com")
    m["Date"] = "Mon, 23 Nov 2026 10:00:00 +0700"
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    m.set_content("เรียน เจ้าหน้าที่\n\nคุณแม่ของผมเสียชีวิตเมื่อวันที่ 15 พฤศจิกายน อายุ 82 ปี "
                  "อยู่ที่อำเภอเมืองเพชรบุรี ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุตามประเพณี "
                  "แนบสำเนาบัตรประชาชนและใบมรณบัตรมาด้วยครับ\n\nสมชาย ใจดี โทร 081-234-5678\n")
    return m


def _poll(cfg):
    return run_cli("poll", "--once", config=cfg)


def _sent(sink):
    return [email.message_from_bytes(m.data, policy=email.policy.default) for m in sink.messages]


def test_each_corpus_reply_uses_its_template_and_reaches_the_right_address(
        tmp_path, dovecot, smtp_sink):
    expected = manifest()
    if not expected:
        pytest.skip("shared corpus manifest not available")
    for f in corpus_files():
        dovecot.append("INBOX", f.read_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    _poll(cfg)
    proc = Processor(load(cfg))
    with proc.factory() as s:
        rows = s.execute(select(Message.header_message_id, Message.from_addr, OutboxItem.kind,
                                OutboxItem.recipients, OutboxItem.rfc_message_id)
                         .join(OutboxItem, OutboxItem.message_pk == Message.id)).all()
    by_mid = {m.get("Message-ID", "").strip(): m for m in _sent(smtp_sink)}
    by_file = {}
    for f in corpus_files():
        mid = email.message_from_bytes(f.read_bytes())["Message-ID"].strip()
        by_file[mid] = expected[f.name]
    seen_kinds = set()
    for original_id, sender, kind, recipients, our_id in rows:
        exp = by_file[original_id]
        mail = by_mid[our_id]  # it reached the SMTP server
        seen_kinds.add(kind)
        body = mail.get_body().get_content() if kind != "forward" else ""
        if kind == "forward":
            assert recipients == [exp["forward_to"]]
            # the sibling gets the message exactly as our server delivered it to us
            with proc.factory() as s:
                sha = s.scalar(select(Message.sha256)
                               .where(Message.header_message_id == original_id))
            wire = next(m.data for m in smtp_sink.messages
                        if our_id.encode() in m.data)
            part = email.message_from_bytes(wire).get_payload()[-1]
            assert part.get_content_type() == "message/rfc822"
            assert proc.store.get(sha).replace(b"\r\n", b"\n") in wire.replace(b"\r\n", b"\n")
        else:
            assert recipients == [sender]  # replies go back to the sender only
        if kind == "out_of_authority":
            agency = proc.profile.agencies[exp["agency"]]
            assert agency.name in body or agency.name_en in body
        if kind == "acknowledgment":
            assert "เลขทะเบียนรับ" in body or "registration number" in body.lower()
        if kind == "wrong_channel":
            hint = exp["channel_hint"]
            needle = {"bizportal": "bizportal.go.th", "saraban_email": SARABAN,
                      "in_person": proc.profile.unit.address.split()[0]}[hint]
            assert needle in body, (exp["file"], hint)
    assert {"acknowledgment", "wrong_channel", "out_of_authority", "forward",
            "forwarded_notice"} <= seen_kinds
    # spam and machine mail got no reply at all
    quiet = {mid for mid, exp in by_file.items() if exp["disposition"] in ("spam", "machine")}
    assert not [r for r in rows if r[0] in quiet]


def _first_ack(proc):
    with proc.factory() as s:
        return s.scalar(select(OutboxItem).where(OutboxItem.kind == "acknowledgment"))


def test_out_of_office_reply_to_our_acknowledgment_gets_no_mail(tmp_path, dovecot, smtp_sink):
    dovecot.append("INBOX", _citizen_request().as_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    _poll(cfg)
    proc = Processor(load(cfg))
    ack = _first_ack(proc)
    assert ack is not None and len(smtp_sink.messages) == 1
    with proc.factory() as s:
        # the record names the handlers that acted, in the order of their table
        acted = s.get(Message, ack.message_pk).decision["acted"]
        assert acted[:4] == ["register", "case", "mail_owed", "replies"]

    ooo = EmailMessage()
    ooo["From"] = "สมชาย ใจดี <somchai.k@gmail.com>"
    ooo["To"] = SARABAN
    ooo["Subject"] = "ตอบกลับอัตโนมัติ: ไม่อยู่ที่สำนักงาน / Out of office"
    ooo["Message-ID"] = make_msgid(domain="gmail.com")
    ooo["In-Reply-To"] = ack.rfc_message_id
    ooo["References"] = ack.rfc_message_id
    ooo["Auto-Submitted"] = "auto-replied"
    ooo.set_content("ขณะนี้ผมไม่อยู่ จะกลับวันที่ 30 พฤศจิกายน ขอรับเงินค่าจัดการศพ กรุณาติดต่อกลับ\n")
    dovecot.append("INBOX", ooo.as_bytes())
    _poll(cfg)
    assert len(smtp_sink.messages) == 1  # nothing sent to the auto-responder
    with proc.factory() as s:
        m = s.scalar(select(Message).where(Message.header_message_id == ooo["Message-ID"]))
        assert m.disposition == "machine"
        assert m.decision["rules"] and m.decision["reasons"]
        assert not {"register", "case", "replies"} & set(m.decision["acted"])


def test_a_bounce_of_our_mail_is_linked_to_the_case(tmp_path, dovecot, smtp_sink):
    dovecot.append("INBOX", _citizen_request(sender="nobody.here@gmail.com").as_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    _poll(cfg)
    proc = Processor(load(cfg))
    ack = _first_ack(proc)
    dsn = (
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\n"
        f"To: {SARABAN}\r\nSubject: Delivery Status Notification (Failure)\r\n"
        "Auto-Submitted: auto-replied\r\nMessage-ID: <dsn-1@mx.google.com>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nAddress not found: nobody.here@gmail.com\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; googlemail.com\r\n\r\n"
        "Final-Recipient: rfc822; nobody.here@gmail.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: {SARABAN}\r\nTo: nobody.here@gmail.com\r\nMessage-ID: {ack.rfc_message_id}\r\n"
        "Subject: ack\r\n--b--\r\n").encode()
    dovecot.append("INBOX", dsn)
    _poll(cfg)
    assert len(smtp_sink.messages) == 1  # a bounce is never answered
    with proc.factory() as s:
        bounce = s.scalar(select(Event).where(Event.kind == "bounced"))
        assert bounce is not None and bounce.message_pk == ack.message_pk
        m = s.scalar(select(Message).where(Message.header_message_id == "<dsn-1@mx.google.com>"))
        assert m.disposition == "machine"


def test_a_reply_on_a_case_is_registered_as_a_follow_up_without_a_second_ack(
        tmp_path, dovecot, smtp_sink):
    first = _citizen_request()
    dovecot.append("INBOX", first.as_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    _poll(cfg)
    proc = Processor(load(cfg))
    ack = _first_ack(proc)
    follow = _citizen_request(subject="Re: ตอบรับ: ขอรับเงินค่าจัดการศพ", In_Reply_To=ack.rfc_message_id,
                              References=f"{first['Message-ID']} {ack.rfc_message_id}")
    follow.set_content("ส่งสำเนาทะเบียนบ้านเพิ่มเติมครับ\n")
    dovecot.append("INBOX", follow.as_bytes())
    _poll(cfg)
    with proc.factory() as s:
        entries = list(s.scalars(select(ReceiveEntry).order_by(ReceiveEntry.number)))
    assert [e.number for e in entries] == [1, 2]  # its own number
    assert entries[1].remarks == f"ต่อเรื่องรับที่ {entries[0].number}/{entries[0].year + 543}"
    assert len(smtp_sink.messages) == 1  # no second acknowledgment the same day


def test_header_injection_in_subject_and_name_reaches_no_header(tmp_path, dovecot, smtp_sink):
    raw = (
        "From: =?utf-8?B?" + __import__("base64").b64encode(
            "สมหญิง\r\nBcc: victim1@example.com".encode()).decode() + "?= <somying@gmail.com>\r\n"
        f"To: {SARABAN}\r\n"
        "Subject: =?utf-8?B?" + __import__("base64").b64encode(
            "ขอรับเงินค่าจัดการศพผู้สูงอายุ\r\nBcc: victim2@example.com".encode()).decode() + "?=\r\n"
        "Message-ID: <inj-1@gmail.com>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + ("คุณแม่เสียชีวิต อายุ 80 ปี อยู่อำเภอเมืองเพชรบุรี ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุ "
                  "แนบสำเนาบัตรประชาชนค่ะ\r\n").encode()
    dovecot.append("INBOX", raw)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    _poll(cfg)
    assert smtp_sink.messages, "the request is answered"
    for captured in smtp_sink.messages:
        assert captured.rcpt_tos == ("somying@gmail.com",)  # the envelope: only the sender
        mail = email.message_from_bytes(captured.data, policy=email.policy.default)
        assert mail["Bcc"] is None and mail["Cc"] is None
        # the words arrive as text inside one header value, never as a header of their own
        assert sorted(k.lower() for k in mail.keys()) == sorted(
            ["from", "to", "subject", "date", "message-id", "in-reply-to", "references",
             "auto-submitted", "x-auto-response-suppress", "content-type",
             "content-transfer-encoding", "mime-version"])
        for value in mail.values():
            assert "\n" not in str(value).strip() and "\r" not in str(value)


def test_a_flood_from_one_address_is_capped(tmp_path, dovecot, smtp_sink):
    for i in range(8):
        m = _citizen_request(subject=f"ขอรับเงินค่าจัดการศพผู้สูงอายุ ครั้งที่ {i + 1}")
        dovecot.append("INBOX", m.as_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    _poll(cfg)
    cap = load(cfg).get("policy.reply_cap_per_day")
    assert len(smtp_sink.messages) == cap
    proc = Processor(load(cfg))
    with proc.factory() as s:
        capped = [m for m in s.scalars(select(Message))
                  if any(n["rule"] == "reply_cap" for n in m.decision["notes"])]
    assert len(capped) == 8 - cap  # the silence is recorded, in words, on each message
