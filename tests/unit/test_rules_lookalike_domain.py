from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.lookalike_domain import LookalikeDomain


def test_lookalike_government_domain_is_spam():
    m = msg("แจ้งสิทธิ์", "ยืนยันสิทธิ์", from_addr="pay@dop-go-th.com")
    assert LookalikeDomain().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_real_government_and_ordinary_domains_pass():
    for addr in ("saraban@cgd.go.th", "someone@gothic-art.com", "a@gmail.com"):
        assert not LookalikeDomain().check(msg("เรื่อง", "ข้อความ", from_addr=addr),
                                           PROFILE, TriageContext()).hit


def test_borrowed_agency_name_with_link_and_pressure_is_spam():
    m = msg("รับเงินเพิ่ม", "กรุณายืนยันสิทธิ์ภายใน 24 ชั่วโมง https://x.example/a",
            from_addr="notice@pay-center.net", from_name="กรมบัญชีกลาง")
    assert LookalikeDomain().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_domain_borrowing_the_ministry_label_is_spam():
    # "mailbox full" phishing aimed at the unit's own staff
    m = msg("กล่องจดหมายเต็ม", "ยืนยันบัญชีภายใน 24 ชั่วโมง", from_addr="it-support@m-society-webmail.net")
    assert LookalikeDomain().check(m, PROFILE, TriageContext()).disposition == "spam"
    # the ministry's own sibling units are government senders, not look-alikes
    assert not LookalikeDomain().check(
        msg("ส่งต่อเรื่อง", "เรียน", from_addr="saraban@phetchaburi-shelter.m-society.go.th"),
        PROFILE, TriageContext()).hit
