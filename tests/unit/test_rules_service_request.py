from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

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


def test_complaint_naming_a_service_is_left_to_the_complaint_rule():
    m = msg("ร้องเรียนความล่าช้า", "ยื่นขอเงินอุดหนุนเด็กแรกเกิดตั้งแต่ปีที่แล้ว ยังไม่ได้รับคำตอบ เจ้าหน้าที่ไม่สุภาพ")
    assert not ServiceRequest().check(m, PROFILE, TriageContext()).hit


def test_one_stray_service_word_in_a_question_is_left_to_the_enquiry_rule():
    m = msg("สอบถามค่ะ", "อยากทราบว่าเด็กในชุมชนที่ได้รับความช่วยเหลือไปแล้วมีกี่ครอบครัว")
    assert not ServiceRequest().check(m, PROFILE, TriageContext()).hit


def test_renewal_of_a_nursery_licence_is_s08_not_a_new_licence():
    m = msg("ต่ออายุใบอนุญาตศูนย์รับเลี้ยงเด็ก", "ศูนย์รับเลี้ยงเด็กของเราใบอนุญาตจะหมดอายุเดือนหน้า ขอต่ออายุค่ะ")
    assert ServiceRequest().check(m, PROFILE, TriageContext()).details["service"] == "S08"
