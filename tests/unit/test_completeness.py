"""The completeness proposal: what people call their files answers the manual's names."""
from intake.cases.completeness import MISSING, PRESENT, UNSURE, check
from rules.message import Attachment, ParsedMessage


def _mail(text: str, *names: str) -> ParsedMessage:
    return ParsedMessage(message_id=None, subject="ยื่นคำขอ", from_name="", from_addr="a@b.co",
                         text=text, attachments=[Attachment(n, "image/jpeg", 10) for n in names])


REQUIRED = ["สำเนาบัตรประจำตัวประชาชน", "สำเนาทะเบียนบ้าน", "ใบมรณบัตรของผู้สูงอายุ",
            "แผนผังแสดงสถานที่ตั้งศูนย์"]


def test_everyday_file_names_answer_the_official_document_names():
    p = check(_mail("ส่งเอกสารค่ะ", "บัตรประชาชน_แม่.jpg", "ทะเบียนบ้าน.jpg", "ใบมรณะ.pdf"),
              "S16", REQUIRED)
    status = {d.document: d.status for d in p.documents}
    assert status["สำเนาบัตรประจำตัวประชาชน"] == PRESENT
    assert status["สำเนาทะเบียนบ้าน"] == PRESENT
    assert status["ใบมรณบัตรของผู้สูงอายุ"] == PRESENT
    assert status["แผนผังแสดงสถานที่ตั้งศูนย์"] == MISSING
    assert p.missing == ["แผนผังแสดงสถานที่ตั้งศูนย์"]
    assert all(d.evidence for d in p.documents)  # each with what it was judged on


def test_a_document_only_mentioned_in_the_body_is_unsure_not_present():
    p = check(_mail("แนบแผนผังแสดงที่ตั้งศูนย์มาด้วยครับ", "รูป1.jpg"), "S12", REQUIRED[3:])
    assert p.documents[0].status == UNSURE


def test_no_attachments_at_all_means_everything_missing():
    p = check(_mail("ขอยื่นคำขอครับ"), "S16", REQUIRED)
    assert p.missing == REQUIRED


def test_a_document_needed_only_in_some_cases_is_never_claimed_missing():
    p = check(_mail("ยื่นคำขอยกเลิกบัตร"), "S11",
              ["สำเนาใบมรณบัตร (กรณีคนพิการเสียชีวิต)", "สำเนารายงานการเงิน (ถ้ามี)"])
    assert p.missing == [] and len(p.unsure) == 2
