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
from rules.checks.mailing_list import MailingList


def test_list_mail_is_machine():
    m = msg("จดหมายข่าว ฉบับที่ 12", "ข่าวสารประจำเดือน",
            headers={"List-Id": ["<news.example.org>"], "Precedence": ["list"]})
    assert MailingList().check(m, PROFILE, TriageContext()).disposition == "machine"


def test_personal_mail_is_not_list_mail():
    assert not MailingList().check(msg("ขอข้อมูล", "สวัสดีค่ะ"), PROFILE, TriageContext()).hit
