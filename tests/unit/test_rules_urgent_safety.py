"""Urgent safety matters (issue 14, finding 8): the rule marks someone in danger
ด่วนที่สุด, whatever else the chain then decides."""
from tests.unit.rules_helpers import PROFILE, msg

from rules import triage
from rules.base import FORWARD, TriageContext
from rules.checks.urgent_safety import URGENT, UrgentSafety


def _kinds(subject, text):
    v = UrgentSafety().check(msg(subject, text), PROFILE, TriageContext())
    return v.details.get("urgent_safety", []) if v.hit else []


def test_a_child_beaten_at_night_is_most_urgent_and_still_goes_to_the_shelter():
    d = triage(msg("แจ้งเหตุเด็กถูกทำร้าย", "พ่อเลี้ยงเมาแล้วทุบตีลูกทุกคืน เด็กมีรอยฟกช้ำ ช่วยด้วยค่ะ"),
               PROFILE)
    assert d.details["urgency"] == URGENT and "child_abuse" in d.details["urgent_safety"]
    assert d.disposition == FORWARD  # the chain goes on: the shelter is still competent
    assert any("โทรศัพท์" in r.th for r in d.reasons if r.rule == "urgent_safety")


def test_each_kind_of_danger_in_thai_and_english():
    assert _kinds("ไม่ไหวแล้ว", "หนูไม่อยากมีชีวิตอยู่แล้ว คิดจะฆ่าตัวตาย") == ["self_harm"]
    assert "violence" in _kinds("ขอความช่วยเหลือ", "สามีทำร้ายดิฉันทุกวัน และขู่ฆ่าถ้าหนีไป")
    assert "trafficking" in _kinds("ช่วยน้องสาว", "น้องสาวถูกหลอกไปทำงาน ถูกยึดพาสปอร์ตไว้")
    assert "danger_now" in _kinds("urgent", "my neighbour's daughter is in danger, please help")
    assert "self_harm" in _kinds("help", "I want to kill myself tonight")


def test_the_trafficking_certificate_service_is_not_a_person_in_danger():
    assert _kinds("ขอรับรององค์กร", "มูลนิธิขอยื่นคำขอรับรององค์กรที่ปฏิบัติงานด้านการป้องกัน"
                  "และปราบปรามการค้ามนุษย์ เอกสารตามแนบ") == []
    assert _kinds("ขอรับเงินค่าจัดการศพ", "คุณพ่อเสียชีวิต ขอรับเงินค่าจัดการศพผู้สูงอายุ") == []


def test_the_hotline_is_the_units_data():
    assert PROFILE.urgent_safety.hotline == "1300"
    assert PROFILE.urgent_safety.section in PROFILE.sections
