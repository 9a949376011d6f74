from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.mailing_list import MailingList


def test_list_mail_is_machine():
    m = msg("จดหมายข่าว ฉบับที่ 12", "ข่าวสารประจำเดือน",
            headers={"List-Id": ["<news.example.org>"], "Precedence": ["list"]})
    assert MailingList().check(m, PROFILE, TriageContext()).disposition == "machine"


def test_personal_mail_is_not_list_mail():
    assert not MailingList().check(msg("ขอข้อมูล", "สวัสดีค่ะ"), PROFILE, TriageContext()).hit
