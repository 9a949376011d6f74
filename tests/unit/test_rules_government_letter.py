from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.government_letter import GovernmentLetter

PR = "pr@phetchaburi.m-society.go.th"


def test_official_letter_from_go_th_is_registered_as_letter():
    m = msg("ขอเชิญประชุมคณะอนุกรรมการ", "เรียน พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี ที่ พบ 0017/123",
            from_addr="saraban@phetchaburi.go.th")
    v = GovernmentLetter().check(m, PROFILE, TriageContext())
    assert v.disposition == "register" and v.details["service"] == "letter"


def test_letter_to_pr_is_wrong_channel():
    m = msg("ขอเชิญประชุม", "เรียน ...", from_addr="a@moph.go.th", to=(PR,))
    v = GovernmentLetter().check(m, PROFILE, TriageContext())
    assert v.disposition == "wrong_channel" and v.details["channel_hint"] == "saraban_email"


def test_citizen_is_not_a_government_sender():
    assert not GovernmentLetter().check(msg("เรียน", "ที่ 1"), PROFILE, TriageContext()).hit


def test_teacher_reporting_an_abused_pupil_from_a_school_domain_is_not_a_letter():
    # a report of a case for the shelter, not an official letter: the rule steps aside
    m = msg("แจ้งเหตุเด็กนักเรียนถูกทำร้าย",
            "เรียน เจ้าหน้าที่ นักเรียนชาย ป.5 มีรอยฟกช้ำตามตัว เล่าว่าแม่เลี้ยงตีทุกวัน ไม่กล้ากลับบ้าน",
            from_addr="kru.somsri@school.ac.th")
    assert not GovernmentLetter().check(m, PROFILE, TriageContext()).hit


def test_numbered_letter_about_violence_stays_an_official_letter():
    m = msg("ขอความร่วมมือรณรงค์ยุติความรุนแรงในครอบครัว",
            "ที่ พบ 0017.3/ว 456 เรียน หัวหน้าส่วนราชการ ด้วยจังหวัดจะจัดกิจกรรมรณรงค์ยุติความรุนแรง"
            "ในครอบครัว เด็กถูกทำร้าย และการล่วงละเมิด",
            from_addr="saraban@phetchaburi.go.th")
    assert GovernmentLetter().check(m, PROFILE, TriageContext()).details["service"] == "letter"


def test_a_civil_servant_writing_personally_from_work_is_judged_by_content():
    m = msg("ขอยื่นคำขอมีบัตรประจำตัวคนพิการให้ลูก",
            "เรียน เจ้าหน้าที่ ดิฉันเป็นศึกษานิเทศก์ ขอเขียนมาในนามส่วนตัว ลูกชายมีความพิการทางสติปัญญา",
            from_addr="kanokwan.s@pbnarea1.go.th")
    assert not GovernmentLetter().check(m, PROFILE, TriageContext()).hit
