"""letter_fields: an attached official letter's own fields go to the decision (and so to the
receive register), each with its confidence; nothing when there is no letter or when the
message is not registered."""
from rules import triage
from rules.base import Decision
from rules.checks.letter_fields import LetterFields
from tests.unit.rules_helpers import PROFILE, msg


def _field(value, confidence=0.9):
    return {"value": value, "confidence": confidence, "evidence": str(value)}


LETTER = {"filename": "หนังสือ.pdf", "doc_number": _field("พบ ๐๐๑๗/๑๒๓"),
          "doc_number_ascii": _field("พบ 0017/123"), "doc_date": _field("2026-03-02", 0.8),
          "subject": _field("ขอความอนุเคราะห์ข้อมูลผู้สูงอายุ"), "urgency": _field("ด่วนมาก"),
          "to": _field(""), "secrecy": _field("none")}


def test_fields_of_the_letter_and_their_confidence_are_noted():
    v = LetterFields().annotate(msg(letter=LETTER), PROFILE, None,
                                Decision(disposition="register"))
    assert v.hit
    assert v.details["doc_number"] == "พบ ๐๐๑๗/๑๒๓" and v.details["doc_date"] == "2026-03-02"
    assert v.details["urgency"] == "ด่วนมาก" and "to" not in v.details  # empty: not kept
    assert v.details["confidence"]["doc_date"] == 0.8
    assert "พบ ๐๐๑๗/๑๒๓" in v.reasons[0].th and "หนังสือ.pdf" in v.reasons[0].th


def test_nothing_without_a_letter_or_for_mail_that_is_not_registered():
    assert not LetterFields().annotate(msg(), PROFILE, None, Decision(disposition="register")).hit
    assert not LetterFields().annotate(msg(letter=LETTER), PROFILE, None,
                                       Decision(disposition="spam")).hit


def test_the_register_gets_the_letters_own_subject_through_triage():
    d = triage(msg(subject="ส่งหนังสือ", text="เรียน พมจ. ส่งหนังสือตามแนบ",
                   from_addr="saraban@phetchaburi.moi.go.th", letter=LETTER), PROFILE)
    assert "letter_fields" in d.rules
    assert d.details["subject"] == "ขอความอนุเคราะห์ข้อมูลผู้สูงอายุ"
