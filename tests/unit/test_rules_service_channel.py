from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.service_channel import ServiceChannel


def test_street_performer_card_is_in_person_only():
    m = msg("ขอทำบัตรผู้แสดงความสามารถ", "ผมเล่นดนตรีเปิดหมวก อยากขอบัตรผู้แสดงความสามารถครับ")
    v = ServiceChannel().check(m, PROFILE, TriageContext())
    assert v.disposition == "wrong_channel"
    assert v.details == {"service": "S21", "channel_hint": "in_person"}


def test_foreign_volunteer_certificate_is_biz_portal_only():
    m = msg("ขอหนังสือรับรองอาสาสมัครชาวต่างประเทศ", "มูลนิธิมีอาสาสมัครชาวต่างชาติ 2 คน")
    assert ServiceChannel().check(m, PROFILE, TriageContext()).details["channel_hint"] == "bizportal"


def test_email_service_is_not_a_channel_problem():
    m = msg("ขอรับรองเป็นองค์กรสาธารณประโยชน์", "สมาคมขอยื่นคำขอรับรองเป็นองค์กรสาธารณประโยชน์")
    assert not ServiceChannel().check(m, PROFILE, TriageContext()).hit


def test_asking_how_to_get_a_counter_only_card_is_an_enquiry_not_a_wrong_channel():
    m = msg("สอบถามขั้นตอนทำบัตรคนพิการให้ลูก",
            "ลูกสาวเป็นซีพี อยากทราบว่าต้องเตรียมเอกสารอะไรบ้าง ไปทำที่ไหนคะ")
    v = ServiceChannel().check(m, PROFILE, TriageContext())
    assert v.disposition == "register" and v.details["service"] == "enquiry"


def test_a_card_that_expired_is_a_renewal_not_a_first_issue():
    m = msg("Renew disability card for my wife",
            "Her disability card expires next month. Please could you renew the card by email?")
    assert ServiceChannel().check(m, PROFILE, TriageContext()).details["service"] == "S10"
