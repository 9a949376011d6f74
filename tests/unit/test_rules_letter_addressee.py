from tests.unit.rules_helpers import PROFILE, msg
from rules.base import TriageContext

from rules import triage
from rules.checks.letter_addressee import LetterAddressee

LETTER = ("ที่ นฐ 0023.4/1102 ลงวันที่ 3 มีนาคม 2569\nเรื่อง ขอเชิญประชุมคณะทำงาน\n"
          "เรียน {to}\n\nด้วยสำนักงานขอเชิญผู้แทนของท่านเข้าร่วมประชุม จึงเรียนมาเพื่อโปรดพิจารณา")


def _letter(to, **kw):
    return msg("ส่งหนังสือเชิญประชุม", LETTER.format(to=to), from_addr="saraban@nakhonpathom.go.th", **kw)


def test_letter_to_another_provincial_office_is_forwarded_there_as_a_letter():
    v = LetterAddressee().check(_letter("พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดราชบุรี"),
                                PROFILE, TriageContext())
    assert v.disposition == "forward"
    assert v.details["forward_to"] == "saraban@ratchaburi.m-society.go.th"
    assert v.details["service"] == "letter"
    assert "ราชบุรี" in v.reasons[0].th  # the clerk sees whom it was addressed to


def test_letter_to_the_social_security_office_names_that_agency():
    d = triage(_letter("ประกันสังคมจังหวัดเพชรบุรี"), PROFILE)
    assert d.disposition == "out_of_authority" and d.agency == "social_security"


def test_letter_to_this_unit_or_its_governor_is_ours():
    for to in ("พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี", "ผู้ว่าราชการจังหวัดเพชรบุรี"):
        assert not LetterAddressee().check(_letter(to), PROFILE, TriageContext()).hit
    assert triage(_letter("ผู้ว่าราชการจังหวัดเพชรบุรี"), PROFILE).disposition == "register"


def test_an_attached_letters_addressee_counts_when_the_covering_mail_names_nobody():
    m = msg("ส่งหนังสือ", "ส่งหนังสือตามไฟล์แนบครับ", from_addr="welfare@huahincity.go.th",
            letter={"to": {"value": "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดประจวบคีรีขันธ์",
                           "confidence": 0.9, "evidence": ""}})
    v = LetterAddressee().check(m, PROFILE, TriageContext())
    assert v.details["forward_to"] == "saraban@prachuap.m-society.go.th"


def test_a_citizens_greeting_is_not_a_letters_addressee():
    m = msg("สอบถาม", "เรียน พมจ.ราชบุรี ดิฉันอยากทราบเรื่องครอบครัวอุปถัมภ์ค่ะ")
    assert not LetterAddressee().check(m, PROFILE, TriageContext()).hit
