"""Whole cases through a Maildir and the SMTP sink, with the daily sweep run as of chosen
dates (procedure.md steps 2-4). The lifecycle needs no IMAP server: the mailbox is a Maildir
on this machine (test_spine.py keeps the end-to-end path through Dovecot)."""
from __future__ import annotations

import email
import email.policy
import io
import json
import mailbox
import unicodedata
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from sqlalchemy import select

from intake.cases import lifecycle as cases
from intake.outbox.deliver import deliver_due
from intake.pipeline import Processor
from rules.thai.dates import thai_digits
from registry.db import transaction
from registry.models import Case, OutboxItem, SendEntry, User

from .spine_helpers import CORPUS, load, run_cli, write_config

pytestmark = [pytest.mark.integration, pytest.mark.any_database]
SARABAN = "saraban@phetchaburi.m-society.go.th"
BKK = ZoneInfo("Asia/Bangkok")


def _people(proc):
    with transaction(proc.factory) as s:
        s.add(User(login="clerk1", name="นางสาวสุดา ใจงาม", role="clerk"))
        s.add(User(login="head1", name="นายสมศักดิ์ ผู้อำนวยการ", role="head",
                   email="head@phetchaburi.m-society.go.th"))


@pytest.fixture
def inbox(tmp_path):
    """The unit's mailbox: a Maildir the poll reads, as Dovecot would deliver into."""
    return mailbox.Maildir(tmp_path / "Maildir", create=True)


def _setup(tmp_path, inbox, smtp_sink, raw: bytes):
    inbox.add(raw)
    cfg = write_config(tmp_path, None, smtp_sink, kind="maildir",
                       path=str(tmp_path / "Maildir"))
    run_cli("poll", "--once", config=cfg)
    proc = Processor(load(cfg))
    _people(proc)
    with proc.factory() as s:
        case = s.scalars(select(Case)).one()
    return cfg, proc, case


def _mails(sink):
    return [email.message_from_bytes(m.data, policy=email.policy.default) for m in sink.messages]


def _reply_to(mail_id: str, sender: str, text: str, attachments=()) -> bytes:
    m = EmailMessage()
    m["From"], m["To"] = sender, SARABAN
    m["Subject"] = "Re: เอกสารเพิ่มเติม"
    m["Message-ID"] = make_msgid(domain="gmail.com")
    m["In-Reply-To"] = m["References"] = mail_id
    m.set_content(text)
    for name in attachments:
        m.add_attachment(b"%PDF-1.4 placeholder", maintype="application", subtype="pdf",
                         filename=name)
    return m.as_bytes()


def _case(proc, ref):
    with proc.factory() as s:
        return s.scalar(select(Case).where(Case.ref == ref))


def _local_day(when):
    return when.astimezone(BKK).date()


def _funeral_request(complete: bool) -> bytes:
    m = EmailMessage()
    m["From"] = "วิชัย ทองดี <wichai.td@gmail.com>"
    m["To"] = SARABAN
    m["Subject"] = "ขอรับเงินค่าจัดการศพผู้สูงอายุตามประเพณี"
    m["Message-ID"] = make_msgid(domain="gmail.com")
    m.set_content("เรียน เจ้าหน้าที่\nคุณพ่อเสียชีวิตแล้ว อายุ 79 ปี บ้านอยู่อำเภอชะอำ เพชรบุรี "
                  "ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุตามประเพณี เอกสารตามแนบครับ\n")
    names = ["ใบมรณบัตร.pdf", "บัตรสวัสดิการแห่งรัฐ.pdf", "บัตรประชาชน วิชัย.pdf",
             "สมุดบัญชีเงินฝากธนาคาร.pdf", "แบบแจ้งข้อมูลการรับเงินโอน Krungthai Corporate Online.pdf",
             "แบบคำขอรับเงินสงเคราะห์ ศผส.01.pdf"]
    for name in names if complete else names[:2]:
        m.add_attachment(b"%PDF-1.4 x", maintype="application", subtype="pdf", filename=name)
    return m.as_bytes()


def _spacing(text: str) -> str:
    """A line's spacing letters: PDF extraction puts stacked tone marks on lines of their own."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def _signed_result(profile) -> bytes:
    """The result as the head signs it: a หนังสือภายนอก whose number is still dots."""
    from datetime import date

    from intake.outbox.letter_pdf import render_letter

    return render_letter(profile, number="......", date=date(2026, 12, 3),
                         subject="แจ้งผลการพิจารณาเงินค่าจัดการศพ", to="นายวิชัย ทองดี",
                         body="ตามที่ท่านได้ยื่นคำขอ นั้น อนุมัติแล้ว", signer_name="นายสมศักดิ์",
                         signer_position="หัวหน้าหน่วยงาน", thai_numerals=True)


def test_a_complete_request_gets_its_result_sent_and_logged(tmp_path, inbox, smtp_sink):
    cfg, proc, case = _setup(tmp_path, inbox, smtp_sink, _funeral_request(complete=True))
    assert case.service == "S16" and case.state == "open"
    statuses = {d["status"] for d in case.completeness["documents"]}
    assert statuses <= {"present", "unsure"}  # nothing proposed as missing
    cases.confirm_completeness(proc, case.ref, "clerk1", missing=[])
    result = tmp_path / "result.pdf"
    result.write_bytes(_signed_result(proc.profile))  # its ที่ left as dots, as signed
    cases.attach_result(proc, case.ref, "clerk1", result, "แจ้งผลการพิจารณาเงินค่าจัดการศพ")
    with pytest.raises(cases.CaseError):  # a clerk cannot approve sending
        cases.approve(proc, case.ref, "clerk1")
    before = len(smtp_sink.messages)
    out = run_cli("approve", case.ref, "--as", "head1", config=cfg).stdout
    assert "ดำเนินการแล้วเสร็จ" in out
    run_cli("deliver", config=cfg)
    assert len(smtp_sink.messages) == before + 1
    sent = _mails(smtp_sink)[-1]
    assert sent["To"].addresses[0].addr_spec == "wichai.td@gmail.com"
    pdfs = [p for p in sent.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdfs
    with proc.factory() as s:
        entry = s.scalar(select(SendEntry).where(SendEntry.subject.like("แจ้งผล%")))
    # the letter number พบ ๐๐๒๒/N is the send number, and the mail is in the body
    assert entry.doc_number == f"พบ ๐๐๒๒/{thai_digits(entry.number)}"
    assert entry.doc_number in sent.get_body(("plain",)).get_content()
    # and on the letter itself, with its date, over the blank ที่ line the head signed
    with pdfplumber.open(io.BytesIO(pdfs[0].get_content())) as doc:
        lines = [_spacing(line) for line in doc.pages[0].extract_text().splitlines()]
    assert _spacing(f"ที่ {entry.doc_number}") in lines
    assert any(line.startswith(_spacing("ลงวันที่ ")) for line in lines)
    rows = [json.loads(line) for line in run_cli("register", "export", "--register", "send",
                                                  config=cfg).stdout.splitlines()]
    action = next(r["action"] for r in rows if r["number"] == entry.number)
    assert "wichai.td@gmail.com" in action and "result" in action  # address and time


def test_incomplete_request_answered_in_time(tmp_path, inbox, smtp_sink):
    raw = (CORPUS / "d14.eml").read_bytes()
    cfg, proc, case = _setup(tmp_path, inbox, smtp_sink, raw)
    proposal = {d["document"]: d["status"] for d in case.completeness["documents"]}
    assert [d for d, st in proposal.items() if st == "missing"] == [
        "แผนผังแสดงสถานที่ตั้งศูนย์", "หลักฐานแสดงกรรมสิทธิ์หรือสิทธิในการใช้สถานที่และอาคาร",
        "ข้อบังคับหรือตราสารขององค์กร", "เอกสารที่ได้รับการรับรองมาตรฐานตามมาตรา 6 (10)"]
    run_cli("case", "documents", case.ref, "--as", "clerk1", config=cfg)
    run_cli("deliver", config=cfg)
    notice = _mails(smtp_sink)[-1]
    body = notice.get_body(("plain",)).get_content()
    for doc in [d for d, st in proposal.items() if st == "missing"]:
        assert doc in body
    # one condition, and what really follows: kept, proposed for disposal, and told
    consequence = next(line for line in body.splitlines() if "หากพ้นกำหนด" in line)
    assert consequence.count("หาก") == 1 and "ติดต่อท่านไม่ได้" not in consequence
    assert "คืนคำขอ" not in body and "แจ้งให้ท่านทราบเมื่อจำหน่ายเรื่อง" in consequence
    # the privacy note after the signature
    assert body.index("ขอแสดงความนับถือ") < body.index("การคุ้มครองข้อมูลส่วนบุคคล")
    # a letter the unit signs: numbered in the send register, printing its ที่ and date;
    # the acknowledgment before it is in the message's mail log, not the register
    with proc.factory() as s:
        letters = {e.doc_number: e for e in s.scalars(select(SendEntry))}
        kinds = {o.kind: o.send_entry_id for o in s.scalars(select(OutboxItem))}
    assert kinds["acknowledgment"] is None and kinds["missing_documents"] is not None
    number = body.splitlines()[0].removeprefix("ที่ ")
    assert list(letters) == [number] and number.startswith("พบ ๐๐๒๒/")
    assert body.splitlines()[1].startswith("วันที่ ")
    case = _case(proc, case.ref)
    assert case.state == "awaiting_documents" and case.documents_deadline
    with pytest.raises(cases.CaseError, match="once"):  # the law allows asking once
        with transaction(proc.factory) as s:
            cases._request_documents(proc, s, s.get(Case, case.id), ["x"], "clerk1",
                                     proc.clock())
    # the applicant answers on the thread, in time
    inbox.add(_reply_to(notice["Message-ID"].strip(), "disabilityclub.banlat@gmail.com",
                        "ส่งเอกสารเพิ่มเติมครับ", ["แผนผังที่ตั้งศูนย์.pdf"]))
    run_cli("poll", "--once", config=cfg)
    assert _case(proc, case.ref).state == "open"
    after = case.documents_deadline + timedelta(days=40)
    run_cli("sweep", "--as-of", after.isoformat(), config=cfg)
    assert _case(proc, case.ref).state == "open"  # answered: never dormant


def _bounce_for(mail_id: str, rcpt: str) -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
        f"To: {SARABAN}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Auto-Submitted: auto-replied\r\n"
        f"Message-ID: {make_msgid(domain='mx.example.com')}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
        f"--B\r\nContent-Type: text/plain\r\n\r\n<{rcpt}>: mailbox unavailable\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com"
        f"\r\n\r\nFinal-Recipient: rfc822; {rcpt}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: {SARABAN}\r\nTo: {rcpt}\r\n"
        f"Message-ID: {mail_id}\r\nSubject: x\r\n--B--\r\n").encode()


def test_unreachable_applicant_dormant_then_proposed_on_day_30_and_disposed(
        tmp_path, inbox, smtp_sink):
    cfg, proc, case = _setup(tmp_path, inbox, smtp_sink, _funeral_request(complete=False))
    cases.confirm_completeness(proc, case.ref, "clerk1")
    deliver_due(proc)
    notice = _mails(smtp_sink)[-1]
    inbox.add(_bounce_for(notice["Message-ID"].strip(), "wichai.td@gmail.com"))
    run_cli("poll", "--once", config=cfg)
    case = _case(proc, case.ref)
    assert case.state == "dormant" and case.unreachable_since
    day0 = _local_day(case.unreachable_since)
    run_cli("sweep", "--as-of", (day0 + timedelta(days=29)).isoformat(), config=cfg)
    assert _case(proc, case.ref).state == "dormant"  # day 29: still kept
    run_cli("sweep", "--as-of", (day0 + timedelta(days=30)).isoformat(), config=cfg)
    assert _case(proc, case.ref).state == "disposal_proposed"  # day 30: proposed
    listed = json.loads(run_cli("cases", "--state", "disposal_proposed", "--json",
                                config=cfg).stdout.splitlines()[0])
    assert listed["ref"] == case.ref
    with pytest.raises(cases.CaseError):
        cases.approve(proc, case.ref, "clerk1")  # only the head decides
    before = len(smtp_sink.messages)
    run_cli("approve", case.ref, "--as", "head1", config=cfg)
    assert _case(proc, case.ref).state == "disposed"
    deliver_due(proc)  # the closing notice the missing-documents notice promised
    closing = _mails(smtp_sink)[before:]
    assert [m["To"].addresses[0].addr_spec for m in closing] == ["wichai.td@gmail.com"]
    assert "จำหน่ายเรื่อง" in str(closing[0]["Subject"])
    text = closing[0].get_body(("plain",)).get_content()
    assert thai_digits(case.ref) in text and "ยื่นคำขอใหม่" in text and "เรียน  คุณวิชัย ทองดี" in text
    rows = [json.loads(line) for line in run_cli("register", "export", "--register", "receive",
                                                  config=cfg).stdout.splitlines()]
    row = next(r for r in rows if f"{r['number']}/{r['year_be']}" == case.ref)
    assert "จำหน่ายเรื่อง" in row["action"] and "นายสมศักดิ์" in row["action"]
    history = cases.history(proc, case.ref)
    assert [h["to"] for h in history][-3:] == ["dormant", "disposal_proposed", "disposed"]
    assert all(h["actor"] and h["at"] for h in history)


def test_a_rejected_proposal_goes_back_to_the_clerk_and_contact_ends_dormancy(
        tmp_path, inbox, smtp_sink):
    cfg, proc, case = _setup(tmp_path, inbox, smtp_sink, _funeral_request(complete=False))
    cases.confirm_completeness(proc, case.ref, "clerk1")
    deliver_due(proc)
    case = _case(proc, case.ref)
    # no reply by the deadline: unreachable from the next day
    run_cli("sweep", "--as-of", (case.documents_deadline + timedelta(days=1)).isoformat(),
            config=cfg)
    case = _case(proc, case.ref)
    assert case.state == "dormant"
    run_cli("sweep", "--as-of", (_local_day(case.unreachable_since) + timedelta(days=30))
            .isoformat(), config=cfg)
    assert _case(proc, case.ref).state == "disposal_proposed"
    out = run_cli("reject", case.ref, "--as", "head1", "--reason", "โทรติดต่อผู้ยื่นอีกครั้ง",
                  config=cfg, check=False)
    assert out.returncode == 0, out.stderr
    c = _case(proc, case.ref)
    assert c.state == "open" and c.decision_reason == "โทรติดต่อผู้ยื่นอีกครั้ง"
    assert run_cli("reject", case.ref, "--as", "head1", "--reason", "x", config=cfg,
                   check=False).returncode != 0  # nothing waits for the head any more


def test_high_risk_request_cannot_proceed_until_identity_is_recorded(tmp_path, inbox,
                                                                     smtp_sink):
    raw = (CORPUS / "d11.eml").read_bytes()
    cfg, proc, case = _setup(tmp_path, inbox, smtp_sink, raw)
    assert case.high_risk and case.state == "awaiting_identity"
    with proc.factory() as s:
        queued = set(s.scalars(select(OutboxItem.kind)))
    assert {"acknowledgment", "identity_proofing"} <= queued and len(smtp_sink.messages) == 2
    first, second = _mails(smtp_sink)
    # first the acknowledgment (registered, its number), then what the applicant must do
    assert "ตอบรับ" in str(first["Subject"]) or "Acknowledgment" in str(first["Subject"])
    body = second.get_body(("plain",)).get_content()
    assert "ยืนยันตัวตน" in str(second["Subject"]) or "identity" in str(second["Subject"]).lower()
    assert "วิดีโอ" in body or "video call" in body
    assert "D.DOPA" not in body  # the demo unit is not linked to Digital ID
    result = tmp_path / "r.pdf"
    result.write_bytes(b"%PDF-1.4\n")
    for action in (lambda: cases.confirm_completeness(proc, case.ref, "clerk1", []),
                   lambda: cases.attach_result(proc, case.ref, "clerk1", result, "ผล")):
        with pytest.raises(cases.CaseError):
            action()
    run_cli("case", "identity", case.ref, "--as", "clerk1", "--method", "video_call",
            "--evidence", "นัดหมายวิดีโอคอล 25 พ.ย. แสดงบัตรประชาชน บันทึกวิดีโอไว้", config=cfg)
    c = _case(proc, case.ref)
    assert c.state == "open" and c.identity_method == "video_call"
    cases.attach_result(proc, case.ref, "clerk1", result, "ผลการพิจารณาการสละสิทธิ์")
    assert _case(proc, case.ref).state == "result_pending"


def test_a_late_case_keeps_one_notice_for_the_clerk_renewed_every_7_days(tmp_path, inbox, smtp_sink):
    m = EmailMessage()
    m["From"], m["To"] = "มาลี ศรีสุข <malee.ss@gmail.com>", SARABAN
    m["Subject"] = "ขอจัดหาครอบครัวอุปถัมภ์ให้หลานที่ถูกทอดทิ้ง"
    m["Message-ID"] = make_msgid(domain="gmail.com")
    m.set_content("หลานถูกพ่อแม่ทอดทิ้ง ดิฉันเลี้ยงดูอยู่ที่อำเภอเมืองเพชรบุรี ขอยื่นคำขอเป็นครอบครัวอุปถัมภ์ "
                  "(การจัดหาครอบครัวอุปถัมภ์ กรณีเด็กถูกทอดทิ้งที่มีผู้เลี้ยงดูในครอบครัว) ค่ะ\n")
    cfg, proc, case = _setup(tmp_path, inbox, smtp_sink, m.as_bytes())
    assert case.service == "S02" and case.due_date
    cases.confirm_completeness(proc, case.ref, "clerk1", missing=[])
    due = case.due_date
    sent_before = len(smtp_sink.messages)
    run_cli("sweep", "--as-of", (due - timedelta(days=1)).isoformat(), config=cfg)
    listed = json.loads(run_cli("cases", "--json", "--as-of", (due - timedelta(days=1))
                                .isoformat(), config=cfg).stdout.splitlines()[0])
    assert listed["due_soon"] and not listed["late"]
    for day, expect in ((1, 1), (3, 1), (8, 2), (14, 2), (15, 3)):
        run_cli("sweep", "--as-of", (due + timedelta(days=day)).isoformat(), config=cfg)
        with proc.factory() as s:
            held = list(s.scalars(select(OutboxItem).where(OutboxItem.kind == "late_notice")))
        assert len(held) == expect, (day, len(held))
        # one waits for the clerk; each newer notice replaces the one still held
        assert [h.state for h in held] == ["discarded"] * (expect - 1) + ["held"], day
    held = [h for h in held if h.state == "held"]
    run_cli("deliver", config=cfg)
    assert len(smtp_sink.messages) == sent_before  # held notices wait for the clerk
    edited = tmp_path / "late.txt"
    edited.write_text("เรียน คุณมาลี\nเรื่องของท่านอยู่ระหว่างรอผลการตรวจเยี่ยมบ้าน จะแจ้งผลโดยเร็ว\n",
                      encoding="utf-8")
    run_cli("outbox", "release", str(held[0].id), "--body-file", str(edited), config=cfg)
    run_cli("deliver", config=cfg)
    assert len(smtp_sink.messages) == sent_before + 1
    assert "ตรวจเยี่ยมบ้าน" in _mails(smtp_sink)[-1].get_body(("plain",)).get_content()


def test_the_head_is_reminded_of_a_waiting_proposal(tmp_path, inbox, smtp_sink):
    cfg, proc, case = _setup(tmp_path, inbox, smtp_sink, _funeral_request(complete=False))
    cases.confirm_completeness(proc, case.ref, "clerk1")
    case = _case(proc, case.ref)
    first = case.documents_deadline + timedelta(days=1)
    run_cli("sweep", "--as-of", first.isoformat(), config=cfg)
    proposed_on = first + timedelta(days=30)
    run_cli("sweep", "--as-of", proposed_on.isoformat(), config=cfg)
    every = load(cfg).get("cases.head_reminder_days")
    run_cli("sweep", "--as-of", (proposed_on + timedelta(days=every - 1)).isoformat(), config=cfg)
    with proc.factory() as s:
        assert not list(s.scalars(select(OutboxItem).where(OutboxItem.kind == "disposal_reminder")))
    run_cli("sweep", "--as-of", (proposed_on + timedelta(days=every)).isoformat(), config=cfg)
    run_cli("deliver", config=cfg)
    reminder = _mails(smtp_sink)[-1]
    assert reminder["To"].addresses[0].addr_spec == "head@phetchaburi.m-society.go.th"
    assert thai_digits(case.ref) in reminder.get_body(("plain",)).get_content()
