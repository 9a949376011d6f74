"""Issue 14 through the real pipeline (a Maildir the poll reads, the SMTP sink): an urgent
safety matter arriving at night (finding 8), and the delay notice copied to ก.พ.ร. with
statutory time counted as the manual says (finding 9)."""
from __future__ import annotations

import email
import email.policy
import mailbox
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlalchemy import select

from intake.cases import lifecycle as cases
from intake.pipeline import Processor
from registry.models import Case, OutboxItem, ReceiveEntry
from registry.office_time import is_working_day, period_end

from .spine_helpers import load, run_cli, write_config

pytestmark = [pytest.mark.integration, pytest.mark.any_database]
SARABAN = "saraban@phetchaburi.m-society.go.th"
SHELTER = "saraban@phetchaburi-shelter.m-society.go.th"
DUTY = "duty@phetchaburi.m-society.go.th"
OPDC = "saraban@opdc.go.th"


def _config(tmp_path):
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    return maildir


def _mails(sink):
    return [(m, email.message_from_bytes(m.data, policy=email.policy.default))
            for m in sink.messages]


def _text(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def _night_report() -> bytes:
    m = EmailMessage()
    m["From"] = "ผู้หวังดี <neighbour.pb@gmail.com>"
    m["To"] = SARABAN
    m["Subject"] = "แจ้งเหตุเด็กถูกทำร้าย บ้านข้างๆ"
    m["Date"] = "Thu, 03 Dec 2026 23:40:00 +0700"
    m["Message-ID"] = make_msgid(domain="gmail.com")
    m.set_content("เรียน เจ้าหน้าที่\nบ้านข้างๆ ที่อำเภอท่ายาง พ่อเลี้ยงเมาแล้วทุบตีลูกทุกคืน "
                  "ตอนนี้ได้ยินเด็กร้องอยู่ เด็กมีรอยฟกช้ำเต็มตัว ช่วยด้วยค่ะ\n")
    return m.as_bytes()


def test_a_child_beaten_at_night_is_registered_most_urgent_and_held_for_a_call(
        tmp_path, smtp_sink):
    inbox = _config(tmp_path)
    cfg = write_config(tmp_path, None, smtp_sink, kind="maildir", path=str(tmp_path / "Maildir"))
    run_cli("user", "add", "duty1", "--name", "นางสาวสุดา ใจงาม", "--role", "clerk",
            "--email", DUTY, config=cfg)
    inbox.add(_night_report())
    run_cli("poll", "--once", config=cfg)
    run_cli("deliver", config=cfg)
    proc = Processor(load(cfg))
    with proc.factory() as s:
        entry = s.scalars(select(ReceiveEntry)).one()
        forward = s.scalar(select(OutboxItem).where(OutboxItem.kind == "forward"))
        assert entry.urgency == "ด่วนที่สุด"
        assert forward.state == "held" and forward.recipients == [SHELTER]
        forward_id = forward.id
    sent = {m["To"].addresses[0].addr_spec: (c, m) for c, m in _mails(smtp_sink)}
    assert SHELTER not in sent  # nothing goes to the shelter before a person telephones
    _, alert = sent[DUTY]
    assert alert["Subject"].startswith("ด่วนที่สุด") and alert["X-Priority"].startswith("1")
    assert "โทรศัพท์" in _text(alert) and "intake outbox release" in _text(alert)
    _, ack = sent["neighbour.pb@gmail.com"]
    assert "1300" in _text(ack) and "ด่วนที่สุด" in _text(ack)
    # the person telephoned the shelter, then lets the forward go
    run_cli("outbox", "release", str(forward_id), config=cfg)
    run_cli("deliver", config=cfg)
    assert SHELTER in {c.rcpt_tos[0] for c, _ in _mails(smtp_sink)}


def _foster_request() -> bytes:
    m = EmailMessage()
    m["From"], m["To"] = "มาลี ศรีสุข <malee.ss@gmail.com>", SARABAN
    m["Subject"] = "ขอจัดหาครอบครัวอุปถัมภ์ให้หลานที่ถูกทอดทิ้ง"
    m["Message-ID"] = make_msgid(domain="gmail.com")
    m.set_content("หลานถูกพ่อแม่ทอดทิ้ง ดิฉันเลี้ยงดูอยู่ที่อำเภอเมืองเพชรบุรี ขอยื่นคำขอเป็นครอบครัวอุปถัมภ์ "
                  "(การจัดหาครอบครัวอุปถัมภ์ กรณีเด็กถูกทอดทิ้งที่มีผู้เลี้ยงดูในครอบครัว) ค่ะ\n")
    return m.as_bytes()


def test_each_delay_notice_is_copied_to_opdc_and_the_period_counts_working_days(
        tmp_path, smtp_sink):
    inbox = _config(tmp_path)
    cfg = write_config(tmp_path, None, smtp_sink, kind="maildir", path=str(tmp_path / "Maildir"))
    run_cli("user", "add", "clerk1", "--name", "นางสาวสุดา ใจงาม", "--role", "clerk", config=cfg)
    inbox.add(_foster_request())
    run_cli("poll", "--once", config=cfg)
    run_cli("deliver", config=cfg)
    proc = Processor(load(cfg))
    with proc.factory() as s:
        case = s.scalars(select(Case)).one()
    # S02: 5 days, working days as the demo manual counts them, ending on a working day
    deemed = case.deemed_received_at.astimezone(cases._zone(proc)).date()
    assert case.due_date == period_end(deemed, 5, "working") and is_working_day(case.due_date)
    ack = _mails(smtp_sink)[-1][1]
    assert "นับเฉพาะวันทำการ" in _text(ack)
    cases.confirm_completeness(proc, case.ref, "clerk1", missing=[])
    # every 7 days a notice, held for the clerk; each one released reaches ก.พ.ร. too
    for day in (1, 8):
        run_cli("sweep", "--as-of", (case.due_date + timedelta(days=day)).isoformat(), config=cfg)
        with proc.factory() as s:
            held = s.scalars(select(OutboxItem).where(OutboxItem.kind == "late_notice",
                                                      OutboxItem.state == "held")).one()
        assert OPDC in held.recipients
        before = len(smtp_sink.messages)
        run_cli("outbox", "release", str(held.id), config=cfg)
        run_cli("deliver", config=cfg)
        assert len(smtp_sink.messages) == before + 1
        captured = smtp_sink.messages[-1]
        assert set(captured.rcpt_tos) == {"malee.ss@gmail.com", OPDC}
        mail = email.message_from_bytes(captured.data, policy=email.policy.default)
        assert mail["Cc"].addresses[0].addr_spec == OPDC
        assert "สำเนาเรียน" in _text(mail) and "ก.พ.ร." in _text(mail)


def test_the_acknowledgment_carries_a_signed_receipt_that_verifies(tmp_path, dovecot, smtp_sink):
    """Through Dovecot and the SMTP sink: the receipt attached to the acknowledgment
    verifies with `intake receipt verify`, and fails when one byte of it or of the
    message changes."""
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("receipt", "keygen", "--out", str(tmp_path / "receipt"), config=cfg)
    with open(cfg, "a", encoding="utf-8") as fh:
        fh.write('[receipt]\nkey_file = "receipt/key.pem"\ncertificate_file = "receipt/cert.pem"\n')
    dovecot.append("INBOX", _foster_request())
    run_cli("poll", "--once", config=cfg)
    run_cli("deliver", config=cfg)
    ack = _mails(smtp_sink)[-1][1]
    pdfs = [p for p in ack.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_filename().startswith("receipt-")
    receipt_pdf = tmp_path / "receipt.pdf"
    receipt_pdf.write_bytes(pdfs[0].get_content())
    proc = Processor(load(cfg))
    with proc.factory() as s:
        from registry.models import Message

        msg = s.scalars(select(Message)).one()
        entry = s.scalars(select(ReceiveEntry)).one()
    eml = tmp_path / "received.eml"
    eml.write_bytes(proc.store.get(msg.sha256))
    out = run_cli("receipt", "verify", str(receipt_pdf), "--message", str(eml), config=cfg).stdout
    assert "ok:" in out and f"{entry.number}/{entry.year + 543}" in out
    assert msg.sha256 in out
    # one byte of the PDF changed
    data = bytearray(receipt_pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    assert run_cli("receipt", "verify", str(tampered), config=cfg, check=False).returncode == 1
    # one byte of the message changed
    raw = bytearray(eml.read_bytes())
    raw[-3] ^= 0x01
    other = tmp_path / "other.eml"
    other.write_bytes(bytes(raw))
    bad = run_cli("receipt", "verify", str(receipt_pdf), "--message", str(other), config=cfg,
                  check=False)
    assert bad.returncode == 1 and "sha256" in bad.stderr
