from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.own_address import OwnAddress


def test_mail_from_our_own_address_is_machine():
    v = OwnAddress().check(msg("แจ้งผล", "ข้อความ", from_addr=SARABAN), PROFILE, TriageContext())
    assert v.hit and v.disposition == "machine" and v.final


def test_citizen_is_not_own_address():
    assert not OwnAddress().check(msg("ขอข้อมูล", "สวัสดีค่ะ"), PROFILE, TriageContext()).hit
