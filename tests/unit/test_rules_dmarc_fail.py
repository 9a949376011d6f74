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
from rules.checks.dmarc_fail import DmarcFail

AR = "mx1.m-society.go.th; spf=fail smtp.mailfrom=cgd.go.th; dmarc={} header.from=cgd.go.th"


def test_go_th_sender_failing_dmarc_is_spam():
    m = msg("แจ้ง", "ข้อความ", from_addr="info@cgd.go.th",
            headers={"Authentication-Results": [AR.format("fail")]})
    assert DmarcFail().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_go_th_sender_passing_dmarc_is_fine():
    m = msg("แจ้ง", "ข้อความ", from_addr="info@cgd.go.th",
            headers={"Authentication-Results": [AR.format("pass")]})
    assert not DmarcFail().check(m, PROFILE, TriageContext()).hit
