from rules.message import ParsedMessage
from rules import load_profile, triage
from rules.checks.top_secret_letter import TopSecretLetter

PROFILE = load_profile()


def _letter(secrecy: str) -> ParsedMessage:
    field = lambda v: {"value": v, "confidence": 0.95, "evidence": v}
    return ParsedMessage(
        message_id="<l1@moi.go.th>", subject="ส่งสำเนาหนังสือ", from_name="สำนักงานจังหวัดเพชรบุรี",
        from_addr="saraban@phetchaburi.moi.go.th", to=["saraban@phetchaburi.m-society.go.th"],
        text="เรียน พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี ส่งหนังสือตามแนบ",
        letter={"doc_number": field("พบ ๐๐๑๗/๑๒๓"), "subject": field("การรักษาความปลอดภัย"),
                "secrecy": field(secrecy), "urgency": field("none")})


def test_a_top_secret_letter_is_held_for_a_person_whoever_sent_it():
    d = triage(_letter("ลับที่สุด"), PROFILE)
    assert d.disposition == "review"
    assert "top_secret_letter" in d.rules
    assert any("ลับที่สุด" in r.th for r in d.reasons)


def test_a_secret_letter_below_top_secret_is_registered_with_its_fields():
    d = triage(_letter("ลับ"), PROFILE)
    assert d.disposition == "register" and "top_secret_letter" not in d.rules
    assert d.details["doc_number"] == "พบ ๐๐๑๗/๑๒๓"
    assert not TopSecretLetter().check(_letter("none"), PROFILE, None).hit
