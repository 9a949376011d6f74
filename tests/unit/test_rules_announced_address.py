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
from rules.checks.announced_address import AnnouncedAddress

PR = "pr@phetchaburi.m-society.go.th"


def test_request_sent_to_pr_is_wrong_channel():
    m = msg("ขอยื่นคำขอกู้ยืมเงินกองทุนผู้สูงอายุ", "ผมอายุ 63 ปี ต้องการกู้เงินไปขายของ", to=(PR,))
    v = AnnouncedAddress().check(m, PROFILE, TriageContext())
    assert v.disposition == "wrong_channel"
    assert v.details == {"channel_hint": "saraban_email", "service": "S18"}


def test_request_to_saraban_and_pr_is_through_the_announced_channel():
    m = msg("ขอยื่นคำขอกู้ยืมเงินกองทุนผู้สูงอายุ", "ต้องการกู้เงิน", to=(PR, SARABAN))
    assert not AnnouncedAddress().check(m, PROFILE, TriageContext()).hit
