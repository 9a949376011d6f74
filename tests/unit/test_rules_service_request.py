from intake.message import ParsedMessage
from rules.base import TriageContext
from rules.profile import load_profile

PROFILE = load_profile()
SARABAN = "saraban@phetchaburi.m-society.go.th"


def msg(subject="", text="", from_addr="citizen@gmail.com", to=(SARABAN,), headers=None, **kw):
    return ParsedMessage(message_id="<t@example>", subject=subject, from_name=kw.pop("from_name", ""),
                         from_addr=from_addr, to=list(to), delivered_to=list(to), text=text,
                         headers={k.lower(): [v] if isinstance(v, str) else v
                                  for k, v in (headers or {}).items()}, **kw)
from rules.checks.service_request import ServiceRequest


def test_newborn_grant_request_is_registered_as_s15():
    m = msg("ลงทะเบียนเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด", "ขอยื่นแบบ ดร.01 สำหรับลูกที่เพิ่งคลอด")
    v = ServiceRequest().check(m, PROFILE, TriageContext())
    assert v.disposition == "register" and v.details["service"] == "S15"
    assert "เด็กแรกเกิด" in v.reasons[0].th  # the clerk sees the words that matched


def test_matching_survives_pdf_sara_am_and_thai_digits():
    # PDFs give SARA AM as NIKHAHIT + SARA AA; keywords still match
    m = msg("ขอ", "ขอยื่นคําขอรับรองเป็นองค์กรสวัสดิการชุมชน ตําบล ๑")
    assert ServiceRequest().check(m, PROFILE, TriageContext()).details["service"] == "S14"


def test_unrelated_text_is_no_service():
    assert not ServiceRequest().check(msg("สวัสดี", "ทดสอบระบบ"), PROFILE, TriageContext()).hit
