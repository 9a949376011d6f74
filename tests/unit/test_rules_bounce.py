from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.message import Attachment
from rules.base import TriageContext

from rules.checks.bounce import Bounce

ORIGINAL = "<ack-42@phetchaburi.m-society.go.th>"


def test_dsn_is_machine_and_names_the_bounced_original():
    headers_part = Attachment(filename="", content_type="text/rfc822-headers", size=80,
                              payload=f"From: saraban@x\nMessage-ID: {ORIGINAL}\n".encode())
    m = msg("Undelivered Mail Returned to Sender", "Delivery to the following recipient failed",
            from_addr="mailer-daemon@mx.gmail.com", content_type="multipart/report",
            headers={"Content-Type": 'multipart/report; report-type=delivery-status; boundary="x"',
                     "Return-Path": "<>"},
            attachments=[Attachment("", "message/delivery-status", 10), headers_part])
    v = Bounce().check(m, PROFILE, TriageContext())
    assert v.disposition == "machine"
    assert v.details["bounce_of"] == ORIGINAL


def test_read_receipt_is_machine():
    m = msg("อ่านแล้ว: ขอเชิญประชุม", "ข้อความของคุณได้รับการอ่านแล้ว", from_addr="a@mol.go.th",
            content_type="multipart/report",
            headers={"Content-Type": 'multipart/report; report-type="disposition-notification"'})
    assert Bounce().check(m, PROFILE, TriageContext()).disposition == "machine"


def test_ordinary_mail_is_not_a_bounce():
    m = msg("ขอยื่นคำขอ", "เรียน เจ้าหน้าที่", headers={"Return-Path": "<citizen@gmail.com>"})
    assert not Bounce().check(m, PROFILE, TriageContext()).hit


def test_postmaster_sender_alone_is_not_a_bounce():
    # phishing borrows "postmaster@"; a real bounce has an empty Return-Path or a report
    m = msg("แจ้งเตือน: กล่องจดหมายเต็ม", "กรุณายืนยันบัญชี", from_addr="postmaster@mail-quota.example",
            headers={"Return-Path": "<postmaster@mail-quota.example>"})
    assert not Bounce().check(m, PROFILE, TriageContext()).hit
    m.headers["return-path"] = ["<>"]
    assert Bounce().check(m, PROFILE, TriageContext()).disposition == "machine"
