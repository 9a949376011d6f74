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


def test_the_matter_follows_the_mother_not_the_daughter_who_writes():
    m = msg("อยากให้แม่เป็นครอบครัวอุปถัมภ์หลาน",
            "ดิฉันอยู่ในเมืองเพชรบุรี แม่ดิฉันอยู่ที่ตำบลเขาน้อย อำเภอปราณบุรี เลี้ยงหลานที่พ่อแม่ทิ้งไว้")
    assert SiblingArea().check(m, PROFILE, TriageContext()).details["forward_to"] == \
        "saraban@prachuap.m-society.go.th"


def test_premises_here_owned_by_someone_living_elsewhere_stay_here():
    m = msg("ขอต่ออายุใบอนุญาตสถานรับเลี้ยงเด็ก",
            "ดิฉันบ้านอยู่อำเภอบ้านโป่ง จังหวัดราชบุรี เป็นผู้รับใบอนุญาตสถานรับเลี้ยงเด็ก "
            "ตั้งอยู่ที่ตำบลชะอำ อำเภอชะอำ จังหวัดเพชรบุรี")
    assert not SiblingArea().check(m, PROFILE, TriageContext()).hit


def test_a_branch_named_where_the_mail_asks_decides_over_the_head_office():
    m = msg("ขอยื่นคำขออนุญาตตั้งสถานรับเลี้ยงเด็กเอกชน สาขาจอมบึง",
            "บริษัทมีสำนักงานใหญ่ที่ อำเภอเมืองเพชรบุรี ได้เช่าอาคารที่ อำเภอจอมบึง จังหวัดราชบุรี")
    assert SiblingArea().check(m, PROFILE, TriageContext()).details["forward_to"] == \
        "saraban@ratchaburi.m-society.go.th"


def test_the_writers_signature_does_not_place_the_matter():
    m = msg("ขอรับรององค์กรสวัสดิการชุมชน",
            "กองทุนสวัสดิการชุมชนตำบลห้วยยาง อำเภอทับสะแก ขอยื่นคำขอรับรองครับ\n\n"
            "นายธนวัฒน์\nเลขานุการกองทุน\nบ้านเลขที่ 5 อ.เมืองเพชรบุรี\n083-206-4471")
    v = SiblingArea().check(m, PROFILE, TriageContext())
    assert v.disposition == "forward" and "prachuap" in v.details["forward_to"]
