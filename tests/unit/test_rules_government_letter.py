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
