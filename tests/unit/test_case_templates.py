"""The case notices (templates/mail/<kind>.<th|en>.txt.j2 for the case after
registration): what the applicant, or the head of unit, actually reads.

Rendered through intake.outbox.compose with the bundled demo profile and a real request from
the corpus (d14: a licence for a disability service centre that arrived incomplete);
the missing documents are the ones the corpus manifest says are missing."""
from __future__ import annotations

import dataclasses
import email
import email.policy
import json
import re
from pathlib import Path

import jinja2
import pytest

from intake.outbox.compose import compose_reply, render
from intake.parse.mime import parse_message
from rules.thai.dates import arabic_digits, thai_digits
from rules.profile import load_profile

FROM = "saraban@phetchaburi.m-society.go.th"
DOMAIN = "phetchaburi.m-society.go.th"
APPLICANT_KINDS = ["missing_documents", "identity_proofing", "late_notice", "result"]
ALL_KINDS = APPLICANT_KINDS + ["disposal_reminder"]
THAI_PRIVACY = "การคุ้มครองข้อมูลส่วนบุคคล"
ENGLISH_PRIVACY = "Personal data:"


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.fixture(scope="module")
def d14(corpus_dir: Path):
    """The corpus request and what the manifest expects of it."""
    manifest = [json.loads(line) for line in
                (corpus_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line]
    expected = next(row for row in manifest if row["file"] == "d14.eml")
    original = parse_message((corpus_dir / "d14.eml").read_bytes())
    return original, expected


@pytest.fixture
def original(d14):
    return d14[0]


def _case(profile, expected) -> dict:
    """The facts intake/cases/lifecycle.py hands the templates, already formatted (Arabic digits)."""
    service = profile.services[expected["service"]]
    missing = list(expected["missing"])
    return {
        "ref": "12/2569",
        "service_name": service.name,
        "service_name_en": service.name_en,
        "missing": missing,
        "present": [doc for doc in service.required_documents if doc not in missing],
        "deadline_th": "15 ตุลาคม 2569",
        "deadline_en": "15 October 2026",
        "consequence_th": "จะคืนคำขอแก่ท่าน และเก็บเรื่องไว้ 30 วัน แล้วเสนอหัวหน้าหน่วยงานพิจารณาจำหน่ายเรื่อง",
        "consequence_en": "the request will be returned to you; the matter is kept for 30 days and then "
                          "proposed to the head of the office for disposal.",
        "due_th": "28 ธันวาคม 2569",
        "due_en": "28 December 2026",
        "days_late": "3",
        "late_reason": "",
        "result_subject": "ผลการพิจารณาคำขออนุญาตจัดตั้งศูนย์บริการคนพิการทั่วไป",
        "letter_number": "พบ ๐๐๒๒/15",
        "head_name": "นางสาวพิมพ์ใจ รักษ์ราชการ",
        "proposals": [
            {"ref": "12/2569", "subject": "ขอยื่นคำร้องขอจัดตั้งศูนย์บริการคนพิการทั่วไป",
             "since_th": "3 พฤศจิกายน 2569", "since_en": "3 November 2026", "days_waiting": "4"},
            {"ref": "31/2569", "subject": "ขอรับรองเป็นองค์กรสวัสดิการชุมชน",
             "since_th": "5 พฤศจิกายน 2569", "since_en": "5 November 2026", "days_waiting": "2"},
        ],
        "portal_note": "",
    }


@pytest.fixture
def case(profile, d14) -> dict:
    return _case(profile, d14[1])


def _thai_case(case: dict) -> dict:
    """The same facts as a unit that writes Thai digits would have them."""
    def th(value):
        if isinstance(value, str):
            return thai_digits(value)
        if isinstance(value, list):
            return [th(v) for v in value]
        if isinstance(value, dict):
            return {k: th(v) for k, v in value.items()}
        return value
    return {k: (v if k.endswith("_en") else th(v)) for k, v in case.items()}


def draw(kind, language, profile, original, case, **extra):
    return render(kind, language, {"profile": profile, "original": original, "case": case,
                                   "registration_number": 12, **extra})


def numbered_lists(body: str) -> list[list[str]]:
    """The numbered lists of a body ("1. xxx" lines, Thai or Arabic digits), in order."""
    lists, current = [], []
    for line in body.splitlines():
        m = re.match(r"^\s+[0-9๐-๙]+\. (.+)$", line)
        if m:
            current.append(m.group(1).strip())
        elif current:
            lists.append(current)
            current = []
    if current:
        lists.append(current)
    return lists


def sent(msg) -> email.message.EmailMessage:
    """What the receiving side sees: the message serialised for SMTP and parsed back."""
    return email.message_from_bytes(msg.as_bytes(policy=email.policy.SMTP),
                                    policy=email.policy.default)


# --- every kind, both languages --------------------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_case_notice_quotes_the_registration_in_its_subject(kind, language, profile,
                                                                  original, case):
    subject, body = draw(kind, language, profile, original, case)
    tag = "[รับที่ " if language == "th" else "[Reg. No. "
    assert f"{tag}12/2569" in subject
    assert "\n" not in subject and len(subject) <= 200
    # the letter frame: the unit signs every notice
    assert (profile.unit.name if language == "th" else profile.unit.name_en) in body
    assert "ขอแสดงความนับถือ" in body if language == "th" else "Yours faithfully," in body


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("kind", APPLICANT_KINDS)
def test_applicant_notices_carry_the_privacy_notice_and_the_reminder_does_not(
        kind, language, profile, original, case):
    marker = THAI_PRIVACY if language == "th" else ENGLISH_PRIVACY
    assert marker in draw(kind, language, profile, original, case)[1]
    assert marker not in draw("disposal_reminder", language, profile, original, case)[1]


# --- missing documents -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
def test_missing_documents_lists_exactly_what_is_missing_and_what_arrived(language, profile,
                                                                          original, case):
    assert case["missing"] and case["present"]  # d14 is incomplete but not empty
    _, body = draw("missing_documents", language, profile, original, case)
    missing, present = numbered_lists(body)
    assert missing == case["missing"]
    assert present == case["present"]


@pytest.mark.parametrize("language", ["th", "en"])
def test_missing_documents_says_by_when_how_and_what_happens_otherwise(language, profile,
                                                                        original, case):
    _, body = draw("missing_documents", language, profile, original, case)
    assert case[f"deadline_{language}"] in body
    assert case[f"consequence_{language}"] in body
    if language == "th":
        assert "ตอบกลับอีเมลฉบับนี้" in body and "ยื่นด้วยตนเอง" in body
        assert "มาตรา 8" in body and "พ.ศ. 2558" in body
    else:
        assert "replying to this e-mail" in body and "in person" in body
        assert "section 8 of the Licensing Facilitation Act B.E. 2558" in body


@pytest.mark.parametrize("language", ["th", "en"])
def test_missing_documents_without_anything_received_has_no_received_list(language, profile,
                                                                          original, case):
    _, body = draw("missing_documents", language, profile, original, {**case, "present": []})
    assert numbered_lists(body) == [case["missing"]]
    assert ("ได้รับไว้แล้ว" if language == "th" else "We have received") not in body


def test_a_notice_without_its_deadline_is_refused_not_sent_blank(profile, original, case):
    incomplete = {k: v for k, v in case.items() if k != "deadline_th"}
    with pytest.raises(jinja2.UndefinedError):
        draw("missing_documents", "th", profile, original, incomplete)


# --- identity proofing -------------------------------------------------------------------


def linked(profile):
    """The profile of a unit whose system is linked to Digital ID / D.DOPA."""
    return dataclasses.replace(profile, unit=dataclasses.replace(profile.unit, digital_id=True))


@pytest.mark.parametrize("language", ["th", "en"])
def test_identity_proofing_offers_digital_id_only_where_the_unit_is_linked(language, profile,
                                                                          original, case):
    _, body = draw("identity_proofing", language, profile, original, case)
    ways = [line for line in body.splitlines() if re.match(r"^\s+\([0-9]\) ", line)]
    assert len(ways) == 2 and "D.DOPA" not in body


def test_identity_proofing_thai_explains_the_three_ways_evidence_and_consent(profile, original,
                                                                            case):
    profile = linked(profile)
    _, body = draw("identity_proofing", "th", profile, original, case)
    ways = [line.strip() for line in body.splitlines() if re.match(r"^\s+\([0-9]\) ", line)]
    assert len(ways) == 3
    in_person, video, digital = ways
    assert "ด้วยตนเอง" in in_person and "บัตรประจำตัวประชาชน" in in_person
    assert profile.unit.address in in_person and profile.unit.office_hours in in_person
    assert "วิดีโอ" in video and "บัตรประจำตัวประชาชน" in video and "บันทึกภาพ" in video
    assert "ตอบกลับอีเมลฉบับนี้" in video  # how to arrange the call
    assert "Digital ID" in digital and "D.DOPA" in digital
    assert "ความเสี่ยงสูง" in body and "จะยังไม่ดำเนินการ" in body
    assert "หนังสือเดินทาง" in body and "หลักฐานการนัดหมาย" in body  # the evidence kept
    assert "ขอความยินยอม" in body


def test_identity_proofing_english_explains_the_three_ways_evidence_and_consent(profile,
                                                                               original, case):
    profile = linked(profile)
    _, body = draw("identity_proofing", "en", profile, original, case)
    ways = [line.strip() for line in body.splitlines() if re.match(r"^\s+\([0-9]\) ", line)]
    assert len(ways) == 3
    in_person, video, digital = ways
    assert "in person" in in_person and "national ID card" in in_person
    assert profile.unit.address_en in in_person and profile.unit.office_hours_en in in_person
    assert "video call" in video and "national ID card" in video and "recorded" in video
    assert "D.DOPA" in digital and "Digital ID" in digital
    assert "high-risk" in body and "Nothing will be done" in body
    assert "passport" in body and "appointment" in body
    assert "consent" in body


@pytest.mark.parametrize("language", ["th", "en"])
def test_identity_proofing_adds_the_units_digital_id_note(language, profile, original, case):
    note = "ใช้แอปพลิเคชัน ThaID แล้วแจ้งเลขทะเบียนรับ" if language == "th" else "Use the ThaID app."
    _, body = draw("identity_proofing", language, linked(profile), original,
                   {**case, "portal_note": note})
    assert note in body


# --- late notice ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
def test_late_notice_gives_the_due_date_the_reason_and_the_seven_day_promise(language, profile,
                                                                            original, case):
    reason = "รอผลการตรวจสถานที่จากคณะกรรมการ" if language == "th" else "the site inspection is pending"
    _, body = draw("late_notice", language, profile, original, {**case, "late_reason": reason})
    assert case[f"due_{language}"] in body
    assert reason in body
    if language == "th":
        assert "ทุก 7 วัน" in body and "มาตรา 10" in body
        assert "3 วัน" in body  # how late it is
    else:
        assert "every 7 days" in body and "section 10" in body
        assert "3 days" in body


def test_late_notice_without_a_clerks_reason_still_gives_one(profile, original, case):
    _, body = draw("late_notice", "th", profile, original, {**case, "late_reason": ""})
    m = re.search(r"เนื่องจาก(\S+)", body)
    assert m and len(m.group(1)) > 10
    _, body = draw("late_notice", "en", profile, original, {**case, "late_reason": ""})
    assert re.search(r"because \w+", body)


def test_late_notice_does_not_repeat_the_clerks_because(profile, original, case):
    reason = "เนื่องจากรอผลการตรวจสถานที่"
    _, body = draw("late_notice", "th", profile, original, {**case, "late_reason": reason})
    assert "เนื่องจากเนื่องจาก" not in body and reason in body


def test_late_notice_before_the_due_date_passes_does_not_claim_days_late(profile, original,
                                                                          case):
    _, body = draw("late_notice", "th", profile, original, {**case, "days_late": "0"})
    assert "ล่วงพ้นกำหนด" not in body and "ไม่อาจพิจารณา" in body
    _, body = draw("late_notice", "en", profile, original, {**case, "days_late": ""})
    assert "ago" not in body and "will not be able to decide" in body


# --- result -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
def test_result_names_the_attached_signed_letter(language, profile, original, case):
    subject, body = draw("result", language, profile, original, case)
    assert case["result_subject"] in subject
    number = case["letter_number"] if language == "th" else arabic_digits(case["letter_number"])
    assert body.count(number) >= 2  # the enclosure line and the body
    assert case["result_subject"] in body and "PDF" in body
    assert case["head_name"] in body
    assert ("หัวหน้าหน่วยงาน" if language == "th" else "head of the office") in body


# --- the head's reminder ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
def test_disposal_reminder_goes_to_the_head_and_lists_each_proposal(language, profile,
                                                                   original, case):
    subject, body = draw("disposal_reminder", language, profile, original, case)
    salutation = f"เรียน  {case['head_name']}" if language == "th" else f"Dear {case['head_name']},"
    assert salutation in body
    assert original.from_name not in body  # not addressed to the applicant
    items = numbered_lists(body)[0]
    assert len(items) == len(case["proposals"])
    for item, proposal in zip(items, case["proposals"]):
        assert proposal["ref"] in item and proposal["subject"] in item
        assert proposal[f"since_{language}"] in item and proposal["days_waiting"] in item
        assert proposal["ref"] in subject
    assert "intake approve" in body and "intake reject" in body


def test_disposal_reminder_points_to_the_web_page_when_there_is_one(profile, original, case):
    url = "https://saraban.example.go.th/cases?state=proposed"
    _, body = draw("disposal_reminder", "th", profile, original, {**case, "approve_url": url})
    assert url in body


# --- Thai digits -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_thai_digits_throughout_when_the_unit_writes_them(kind, profile, original, case):
    thai_case = _thai_case(case)
    subject, body = draw(kind, "th", profile, original, thai_case, thai_numerals=True)
    assert "๑๒/๒๕๖๙" in subject
    # The unit's e-mail address is the only place Arabic digits may remain.
    leftovers = re.findall(r"[0-9]+", body.replace(profile.unit.email, ""))
    assert leftovers == []
    if kind == "missing_documents":
        assert thai_case["deadline_th"] in body
        assert numbered_lists(body)[0] == thai_case["missing"]


# --- the mail itself ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", APPLICANT_KINDS)
def test_compose_reply_sends_the_notice_to_the_applicant_marked_automatic(kind, profile,
                                                                          original, case):
    msg = sent(compose_reply(kind, profile=profile, original=original,
                             context={"case": case, "registration_number": 12},
                             from_addr=FROM, domain=DOMAIN))
    assert msg["To"].addresses[0].addr_spec == original.from_addr
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["In-Reply-To"] == original.message_id  # threads under the applicant's mail
    assert "[รับที่ 12/2569]" in msg["Subject"]  # d14 is written in Thai
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("เรื่อง")


def test_compose_reply_answers_an_english_writer_in_english(profile, original, case):
    english = dataclasses.replace(original, language="en")
    msg = sent(compose_reply("missing_documents", profile=profile, original=english,
                             context={"case": case, "registration_number": 12},
                             from_addr=FROM, domain=DOMAIN))
    assert "[Reg. No. 12/2569]" in msg["Subject"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert case["deadline_en"] in body and "Dear " in body
