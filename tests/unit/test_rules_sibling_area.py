from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.sibling_area import SiblingArea


def test_person_living_in_a_ratchaburi_district_is_forwarded():
    m = msg("ขอรับเงินอุดหนุนเด็กแรกเกิด", "ดิฉันอาศัยอยู่ที่อำเภอโพธาราม มีลูกแรกเกิด 1 คน")
    v = SiblingArea().check(m, PROFILE, TriageContext())
    assert v.disposition == "forward"
    assert v.details["forward_to"] == "saraban@ratchaburi.m-society.go.th"


def test_prachuap_resident_goes_to_prachuap():
    m = msg("ขอกู้ยืมเงินกองทุนผู้สูงอายุ", "ผมอายุ 65 ปี บ้านอยู่ อ.ปราณบุรี จ.ประจวบคีรีขันธ์")
    assert SiblingArea().check(m, PROFILE, TriageContext()).details["forward_to"] == \
        "saraban@prachuap.m-society.go.th"


def test_hospital_in_ratchaburi_is_not_where_the_person_lives():
    m = msg("สอบถาม", "ดิฉันอยู่อำเภอชะอำ ลูกเคยรักษาที่โรงพยาบาลราชบุรี")
    assert not SiblingArea().check(m, PROFILE, TriageContext()).hit


def test_living_in_both_provinces_goes_to_a_clerk():
    m = msg("ขอกู้เงินกองทุนผู้สูงอายุ", "ผมเช่าบ้านอยู่ที่ อ.ชะอำ แต่ทะเบียนบ้านอยู่ อ.ปราณบุรี ครับ")
    v = SiblingArea().check(m, PROFILE, TriageContext())
    assert v.disposition == "review" and v.details["service"] == "S18"
