from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

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
