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
from rules.checks.threading import Threading


def test_reply_to_open_case_continues_it():
    ctx = TriageContext(find_case=lambda ids, subject: "รับ 123/2569" if "<ack@u>" in ids else None)
    m = msg("Re: ได้รับคำขอแล้ว", "ส่งเอกสารเพิ่มค่ะ", in_reply_to="<ack@u>")
    v = Threading().check(m, PROFILE, ctx)
    assert v.disposition == "register"
    assert v.details == {"reply_to_case": True, "case_ref": "รับ 123/2569"}


def test_new_message_is_not_a_reply():
    assert not Threading().check(msg("ขอข้อมูล", "สวัสดีค่ะ"), PROFILE, TriageContext()).hit
