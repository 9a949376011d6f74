from tests.unit.rules_helpers import PROFILE, msg
from rules.base import TriageContext

from rules import triage
from rules.checks.scam import Scam


def _check(subject, text, **kw):
    return Scam().check(msg(subject, text, **kw), PROFILE, TriageContext())


def test_task_scam_is_spam():
    v = _check("งานเสริมออนไลน์ รายได้วันละ 1,000 บาท",
               "งานง่าย ๆ แค่กดไลก์ ได้เงินทันที โอนเข้าบัญชีทุกวัน ไม่ต้องลงทุน สนใจแอดไลน์ไอดี job99",
               from_addr="hr.job@hotmail.com")
    assert v.disposition == "spam" and "ไลน์" in v.reasons[0].th


def test_loan_scam_in_the_units_own_words_is_spam():
    v = _check("ผู้สูงอายุ กู้ได้ 50,000 บาท ปลอดดอกเบี้ย",
               "กองทุนผู้สูงอายุ ปลอดดอกเบี้ย ไม่ต้องมีผู้ค้ำ แอดไลน์ @fund60 ส่งรูปบัตรประชาชน "
               "ชำระค่าธรรมเนียม 990 บาท รับจำนวนจำกัด")
    assert v.disposition == "spam"


def test_pay_this_invoice_into_a_new_account_is_invoice_fraud():
    v = _check("RE: ใบแจ้งหนี้ INV-0418", "รบกวนโอนชำระเข้าบัญชีใหม่ตามใบแจ้งหนี้ภายในวันนี้ค่ะ")
    assert v.disposition == "spam" and "บัญชีใหม่" in v.reasons[0].th


def test_gambling_with_spaced_out_letters_is_spam():
    v = _check("ส ล็ อ ต เว็บตรง แตกง่าย", "บ.า.ค.า.ร่.า ฝาก-ถอน ออโต้ สมัครเลย https://x.example/")
    assert v.disposition == "spam"


def test_a_mother_writing_about_her_sons_gambling_is_not_deleted():
    d = triage(msg("ลูกติดพนันออนไลน์ ขอความช่วยเหลือ",
                   "ดิฉันเป็นแม่ ลูกชายอายุ 15 ติดเล่นสล็อตกับบาคาร่าในเว็บตรง เอาเงินค่าเทอมไปหมด "
                   "ขอคำปรึกษาว่าจะช่วยลูกอย่างไรดีคะ"), PROFILE)
    assert d.disposition != "spam"


def test_a_citizen_asking_for_the_elderly_fund_loan_is_no_scam():
    assert not _check("ขอกู้ยืมเงินกองทุนผู้สูงอายุ",
                      "ผมอายุ 66 ปี อยากกู้เงินกองทุนผู้สูงอายุไปขายของ ต้องใช้เอกสารอะไรบ้างครับ").hit
