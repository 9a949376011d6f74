"""The one place outgoing e-mail messages are built.

Every automatic reply and every forward goes through here, so the rules that keep
us from being an open relay or a header-injection vector live in one file:

- any value taken from the inbound mail (subject, names, addresses, Message-IDs) is
  cleaned of control and line-break characters and length-limited before it can
  reach a header; an address that is not exactly one plain addr-spec is refused;
- every message says it is automatic (RFC 3834 Auto-Submitted, and Microsoft's
  X-Auto-Response-Suppress) so that the other side's auto-responders stay quiet;
- the forward carries the original mail byte for byte (message/rfc822), since
  the sibling unit must see exactly what the citizen sent.

Templates are Jinja2 text files under templates/mail/ (one per kind and language;
the first line block is the subject, see templates/mail/_letter.th.txt.j2). They
render text/plain, so autoescape is off; headers never come straight from a
template, they pass through clean_header_text() first.
"""
from __future__ import annotations

import email.policy
import re
import unicodedata
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from zoneinfo import ZoneInfo

import jinja2

from rules.message import ParsedMessage
from rules.thai.dates import be_year, digits, english_date, thai_date, thai_time
from templates import TEMPLATES_DIR

REPLY_KINDS = ("acknowledgment", "wrong_channel", "out_of_authority", "forwarded_notice",
               # the case after registration (intake/cases/lifecycle.py): they carry a `case` dict
               "missing_documents", "identity_proofing", "late_notice", "result",
               "disposal_notice")
# to the unit's own people, not to an applicant (intake/cases, intake/jobs/alerts.py)
INTERNAL_KINDS = ("disposal_reminder", "alert", "digest", "urgent_alert")
KINDS = REPLY_KINDS + ("forward_cover",) + INTERNAL_KINDS
CASE_KINDS = ("missing_documents", "identity_proofing", "late_notice", "result",
              "disposal_reminder", "disposal_notice")
LANGUAGES = ("th", "en")

# channel hints (rules/base.Decision.channel_hint) and the service channel they mean
SARABAN_EMAIL, BIZPORTAL, IN_PERSON = "saraban_email", "bizportal", "in_person"
_HINT_BY_SERVICE_CHANNEL = {"in_person": IN_PERSON, "bizportal": BIZPORTAL}

TEMPLATE_DIR = TEMPLATES_DIR
BANGKOK = ZoneInfo("Asia/Bangkok")

MAX_SUBJECT = 200  # characters of our own subject line (after the template)
MAX_ORIGINAL_SUBJECT = 150  # characters of the sender's subject we quote
MAX_NAME = 80  # a display name
MAX_REFERENCES = 10  # Message-IDs kept in References (the newest ones)


# How our mail is written for the wire: CRLF, encoded words for Thai, and header lines up
# to RFC 5322's hard limit of 998 characters. Folding Thai at the recommended 78 makes the
# stdlib re-encode every word many times over (measured: 12.8 ms against 0.5 ms a mail,
# two thirds of the whole pipeline's time; see docs/benchmarks.md); our longest header,
# a 200-character Thai subject, stays under 900 characters on one line.
WIRE_POLICY = email.policy.SMTP.clone(max_line_length=998)


def to_wire(msg) -> bytes:
    """The bytes that go into the outbox and to the SMTP server."""
    return msg.as_bytes(policy=WIRE_POLICY)


class UnsafeAddress(ValueError):
    """An address we refuse to put in a header or send to."""


# --- header safety -----------------------------------------------------------

# Cc: C0/C1 controls incl. CR, LF, TAB, NEL; Cf: bidi overrides, zero-width marks;
# Zl/Zp: U+2028/U+2029, which str.splitlines() (and so the email package) treats
# as line breaks; Cs: lone surrogates left by surrogateescape decoding.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def clean_header_text(value: object, limit: int = MAX_SUBJECT) -> str:
    """One line of printable text, safe for a header: every control or line-break
    character becomes a space, runs of white space collapse, and the result is cut
    to `limit` characters (with an ellipsis) on a character boundary."""
    text = "" if value is None else str(value)
    text = "".join(" " if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


_LOCAL_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def safe_domain(domain: str) -> str:
    """A host name made of letters, digits and hyphens (IDN turned into A-labels)."""
    if not isinstance(domain, str) or not domain or len(domain) > 253:
        raise UnsafeAddress(f"not a domain: {domain!r}")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise UnsafeAddress(f"not a domain: {domain!r}") from exc
    labels = domain.split(".")
    if not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise UnsafeAddress(f"not a domain: {domain!r}")
    return domain.lower()


def safe_addr(value: str) -> str:
    """Return `value` as one plain addr-spec (local@domain), or raise UnsafeAddress.

    Deliberately narrower than RFC 5322: no display names, no lists, no quoted local
    parts, no comments, no white space or control characters anywhere. That is all a
    citizen's reply address ever needs, and it leaves nothing to smuggle."""
    if not isinstance(value, str) or not value or len(value) > 254:
        raise UnsafeAddress(f"not an address: {value!r}")
    if value != value.strip() or any(
        ch.isspace() or unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in value
    ):
        raise UnsafeAddress(f"address contains white space or control characters: {value!r}")
    if value.count("@") != 1:
        raise UnsafeAddress(f"not a single address: {value!r}")
    local, domain = value.split("@")
    if len(local) > 64 or not all(_LOCAL_ATOM.fullmatch(atom) for atom in local.split(".")):
        raise UnsafeAddress(f"unsupported local part: {value!r}")
    domain = safe_domain(domain)
    addr = f"{local}@{domain}"
    # Let the email package agree that this is exactly one addr-spec.
    try:
        parsed = Address(addr_spec=addr)
    except (ValueError, IndexError) as exc:
        raise UnsafeAddress(f"not an address: {value!r}") from exc
    if parsed.addr_spec != addr:
        raise UnsafeAddress(f"not an address: {value!r}")
    return addr


def _address(addr: str, display_name: str = "") -> Address:
    addr = safe_addr(addr)
    local, domain = addr.split("@")
    return Address(display_name=clean_header_text(display_name, MAX_NAME),
                   username=local, domain=domain)


_MSGID = re.compile(r"<[!-;=?-~]{1,250}@[!-;=?-~]{1,250}>")  # printable ASCII, no < > or space


def _clean_msgid(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value if _MSGID.fullmatch(value) and len(value) <= 250 else None


# --- templates ---------------------------------------------------------------


@lru_cache(maxsize=8)
def environment(template_dir: str | None = None) -> jinja2.Environment:
    """The Jinja2 environment; `template_dir` lets a unit put its own mail/ templates
    ahead of the bundled ones (same file names)."""
    search = [str(TEMPLATE_DIR)] if template_dir is None else [template_dir, str(TEMPLATE_DIR)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=False,  # text/plain mail; headers are cleaned in this module instead
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


# The privacy note is for the people whose data we keep (PDPA protects natural persons):
# the kinds that reach an applicant, and only when the sender is not an organisation.
PRIVACY_KINDS = ("acknowledgment", "wrong_channel", "missing_documents", "identity_proofing",
                 "late_notice", "result", "disposal_notice")
_ORG_DOMAINS = (".go.th", ".mi.th", ".ac.th", ".or.th")
_ORG_WORDS = ("โรงพยาบาล", "สำนักงาน", "สำนัก", "กรม", "กระทรวง", "เทศบาล", "องค์การ", "บริษัท",
              "ห้างหุ้นส่วน", "ร้าน", "มูลนิธิ", "สมาคม", "ศูนย์", "สถาน", "มหาวิทยาลัย", "โรงเรียน",
              "hospital", "office", "department", "ministry", "company", "co.", "ltd",
              "foundation", "association", "university", "school", "centre", "center")
# titles a Thai office writes before a name; a name without one gets คุณ (Thai) or nothing
_TH_TITLES = ("นาย", "นางสาว", "นาง", "น.ส.", "คุณ", "ดร.", "ศ.", "รศ.", "ผศ.", "พ.ต.",
              "ร.ต.", "จ.ส.", "ด.ช.", "ด.ญ.", "พล.")
_EN_TITLES = re.compile(r"^(mr|mrs|ms|miss|dr|prof)\.?\s+\S", re.I)
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def is_organisation(from_addr: str, from_name: str) -> bool:
    """A hospital, an agency or a company writing, by its domain or its display name."""
    domain = (from_addr or "").rsplit("@", 1)[-1].lower()
    name = (from_name or "").lower()
    return domain.endswith(_ORG_DOMAINS) or any(word in name for word in _ORG_WORDS)


def salutation(from_name: str, language: str) -> str:
    """Whom เรียน / Dear names: a person by title and name, else ท่านผู้ติดต่อ (Sir or
    Madam). A display name is not a name a letter can use as it is (`Ja Market`)."""
    name = " ".join((from_name or "").split())
    if language == "en":
        return name if _EN_TITLES.match(name) else "Sir or Madam"
    if not name or not _THAI_LETTER.match(name) or len(name.split()) not in (2, 3):
        return "ท่านผู้ติดต่อ"
    if name.startswith(_TH_TITLES):
        return name
    return "คุณ" + name


def pick_language(original: ParsedMessage | None) -> str:
    """English when the sender wrote in English, Thai otherwise."""
    return "en" if original is not None and original.language == "en" else "th"


def _bangkok(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # a naive time is taken to be Thai local time
        return moment.replace(tzinfo=BANGKOK)
    return moment.astimezone(BANGKOK)


def _lookup(mapping, key):
    """profile.sections / services / agencies entries by key, or the object itself."""
    if key is None or key == "":
        return None
    if isinstance(key, str):
        try:
            return mapping[key]
        except (KeyError, TypeError):
            return None
    return key


def _sibling(profile, value):
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    found = profile.sibling_by_address(value) if "@" in value else None
    if found is None:
        found = next((s for s in profile.siblings if s.key == value), None)
    return found


def _received_by(profile, original: ParsedMessage | None) -> str:
    """Which of our addresses the mail arrived at (e.g. pr@ for a wrong channel)."""
    if original is None:
        return ""
    own = profile.own_addresses()
    for addr in original.recipients:
        if addr.lower() in own:
            return clean_header_text(addr.lower(), 254)
    return ""


def template_context(context: dict) -> dict:
    """Everything a template may use, derived from the caller's context.

    The caller gives `profile` and usually `original` (a ParsedMessage) plus any of:
    registration_number, registration_year (BE; default: the year of receipt),
    received_at, deemed_at, section, service, channel_hint, agency, sibling
    (keys or profile objects), reason, send_number and send_date (a numbered letter's ที่
    and date), high_risk, notify_sender,
    thai_numerals, forwarded_at. Values quoted from the inbound mail are cleaned
    here once, so the preview and the sent mail say the same thing."""
    profile = context["profile"]
    original: ParsedMessage | None = context.get("original")
    thai_numerals = bool(context.get("thai_numerals", False))

    def num(value) -> str:
        return digits("" if value is None else value, thai_numerals)

    # Receipt time: the caller's, else our server's Received stamp, else the sender's
    # Date, else now (the poller runs minutes after arrival; a blank date helps nobody).
    received_at = _bangkok(
        context.get("received_at")
        or (original.received_at or original.date if original is not None else None)
        or datetime.now(BANGKOK)
    )
    deemed_at = _bangkok(context.get("deemed_at"))
    forwarded_at = _bangkok(context.get("forwarded_at"))

    def when(moment: datetime | None) -> dict:
        if moment is None:
            return {"th_date": "", "th_time": "", "en_date": "", "en_time": "", "be_year": ""}
        return {
            "th_date": thai_date(moment, thai_numerals=thai_numerals),
            "th_time": thai_time(moment, thai_numerals=thai_numerals),
            "en_date": f"{english_date(moment)} (B.E. {be_year(moment)})",
            "en_time": f"{moment.hour:02d}:{moment.minute:02d} (Bangkok time)",
            "be_year": num(be_year(moment)),
        }

    reg_no = context.get("registration_number")
    registration = ""
    if reg_no not in (None, ""):
        year = context.get("registration_year") or be_year(received_at)
        registration = num(f"{reg_no}/{year}")

    service = _lookup(profile.services, context.get("service"))
    channel_hint = context.get("channel_hint") or (
        _HINT_BY_SERVICE_CHANNEL.get(service.channel, SARABAN_EMAIL) if service else SARABAN_EMAIL
    )
    send_number = context.get("send_number")

    quoted = {
        "subject": clean_header_text(original.subject if original else "", MAX_ORIGINAL_SUBJECT),
        "from_name": clean_header_text(original.from_name if original else "", MAX_NAME),
        "from_addr": clean_header_text(original.from_addr if original else "", 254),
    }
    return {
        "profile": profile,
        "unit": profile.unit,
        "original": quoted,
        "thai_numerals": thai_numerals,
        "registration": registration,
        "received": when(received_at),
        "deemed": when(deemed_at) if deemed_at and deemed_at != received_at else None,
        "forwarded": when(forwarded_at or datetime.now(BANGKOK)),
        "received_by": _received_by(profile, original),
        "section": _lookup(profile.sections, context.get("section")),
        "service": service,
        "channel_hint": channel_hint,
        "agency": _lookup(profile.agencies, context.get("agency")),
        "sibling": _sibling(profile, context.get("sibling")),
        "reason": clean_header_text(context.get("reason") or "", 500),
        "send_ref": f"{profile.unit.letter_prefix}/{num(send_number)}" if send_number else "",
        "send_date": when(_bangkok(context.get("send_date") or datetime.now(BANGKOK)))
        if send_number else None,
        "salutation": salutation(quoted["from_name"], context.get("language", "th")),
        "privacy": context.get("kind") in PRIVACY_KINDS
        and not is_organisation(quoted["from_addr"], quoted["from_name"]),
        "high_risk": bool(context.get("high_risk", False)),
        # someone may be in danger (intake/act/urgent.py): the reporter gets the hotline
        "urgent": bool(context.get("urgent", False)),
        "notify_sender": bool(context.get("notify_sender", True)),
        # the case notices' facts, formatted by intake/cases/lifecycle.py (see case_context there)
        "case": context.get("case") or {},
        "num": num,
    }


def render(kind: str, language: str, context: dict, *,
           template_dir: str | None = None) -> tuple[str, str]:
    """(subject, body) of one kind of mail, for sending or for the clerk's preview.

    `context` holds `profile`, `original` and the values listed in template_context().
    The subject is already one clean header-safe line."""
    if kind not in KINDS:
        raise ValueError(f"unknown reply kind {kind!r}; expected one of {KINDS}")
    language = "en" if language == "en" else "th"
    env = environment(template_dir)
    template = env.get_template(f"mail/{kind}.{language}.txt.j2")
    values = template_context({**context, "kind": kind, "language": language})
    if kind in CASE_KINDS and not values["case"]:
        raise ValueError(f"a {kind} needs the `case` facts (intake.cases.lifecycle.case_context)")
    if kind in ("acknowledgment", "wrong_channel") and not values["registration"]:
        raise ValueError(f"a {kind} needs the registration_number it was registered under")
    if kind in ("forwarded_notice", "forward_cover") and values["sibling"] is None:
        raise ValueError(f"a {kind} needs the sibling unit (key or address) it went to")
    subject = "".join(template.blocks["subject"](template.new_context(values)))
    body = template.render(values)
    # Tidy the text: no trailing blanks, at most one empty line in a row.
    lines = [line.rstrip() for line in body.splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    if language == "en":  # one digit style: an English reader reads Arabic digits only
        subject, body = subject.translate(_THAI_DIGITS), body.translate(_THAI_DIGITS)
    return clean_header_text(subject, MAX_SUBJECT), body


# --- messages ----------------------------------------------------------------


def _reply_recipient(original: ParsedMessage) -> Address:
    """Reply-To when the sender gave one (only the first: we never fan out), else From."""
    if original.reply_to:
        return _address(original.reply_to[0])
    if not original.from_addr:
        raise UnsafeAddress("the original has no sender address to reply to")
    return _address(original.from_addr, original.from_name)


def _base_message(*, profile, original: ParsedMessage, subject: str, to: Address,
                  from_addr: str, domain: str, auto_submitted: str,
                  now: datetime | None) -> EmailMessage:
    msg = EmailMessage(policy=email.policy.default)
    msg["From"] = _address(from_addr, profile.unit.name)
    msg["To"] = to
    msg["Subject"] = clean_header_text(subject, MAX_SUBJECT)
    msg["Date"] = format_datetime(_bangkok(now) if now else datetime.now(UTC).astimezone(BANGKOK))
    msg["Message-ID"] = make_msgid(domain=safe_domain(domain))
    parent = _clean_msgid(original.message_id)
    refs = [r for r in (_clean_msgid(x) for x in original.references) if r]
    if parent:
        msg["In-Reply-To"] = parent
        refs.append(parent)
    if refs:
        msg["References"] = " ".join(list(dict.fromkeys(refs))[-MAX_REFERENCES:])
    msg["Auto-Submitted"] = auto_submitted  # RFC 3834: no auto-reply to this, please
    msg["X-Auto-Response-Suppress"] = "All"  # the same for Exchange / Outlook
    return msg


def _set_body(msg: EmailMessage, body: str) -> None:
    # Thai text as base64: safe through any relay (no 8BITMIME needed, no long lines)
    # and a third the size of quoted-printable for Thai's three-byte characters.
    msg.set_content(body, subtype="plain", charset="utf-8",
                    cte=None if body.isascii() else "base64")


def compose_reply(kind: str, *, profile, original: ParsedMessage, language: str | None = None,
                  context: dict, from_addr: str, domain: str,
                  now: datetime | None = None,
                  template_dir: str | None = None) -> EmailMessage:
    """An automatic reply to the sender of `original`.

    kind: acknowledgment, wrong_channel, out_of_authority or forwarded_notice.
    language: "en" or "th"; None picks it from original.language.
    Raises UnsafeAddress when the reply address is not one clean addr-spec, or is
    one of our own addresses (a reply to ourselves would loop)."""
    if kind not in REPLY_KINDS:
        raise ValueError(f"unknown reply kind {kind!r}; expected one of {REPLY_KINDS}")
    to = _reply_recipient(original)
    if to.addr_spec.lower() in profile.own_addresses():
        raise UnsafeAddress(f"refusing to auto-reply to our own address {to.addr_spec}")
    language = pick_language(original) if language is None else language
    subject, body = render(kind, language,
                           {**context, "profile": profile, "original": original},
                           template_dir=template_dir)
    msg = _base_message(profile=profile, original=original, subject=subject, to=to,
                        from_addr=from_addr, domain=domain,
                        auto_submitted="auto-replied", now=now)
    _set_body(msg, body)
    return msg


class _RawMessage(Message):
    """An attached message that serialises as its original bytes, unchanged.

    Given a parsed Message, the email package would re-serialise it (refolding
    headers, re-encoding, changing line endings). The generator lets a message
    write its own headers (the `_write_headers` hook); this one has no headers and
    no payload of its own and writes the original bytes in their place."""

    def __init__(self, raw: bytes):
        super().__init__(policy=email.policy.default)
        self.raw = bytes(raw)

    def _write_headers(self, generator) -> None:
        try:
            generator._fp.write(self.raw)  # BytesGenerator: bytes, exactly
        except TypeError:  # str Generator (as_string): a faithful str stand-in
            generator._fp.write(self.raw.decode("utf-8", "surrogateescape"))

    def as_bytes(self, unixfrom: bool = False, policy=None) -> bytes:
        return self.raw

    __bytes__ = as_bytes


def _rfc822_part(raw: bytes) -> EmailMessage:
    """A message/rfc822 attachment whose body is `raw`, byte for byte."""
    part = EmailMessage(policy=email.policy.default)
    part["Content-Type"] = "message/rfc822"
    part["Content-Disposition"] = 'attachment; filename="original.eml"'
    # RFC 2046 5.2.1: message/rfc822 may only be 7bit, 8bit or binary.
    part["Content-Transfer-Encoding"] = "7bit" if raw.isascii() else "8bit"
    part.set_payload([_RawMessage(raw)])
    return part


def attached_original(msg: Message) -> bytes | None:
    """The exact bytes of the original that compose_forward() attached."""
    for part in msg.walk():
        if isinstance(part, _RawMessage):
            return part.raw
    return None


def compose_forward(*, profile, original: ParsedMessage, original_raw: bytes, sibling,
                    context: dict, from_addr: str, domain: str,
                    language: str = "th", now: datetime | None = None,
                    template_dir: str | None = None) -> EmailMessage:
    """The forward of `original` to a sibling unit: a cover note (Thai by default,
    since the sibling is a Thai office) with the original attached intact.

    `sibling` is a profile Sibling, or its key or address."""
    target = _sibling(profile, sibling)
    if target is None:
        raise UnsafeAddress(f"not a sibling unit of this profile: {sibling!r}")
    to = _address(target.address, target.name_en if language == "en" else target.name)
    if to.addr_spec.lower() in profile.own_addresses():
        raise UnsafeAddress(f"refusing to forward to our own address {to.addr_spec}")
    subject, body = render("forward_cover", language,
                           {**context, "profile": profile, "original": original,
                            "sibling": target},
                           template_dir=template_dir)
    msg = _base_message(profile=profile, original=original, subject=subject, to=to,
                        from_addr=from_addr, domain=domain,
                        auto_submitted="auto-generated", now=now)
    _set_body(msg, body)
    msg.make_mixed()
    msg.attach(_rfc822_part(bytes(original_raw)))
    return msg
