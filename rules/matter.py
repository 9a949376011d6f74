"""What a message is about, scored against the unit profile's keyword lists.

Several rules need the same reading of the message (which service, which agency, which
sibling unit, where the sender lives); it is computed once per message and shared.
Every score keeps the words that produced it, so a rule's reason can quote them.

Weights: a keyword found in the subject or in a clause that asks counts 2, in the rest
of the body, an attachment's name or an attachment's text 1, in background (what the
writer already has) 0.25; the official name of a service found anywhere adds 3.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rules.ask import ask_text, own_text, without_background
from rules.message import ParsedMessage
from rules.where import place_roles
from rules.thai.text import Field, TextIndex, keyword_score

SUBJECT_WEIGHT = 2.0
ASK_WEIGHT = 2.0  # a clause that asks (rules/ask.py) weighs like the subject
BODY_WEIGHT = 1.0
BACKGROUND_WEIGHT = 0.25  # what the writer already has or had: not what is asked
QUOTED_WEIGHT = 0.5  # quoted history under a reply
TEXT_FIELDS = ("subject", "ask", "body", "background", "quoted")
NAME_BONUS = 3.0
_URL = re.compile(r"https?://[^\s\"'<>)]+", re.IGNORECASE)


@dataclass
class Score:
    key: str
    score: float
    words: list[str]


@dataclass
class Analysis:
    fields: list[Field]
    text_fields: list[Field]  # subject and body only (what the sender wrote)
    services: list[Score]  # best first; only scores > 0
    agencies: list[Score]
    sibling_matters: list[Score]
    places: dict[str, dict[str, list[str]]]  # role -> "own"/sibling key -> places (where.py)
    request_words: list[str]
    complaint_words: list[str]
    enquiry_words: list[str]
    domain_words: list[str]
    urls: list[str]
    extra: dict = field(default_factory=dict)
    complaint_score: float = 0.0  # weighted like a service's score

    @property
    def complaint_first(self) -> bool:
        """A complaint that names a service ("my funeral-grant request has had no answer
        for two months, and the officer was rude") is a complaint, not a new request."""
        return bool(self.complaint_words) and self.complaint_score >= self.service_score

    @property
    def service(self) -> Score | None:
        return self.services[0] if self.services else None

    @property
    def service_score(self) -> float:
        return self.services[0].score if self.services else 0.0

    @property
    def agency(self) -> Score | None:
        return self.agencies[0] if self.agencies else None

    @property
    def sibling_matter(self) -> Score | None:
        return self.sibling_matters[0] if self.sibling_matters else None


def message_fields(msg: ParsedMessage) -> list[Field]:
    """The parts a clerk reads, weighted: the subject and the clauses that ask (ASK_WEIGHT)
    over the rest of the body; background ("มีบัตรคนพิการแล้ว") and quoted history little."""
    body = msg.text or ""
    own = own_text(body)
    front, background = without_background(own)
    fields = [
        Field("subject", TextIndex(msg.subject or ""), SUBJECT_WEIGHT),
        Field("ask", TextIndex(ask_text(own)), ASK_WEIGHT),
        Field("body", TextIndex(front), BODY_WEIGHT),
        Field("background", TextIndex(background), BACKGROUND_WEIGHT),
        Field("quoted", TextIndex(body[len(own):]), QUOTED_WEIGHT),
    ]
    for att in msg.attachments:
        if att.filename:
            # "_" and "-" join words in file names; read them as spaces
            fields.append(Field("attachment_name",
                                TextIndex(re.sub(r"[_\-.]+", " ", att.filename)), BODY_WEIGHT))
        if att.text:
            fields.append(Field("attachment_text", TextIndex(att.text), BODY_WEIGHT))
    return fields


def _ranked(profile_items, fields, *, names=None) -> list[Score]:
    out = []
    for order, (key, keywords) in enumerate(profile_items):
        score, words = keyword_score(fields, keywords)
        if names and names.get(key):
            name = names[key]
            if any(f.index.has(name) for f in fields):
                score += NAME_BONUS
                words = [name] + words
        if score > 0:
            out.append((score, -order, Score(key, score, words)))
    out.sort(key=lambda t: (t[0], t[1]), reverse=True)  # ties: the first listed wins
    return [s for _, _, s in out]


_cache: tuple[int, ParsedMessage, int, Analysis] | None = None


def analyse(msg: ParsedMessage, profile) -> Analysis:
    """The reading of one message; cached for the message being triaged right now."""
    global _cache
    if _cache and _cache[1] is msg and _cache[2] == id(profile):
        return _cache[3]
    result = _analyse(msg, profile)
    _cache = (id(msg), msg, id(profile), result)
    return result


def _analyse(msg: ParsedMessage, profile) -> Analysis:
    fields = message_fields(msg)
    text_fields = [f for f in fields if f.name in TEXT_FIELDS]
    kw = profile.keywords
    services = _ranked([(s.id, s.keywords) for s in profile.services.values()], fields,
                       names={s.id: _core_name(s.name) for s in profile.services.values()})
    ruled_out = {s.id: found for s in profile.services.values() if s.not_keywords
                 for found in [keyword_score(text_fields, s.not_keywords)[1]] if found}
    services = [s for s in services if s.key not in ruled_out]
    agencies = _ranked([(a.key, a.keywords) for a in profile.agencies.values()], fields)
    sib_matters = _ranked([(s.key, s.keywords) for s in profile.siblings if s.kind == "matter"],
                          fields)
    body = (msg.text or "") + "\n" + (msg.html or "")
    complaint = keyword_score(text_fields, kw.get("complaint", []))
    return Analysis(
        fields=fields, text_fields=text_fields, services=services, agencies=agencies,
        sibling_matters=sib_matters, places=place_roles(msg, profile, fields),
        request_words=keyword_score(text_fields, kw.get("request", []))[1],
        complaint_words=complaint[1], complaint_score=complaint[0],
        enquiry_words=keyword_score(text_fields, kw.get("enquiry", []))[1],
        domain_words=keyword_score(fields, kw.get("domain", []))[1],
        urls=list(dict.fromkeys(_URL.findall(body))),
        extra={"ruled_out": ruled_out} if ruled_out else {},
    )


def _core_name(name: str) -> str:
    # the official name without its bracketed gloss, e.g. "(กลุ่มเปราะบาง)"
    return re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()


def domain_of(addr: str) -> str:
    return (addr or "").rpartition("@")[2].lower().strip().rstrip(".")
