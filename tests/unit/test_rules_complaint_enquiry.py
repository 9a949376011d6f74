from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.complaint_enquiry import ComplaintEnquiry


def test_complaint_is_registered_as_complaint():
    m = msg("ร้องเรียนเจ้าหน้าที่", "เจ้าหน้าที่พูดจาไม่สุภาพกับผู้สูงอายุ")
    assert ComplaintEnquiry().check(m, PROFILE, TriageContext()).details["service"] == "complaint"


def test_question_about_the_units_field_is_an_enquiry():
    m = msg("สอบถามค่ะ", "อยากทราบว่ามีโครงการอะไรสำหรับผู้สูงอายุบ้างคะ")
    assert ComplaintEnquiry().check(m, PROFILE, TriageContext()).details["service"] == "enquiry"


def test_question_outside_the_units_field_is_not_registered_here():
    m = msg("สอบถาม", "ร้านอาหารเปิดกี่โมงครับ")
    assert not ComplaintEnquiry().check(m, PROFILE, TriageContext()).hit


def test_english_question_about_the_units_field_is_an_enquiry():
    m = msg("Programs for disabled children",
            "Could you tell me whether there is any day programme for disabled children near Cha-am?")
    assert ComplaintEnquiry().check(m, PROFILE, TriageContext()).details["service"] == "enquiry"


def test_request_for_a_copy_of_a_case_report_is_an_enquiry_and_high_risk():
    from rules import triage
    m = msg("ขอสำเนาผลการเยี่ยมบ้านของน้องสาว",
            "เจ้าหน้าที่ พมจ. ไปช่วยเหลือครอบครัวน้องสาวเมื่อเดือนที่แล้ว ขอสำเนารายงานและที่อยู่ปัจจุบันของเธอด้วย")
    d = triage(m, PROFILE)
    assert (d.disposition, d.service, d.high_risk) == ("register", "enquiry", True)
