from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.other_agency import OtherAgency


def test_allowance_question_goes_to_local_admin():
    m = msg("สอบถามเบี้ยยังชีพผู้สูงอายุ", "แม่อายุครบ 60 ปีแล้ว ต้องไปลงทะเบียนรับเบี้ยที่ไหนคะ")
    v = OtherAgency().check(m, PROFILE, TriageContext())
    assert v.disposition == "out_of_authority" and v.details["agency"] == "local_admin"


def test_land_reform_plot_goes_to_alro():
    m = msg("ที่ดิน ส.ป.ก. 4-01", "ขอเปลี่ยนชื่อผู้ถือสิทธิ์ที่ดิน ส.ป.ก. ของพ่อ")
    assert OtherAgency().check(m, PROFILE, TriageContext()).details["agency"] == "alro"


def test_unit_service_outweighs_an_attached_document_name():
    # the state welfare card is a required document of S16, not the Ministry of Finance's matter
    m = msg("ขอรับเงินค่าจัดการศพผู้สูงอายุตามประเพณี",
            "แนบใบมรณบัตรและบัตรสวัสดิการแห่งรัฐของคุณแม่ ขอยื่นคำขอค่าจัดการศพ")
    assert not OtherAgency().check(m, PROFILE, TriageContext()).hit


def test_moving_a_name_between_house_registrations_goes_to_the_district_registry():
    m = msg("สอบถามการย้ายชื่อเข้าบ้าน", "จะแจ้งย้ายออกชื่อพ่อจากทะเบียนบ้านที่นนทบุรี มาเข้าบ้านที่ชะอำ ทำอย่างไรครับ")
    assert OtherAgency().check(m, PROFILE, TriageContext()).details["agency"] == "district_registry"
