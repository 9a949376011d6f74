"""The vocabulary every rule shares: a Rule, the Verdict it returns, the Decision of the chain.

Rules decide, they never act (GNU Mailman's split): a rule reads a ParsedMessage and the
unit profile and returns a Verdict with reasons a clerk can read. The pipeline in
intake/ does what the Decision says (register, reply, forward, move).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from rules.message import ParsedMessage
from rules.profile import Profile
from rules.thai.labels import Labelled


class Disposition(Labelled):
    """The stable vocabulary of dispositions (stored and printed as these words), with
    the label a clerk reads."""

    MACHINE = "machine", "อีเมลอัตโนมัติ"
    SPAM = "spam", "สแปม"
    WRONG_CHANNEL = "wrong_channel", "แจ้งช่องทางที่ถูกต้อง"
    FORWARD = "forward", "ส่งต่อหน่วยงานในสังกัด"
    OUT_OF_AUTHORITY = "out_of_authority", "แจ้งหน่วยงานที่รับผิดชอบ"
    REGISTER = "register", "ลงทะเบียนรับ"
    REVIEW = "review", "รอเจ้าหน้าที่ตรวจสอบ"


MACHINE, SPAM, WRONG_CHANNEL, FORWARD, OUT_OF_AUTHORITY, REGISTER, REVIEW = Disposition
DISPOSITIONS = tuple(Disposition)

# Which dispositions put the message into the receive register (procedure.md step 1-2).
REGISTERED_DISPOSITIONS = frozenset({WRONG_CHANNEL, REGISTER})


@dataclass
class Reason:
    rule: str  # the rule's name
    th: str  # in Thai, for the clerk
    en: str = ""  # in English, for English senders and logs


@dataclass
class Verdict:
    """What one rule found. hit=False means the rule had nothing to say."""

    hit: bool
    reasons: list[Reason] = field(default_factory=list)
    disposition: str | None = None  # set when the rule decides the disposition
    final: bool = False  # stop the chain here (the disposition is settled)
    details: dict = field(default_factory=dict)  # service, forward_to, agency, ...
    score: float = 0.0


@dataclass
class TriageContext:
    """What a rule may know beyond the message and the profile, without any I/O of
    its own. The pipeline fills it from the registry; tests fill it by hand."""

    # maps a Message-ID or a registration reference to an open case id, or None
    find_case: Callable[[list[str], str], str | None] = lambda ids, subject: None
    # automatic replies already sent to this address today (loop / flood cap)
    replies_today: Callable[[str], int] = lambda addr: 0
    spamd: Callable[[bytes], tuple[bool, float, str]] | None = None
    raw: bytes = b""
    # spamd's answer (is_spam, score) once the spam rule asked it; the wording rules defer to it
    spamd_said: tuple[bool, float] | None = None


class Rule(Protocol):
    """One check of the chain (rules/chain.py CHAIN): reads, never acts."""

    name: str
    description: str
    label: str  # what a clerk reads on the pages, in Thai

    def check(self, msg: ParsedMessage, profile: Profile, ctx: TriageContext) -> Verdict: ...


class Annotator(Protocol):
    """Runs after the chain decided, on registered and review matters (rules/chain.py
    ANNOTATORS): adds what the decision needs (high risk, the letter's fields), never
    changes the disposition."""

    name: str
    description: str
    label: str

    def annotate(self, msg: ParsedMessage, profile: Profile, ctx: TriageContext,
                 decision: Decision) -> Verdict: ...


@dataclass
class Decision:
    """The chain's answer for one message: what to do, and every reason why."""

    disposition: str
    rules: list[str] = field(default_factory=list)  # names of the rules that hit, in order
    reasons: list[Reason] = field(default_factory=list)
    service: str | None = None  # S01..S22, letter, complaint, enquiry
    forward_to: str | None = None
    agency: str | None = None
    channel_hint: str | None = None  # saraban_email, bizportal, in_person
    high_risk: bool = False
    reply_to_case: bool = False
    case_ref: str | None = None  # the case this message continues, when reply_to_case
    section: str | None = None  # internal section the matter is routed to
    details: dict = field(default_factory=dict)

    @property
    def registers(self) -> bool:
        return self.disposition in REGISTERED_DISPOSITIONS

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "disposition": self.disposition,
            "rules": list(self.rules),
            "reasons": [r.th if not r.en else f"{r.th} / {r.en}" for r in self.reasons],
        }
        for key in ("service", "forward_to", "agency", "channel_hint", "section"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        # an attached official letter's own fields (rules/checks/letter_fields.py)
        for key in ("doc_number", "doc_number_ascii", "doc_date", "subject", "urgency",
                    "sender_agency"):
            if self.details.get(key):
                out[key] = self.details[key]
        if self.disposition in (REGISTER, WRONG_CHANNEL, REVIEW):
            out["high_risk"] = self.high_risk
            out["reply_to_case"] = self.reply_to_case
        return out
