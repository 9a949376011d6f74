"""The outgoing-mail composer: what the citizen, the sibling unit and the mail
servers in between actually receive, read back from the serialised bytes."""
from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.outbox.compose import (
    UnsafeAddress,
    attached_original,
    compose_forward,
    compose_reply,
    render,
    safe_addr,
)
from rules.message import ParsedMessage
from rules.profile import load_profile

ICT = timezone(timedelta(hours=7))
RECEIVED = datetime(2026, 3, 26, 10, 33, tzinfo=ICT)  # 26 March 2569 BE, 10.33 น.
FROM = "saraban@phetchaburi.m-society.go.th"
DOMAIN = "phetchaburi.m-society.go.th"


# --- the unit profile: the bundled demo profile (rules/profiles/demo.toml) ---------

DEMO = load_profile()


@pytest.fixture(scope="module")
def profile():
    return DEMO


def _pick(mapping_or_list, predicate):
    items = mapping_or_list.values() if isinstance(mapping_or_list, dict) else mapping_or_list
    return next(item for item in items if predicate(item))


@pytest.fixture(scope="module")
def in_person_service(profile):
    return _pick(profile.services, lambda s: s.channel == "in_person" and s.required_documents)


@pytest.fixture(scope="module")
def bizportal_service(profile):
    return _pick(profile.services, lambda s: s.channel == "bizportal")


@pytest.fixture(scope="module")
def some_section(profile):
    return next(iter(profile.sections.values()))


@pytest.fixture(scope="module")
def some_agency(profile):
    return profile.agencies.get("district_registry") or next(iter(profile.agencies.values()))


# --- helpers -------------------------------------------------------------------


def inbound(**overrides) -> ParsedMessage:
    values = dict(
        message_id="<abc.123@mail.example.com>",
        subject="ขอรับรองเป็นองค์กรสวัสดิการชุมชน",
        from_name="สมชาย ใจดี",
        from_addr="somchai@example.com",
        to=["pr@phetchaburi.m-society.go.th"],
        delivered_to=["pr@phetchaburi.m-society.go.th"],
        received_at=RECEIVED,
        references=["<earlier.1@mail.example.com>"],
        language="th",
    )
    values.update(overrides)
    return ParsedMessage(**values)


def context_for(kind, profile, *, section, agency, sibling, service=None, **extra):
    ctx = {"received_at": RECEIVED, "forwarded_at": RECEIVED + timedelta(minutes=5)}
    if kind in ("acknowledgment", "wrong_channel"):
        ctx.update(registration_number=12, section=section.key)
    if kind == "wrong_channel" and service is not None:
        ctx["service"] = service.id
    if kind == "out_of_authority":
        ctx["agency"] = agency.key
    if kind == "forwarded_notice":
        ctx["sibling"] = sibling.address
    ctx.update(extra)
    return ctx


def sent(msg) -> email.message.EmailMessage:
    """What the receiving side sees: the message serialised for SMTP and parsed back."""
    wire = msg.as_bytes(policy=email.policy.SMTP)
    return email.message_from_bytes(wire, policy=email.policy.default)


def body_of(parsed) -> str:
    return parsed.get_body(preferencelist=("plain",)).get_content()


def header_names(wire: bytes) -> list[str]:
    head = wire.split(b"\r\n\r\n", 1)[0].decode("ascii")
    return [line.split(":", 1)[0].lower() for line in head.split("\r\n")
            if line and not line[0].isspace()]


# --- every kind, both languages ---------------------------------------------------

KINDS = ["acknowledgment", "wrong_channel", "out_of_authority", "forwarded_notice"]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_reply_kind_renders_with_the_facts_the_sender_needs(
        kind, language, profile, some_section, some_agency):
    sibling = profile.siblings[0]
    original = inbound(language=language)
    msg = compose_reply(kind, profile=profile, original=original, language=language,
                        context=context_for(kind, profile, section=some_section,
                                            agency=some_agency, sibling=sibling),
                        from_addr=FROM, domain=DOMAIN)
    parsed = sent(msg)
    body = body_of(parsed)
    unit = profile.unit

    if language == "th":
        assert unit.name in body and unit.address in body and unit.phone in body
        assert "26 มีนาคม 2569" in body and "10.33 น." in body  # Buddhist Era, Thai time
        assert "เรียน" in body and "จึงเรียนมาเพื่อ" in body
    else:
        assert unit.name_en in body and unit.address_en in body
        assert "26 March 2026" in body and "2569" in body
        assert "Dear" in body
    assert original.subject in body

    if kind in ("acknowledgment", "wrong_channel"):  # the registered dispositions
        assert "12/2569" in body
        assert "12/2569" in parsed["Subject"]
    if kind == "acknowledgment":
        assert (some_section.name if language == "th" else some_section.name_en) in body
        note = profile.retention_note if language == "th" else profile.retention_note_en
        assert note and note in body
    if kind == "out_of_authority":
        assert (some_agency.name if language == "th" else some_agency.name_en) in body
        assert some_agency.contact in body
        assert "12/2569" not in body  # not registered: no number to quote
    if kind == "forwarded_notice":
        assert sibling.address in body
        assert (sibling.name if language == "th" else sibling.name_en) in body


def test_acknowledgment_subject_quotes_the_original_and_the_number(profile, some_section):
    msg = compose_reply("acknowledgment", profile=profile, original=inbound(subject="ขอข้อมูล"),
                        language="th",
                        context={"registration_number": 12, "section": some_section.key,
                                 "received_at": RECEIVED},
                        from_addr=FROM, domain=DOMAIN)
    assert sent(msg)["Subject"] == "ตอบรับ: ขอข้อมูล [รับที่ 12/2569]"


def test_thai_numerals_when_the_unit_chooses_them(profile, some_section):
    msg = compose_reply("acknowledgment", profile=profile, original=inbound(), language="th",
                        context={"registration_number": 12, "section": some_section.key,
                                 "received_at": RECEIVED, "thai_numerals": True},
                        from_addr=FROM, domain=DOMAIN)
    parsed = sent(msg)
    body = body_of(parsed)
    assert "๒๖ มีนาคม ๒๕๖๙" in body and "๑๐.๓๓ น." in body
    assert "๑๒/๒๕๖๙" in parsed["Subject"] and "๑๒/๒๕๖๙" in body
    assert "12/2569" not in body


def test_language_follows_the_sender_when_not_given(profile, some_section):
    ctx = {"registration_number": 3, "section": some_section.key, "received_at": RECEIVED}
    en = compose_reply("acknowledgment", profile=profile, original=inbound(language="en"),
                       language=None, context=ctx, from_addr=FROM, domain=DOMAIN)
    th = compose_reply("acknowledgment", profile=profile, original=inbound(language="th"),
                       language=None, context=ctx, from_addr=FROM, domain=DOMAIN)
    assert profile.unit.name_en in body_of(sent(en)) and "Dear" in body_of(sent(en))
    assert "เรียน" in body_of(sent(th))


def test_high_risk_acknowledgment_says_identity_must_be_proved(profile, some_section):
    ctx = {"registration_number": 5, "section": some_section.key, "received_at": RECEIVED}
    plain = body_of(sent(compose_reply("acknowledgment", profile=profile, original=inbound(),
                                       language="th", context=ctx, from_addr=FROM,
                                       domain=DOMAIN)))
    risky = body_of(sent(compose_reply("acknowledgment", profile=profile, original=inbound(),
                                       language="th", context={**ctx, "high_risk": True},
                                       from_addr=FROM, domain=DOMAIN)))
    assert "ยืนยันตัวตน" in risky and "ยืนยันตัวตน" not in plain


# --- the wrong-channel reply names the right channel -------------------------------


def test_wrong_channel_to_pr_points_to_the_saraban_address(profile, some_section):
    service = profile.services.get("S14") or _pick(
        profile.services, lambda s: s.channel == "email_or_counter")
    msg = compose_reply("wrong_channel", profile=profile, original=inbound(), language="th",
                        context={"registration_number": 7, "section": some_section.key,
                                 "service": service.id, "channel_hint": "saraban_email",
                                 "received_at": RECEIVED},
                        from_addr=FROM, domain=DOMAIN)
    body = body_of(sent(msg))
    assert profile.unit.email in body
    assert "pr@phetchaburi.m-society.go.th" in body  # where it wrongly went
    assert "7/2569" in body


@pytest.mark.parametrize("language", ["th", "en"])
def test_wrong_channel_in_person_lists_what_to_bring(profile, in_person_service, language):
    msg = compose_reply("wrong_channel", profile=profile, original=inbound(language=language),
                        language=language,
                        context={"registration_number": 8, "service": in_person_service.id,
                                 "received_at": RECEIVED},
                        from_addr=FROM, domain=DOMAIN)
    body = body_of(sent(msg))
    for document in in_person_service.required_documents:
        assert document in body
    assert (profile.unit.address if language == "th" else profile.unit.address_en) in body


def test_wrong_channel_bizportal_gives_the_url(profile, bizportal_service):
    msg = compose_reply("wrong_channel", profile=profile, original=inbound(), language="th",
                        context={"registration_number": 9, "service": bizportal_service.id,
                                 "received_at": RECEIVED},
                        from_addr=FROM, domain=DOMAIN)
    body = body_of(sent(msg))
    assert profile.bizportal_url in body
    assert bizportal_service.name in body


# --- headers every message carries ---------------------------------------------------


def test_reply_headers_thread_and_mark_it_automatic(profile, some_section):
    original = inbound()
    msg = compose_reply("acknowledgment", profile=profile, original=original, language="th",
                        context={"registration_number": 1, "section": some_section.key},
                        from_addr=FROM, domain=DOMAIN)
    parsed = sent(msg)
    assert parsed["Auto-Submitted"] == "auto-replied"
    assert parsed["X-Auto-Response-Suppress"] == "All"
    assert parsed["Message-ID"].endswith("@" + DOMAIN + ">")
    assert parsed["In-Reply-To"] == original.message_id
    assert parsed["References"].split() == [*original.references, original.message_id]
    assert parsed["Date"].datetime is not None
    assert parsed["From"].addresses[0].addr_spec == FROM
    # Decoded per RFC 2047 6.2 (white space between adjacent encoded-words is not text);
    # Python 3.11's address parser keeps it, which real mail readers do not.
    raw_from = email.message_from_bytes(msg.as_bytes(policy=email.policy.SMTP))["From"]
    assert str(make_header(decode_header(raw_from))) == f"{profile.unit.name} <{FROM}>"
    assert b"=?utf-8?" in msg.as_bytes(policy=email.policy.SMTP).split(b"\r\n\r\n")[0]
    assert parsed["To"].addresses[0].addr_spec == original.from_addr
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"


def test_reply_goes_to_reply_to_when_given(profile, some_section):
    msg = compose_reply("acknowledgment", profile=profile,
                        original=inbound(reply_to=["office@example.org"]), language="th",
                        context={"registration_number": 1, "section": some_section.key},
                        from_addr=FROM, domain=DOMAIN)
    assert [a.addr_spec for a in sent(msg)["To"].addresses] == ["office@example.org"]


def test_never_auto_replies_to_our_own_address(profile, some_section):
    with pytest.raises(UnsafeAddress):
        compose_reply("acknowledgment", profile=profile,
                      original=inbound(from_addr="pr@phetchaburi.m-society.go.th"),
                      language="th", context={"registration_number": 1}, from_addr=FROM,
                      domain=DOMAIN)


# --- header injection -----------------------------------------------------------------


def test_crlf_in_subject_and_name_adds_no_header(profile, some_section):
    original = inbound(subject="hello\r\nBcc: victim@example.com",
                       from_name="Evil\r\nBcc: other@example.com\u2028Cc: x@example.com")
    for kind in KINDS:
        msg = compose_reply(kind, profile=profile, original=original, language="en",
                            context=context_for(kind, profile, section=some_section,
                                                agency=next(iter(profile.agencies.values())),
                                                sibling=profile.siblings[0]),
                            from_addr=FROM, domain=DOMAIN)
        wire = msg.as_bytes(policy=email.policy.SMTP)
        parsed = email.message_from_bytes(wire, policy=email.policy.default)
        assert "bcc" not in header_names(wire) and "cc" not in header_names(wire)
        assert parsed["Bcc"] is None and parsed["Cc"] is None
        assert "\n" not in parsed["Subject"] and "\r" not in parsed["Subject"]
        assert "hello" in parsed["Subject"]
        assert [a.addr_spec for a in parsed["To"].addresses] == [original.from_addr]


def test_forward_with_hostile_subject_adds_no_header(profile):
    original = inbound(subject="x\nBcc: victim@example.com\rTo: y@example.com")
    msg = compose_forward(profile=profile, original=original, original_raw=b"Subject: x\r\n\r\nhi\r\n",
                          sibling=profile.siblings[0], context={}, from_addr=FROM,
                          domain=DOMAIN)
    wire = msg.as_bytes(policy=email.policy.SMTP)
    names = header_names(wire)
    assert "bcc" not in names and names.count("to") == 1


@pytest.mark.parametrize("bad", [
    "a@b.com, c@d.com",
    "x@y\r\nBcc: z",
    "x@y.com\nBcc: z@example.com",
    "Name <a@b.com>",
    "a@b@c.com",
    "",
    " a@b.com",
    "a b@c.com",
    "\"quoted\"@example.com",
    "a@-bad-.com",
    "a@b.com\u2028",
])
def test_unsafe_addresses_are_refused(bad, profile):
    with pytest.raises(UnsafeAddress):
        safe_addr(bad)
    with pytest.raises(UnsafeAddress):
        compose_reply("out_of_authority", profile=profile,
                      original=inbound(reply_to=[bad]) if bad else inbound(from_addr=""),
                      language="th", context={}, from_addr=FROM, domain=DOMAIN)


@pytest.mark.parametrize("good", ["somchai@example.com", "a.b+tag@sub.example.co.th"])
def test_plain_addresses_are_accepted(good):
    assert safe_addr(good) == good


OUR_HEADERS = {"from", "to", "subject", "date", "message-id", "auto-submitted",
               "x-auto-response-suppress", "content-type", "content-transfer-encoding",
               "mime-version"}


@pytest.mark.slow  # 80 generated mails
@settings(max_examples=80, deadline=None)
@given(subject=st.text(max_size=300), name=st.text(max_size=120),
       message_id=st.one_of(st.none(), st.text(max_size=80)),
       references=st.lists(st.text(max_size=60), max_size=3))
def test_any_subject_name_or_id_yields_exactly_our_headers(subject, name, message_id,
                                                            references):
    msg = compose_reply("acknowledgment", profile=DEMO,
                        original=inbound(subject=subject, from_name=name,
                                         message_id=message_id, references=references),
                        language="th",
                        context={"registration_number": 1, "received_at": RECEIVED},
                        from_addr=FROM, domain=DOMAIN)
    wire = msg.as_bytes(policy=email.policy.SMTP)
    names = header_names(wire)
    assert len(names) == len(set(names))  # no header twice
    assert OUR_HEADERS <= set(names) <= OUR_HEADERS | {"in-reply-to", "references"}
    parsed = email.message_from_bytes(wire, policy=email.policy.default)
    assert "\n" not in parsed["Subject"] and len(parsed["To"].addresses) == 1
    assert parsed["To"].addresses[0].addr_spec == "somchai@example.com"


# --- the forward ------------------------------------------------------------------------

RAW = (
    "Return-Path: <somchai@example.com>\n"
    "From: =?utf-8?b?4Liq4Lih4LiK4Liy4Lii?= <somchai@example.com>\n"
    "To: saraban@phetchaburi.m-society.go.th\n"
    "Subject:  odd   spacing\n\tfolded\n"
    "Message-ID: <abc.123@mail.example.com>\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "มีคนไร้บ้านนอนอยู่หน้าตลาด\n"
    "From the market\n"
    ".\n"
).encode() + b"\xff stray byte\n"


def test_forward_attaches_the_original_bytes_intact(profile):
    sibling = profile.siblings[0]
    original = inbound(subject="คนไร้บ้านหน้าตลาด")
    msg = compose_forward(profile=profile, original=original, original_raw=RAW,
                          sibling=sibling, context={"received_at": RECEIVED},
                          from_addr=FROM, domain=DOMAIN)
    wire = msg.as_bytes(policy=email.policy.SMTP)
    assert attached_original(msg) == RAW
    assert RAW in wire  # not re-serialised on the way out either
    parsed = email.message_from_bytes(wire, policy=email.policy.default)
    parts = [p for p in parsed.walk() if p.get_content_type() == "message/rfc822"]
    assert len(parts) == 1 and parts[0].get_content_disposition() == "attachment"
    assert parts[0].get_payload(0)["Message-ID"] == original.message_id
    assert [a.addr_spec for a in parsed["To"].addresses] == [sibling.address]
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["X-Auto-Response-Suppress"] == "All"
    assert parsed["Message-ID"].endswith("@" + DOMAIN + ">")
    assert parsed["In-Reply-To"] == original.message_id
    cover = body_of(parsed)
    assert sibling.name in cover and original.subject in cover
    assert original.from_addr in cover  # who wrote it
    assert "original.eml" in cover  # the cover note says the original is attached
    assert original.subject in parsed["Subject"]


def test_forward_accepts_a_sibling_key_or_address_but_nothing_else(profile):
    sibling = profile.siblings[-1]
    for ref in (sibling, sibling.key, sibling.address):
        msg = compose_forward(profile=profile, original=inbound(), original_raw=RAW,
                              sibling=ref, context={}, from_addr=FROM, domain=DOMAIN)
        assert sent(msg)["To"].addresses[0].addr_spec == sibling.address
    with pytest.raises(UnsafeAddress):
        compose_forward(profile=profile, original=inbound(), original_raw=RAW,
                        sibling="attacker@example.com", context={}, from_addr=FROM,
                        domain=DOMAIN)


CORPUS_FILES = [f"d{n:02d}.eml" for n in range(1, 17)]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_mail_forwards_byte_for_byte_and_replies_cleanly(name, corpus_dir, profile,
                                                               some_section):
    from intake.parse.mime import parse_message

    raw = (corpus_dir / name).read_bytes()
    original = parse_message(raw)
    forward = compose_forward(profile=profile, original=original, original_raw=raw,
                              sibling=profile.siblings[0], context={}, from_addr=FROM,
                              domain=DOMAIN)
    wire = forward.as_bytes(policy=email.policy.SMTP)
    assert raw in wire and attached_original(forward) == raw
    inner = [p for p in email.message_from_bytes(wire, policy=email.policy.default).walk()
             if p.get_content_type() == "message/rfc822"][0].get_payload(0)
    assert inner["Message-ID"] == email.message_from_bytes(raw)["Message-ID"]

    try:
        reply = compose_reply("acknowledgment", profile=profile, original=original,
                              language=None,
                              context={"registration_number": 4, "section": some_section.key},
                              from_addr=FROM, domain=DOMAIN)
    except UnsafeAddress:
        return  # no usable reply address: the caller sends nothing
    wire = reply.as_bytes(policy=email.policy.SMTP)
    names = header_names(wire)
    assert len(names) == len(set(names))
    assert OUR_HEADERS <= set(names) <= OUR_HEADERS | {"in-reply-to", "references"}


# --- previews ---------------------------------------------------------------------------


def test_preview_shows_what_will_be_sent(profile, some_section):
    original = inbound()
    ctx = {"registration_number": 12, "section": some_section.key, "received_at": RECEIVED}
    subject, body = render("acknowledgment", "th", {**ctx, "profile": profile,
                                                    "original": original})
    parsed = sent(compose_reply("acknowledgment", profile=profile, original=original,
                                language="th", context=ctx, from_addr=FROM, domain=DOMAIN))
    assert parsed["Subject"] == subject
    assert body_of(parsed).replace("\r\n", "\n") == body


def test_unknown_kind_or_missing_facts_are_errors_not_half_letters(profile):
    with pytest.raises(ValueError):
        render("nonsense", "th", {"profile": profile})
    with pytest.raises(ValueError):  # an acknowledgment without its number
        render("acknowledgment", "th", {"profile": profile, "original": inbound()})
    with pytest.raises(ValueError):  # a forward notice that does not say where
        render("forwarded_notice", "en", {"profile": profile, "original": inbound()})


@pytest.mark.parametrize("language", ["th", "en"])
def test_acknowledgment_carries_the_privacy_notice(profile, some_section, language):
    body = body_of(sent(compose_reply(
        "acknowledgment", profile=profile, original=inbound(language=language),
        language=language, context={"registration_number": 2, "section": some_section.key},
        from_addr=FROM, domain=DOMAIN)))
    if language == "th":
        assert "คุ้มครองข้อมูลส่วนบุคคล" in body and "ไม่น้อยกว่า 10 ปี" in body
        assert "ประโยชน์สาธารณะ" in body and "หน้าที่ตามกฎหมาย" in body
    else:
        assert "Personal Data Protection Act" in body and "at least 10 years" in body
        assert "public task and legal duty" in body


# --- replies a citizen can use (issue 14, finding 6) ----------------------------------


ENGLISH_WITH_THAI_SIGNATURE = (
    "From: John Smith <john.smith@example.com>\r\n"
    "To: saraban@phetchaburi.m-society.go.th\r\n"
    "Subject: Request for a copy of my certificate\r\n"
    "Message-ID: <en.1@example.com>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Dear officer,\r\n\r\nI would like a copy of my foster family certificate for my employer.\r\n"
    "\r\nBest regards,\r\nJohn Smith\r\n"
    "123 ถนนราชดำเนิน ตำบลท่าราบ อำเภอเมืองเพชรบุรี จังหวัดเพชรบุรี 76000\r\n"
    "โทร 081 234 5678 ที่ทำงาน บริษัท เพชรบุรีการค้า จำกัด\r\n").encode()


def test_an_english_writer_with_a_thai_signature_gets_english_with_arabic_digits(
        profile, some_section):
    from intake.parse.mime import parse_message

    original = parse_message(ENGLISH_WITH_THAI_SIGNATURE)
    msg = sent(compose_reply("acknowledgment", profile=profile, original=original, language=None,
                             context={"registration_number": 7, "section": some_section.key,
                                      "received_at": RECEIVED, "thai_numerals": True},
                             from_addr=FROM, domain=DOMAIN))
    body = body_of(msg)
    assert "[Reg. No. 7/2569]" in msg["Subject"] and "Registration number: 7/2569" in body
    assert not any(ch in body for ch in "๐๑๒๓๔๕๖๗๘๙")  # one digit style in the whole mail
    assert "Dear Mr" not in body and "Dear Sir or Madam," in body  # no title, no bare name


@pytest.mark.parametrize("name, expected", [
    ("Ja Market", "เรียน  ท่านผู้ติดต่อ"),  # a display name, not a person's name
    ("สมชาย ใจดี", "เรียน  คุณสมชาย ใจดี"),
    ("นางสาวสุดา ใจงาม", "เรียน  นางสาวสุดา ใจงาม"),
    ("", "เรียน  ท่านผู้ติดต่อ"),
])
def test_salutation_has_a_title_or_is_the_polite_general_one(name, expected, profile,
                                                             some_section):
    body = body_of(sent(compose_reply(
        "acknowledgment", profile=profile, original=inbound(from_name=name), language="th",
        context={"registration_number": 2, "section": some_section.key},
        from_addr=FROM, domain=DOMAIN)))
    assert expected + "\n" in body


def test_privacy_note_follows_the_signature_and_cites_sensitive_data(profile, some_section):
    body = body_of(sent(compose_reply(
        "acknowledgment", profile=profile, original=inbound(), language="th",
        context={"registration_number": 2, "section": some_section.key, "thai_numerals": True},
        from_addr=FROM, domain=DOMAIN)))
    assert body.index("ขอแสดงความนับถือ") < body.index("การคุ้มครองข้อมูลส่วนบุคคล")
    assert body.index(profile.unit.email) < body.index("การคุ้มครองข้อมูลส่วนบุคคล")
    assert "มาตรา ๒๖" in body and "ข้อมูลสุขภาพหรือความพิการ" in body


@pytest.mark.parametrize("name, addr", [
    ("โรงพยาบาลพระจอมเกล้า", "saraban@pck.go.th"),
    ("Ja Market Co., Ltd.", "info@jamarket.example.com"),
])
def test_no_privacy_note_to_a_hospital_or_a_company(name, addr, profile, some_section):
    body = body_of(sent(compose_reply(
        "acknowledgment", profile=profile, original=inbound(from_name=name, from_addr=addr),
        language="th", context={"registration_number": 2, "section": some_section.key},
        from_addr=FROM, domain=DOMAIN)))
    assert "การคุ้มครองข้อมูลส่วนบุคคล" not in body
    assert "เรียน  ท่านผู้ติดต่อ" in body


def test_forward_cover_is_addressed_to_the_head_of_the_other_unit(profile):
    sibling = next(s for s in profile.siblings if s.key == "ratchaburi")
    msg = compose_forward(profile=profile, original=inbound(), original_raw=b"From: a@b.c\r\n\r\nx",
                          sibling=sibling.key, context={"received_at": RECEIVED},
                          from_addr=FROM, domain=DOMAIN)
    body = body_of(sent(msg))
    assert "เรียน  พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดราชบุรี\n" in body
    assert "การคุ้มครองข้อมูลส่วนบุคคล" not in body
