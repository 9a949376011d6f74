from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

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


def test_an_upstream_flag_on_a_citizens_request_is_evidence_not_a_verdict():
    from rules import triage
    m = msg("ขอคำปรึกษา อยากเลิกรับบุตรบุญธรรม",
            "ได้ยินว่าต้องเข้ารับคำปรึกษาก่อนเลิกรับบุตรบุญธรรม ขอนัดรับคำปรึกษาด้วยค่ะ",
            headers={"X-Spam-Flag": "YES"})
    d = triage(m, PROFILE)
    assert d.disposition == "register" and d.service == "S05"
    assert "spam_flag" in d.rules  # the flag is shown to the clerk with why it was overruled


def test_an_upstream_flag_on_a_mail_with_a_link_and_no_ask_stays_spam():
    m = msg("คุณได้รับสิทธิ์", "กดรับสิทธิ์ที่ https://x.example/claim", headers={"X-Spam-Flag": "YES"})
    assert SpamFlag().check(m, PROFILE, TriageContext()).disposition == "spam"
