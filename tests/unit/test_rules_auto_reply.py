from intake.message import ParsedMessage
from rules.base import TriageContext
from rules.profile import load_profile

PROFILE = load_profile()
SARABAN = "saraban@phetchaburi.m-society.go.th"


def msg(subject="", text="", from_addr="citizen@gmail.com", to=(SARABAN,), headers=None, **kw):
    return ParsedMessage(message_id="<t@example>", subject=subject, from_name=kw.pop("from_name", ""),
                         from_addr=from_addr, to=list(to), delivered_to=list(to), text=text,
                         headers={k.lower(): [v] if isinstance(v, str) else v
                                  for k, v in (headers or {}).items()}, **kw)
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
