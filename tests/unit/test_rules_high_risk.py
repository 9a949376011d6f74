from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.base import Decision
from rules.checks.high_risk import HighRisk


def test_waiving_a_right_is_high_risk():
    m = msg("ขอสละสิทธิ์", "ดิฉันขอสละสิทธิ์ไม่รับเงินช่วยเหลือ")
    v = HighRisk().check(m, PROFILE, TriageContext())
    assert v.hit and v.details["high_risk"] and "waive_right" in v.details["high_risk_kinds"]


def test_cancelling_a_disability_card_is_high_risk_by_service():
    m = msg("แจ้ง", "คุณพ่อเสียชีวิตแล้ว")
    v = HighRisk().annotate(m, PROFILE, TriageContext(), Decision("register", service="S11"))
    assert v.details["high_risk"] is True


def test_ordinary_request_is_not_high_risk():
    m = msg("ขอรับรององค์กรสวัสดิการชุมชน", "ส่งข้อบังคับมาด้วย")
    v = HighRisk().annotate(m, PROFILE, TriageContext(), Decision("register", service="S14"))
    assert not v.hit
