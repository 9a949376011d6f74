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
from rules.checks.spam_flag import SpamFlag


def test_spam_flag_yes_is_spam():
    m = msg("ลดราคา", "โปรโมชั่น", headers={"X-Spam-Flag": ["YES"]})
    assert SpamFlag().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_spam_status_no_is_not_spam():
    m = msg("ขอข้อมูล", "สวัสดีค่ะ", headers={"X-Spam-Status": ["No, score=0.3 required=5.0"]})
    assert not SpamFlag().check(m, PROFILE, TriageContext()).hit


def test_flagged_citizen_request_goes_to_review_not_deleted():
    m = msg("ขอยื่นคำร้องขอจัดตั้งศูนย์บริการคนพิการทั่วไป",
            "ชมรมคนพิการมีความประสงค์ขอจัดตั้งศูนย์บริการคนพิการทั่วไป",
            headers={"X-Spam-Status": ["Yes, score=5.3"]})
    assert SpamFlag().check(m, PROFILE, TriageContext()).disposition == "review"


def test_spamd_callback_is_honoured():
    ctx = TriageContext(spamd=lambda raw: (True, 9.0, "BAYES_99"), raw=b"raw")
    assert SpamFlag().check(msg("hello", "buy"), PROFILE, ctx).disposition == "spam"
