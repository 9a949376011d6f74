from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.sibling_matter import SiblingMatter


def test_domestic_violence_goes_to_the_shelter():
    m = msg("ช่วยด้วยค่ะ", "ดิฉันถูกสามีทำร้ายร่างกายทุกคืน ลูกก็ถูกทุบตี อยากหาที่พักพิง")
    v = SiblingMatter().check(m, PROFILE, TriageContext())
    assert v.disposition == "forward"
    assert v.details["forward_to"] == "saraban@phetchaburi-shelter.m-society.go.th"


def test_beggar_goes_to_the_homeless_centre():
    m = msg("มีคนขอทานที่หน้าวัด", "มีผู้หญิงพาเด็กมานั่งขอทานทุกวัน")
    assert SiblingMatter().check(m, PROFILE, TriageContext()).details["forward_to"] == \
        "saraban@phetchaburi-homeless.m-society.go.th"


def test_funeral_grant_is_not_a_sibling_matter():
    m = msg("ขอรับเงินค่าจัดการศพผู้สูงอายุ", "คุณพ่อเสียชีวิต ขอยื่นคำขอค่าจัดการศพ")
    assert not SiblingMatter().check(m, PROFILE, TriageContext()).hit


def test_confused_old_man_sleeping_at_the_bus_station_goes_to_the_homeless_centre():
    m = msg("พบผู้สูงอายุนอนที่สถานีขนส่ง", "ลุงคนหนึ่งนอนอยู่ที่สถานีขนส่งมาหลายคืน จำบ้านไม่ได้ ไม่มีญาติ")
    assert SiblingMatter().check(m, PROFILE, TriageContext()).details["forward_to"] == \
        "saraban@phetchaburi-homeless.m-society.go.th"


def test_child_hit_by_a_drunk_stepfather_goes_to_the_shelter():
    m = msg("ขอความช่วยเหลือหลานสาว", "พ่อเลี้ยงเมาแล้วตีหลานจนมีรอยช้ำ หลานไม่อยากกลับบ้าน")
    assert SiblingMatter().check(m, PROFILE, TriageContext()).details["forward_to"] == \
        "saraban@phetchaburi-shelter.m-society.go.th"


def test_english_domestic_violence_goes_to_the_shelter():
    m = msg("Please help", "My sister is beaten by her husband, domestic violence, she needs a safe place")
    assert SiblingMatter().check(m, PROFILE, TriageContext()).disposition == "forward"


def test_one_stray_word_does_not_send_a_matter_away():
    m = msg("ขอความช่วยเหลือ", "คุณยายอายุ 82 ไม่มีญาติ ป่วยติดเตียง รายได้น้อย")
    assert not SiblingMatter().check(m, PROFILE, TriageContext()).hit
