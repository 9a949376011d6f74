from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.mixed_matters import MixedMatters


def test_three_matters_for_three_handlers_go_to_a_clerk():
    m = msg("รบกวนสอบถามค่ะ",
            "ยายเสียชีวิตแล้ว จะขอเงินค่าทำศพได้ไหม ส่วนตาเบี้ยยังชีพเดือนนี้ยังไม่ได้ "
            "และบัตรคนพิการของลุงหายไปตอนน้ำท่วม")
    v = MixedMatters().check(m, PROFILE, TriageContext())
    assert v.disposition == "review"
    assert v.details["service"] == "S16"  # the part the unit takes by e-mail
    assert set(v.details["matters"]) == {"S16", "local_admin", "S10"}


def test_two_matters_need_the_sender_to_say_there_are_several():
    two = ("ขอยื่นคำขอรับเงินค่าจัดการศพของแม่ค่ะ", "แนบใบมรณบัตรแล้วค่ะ พ่อก็ยังได้เบี้ยยังชีพอยู่")
    assert not MixedMatters().check(msg(*two), PROFILE, TriageContext()).hit
    listed = msg("มีสองเรื่องค่ะ",
                 "1. ขอเงินค่าทำศพของแม่ได้ไหมคะ\n2. เบี้ยยังชีพของพ่อต้องไปแจ้งที่ไหนคะ")
    assert MixedMatters().check(listed, PROFILE, TriageContext()).disposition == "review"


def test_a_numbered_list_of_documents_is_not_several_matters():
    m = msg("ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุ",
            "แนบเอกสารดังนี้\n1. ใบมรณบัตร\n2. บัตรสวัสดิการแห่งรัฐของแม่\n3. สมุดบัญชี")
    assert not MixedMatters().check(m, PROFILE, TriageContext()).hit


def test_one_card_family_is_one_matter():
    # S09/S10/S11 share the words of the disability card: one handler, not three
    m = msg("บัตรคนพิการหมดอายุ", "บัตรประจำตัวคนพิการของพ่อหมดอายุแล้ว ต่อบัตรได้ที่ไหน")
    assert not MixedMatters().check(m, PROFILE, TriageContext()).hit
