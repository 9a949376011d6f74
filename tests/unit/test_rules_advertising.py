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
from rules.checks.advertising import Advertising


def test_advertising_with_unsubscribe_is_spam():
    m = msg("โปรโมชั่นประกันรถยนต์ ลดราคา", "ส่วนลดพิเศษ ผ่อน 0% หากไม่ต้องการรับ กดยกเลิกการรับข่าวสาร",
            from_addr="promo@shop.example")
    assert Advertising().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_request_mentioning_a_fee_is_not_advertising():
    m = msg("สอบถามค่าธรรมเนียม", "ขอตั้งสถานรับเลี้ยงเด็กเอกชน มีค่าธรรมเนียมเท่าไรคะ")
    assert not Advertising().check(m, PROFILE, TriageContext()).hit
