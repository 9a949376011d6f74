"""The ask reader (rules/ask.py): the clause that asks weighs more than background."""
from tests.unit.rules_helpers import PROFILE, msg

from rules import triage
from rules.ask import ask_text, signature_split, without_background


def test_what_the_writer_already_has_is_background_not_the_ask():
    d = triage(msg("บัตรประชาชนแม่หาย",
                   "แม่ผมอายุ 78 ปี มีบัตรประจำตัวคนพิการอยู่แล้ว แต่บัตรประชาชนของแม่หายไป "
                   "จะไปทำบัตรประชาชนใหม่ต้องพาแม่ไปด้วยไหมครับ"), PROFILE)
    assert d.disposition == "out_of_authority" and d.agency == "district_registry"


def test_the_asking_clause_and_the_background_are_told_apart():
    text = "ลูกเป็นซีพี มีบัตรคนพิการแล้ว อยากทราบว่าต้องพาลูกไปถ่ายรูปที่อำเภอไหมครับ"
    assert "อยากทราบ" in ask_text(text) and "มีบัตรคนพิการแล้ว" not in ask_text(text)
    front, background = without_background(text)
    assert "มีบัตรคนพิการแล้ว" in background and "บัตรคนพิการ" not in front


def test_a_signature_is_the_last_short_block():
    body, signature = signature_split("เรียน เจ้าหน้าที่\n\nขอยื่นคำขอครับ\n\nสมชาย\n081-234-5678")
    assert signature.startswith("สมชาย") and "ขอยื่น" in body
