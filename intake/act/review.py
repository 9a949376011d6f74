"""A clerk decides a message the rules held for review: the same handlers carry it out."""
from __future__ import annotations

from sqlalchemy import select

from intake.learn.feedback import clerk_decided
from intake.runtime import Runtime
from registry.models import Event, Message
from rules.base import (
    FORWARD,
    OUT_OF_AUTHORITY,
    REVIEW,
    WRONG_CHANNEL,
    Decision,
    Disposition,
    Reason,
)


def resolve_review(rt: Runtime, message_pk: int, disposition: str, actor: str, *,
                   service: str | None = None, forward_to: str | None = None,
                   agency: str | None = None, channel_hint: str | None = None) -> Decision:
    """A clerk decides a message the rules held for review. The choice is carried out by
    the same code as the rules' decisions (register row, replies, case), in one
    transaction, and recorded as a correction that feeds the unit's statistics."""
    from intake.act import carry_out, parse
    from intake.cases.lifecycle import CLERK_ROLES, HEAD_ROLES, CaseError, _person
    from registry.db import transaction
    from rules.base import DISPOSITIONS

    profile = rt.profile
    if disposition not in DISPOSITIONS or disposition == REVIEW:
        raise CaseError(f"เลือกการดำเนินการไม่ถูกต้อง: {disposition} / not a disposition")
    if disposition == FORWARD and not profile.sibling_by_address(forward_to or ""):
        raise CaseError("ต้องเลือกหน่วยงานในสังกัดที่จะส่งต่อ / choose the sibling unit")
    if disposition == OUT_OF_AUTHORITY and agency not in profile.agencies:
        raise CaseError("ต้องเลือกหน่วยงานที่รับผิดชอบ / choose the agency")
    if service and service not in profile.services and service not in (
            "letter", "complaint", "enquiry"):
        raise CaseError(f"ไม่มีบริการ {service} / unknown service")
    with rt.factory() as s:
        msg = s.get(Message, message_pk)
        if msg is None or msg.disposition != REVIEW:
            raise CaseError("ข้อความนี้ไม่ได้รอการพิจารณา / this message is not in review")
        raw = rt.store.get(msg.sha256)
        before = msg.decision or {}
    parsed = parse(raw)
    section = profile.section_for(service) if service else None
    if channel_hint is None and disposition == WRONG_CHANNEL and service in profile.services:
        channel_hint = {"in_person": "in_person", "bizportal": "bizportal"}.get(
            profile.services[service].channel, "saraban_email")
    decision = Decision(
        disposition=disposition, rules=["clerk_review"],
        reasons=[Reason("clerk_review", f"เจ้าหน้าที่ ({actor}) พิจารณาแล้ว: "
                        f"{Disposition.label_of(disposition)}",
                        f"decided by a clerk ({actor}): {disposition}")],
        service=service, forward_to=forward_to, agency=agency, channel_hint=channel_hint,
        section=section, high_risk=bool(before.get("high_risk")),
        # what the rules said and why they were unsure stays readable on the message page
        details={"previous": {k: before.get(k) for k in (
            "disposition", "rules", "service", "reasons", "notes", "details")}})
    held_for_head = (before.get("details") or {}).get("held_for") == "head"
    with transaction(rt.factory) as s:
        # the unit's policy may hold a disposition for the head of unit alone
        _person(s, actor, HEAD_ROLES if held_for_head else CLERK_ROLES, "พิจารณาข้อความที่รอตรวจ")
        locked = s.scalar(select(Message).where(Message.id == message_pk).with_for_update())
        if locked is None or locked.disposition != REVIEW:
            raise CaseError("มีผู้พิจารณาข้อความนี้แล้ว / already resolved")
        state_before = locked.state
        carry_out(rt, s, locked, parsed, raw, decision)
        owed = [loc for loc in locked.locations if loc.moved_at is None]
        if state_before == "done" and not owed:
            locked.state = "done"  # the mail already left the inbox; nothing more to move
        s.add(Event(actor=actor, kind="review_resolved", message_pk=locked.id, at=rt.clock(),
                    detail={"from": before.get("disposition"), "to": disposition,
                            "service": service, "forward_to": forward_to, "agency": agency,
                            "rules_said": before.get("rules"),
                            "proposed": (before.get("details") or {}).get("proposed")}))
    clerk_decided(rt.config, raw, disposition)  # spamc -L spam|ham where spamd runs
    return decision
