from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

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
