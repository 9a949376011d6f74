from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.auto_reply import AutoReply


def test_auto_submitted_is_machine():
    m = msg("Re: ได้รับเรื่องแล้ว", "ขณะนี้ไม่อยู่", headers={"Auto-Submitted": ["auto-replied"]})
    assert AutoReply().check(m, PROFILE, TriageContext()).disposition == "machine"


def test_out_of_office_subject_is_machine():
    m = msg("Automatic reply: ขอเอกสาร", "I am out of the office")
    assert AutoReply().check(m, PROFILE, TriageContext()).disposition == "machine"


def test_auto_submitted_no_is_a_person():
    m = msg("ขอสอบถาม", "สวัสดีค่ะ", headers={"Auto-Submitted": ["no"]})
    assert not AutoReply().check(m, PROFILE, TriageContext()).hit
