"""Every message of the development corpus gets its manifest disposition and details.

The held-out evaluation set is different (README): the rules are tuned on the profile's
general keyword lists, not on these messages; this test guards against regressions.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.parse.mime import parse_message
from rules import load_profile, triage

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
MANIFEST = CORPUS / "manifest.jsonl"
ENTRIES = ([json.loads(line) for line in MANIFEST.read_text(encoding="utf-8").splitlines()
            if line.strip()] if MANIFEST.is_file() else [])
CHECKED = ("disposition", "service", "forward_to", "agency", "channel_hint", "high_risk",
           "reply_to_case")

pytestmark = pytest.mark.skipif(not ENTRIES, reason=f"corpus not found at {CORPUS}")


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_corpus_message_gets_its_manifest_outcome(entry, profile):
    msg = parse_message((CORPUS / entry["file"]).read_bytes())
    decision = triage(msg, profile)
    expected = {k: entry[k] for k in CHECKED if k in entry}
    got = {k: getattr(decision, k) for k in expected}
    assert got == expected, [f"{r.rule}: {r.th}" for r in decision.reasons]
    assert decision.reasons, "every decision carries its reasons"


def test_registered_matters_are_routed_to_a_section(profile):
    for entry in ENTRIES:
        if entry["disposition"] in ("register", "wrong_channel"):
            decision = triage(parse_message((CORPUS / entry["file"]).read_bytes()), profile)
            assert decision.section in profile.sections, entry["file"]


def test_scam_from_lookalike_domain_is_spam_but_genuine_allowance_enquiry_is_not(profile):
    scam = parse_message((CORPUS / "d12.eml").read_bytes())
    assert triage(scam, profile).disposition == "spam"

    genuine = parse_message(
        "From: Somsri Jaidee <somsri.jd@gmail.com>\r\n"
        "To: saraban@phetchaburi.m-society.go.th\r\n"
        "Subject: =?utf-8?b?{}?=\r\n"
        "Message-ID: <a1@mail.gmail.com>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n".format(
            __import__("base64").b64encode("สอบถามเรื่องเบี้ยยังชีพผู้สูงอายุค่ะ".encode()).decode()
        ).encode()
        + ("เรียน เจ้าหน้าที่ คุณแม่อายุครบ 60 ปีเดือนหน้า ได้ยินว่าจะได้เงินเพิ่ม 3,000 บาท "
           "ต้องยืนยันสิทธิ์ไหมคะ และต้องไปลงทะเบียนรับเบี้ยยังชีพที่ไหนคะ ขอบคุณค่ะ สมศรี").encode()
    )
    decision = triage(genuine, profile)
    assert decision.disposition != "spam"
    assert decision.disposition == "out_of_authority" and decision.agency == "local_admin"
