from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
import pytest

from rules.message import Attachment
from rules.base import TriageContext



from rules import triage
from rules.chain import CHAIN


def test_chain_is_one_ordered_table_of_named_rules():
    names = [r.name for r in CHAIN]
    assert len(names) == len(set(names))
    assert all(r.description for r in CHAIN)
    # machine mail before spam before anything that could answer
    assert names.index("auto_reply") < names.index("spam_flag") < names.index("service_request")


def test_auto_reply_quoting_a_request_is_never_answered():
    m = msg("Automatic reply: ขอยื่นคำขอรับรององค์กรสวัสดิการชุมชน", "ขอยื่นคำขอรับรององค์กรสวัสดิการชุมชน",
            headers={"Auto-Submitted": "auto-replied"})
    d = triage(m, PROFILE)
    assert d.disposition == "machine" and d.rules == ["auto_reply"] and d.service is None


def test_undecided_message_goes_to_review_with_a_reason():
    d = triage(msg("Hello", "Please see the attached file."), PROFILE)
    assert d.disposition == "review"
    assert d.reasons and d.reasons[-1].rule == "fallback"


def test_every_hit_is_explained_in_thai_and_english():
    d = triage(msg("ขอสละสิทธิ์เงินช่วยเหลือผู้ประสบปัญหาทางสังคม", "ขอสละสิทธิ์ค่ะ"), PROFILE)
    assert d.disposition == "register" and d.service == "S20" and d.high_risk
    assert d.rules == ["service_request", "high_risk"]
    assert all(r.th and r.en for r in d.reasons)
    assert any("สละสิทธิ์" in r.th for r in d.reasons)
    assert d.section == "welfare"
    assert d.as_json()["high_risk"] is True


def test_reply_to_open_case_is_registered_against_it():
    ctx = TriageContext(find_case=lambda ids, subject: "C-7" if ids == ["<ack@unit>"] else None)
    d = triage(msg("Re: รับเรื่องแล้ว", "ส่งสำเนาทะเบียนบ้านเพิ่มค่ะ", in_reply_to="<ack@unit>"),
               PROFILE, ctx)
    assert (d.disposition, d.reply_to_case, d.case_ref) == ("register", True, "C-7")


def test_high_risk_service_through_pr_is_wrong_channel_and_high_risk():
    m = msg("ขอยกเลิกบัตรคนพิการ", "คุณพ่อเสียชีวิตแล้ว ขอยกเลิกบัตรประจำตัวคนพิการ",
            to=("pr@phetchaburi.m-society.go.th",))
    d = triage(m, PROFILE)
    assert (d.disposition, d.service, d.channel_hint, d.high_risk) == \
        ("wrong_channel", "S11", "saraban_email", True)


def test_bounce_of_our_acknowledgment_names_it():
    part = Attachment("", "message/rfc822", 50, payload=b"Message-ID: <ack-9@unit>\r\nSubject: x\r\n")
    m = msg("Undelivered Mail Returned to Sender", "could not be delivered",
            from_addr="mailer-daemon@mx.example.org", content_type="multipart/report",
            attachments=[part])
    d = triage(m, PROFILE)
    assert d.disposition == "machine" and d.details["bounce_of"] == "<ack-9@unit>"


# --- loop safety: an out-of-office reply to our own acknowledgment -------------------------

OUR_ACK = "<20260504101500.a1b2c3d4e5@phetchaburi.m-society.go.th>"


def _knows_our_ack(ids, subject):
    return "รับ 88/2569" if OUR_ACK in ids else None


@pytest.mark.parametrize("headers", [
    {"Auto-Submitted": "auto-replied"},
    {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
    {"X-Autoreply": "yes"},
])
def test_out_of_office_reply_to_our_acknowledgment_is_machine_whatever_it_says(headers):
    # the text reads like a request, a complaint and a violence report: still software
    m = msg("ตอบกลับ: ได้รับคำขอของท่านแล้ว เลขรับที่ 88/2569",
            "ขณะนี้ดิฉันลาพักร้อน จะกลับวันที่ 12 ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุ "
            "ร้องเรียนเจ้าหน้าที่ไม่สุภาพ ถูกสามีทำร้ายร่างกาย เบี้ยยังชีพไม่เข้า",
            in_reply_to=OUR_ACK, references=[OUR_ACK],
            headers={**headers, "Return-Path": "<citizen@gmail.com>"})
    d = triage(m, PROFILE, TriageContext(find_case=_knows_our_ack))
    assert d.disposition == "machine"
    assert d.rules == ["auto_reply"]  # decided before threading or any matter rule
    assert not d.reply_to_case and d.service is None and d.forward_to is None
    assert not d.registers


def test_a_person_answering_our_acknowledgment_continues_the_case():
    m = msg("Re: ได้รับคำขอของท่านแล้ว", "ส่งสำเนาสมุดบัญชีเพิ่มเติมค่ะ",
            in_reply_to=OUR_ACK, references=[OUR_ACK])
    d = triage(m, PROFILE, TriageContext(find_case=_knows_our_ack))
    assert d.disposition == "register" and d.reply_to_case and d.case_ref == "รับ 88/2569"


def test_every_rule_has_a_thai_label_for_the_pages():
    import re

    from rules.chain import ANNOTATORS, CHAIN, rule_label

    for rule in (*CHAIN, *ANNOTATORS):
        assert re.search(r"[\u0e00-\u0e7f]", rule.label), rule.name
        assert rule_label(rule.name) == rule.label
    assert len({r.label for r in (*CHAIN, *ANNOTATORS)}) == len(CHAIN) + len(ANNOTATORS)
    assert rule_label("clerk_review") == "เจ้าหน้าที่พิจารณา"
