"""Official-letter fields read from text (intake.parse.letters.read_letter_text).

LETTER_CASES are varied letters built from parts (agency, number, date written several
ways, urgency and secrecy marks, subjects that wrap, references, enclosures); each test
writes one as a letter's text the way a PDF text layer gives it and checks that the
fields read back equal the parts it was made from. The PDF tests reuse the cases.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date

import pytest

from intake.parse.letters import parse_thai_date, read_letter_text, repair_thai
from rules.thai.dates import MONTHS, MONTHS_ABBR, arabic_digits, thai_digits

AGENCIES = [
    # (agency printed at the top right, its address, signer's position, number prefix)
    ("โรงพยาบาลพระจอมเกล้า", "ถนนบันไดอิฐ เพชรบุรี 76000",
     "ผู้อำนวยการโรงพยาบาลพระจอมเกล้า", "พบ 0033.201"),
    ("ที่ทำการปกครองจังหวัดเพชรบุรี", "ศาลากลางจังหวัดเพชรบุรี ถนนราชวิถี เพชรบุรี 76000",
     "ปลัดจังหวัดเพชรบุรี", "พบ 0017.1"),
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเพชรบุรี เขต 1", "ถนนคีรีรัถยา อำเภอเมือง เพชรบุรี 76000",
     "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเพชรบุรี เขต 1", "ศธ 04081"),
    ("องค์การบริหารส่วนตำบลหาดเจ้าสำราญ", "ตำบลหาดเจ้าสำราญ อำเภอเมือง เพชรบุรี 76100",
     "นายกองค์การบริหารส่วนตำบลหาดเจ้าสำราญ", "พบ 73101"),
    ("กรมกิจการผู้สูงอายุ", "1034 ถนนกรุงเกษม แขวงวัดโสมนัส เขตป้อมปราบศัตรูพาย กรุงเทพฯ 10100",
     "อธิบดีกรมกิจการผู้สูงอายุ", "พม 0608"),
    ("สำนักงานสาธารณสุขจังหวัดเพชรบุรี", "ถนนบันไดอิฐ ตำบลบ้านหม้อ อำเภอเมือง เพชรบุรี 76000",
     "นายแพทย์สาธารณสุขจังหวัดเพชรบุรี", "พบ 0033.009"),
]
SUBJECTS = [
    "ขอความอนุเคราะห์ช่วยเหลือผู้ป่วยติดเตียงที่ประสบปัญหาทางสังคม",
    "ขอเชิญประชุมคณะกรรมการส่งเสริมการจัดสวัสดิการสังคมจังหวัด",
    "ขอข้อมูลผู้สูงอายุที่ได้รับเงินค่าจัดการศพตามประเพณี ประจำปีงบประมาณ 2569",
    "การสำรวจข้อมูลคนพิการที่ยังไม่มีบัตรประจำตัวคนพิการในพื้นที่",
    "ส่งรายชื่อครอบครัวอุปถัมภ์ที่ผ่านการพิจารณา",
    "แจ้งการปรับปรุงสภาพแวดล้อมและสิ่งอำนวยความสะดวกของผู้สูงอายุในพื้นที่ตำบลหาดเจ้าสำราญ "
    "ตามโครงการของกรมกิจการผู้สูงอายุ ประจำปีงบประมาณ 2569",
]
TO = ["พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี", "ผู้ว่าราชการจังหวัดเพชรบุรี",
      "ผู้อำนวยการสำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี"]
REFERENCES = ["หนังสือจังหวัดเพชรบุรี ที่ พบ 0017.1/ว 1234 ลงวันที่ 12 มิถุนายน 2569",
              "คำสั่งจังหวัดเพชรบุรี ที่ 456/2569", "หนังสือกรมกิจการผู้สูงอายุ ด่วนที่สุด ที่ พม 0608/ว 55"]
ENCLOSURES = ["แบบส่งต่อผู้ป่วย จำนวน 3 ราย", "สำเนาคำสั่ง จำนวน 1 ฉบับ",
              "แบบสำรวจข้อมูล จำนวน 1 ชุด", "บัญชีรายชื่อ จำนวน 2 แผ่น"]
PEOPLE = ["นายชยพล ศรีวิไล", "นางสาวพิมพ์ใจ ใจดี", "นายสมชาย ทองดี", "นางวิไลวรรณ แสงทอง"]
DATE_STYLES = ("full", "abbr", "long", "abbr_no_dots")


@dataclass
class LetterCase:
    agency: str
    address: str
    position: str
    doc_number: str  # as printed (Thai or Arabic digits)
    doc_date: date
    date_style: str
    subject: str
    to: str
    urgency: str
    secrecy: str
    references: list[str] = field(default_factory=list)
    enclosures: list[str] = field(default_factory=list)
    thai_numerals: bool = True
    signer: str = "นายสมชาย ทองดี"
    send_number: str = "1"
    prefix: str = ""

    def num(self, text: str) -> str:
        return thai_digits(text) if self.thai_numerals else text

    def date_text(self) -> str:
        d, be = self.doc_date, self.doc_date.year + 543
        month = MONTHS[d.month - 1]
        abbr = MONTHS_ABBR[d.month - 1]
        text = {
            "full": f"{d.day} {month} {be}",
            "abbr": f"{d.day} {abbr} {be % 100:02d}",
            "long": f"วันที่ {d.day} เดือน {month} พ.ศ. {be}",
            "abbr_no_dots": f"{d.day} {abbr} {be}",
        }[self.date_style]
        return self.num(text)


def make_cases(n: int = 24, seed: int = 2569) -> list[LetterCase]:
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        agency, address, position, prefix = AGENCIES[i % len(AGENCIES)]
        thai = i % 3 != 2
        circular = "ว " if i % 5 == 0 else ""
        send_number = f"{circular}{rng.randint(1, 9999)}"
        number = f"{prefix}/{send_number}"
        urgency = ("none", "ด่วน", "ด่วนมาก", "ด่วนที่สุด")[i % 4]
        secrecy = ("none", "none", "ลับ", "none", "ลับมาก", "ลับที่สุด")[i % 6]
        case = LetterCase(
            agency=agency, address=address, position=position,
            doc_number=thai_digits(number) if thai else number,
            doc_date=date(rng.randint(2024, 2027), rng.randint(1, 12), rng.randint(1, 28)),
            date_style=DATE_STYLES[i % len(DATE_STYLES)],
            subject=SUBJECTS[i % len(SUBJECTS)], to=TO[i % len(TO)],
            urgency=urgency, secrecy=secrecy,
            references=rng.sample(REFERENCES, i % 3), enclosures=rng.sample(ENCLOSURES, i % 4),
            thai_numerals=thai, signer=PEOPLE[i % len(PEOPLE)], send_number=send_number,
            prefix=prefix,
        )
        case.references = [case.num(x) for x in case.references]
        case.enclosures = [case.num(x) for x in case.enclosures]
        case.subject = case.num(case.subject)
        cases.append(case)
    return cases


LETTER_CASES = make_cases()


def as_text(case: LetterCase, *, wrap_subject_at: int | None = None) -> str:
    """The letter as a PDF text layer gives it: ที่ and the agency on one line, the
    address below, wrapped subject, numbered lists, body, closing, signature."""
    lines = []
    if case.secrecy != "none":
        lines.append(case.secrecy)
    if case.urgency != "none":
        lines.append(case.urgency)
    lines.append(f"ที่ {case.doc_number}\t{case.agency}")
    lines.append(f"\t{case.num(case.address)}")
    lines.append(case.date_text())
    subject = case.subject
    if wrap_subject_at:
        lines += [f"เรื่อง {subject[:wrap_subject_at]}", subject[wrap_subject_at:]]
    else:
        lines.append(f"เรื่อง {subject}")
    lines.append(f"เรียน {case.to}")
    for label, items in (("อ้างถึง", case.references), ("สิ่งที่ส่งมาด้วย", case.enclosures)):
        if len(items) == 1:
            lines.append(f"{label} {items[0]}")
        elif items:
            lines.append(f"{label} {case.num('1')}. {items[0]}")
            lines += [f"\t{case.num(str(k))}. {x}" for k, x in enumerate(items[1:], 2)]
    lines += [
        "ด้วยสำนักงานมีความจำเป็นต้องดำเนินการเรื่องดังกล่าวโดยด่วน ที่ประชุมได้มีมติ",
        "ให้ขอความร่วมมือจากหน่วยงานที่เกี่ยวข้อง ทั้งนี้ข้อมูลบางส่วนเป็นความลับ",
        "จึงเรียนมาเพื่อโปรดพิจารณา",
        "ขอแสดงความนับถือ",
        f"({case.signer})",
        case.position,
        "กลุ่มงานบริหารทั่วไป",
        case.num("โทร. 0 3242 5100"),
    ]
    return "\n".join(lines)


def _check(fields, case: LetterCase) -> None:
    assert fields.doc_number.value == case.doc_number
    assert fields.doc_number_ascii.value == arabic_digits(case.doc_number)
    assert fields.doc_date.value == case.doc_date.isoformat()
    assert fields.subject.value == case.subject
    assert fields.to.value == case.to
    assert fields.references.value == case.references
    assert fields.enclosures.value == case.enclosures
    assert fields.urgency.value == case.urgency
    assert fields.secrecy.value == case.secrecy


@pytest.mark.parametrize("case", LETTER_CASES, ids=lambda c: f"{c.doc_number}-{c.date_style}")
def test_fields_read_from_letter_text(case):
    fields = read_letter_text(as_text(case))
    _check(fields, case)
    assert fields.sender_agency.value.startswith(case.agency)
    for name in ("doc_number", "doc_date", "subject", "to"):
        assert 0.5 <= getattr(fields, name).confidence <= 1.0
        assert getattr(fields, name).evidence


def test_subject_continued_on_next_line_is_joined():
    case = LETTER_CASES[5]
    assert len(case.subject) > 60
    cut = case.subject.index("ของผู้สูงอายุใน")  # a wrap between two Thai words, no space
    fields = read_letter_text(as_text(case, wrap_subject_at=cut))
    assert fields.subject.value == case.subject


def test_urgency_word_in_the_body_is_not_a_mark():
    case = LETTER_CASES[0]
    assert case.urgency == "none" and case.secrecy == "none"
    fields = read_letter_text(as_text(case))  # the body says โดยด่วน and ความลับ
    assert fields.urgency.value == "none"
    assert fields.secrecy.value == "none"


def test_top_secret_letter_is_seen():
    case = next(c for c in LETTER_CASES if c.secrecy == "ลับที่สุด")
    fields = read_letter_text(as_text(case))
    assert fields.secrecy.value == "ลับที่สุด"
    assert fields.secrecy.confidence >= 0.9


@pytest.mark.parametrize("text, expected", [
    ("๔ สิงหาคม ๒๕๖๙", date(2026, 8, 4)),
    ("4 ส.ค. 69", date(2026, 8, 4)),
    ("วันที่ 4 เดือน สิงหาคม พ.ศ. 2569", date(2026, 8, 4)),
    ("๓๑ ธ.ค. ๖๘", date(2025, 12, 31)),
    ("1 มกราคม 2570", date(2027, 1, 1)),
    ("15 ก.พ.2569", date(2026, 2, 15)),
    ("ลงวันที่ 29 กุมภาพันธ์ 2567", date(2024, 2, 29)),
])
def test_thai_dates(text, expected):
    parsed = parse_thai_date(text)
    assert parsed is not None and parsed[0] == expected


def test_impossible_date_is_not_read():
    assert parse_thai_date("30 กุมภาพันธ์ 2569") is None
    assert parse_thai_date("ไม่มีวันที่") is None


def test_pdf_text_repairs():
    # SARA AM split by the PDF into NIKHAHIT + SARA AA, and a tone mark after it
    assert repair_thai("จ\u0e4d\u0e32นวน") == "จำนวน"
    assert repair_thai("น\u0e4d\u0e32\u0e49") == "น้ำ"
    assert repair_thai("น\u0e4d\u0e49\u0e32") == "น้ำ"
    # Thai presentation forms of a Windows/TLWG font (shifted MAI THO) and a stray space
    assert repair_thai("ผ\uf70b\u0e39") == "ผู้"
    assert repair_thai("ที \u0e48") == "ที่"


def test_doc_number_forms():
    for printed in ("มท ๐๘๑๐.๓/ว ๑๒๓๔", "ศธ 04002/ว1234", "นร ๐๕๐๖/๑๒๓", "๑๒๓/๒๕๖๙"):
        text = f"ที่ {printed}\tหน่วยงานหนึ่ง\n๑ มกราคม ๒๕๖๙\nเรื่อง ทดสอบ\nเรียน ผู้รับ"
        fields = read_letter_text(text)
        assert fields.doc_number.value == printed
        assert fields.doc_number_ascii.value == arabic_digits(printed)


def test_body_line_starting_with_ti_is_not_the_number():
    text = "เรื่อง ทดสอบ\nเรียน ผู้รับ\nที่ประชุมมีมติ ๓ ข้อ\nขอแสดงความนับถือ"
    assert read_letter_text(text).doc_number.value == ""
    assert read_letter_text(text).doc_number.confidence == 0.0


def test_text_without_a_letter_reads_nothing_confidently():
    fields = read_letter_text("สวัสดีครับ ขอสอบถามเรื่องบัตรคนพิการ")
    assert fields.doc_number.value == "" and fields.doc_date.value is None
    assert fields.subject.confidence == 0.0


def test_case_variety():
    """The generated letters cover what the issue asks for."""
    assert len(LETTER_CASES) >= 20
    assert {c.thai_numerals for c in LETTER_CASES} == {True, False}
    assert {c.urgency for c in LETTER_CASES} == {"none", "ด่วน", "ด่วนมาก", "ด่วนที่สุด"}
    assert {c.date_style for c in LETTER_CASES} == set(DATE_STYLES)
    assert any(len(c.references) > 1 for c in LETTER_CASES)
    assert any(len(c.enclosures) > 1 for c in LETTER_CASES)
    assert any(re.search("/ว ", arabic_digits(c.doc_number)) for c in LETTER_CASES)


def test_ocr_text_with_lost_marks_and_a_split_number_line():
    # what tesseract gave for a scanned letter: tone marks lost, "ที่" read as Latin
    text = ("ลบ\nดวนมาก\nWi ศธ 04081/5217    สำนักงานเขตพื้นที่การศึกษา\n5 พฤศจิกายน 2570\n"
            "เรอง    ขอข้อมูลผู้สูงอายุ\nเรียน    ผู้ว่าราชการจังหวัดเพชรบุรี")
    fields = read_letter_text(text, confidence_factor=0.75)
    assert fields.doc_number_ascii.value == "ศธ 04081/5217"
    assert fields.doc_date.value == "2027-11-05"
    assert fields.subject.value == "ขอข้อมูลผู้สูงอายุ"
    assert (fields.urgency.value, fields.secrecy.value) == ("ด่วนมาก", "ลับ")
    assert fields.doc_number.confidence < 0.75


def test_a_memo_is_sent_by_its_unit_not_its_date_line():
    text = ("บันทึกข้อความ\nส่วนราชการ   กลุ่มการพัฒนาสังคมและสวัสดิการ โทร ๐ ๓๒๔๒ ๖๐๙๓\n"
            "ที่  พบ ๐๐๒๒/๑๒๓\tวันที่  ๔ ธันวาคม ๒๕๖๙\n"
            "เรื่อง  ขออนุมัติเดินทางไปราชการ\nเรียน  พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี")
    fields = read_letter_text(text)
    assert fields.sender_agency.value == "กลุ่มการพัฒนาสังคมและสวัสดิการ"
    assert fields.doc_number.value == "พบ ๐๐๒๒/๑๒๓"
    assert fields.doc_date.value == "2026-12-04"


def test_a_low_confidence_guess_is_a_note_not_a_value():
    # OCR of a scan: only a position under the closing names the sender, a guess at 0.375
    text = ("ที่ พบ 0017.1/55\n4 ธันวาคม 2569\nเรื่อง ขอเชิญประชุม\nเรียน ผู้ว่าราชการจังหวัดเพชรบุรี\n"
            "ขอแสดงความนับถือ\n(นายสมชาย ทองดี)\nผู้อำนวยการโรงเรียนบ้านหนองบัว")
    fields = read_letter_text(text, confidence_factor=0.75)
    assert fields.sender_agency.value == ""
    assert any("โรงเรียนบ้านหนองบัว" in n for n in fields.notes)
    assert fields.doc_number.value == "พบ 0017.1/55"  # a sure reading stays


def test_police_number_is_read_whole():
    text = "ที่ ตช ๐๐๑๙(พบ).๑๑/๓๑๐๕\tสถานีตำรวจภูธรเมืองเพชรบุรี\n๔ ธันวาคม ๒๕๖๙\nเรื่อง ขอความร่วมมือ"
    fields = read_letter_text(text)
    assert fields.doc_number.value == "ตช ๐๐๑๙(พบ).๑๑/๓๑๐๕"
    assert fields.doc_number_ascii.value == "ตช 0019(พบ).11/3105"
