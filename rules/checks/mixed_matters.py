"""One mail, several matters for different handlers: the funeral grant (this unit, by
e-mail), the father's old-age allowance (the local administration) and the brother's
expired disability card (in person). No single disposition serves them all, so a clerk
splits the mail (review); the detail names the part this unit can act on by e-mail.

A "handler" is where a matter would go: a service by its channel (e-mail, in person,
Biz Portal), another agency, a sibling unit. Two services filed the same way are one
handler (the unit routes both). Mixed means three handlers, or two when the sender
also says there are several matters (numbered questions, "หลายเรื่อง", "อีกเรื่อง").
Words that only name a document the main service asks for (บัตรสวัสดิการแห่งรัฐ for the
funeral grant) are not another matter. A strong matter for the shelter or the homeless
centre that outweighs the rest is not held: protection comes first (forwarded)."""
from __future__ import annotations

import re

from rules.base import REVIEW, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.checks.sibling_matter import STRONG as STRONG_SIBLING
from rules.matter import analyse
from rules.thai.text import TextIndex, keyword_score, normalize

MATTER = 1.0  # below this a service or agency is named only in background or quoted text

# a line that starts like a list item: "1.", "2)", "๑.", "ข้อ 2", "- "
_ITEM = re.compile(r"^\s*(?:[0-9๐-๙]{1,2}\s*[.)]|ข้อ(?:ที่)?\s*[0-9๐-๙]+|[-•*])\s+(.+)$", re.MULTILINE)


def _parts(word: str) -> list[str]:
    return [normalize(p) for p in word.split("&") if p.strip()]


def _covered(word: str, by: list[str]) -> bool:
    """The word's anchor (a combination "บัตรคนพิการ & เสียชีวิต" is anchored on its first
    part) is already among the main service's words: the same matter read another way."""
    anchor = _parts(word)[0]
    return any(anchor in q for w in by for q in _parts(w))


def _is_document(word: str, service) -> bool:
    w = normalize(word)
    return any(w in normalize(doc) for doc in service.required_documents) if service else False


def handlers(msg, profile) -> list[tuple[str, str, list[str]]]:
    """(handler, matter key, words) for each distinct handler the mail's matters need."""
    a = analyse(msg, profile)
    out: dict[str, tuple[str, list[str]]] = {}
    top = profile.service(a.service.key) if a.service else None
    top_words = list(a.service.words) if a.service else []
    for score in a.services:
        if score.score < MATTER:
            continue  # named only in background ("มีบัตรคนพิการอยู่แล้ว"): not a matter raised
        service = profile.service(score.key)
        own = score.words if score is a.service else \
            [w for w in score.words if not _covered(w, top_words)]
        if own and service.channel not in out:
            out[service.channel] = (service.id, own)
    for score in a.agencies:
        if score.score < MATTER:
            continue
        own = [w for w in score.words if not _is_document(w, top)]
        if own:
            out["agency:" + score.key] = (score.key, own)
    if a.sibling_matter:  # one situation (beaten, nowhere to go) is one sibling's matter
        out["sibling:" + a.sibling_matter.key] = (a.sibling_matter.key, a.sibling_matter.words)
    return [(h, key, ws) for h, (key, ws) in out.items()]


def protection_first(msg, profile) -> bool:
    """A person in danger or without shelter writes about money and help too; when the
    sibling's matter is strong and outweighs the rest, it is forwarded, not held."""
    a = analyse(msg, profile)
    sib = a.sibling_matter
    others = [s.score for s in a.services[:1] + a.agencies[:1]]
    return bool(sib) and sib.score >= STRONG_SIBLING and sib.score >= max(others, default=0)


def says_several(msg, profile) -> list[str]:
    a = analyse(msg, profile)
    cues = keyword_score(a.text_fields, profile.keywords.get("several_matters", []))[1]
    # numbered questions, not a numbered list of attached documents
    enquiry = profile.keywords.get("enquiry", [])
    questions = [item for item in _ITEM.findall(msg.text or "")
                 if "?" in item or TextIndex(item).matches(enquiry)]
    if len(questions) >= 2:
        cues.append("คำถามเป็นข้อ ๆ")
    return cues


class MixedMatters:
    name = "mixed_matters"
    description = "several matters for different handlers in one mail: review (a clerk splits it)"
    label = "หลายเรื่องในฉบับเดียว"

    def check(self, msg, profile, ctx) -> Verdict:
        found = handlers(msg, profile)
        if len(found) < 2:
            return MISS
        cues = says_several(msg, profile)
        # protection first, unless the writer lists several matters of their own
        if protection_first(msg, profile) and not (cues and len(found) >= 3):
            return MISS
        if len(found) == 2 and not cues:
            return MISS
        matters = [f"{key} ({words(ws[:2])})" for _, key, ws in found]
        actionable = next((key for h, key, _ in found if h == "email_or_counter"), None)
        why = f" และผู้ส่งระบุว่ามีหลายเรื่อง ({words(cues[:2])})" if cues else ""
        return decide(self.name, REVIEW,
                      f"อีเมลฉบับเดียวมีหลายเรื่องที่ต้องส่งผู้รับผิดชอบต่างกัน: {', '.join(matters)}{why} "
                      "ให้เจ้าหน้าที่แยกเรื่องและตัดสินแต่ละเรื่อง",
                      f"one mail raises matters for different handlers: "
                      f"{', '.join(k for _, k, _ in found)}; a clerk splits it",
                      service=actionable, matters=[key for _, key, _ in found])
