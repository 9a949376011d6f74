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
from rules.checks.own_address import OwnAddress


def test_mail_from_our_own_address_is_machine():
    v = OwnAddress().check(msg("แจ้งผล", "ข้อความ", from_addr=SARABAN), PROFILE, TriageContext())
    assert v.hit and v.disposition == "machine" and v.final


def test_citizen_is_not_own_address():
    assert not OwnAddress().check(msg("ขอข้อมูล", "สวัสดีค่ะ"), PROFILE, TriageContext()).hit
