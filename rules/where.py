"""Where the matter is, not only where the writer is. The competent provincial office
follows the person, the premises or the event the mail is about: a daughter in
Phetchaburi town writing for her mother in Pranburi, a company with its head office here
opening a nursery in Chom Bueng, a fund in Thap Sakae whose secretary teaches here.

Each mention of a place (a province or district of the unit or of a sibling) gets a role:
  asked   named in the subject or in a clause that asks ("… สำหรับสาขาจอมบึง");
  matter  after a cue of premises, an organisation, an event or another person
          (ตั้งอยู่, สาขา, อาคาร, กองทุน, แม่…อยู่, my neighbour lives …);
  writer  after the writer's own cue (ดิฉันอยู่, I live in, สำนักงานใหญ่) or in the signature;
  stated  any other place stated as where someone lives (อำเภอ…, จังหวัด…, อยู่ที่ …).
The first role in that order with places decides (rules/checks/sibling_area.py)."""
from __future__ import annotations

from rules.ask import own_text, signature_split
from rules.lexicon import FIRST_PERSON, MATTER_PLACE, OTHERS, WRITER_PLACE
from rules.thai.text import normalize

ROLES = ("asked", "matter", "stated", "writer")
_WINDOW = 30  # characters before a place name searched for a residence cue
_NEAR = 14  # an institution word this close before the place makes it not a residence
_ROLE_WINDOW = 70  # characters before a place searched for whose place it is
_ADMIN_PREFIX = ("อำเภอ", "อ.", "จังหวัด", "จ.", "เขต", "ตำบล", "ต.")


def place_roles(msg, profile, fields) -> dict[str, dict[str, list[str]]]:
    """role -> area key ("own" or a sibling's key) -> the place names found. `fields` are
    the analysis' (matter.message_fields): their texts are indexed once per message."""
    areas = {"own": ([profile.unit.province] if profile.unit.province else [],
                     list(profile.unit.districts))}
    areas.update({s.key: (s.provinces, s.districts) for s in profile.siblings if s.kind == "area"})
    by_name = {f.name: f.index for f in fields}
    body = by_name["body"]
    signature = normalize(signature_split(own_text(msg.text or ""))[1])
    sig_at = body.text.rfind(signature) if signature else -1
    sources = [("asked", by_name["subject"], False), ("asked", by_name["ask"], True),
               ("body", body, True)]
    out: dict[str, dict[str, list[str]]] = {role: {} for role in ROLES}
    for source, index, needs_cue in sources:
        if not index.text:
            continue
        for key, (provinces, districts) in areas.items():
            for name in [*districts, *provinces]:
                for pos in index.positions(name):
                    where = "writer" if source == "body" and 0 <= sig_at <= pos else source
                    role = _role(index.text, pos, where, needs_cue, profile)
                    if role:
                        found = out[role].setdefault(key, [])
                        if normalize(name) not in found:
                            found.append(normalize(name))
    return out


def _role(text: str, pos: int, source: str, needs_cue: bool, profile) -> str | None:
    near = text[max(0, pos - _NEAR):pos]
    if any(normalize(i) in near for i in profile.keywords.get("institution", [])):
        return None  # a hospital, a school, a court: where someone works or was treated
    if "มนุษย์" in text[max(0, pos - 40):pos] or "พมจ" in near:
        return None  # the name of an office, e.g. the addressee
    before = " " + text[max(0, pos - _ROLE_WINDOW):pos]
    whose = _whose(before)
    if source != "body":
        return source if whose != "writer" or source == "writer" else "writer"
    cues = [normalize(c) for c in profile.keywords.get("residence", [])]
    prefixed = near.rstrip().endswith(_ADMIN_PREFIX)
    stated = prefixed or any(c in text[max(0, pos - _WINDOW):pos] for c in cues)
    if not stated and not (whose == "matter" and _premises(before)):
        return None  # a place named in passing ("ได้อีเมลนี้จากเพื่อนที่เพชรบุรี")
    return whose or "stated"


def _premises(before: str) -> bool:
    return any(cue in before for cue in MATTER_PLACE)


def _whose(before: str) -> str | None:
    """'writer' or 'matter' by the nearest cue before the place, None without one."""
    best, role = -1, None
    for cue in MATTER_PLACE:
        at = before.rfind(cue)
        if at > best:
            best, role = at, "matter"
    for cue in WRITER_PLACE + FIRST_PERSON:
        at = before.rfind(cue)
        if at > best:
            # "ฉัน" inside "ดิฉัน", "ผม" inside "กระผม": read from the whole pronoun
            start = next((at - len(p) for p in ("ดิ", "กระ") if before[:at].endswith(p)), at)
            # "แม่ดิฉัน", "ลูกชายผม": the pronoun belongs to a relative, not the writer
            lead = before[max(0, start - 8):start]
            kin = any(lead.endswith(o) or lead.rstrip().endswith(o)
                      for o in OTHERS if not o.endswith(" "))
            best, role = at, ("matter" if kin else "writer")
    for cue in OTHERS:
        at = before.rfind(cue)
        if at > best:
            # "ดิฉันกับสามี", "ผมและภรรยา": the writer's household, still the writer
            joined = before[max(0, at - 4):at].rstrip().endswith(("กับ", "และ", "and"))
            best, role = at, ("writer" if joined and role == "writer" else "matter")
    return role
