from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.threading import Threading


def test_reply_to_open_case_continues_it():
    ctx = TriageContext(find_case=lambda ids, subject: "รับ 123/2569" if "<ack@u>" in ids else None)
    m = msg("Re: ได้รับคำขอแล้ว", "ส่งเอกสารเพิ่มค่ะ", in_reply_to="<ack@u>")
    v = Threading().check(m, PROFILE, ctx)
    assert v.disposition == "register"
    assert v.details == {"reply_to_case": True, "case_ref": "รับ 123/2569"}


def test_new_message_is_not_a_reply():
    assert not Threading().check(msg("ขอข้อมูล", "สวัสดีค่ะ"), PROFILE, TriageContext()).hit
