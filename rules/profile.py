"""The unit profile: one government unit described as data (rules/profiles/*.toml).

A unit replaces the TOML file, never this code. Loading validates every key and fails
with a ProfileError that names the key, so an IT officer editing the file sees what
to fix. The objects are frozen: rules read the profile, they never change it.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PROFILE = Path(__file__).resolve().parent / "profiles" / "demo.toml"
SCHEMA_VERSION = 1
CHANNELS = ("email_or_counter", "in_person", "bizportal")
DAY_KINDS = ("working", "calendar")  # how a statutory period is counted
AGENCY_KEYS = (
    "local_admin", "district_registry", "social_security", "employment",
    "immigration", "finance", "land_office", "alro",
)


class ProfileError(Exception):
    """A missing or wrong value in a unit profile; the message names the key."""


@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    name_en: str
    short_name: str
    ministry: str
    ministry_en: str
    address: str
    address_en: str
    phone: str
    fax: str
    letter_prefix: str
    email: str
    website: str
    office_hours: str
    office_hours_en: str = ""
    province: str = ""
    districts: tuple[str, ...] = ()
    # how letters address the unit besides its name ("ผู้ว่าราชการจังหวัดเพชรบุรี")
    addressed_as: tuple[str, ...] = ()
    # linked to Digital ID / D.DOPA: only then is it offered as a way to prove identity
    digital_id: bool = False


@dataclass(frozen=True)
class UnitAddress:
    address: str
    announced_for: str
    accepts_requests: bool


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    name_en: str
    channel: str
    channel_text: str
    channel_text_en: str
    statutory_time: str
    statutory_days: int | None
    fee: str
    required_documents: list[str]
    section: str
    high_risk: bool
    keywords: list[str]
    # words that rule this service out (a renewal is not a first licence); optional
    not_keywords: list[str] = field(default_factory=list)
    # working | calendar, as the citizen manual counts; "" = the installation's setting
    statutory_day_kind: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    name_en: str
    takes: str


@dataclass(frozen=True)
class Sibling:
    key: str
    name: str
    name_en: str
    address: str
    takes: str
    keywords: list[str]
    kind: str = "matter"  # "area" (people living in provinces) or "matter" (keywords)
    provinces: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    addressed_as: list[str] = field(default_factory=list)  # besides its name (rules/addressee.py)
    # the head's position, whom a letter to the unit is addressed to (เรียน ...), not the unit
    head: str = ""
    head_en: str = ""

    @property
    def addressee(self) -> str:
        return self.head or f"ผู้อำนวยการ{self.name}"

    @property
    def addressee_en(self) -> str:
        return self.head_en or f"Director of the {self.name_en}"


@dataclass(frozen=True)
class Agency:
    key: str
    matter: str
    matter_en: str
    name: str
    name_en: str
    contact: str
    keywords: list[str]
    addressed_as: list[str] = field(default_factory=list)  # in a letter's เรียน line


@dataclass(frozen=True)
class HighRiskKind:
    key: str
    name: str
    keywords: list[str]

    # the API promises "(key, name, keywords)": allow tuple unpacking too
    def __iter__(self):
        return iter((self.key, self.name, self.keywords))


@dataclass(frozen=True)
class UrgentKind:
    """A kind of urgent safety matter (rules/checks/urgent_safety.py): someone may be in
    danger now, so a person acts at once instead of the mail waiting for office hours."""

    key: str
    name: str
    name_en: str
    keywords: list[str]


@dataclass(frozen=True)
class UrgentSafety:
    """[urgent_safety]: what the unit does for someone in danger (issue 14, finding 8)."""

    hotline: str = ""  # the national hotline a reporter is given (1300)
    hotline_name: str = ""
    hotline_name_en: str = ""
    section: str = ""  # the section a person there telephones from
    kinds: tuple[UrgentKind, ...] = ()


@dataclass(frozen=True)
class Profile:
    unit: Unit
    addresses: list[UnitAddress]
    services: dict[str, Service]
    sections: dict[str, Section]
    siblings: list[Sibling]
    agencies: dict[str, Agency]
    government_domains: list[str]
    high_risk_kinds: list[HighRiskKind]
    bizportal_url: str
    retention_note: str
    retention_note_en: str
    routing: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    impersonated_names: list[str] = field(default_factory=list)
    impersonated_brands: dict[str, list[str]] = field(default_factory=dict)
    letter_markers: list[str] = field(default_factory=list)
    urgent_safety: UrgentSafety = field(default_factory=UrgentSafety)
    # where each 7-day delay notice is copied (ก.พ.ร., Licensing Facilitation Act s.10)
    opdc_address: str = ""
    opdc_name: str = ""
    source: str = ""

    def own_addresses(self) -> set[str]:
        return {a.address.lower() for a in self.addresses} | {self.unit.email.lower()}

    def request_addresses(self) -> set[str]:
        return {a.address.lower() for a in self.addresses if a.accepts_requests}

    def service(self, id: str) -> Service:
        try:
            return self.services[id]
        except KeyError:
            raise KeyError(f"no service {id!r} in the unit profile") from None

    def sibling_by_address(self, addr: str) -> Sibling | None:
        addr = (addr or "").strip().lower()
        return next((s for s in self.siblings if s.address.lower() == addr), None)

    def sibling(self, key: str) -> Sibling | None:
        return next((s for s in self.siblings if s.key == key), None)

    def agency(self, key: str) -> Agency:
        try:
            return self.agencies[key]
        except KeyError:
            raise KeyError(f"no agency {key!r} in the unit profile") from None

    def section_for(self, service: str | None) -> str:
        """Section key a matter is routed to: the service's, or [routing] for the rest."""
        if service in self.services:
            return self.services[service].section
        if service and service in self.routing:
            return self.routing[service]
        return self.routing.get("default", next(iter(self.sections)))

    def is_government(self, domain: str) -> bool:
        domain = (domain or "").lower().rstrip(".")
        return any(domain == d or domain.endswith("." + d) for d in self.government_domains)


# --- loading and validation ---------------------------------------------------------


class _Reader:
    """Reads one table of the TOML file; every error names the full key path."""

    def __init__(self, data: Any, path: str):
        if not isinstance(data, dict):
            raise ProfileError(f"{path or 'profile'}: expected a table")
        self.data, self.path = data, path

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def str(self, key: str, default: str | None = None, *, empty_ok: bool = False) -> str:
        if key not in self.data:
            if default is not None:
                return default
            raise ProfileError(f"{self._key(key)}: missing (a text value is required)")
        value = self.data[key]
        if not isinstance(value, str):
            raise ProfileError(f"{self._key(key)}: expected text, got {type(value).__name__}")
        if not value.strip() and not empty_ok:
            raise ProfileError(f"{self._key(key)}: must not be empty")
        return value

    def bool(self, key: str, default: bool | None = None) -> bool:
        if key not in self.data and default is not None:
            return default
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise ProfileError(f"{self._key(key)}: expected true or false")
        return value

    def int_or_none(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ProfileError(f"{self._key(key)}: expected a whole number of days")
        return value

    def strs(self, key: str, default: list[str] | None = None) -> list[str]:
        if key not in self.data:
            if default is not None:
                return list(default)
            raise ProfileError(f"{self._key(key)}: missing (a list of texts is required)")
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ProfileError(f"{self._key(key)}: expected a list of non-empty texts")
        return list(value)

    def table(self, key: str, default: dict | None = None) -> _Reader:
        if key not in self.data and default is not None:
            return _Reader(default, self._key(key))
        if key not in self.data:
            raise ProfileError(f"{self._key(key)}: missing table")
        return _Reader(self.data[key], self._key(key))

    def tables(self, key: str) -> list[_Reader]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            raise ProfileError(f"{self._key(key)}: expected one or more [[{key}]] entries")
        return [_Reader(v, f"{self._key(key)}[{i}]") for i, v in enumerate(value)]


def _email(reader: _Reader, key: str) -> str:
    value = reader.str(key).strip().lower()
    local, _, domain = value.partition("@")
    if not local or "." not in domain or " " in value:
        raise ProfileError(f"{reader._key(key)}: {value!r} is not an e-mail address")
    return value


class _Fill(dict):
    def __missing__(self, key):  # unknown placeholders stay visible instead of failing
        return "{" + key + "}"


def _channel_text(template: str, fill: dict) -> str:
    return template.format_map(_Fill(fill))


def load_profile(path: str | Path | None = None) -> Profile:
    """Load and validate a unit profile; the bundled demo unit when path is None/empty."""
    path = Path(path) if path else DEFAULT_PROFILE
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ProfileError(f"unit profile not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None
    try:
        return _build(_Reader(raw, ""), str(path))
    except ProfileError as exc:
        raise ProfileError(f"{path}: {exc}") from None


def _build(root: _Reader, source: str) -> Profile:
    version = root.data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ProfileError(f"schema_version: expected {SCHEMA_VERSION}, got {version!r}")

    u = root.table("unit")
    unit = Unit(
        key=u.str("key"), name=u.str("name"), name_en=u.str("name_en"),
        short_name=u.str("short_name"), ministry=u.str("ministry"),
        ministry_en=u.str("ministry_en"), address=u.str("address"),
        address_en=u.str("address_en"), phone=u.str("phone"), fax=u.str("fax", "", empty_ok=True),
        letter_prefix=u.str("letter_prefix"), email=_email(u, "email"),
        website=u.str("website", "", empty_ok=True), office_hours=u.str("office_hours"),
        office_hours_en=u.str("office_hours_en", "", empty_ok=True),
        province=u.str("province", "", empty_ok=True), districts=tuple(u.strs("districts", [])),
        addressed_as=tuple(u.strs("addressed_as", [])),
        digital_id=u.bool("digital_id", False),
    )

    addresses = [
        UnitAddress(address=_email(a, "address"), announced_for=a.str("announced_for"),
                    accepts_requests=a.bool("accepts_requests"))
        for a in root.tables("addresses")
    ]
    if unit.email not in {a.address for a in addresses if a.accepts_requests}:
        raise ProfileError(f"unit.email: {unit.email} must be listed in [[addresses]] "
                           "with accepts_requests = true")

    sections_t = root.table("sections")
    sections = {}
    for key in sections_t.data:
        s = sections_t.table(key)
        sections[key] = Section(key=key, name=s.str("name"), name_en=s.str("name_en"),
                                takes=s.str("takes"))
    if not sections:
        raise ProfileError("sections: at least one section is required")

    routing_t = root.table("routing", {})
    routing = {}
    for key in routing_t.data:
        value = routing_t.str(key)
        if value not in sections:
            raise ProfileError(f"routing.{key}: {value!r} is not a key of [sections]")
        routing[key] = value

    bizportal_url = root.str("bizportal_url")
    fill = {
        "email": unit.email, "address": unit.address, "address_en": unit.address_en,
        "office_hours": unit.office_hours, "office_hours_en": unit.office_hours_en,
        "bizportal_url": bizportal_url, "unit": unit.name, "unit_en": unit.name_en,
    }
    channels_t = root.table("channels")
    channel_texts = {}
    for ch in CHANNELS:
        c = channels_t.table(ch)
        channel_texts[ch] = (c.str("text"), c.str("text_en"))

    # how the citizen manual counts its periods; a service may say otherwise
    st = root.table("statutory", {})
    day_kind = _day_kind(st, "day_kind", "")

    services_t = root.table("services")
    services = {}
    for sid in services_t.data:
        s = services_t.table(sid)
        channel = s.str("channel")
        if channel not in CHANNELS:
            raise ProfileError(f"services.{sid}.channel: {channel!r} is not one of {', '.join(CHANNELS)}")
        section = s.str("section")
        if section not in sections:
            raise ProfileError(f"services.{sid}.section: {section!r} is not a key of [sections]")
        text, text_en = channel_texts[channel]
        services[sid] = Service(
            id=sid, name=s.str("name"), name_en=s.str("name_en"), channel=channel,
            channel_text=_channel_text(s.str("channel_text", text), fill),
            channel_text_en=_channel_text(s.str("channel_text_en", text_en), fill),
            statutory_time=s.str("statutory_time"), statutory_days=s.int_or_none("statutory_days"),
            fee=s.str("fee"), required_documents=s.strs("required_documents"),
            section=section, high_risk=s.bool("high_risk"), keywords=s.strs("keywords"),
            not_keywords=s.strs("not_keywords", []),
            statutory_day_kind=_day_kind(s, "statutory_day_kind", day_kind),
        )
    if not services:
        raise ProfileError("services: at least one service is required")

    siblings = []
    for s in root.tables("siblings"):
        kind = s.str("kind", "matter")
        if kind not in ("area", "matter"):
            raise ProfileError(f"{s._key('kind')}: expected 'area' or 'matter'")
        sib = Sibling(key=s.str("key"), name=s.str("name"), name_en=s.str("name_en"),
                      address=_email(s, "address"), takes=s.str("takes"),
                      keywords=s.strs("keywords", []), kind=kind,
                      provinces=s.strs("provinces", []), districts=s.strs("districts", []),
                      addressed_as=s.strs("addressed_as", []),
                      head=s.str("head", "", empty_ok=True),
                      head_en=s.str("head_en", "", empty_ok=True))
        if kind == "area" and not sib.provinces:
            raise ProfileError(f"{s._key('provinces')}: an 'area' sibling needs its provinces")
        if kind == "matter" and not sib.keywords:
            raise ProfileError(f"{s._key('keywords')}: a 'matter' sibling needs keywords")
        siblings.append(sib)

    agencies_t = root.table("agencies")
    agencies = {}
    for key in agencies_t.data:
        a = agencies_t.table(key)
        agencies[key] = Agency(key=key, matter=a.str("matter"), matter_en=a.str("matter_en"),
                               name=a.str("name"), name_en=a.str("name_en"),
                               contact=a.str("contact"), keywords=a.strs("keywords"),
                               addressed_as=a.strs("addressed_as", []))
    missing = [k for k in AGENCY_KEYS if k not in agencies]
    if missing:
        raise ProfileError(f"agencies.{missing[0]}: missing (required agency keys: "
                           f"{', '.join(AGENCY_KEYS)})")

    g = root.table("government")
    brands_t = g.table("impersonated_brands", {})
    brands = {name.lower(): brands_t.strs(name) for name in brands_t.data}

    high_risk = [HighRiskKind(key=h.str("key"), name=h.str("name"), keywords=h.strs("keywords"))
                 for h in root.tables("high_risk_kinds")]

    urgent = _urgent_safety(root, sections)
    opdc_address = _email(st, "copy_late_notices_to") if st.data.get("copy_late_notices_to") else ""

    kw = root.table("keywords")
    keywords = {key: kw.strs(key) for key in kw.data}
    for needed in ("request", "complaint", "enquiry", "residence", "advertising", "unsubscribe",
                   "phishing_credentials", "phishing_urgency"):
        if needed not in keywords:
            raise ProfileError(f"keywords.{needed}: missing (a list of texts is required)")

    return Profile(
        unit=unit, addresses=addresses, services=services, sections=sections,
        siblings=siblings, agencies=agencies,
        government_domains=[d.lower() for d in g.strs("domains")],
        high_risk_kinds=high_risk, bizportal_url=bizportal_url,
        retention_note=root.str("retention_note"), retention_note_en=root.str("retention_note_en"),
        routing=routing, keywords=keywords,
        impersonated_names=g.strs("impersonated_names", []), impersonated_brands=brands,
        letter_markers=g.strs("letter_markers", []), urgent_safety=urgent,
        opdc_address=opdc_address, opdc_name=st.str("copy_name", "", empty_ok=True), source=source,
    )


def _day_kind(reader: _Reader, key: str, default: str) -> str:
    value = reader.str(key, default, empty_ok=True)
    if value not in ("", *DAY_KINDS):
        raise ProfileError(f"{reader._key(key)}: {value!r} is not one of {', '.join(DAY_KINDS)}")
    return value


def _urgent_safety(root: _Reader, sections: dict) -> UrgentSafety:
    """[urgent_safety] with its [[urgent_safety.kinds]]; optional (no kinds: no rule hits)."""
    u = root.table("urgent_safety", {})
    if not u.data:
        return UrgentSafety()
    section = u.str("section")
    if section not in sections:
        raise ProfileError(f"urgent_safety.section: {section!r} is not a key of [sections]")
    kinds = tuple(UrgentKind(key=k.str("key"), name=k.str("name"), name_en=k.str("name_en"),
                             keywords=k.strs("keywords")) for k in u.tables("kinds"))
    return UrgentSafety(hotline=u.str("hotline"), hotline_name=u.str("hotline_name"),
                        hotline_name_en=u.str("hotline_name_en"), section=section, kinds=kinds)
