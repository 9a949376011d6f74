"""The unit profile loads, says what the demo unit is, and rejects bad files by key."""
from __future__ import annotations

from pathlib import Path

import pytest

from rules.profile import AGENCY_KEYS, DEFAULT_PROFILE, ProfileError, load_profile

P = load_profile()


def test_demo_unit_addresses():
    assert P.unit.email == "saraban@phetchaburi.m-society.go.th"
    announced = {a.address: a.accepts_requests for a in P.addresses}
    assert announced == {"saraban@phetchaburi.m-society.go.th": True,
                         "pr@phetchaburi.m-society.go.th": False}
    assert P.own_addresses() == set(announced)


def test_services_and_channels():
    assert sorted(P.services) == [f"S{i:02d}" for i in range(1, 23)]
    channels = {sid: s.channel for sid, s in P.services.items() if s.channel != "email_or_counter"}
    assert channels == {"S09": "in_person", "S10": "in_person", "S21": "in_person",
                        "S22": "bizportal"}
    assert P.bizportal_url in P.service("S22").channel_text
    assert P.service("S11").high_risk and not P.service("S12").high_risk
    for s in P.services.values():
        assert s.section in P.sections and s.keywords and s.channel_text and s.channel_text_en
        assert "{" not in s.channel_text  # every placeholder was filled


def test_required_documents_use_seed_003_wording():
    s12 = P.service("S12").required_documents
    for doc in ("แผนผังแสดงสถานที่ตั้งศูนย์",
                "หลักฐานแสดงกรรมสิทธิ์หรือสิทธิในการใช้สถานที่และอาคาร",
                "ข้อบังคับหรือตราสารขององค์กร",
                "เอกสารที่ได้รับการรับรองมาตรฐานตามมาตรา 6 (10)"):
        assert doc in s12
    assert "สำเนาบัตรประจำตัวประชาชน" in P.service("S14").required_documents


def test_siblings_agencies_and_helpers():
    assert P.sibling_by_address("SARABAN@ratchaburi.m-society.go.th").key == "ratchaburi"
    assert P.sibling_by_address("nobody@example.org") is None
    assert "ดำเนินสะดวก" in P.sibling("ratchaburi").districts
    assert "หัวหิน" in P.sibling("prachuap").districts
    assert tuple(P.agencies) == AGENCY_KEYS
    assert P.agency("alro").keywords
    assert P.is_government("pckhosp.go.th") and not P.is_government("cgd-go-th.org")
    key, name, keywords = P.high_risk_kinds[0]
    assert key and name and keywords


def test_not_keywords_are_optional_and_rule_a_service_out():
    assert "ต่ออายุ" in P.service("S06").not_keywords
    assert P.service("S16").not_keywords == []


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "unit.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,key", [
    ('channel = "in_person"', 'channel = "fax"', "services.S09.channel"),
    ('section = "network"', 'section = "nowhere"', "services.S01.section"),
    ('[agencies.alro]', '[agencies.alro_old]', "agencies.alro"),
    ('letter_prefix = "พบ ๐๐๒๒"', 'letter_prefix = 22', "unit.letter_prefix"),
    ('address = "saraban@ratchaburi.m-society.go.th"', 'address = "ratchaburi"',
     "siblings[0].address"),
    ('not_keywords = ["ต่ออายุ"', 'not_keywords = [1, "ต่ออายุ"', "services.S06.not_keywords"),
])
def test_a_wrong_value_is_reported_by_its_key(tmp_path, old, new, key):
    with pytest.raises(ProfileError, match=key.replace("[", r"\[").replace("]", r"\]")):
        load_profile(_broken(tmp_path, old, new))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ProfileError, match="not found"):
        load_profile(tmp_path / "none.toml")
