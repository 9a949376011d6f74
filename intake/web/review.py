"""The review queue: messages the rules were unsure of. The clerk picks a disposition
(and corrects the service or the sibling unit), sees the mail it will send, then confirms;
the processor's own code carries it out (resolve_review)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from intake.act import resolve_review  # the processor's own code carries it out
from intake.runtime import Runtime
from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from intake.web.pages import review_messages
from registry.models import Message, RegisterCounter
from rules.base import (
    FORWARD,
    MACHINE,
    OUT_OF_AUTHORITY,
    REGISTER,
    REVIEW,
    SPAM,
    WRONG_CHANNEL,
    Disposition,
)

CLERKS = ("clerk", "head", "admin")
CHOICES = (REGISTER, WRONG_CHANNEL, FORWARD, OUT_OF_AUTHORITY, SPAM, MACHINE)
CHANNEL_HINTS = {"saraban_email": "อีเมลสารบรรณกลาง", "bizportal": "ระบบ Biz Portal",
                 "in_person": "ยื่นด้วยตนเองที่สำนักงาน"}


def held_for_head(msg: Message) -> bool:
    return ((msg.decision or {}).get("details") or {}).get("held_for") == "head"


def _choice_from(form) -> dict:
    return {k: (form.get(k) or None) for k in ("disposition", "service", "forward_to", "agency",
                                                "channel_hint")}


def _problem(rt: Runtime, choice: dict) -> str | None:
    """What the chosen disposition still needs (a sibling to forward to, an agency)."""
    profile = rt.profile
    d = choice["disposition"]
    if d not in CHOICES:
        return "กรุณาเลือกการดำเนินการ"
    if choice["service"] and choice["service"] not in profile.services:
        return "ไม่พบงานบริการที่เลือก"
    if d == FORWARD and not profile.sibling_by_address(choice["forward_to"] or ""):
        return "กรุณาเลือกหน่วยงานในสังกัดที่จะส่งต่อ"
    if d == OUT_OF_AUTHORITY and (choice["agency"] or "") not in profile.agencies:
        return "กรุณาเลือกหน่วยงานที่รับผิดชอบ"
    if choice["channel_hint"] and choice["channel_hint"] not in CHANNEL_HINTS:
        return "ช่องทางไม่ถูกต้อง"
    return None


def previews(rt: Runtime, msg: Message, parsed, choice: dict) -> list[dict]:
    from intake.act import REPLIES
    from intake.outbox.compose import pick_language, render

    d = choice["disposition"]
    kinds = list(REPLIES.get(d, ()))
    if not kinds:
        return []
    language = pick_language(parsed)
    sibling = rt.profile.sibling_by_address(choice["forward_to"] or "")
    context = {"profile": rt.profile, "original": parsed,
               "thai_numerals": rt.config.get("unit.thai_numerals"),
               "registration_number": _next_number(rt) if d in (REGISTER, WRONG_CHANNEL) else None,
               "service": choice["service"], "section": rt.profile.section_for(choice["service"])
               if d in (REGISTER, WRONG_CHANNEL) else None,
               "channel_hint": choice["channel_hint"], "agency": choice["agency"],
               "sibling": sibling.key if sibling else None}
    out = []
    for kind in kinds:
        template = "forward_cover" if kind == "forward" else kind
        to = sibling.address if kind == "forward" and sibling else (
            (parsed.reply_to[:1] or [parsed.from_addr])[0])
        subject, body = render(template, "th" if kind == "forward" else language, context)
        out.append({"kind": kind, "to": to, "subject": subject, "body": body})
    return out


def _next_number(rt: Runtime) -> int:
    """The receive number the registration would take now (shown, not reserved)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    year = datetime.now(ZoneInfo(rt.config.get("unit.timezone"))).year
    with rt.factory() as s:
        counter = s.get(RegisterCounter, ("receive", year))
        return (counter.last_number if counter else 0) + 1


@bp.route("/review")
@requires(*CLERKS)
def review_queue():
    rt = runtime()
    with rt.factory() as s:
        items = review_messages(s)
    return render_template("review.html", items=items, choices=CHOICES,
                           held_for_head=held_for_head)


@bp.route("/review/<int:msg_id>", methods=["GET", "POST"])
@requires(*CLERKS)
def review_item(msg_id: int):
    """GET: the choice and the mail it will send. POST (confirm): carry it out."""
    from intake.cases.lifecycle import CaseError
    from intake.web.messages import _parsed, body_document

    rt = runtime()
    with rt.factory() as s:
        msg = s.get(Message, msg_id)
        if msg is None:
            abort(404)
    if msg.disposition != REVIEW:
        flash("เรื่องนี้ดำเนินการไปแล้ว", "error")
        return redirect(url_for("web.message_page", msg_id=msg_id))
    if held_for_head(msg) and g.user.role != "head":
        abort(403)  # the unit's policy holds this disposition for the head of unit
    parsed, parse_error = _parsed(rt, msg)
    # only what the clerk chose: the rules' proposal is shown beside the form, not selected
    choice = _choice_from(request.form if request.method == "POST" else request.args)
    problem = _problem(rt, choice) if choice["disposition"] else None
    mails = []
    if choice["disposition"] and not problem and parsed is not None:
        mails = previews(rt, msg, parsed, choice)
    if request.method == "POST":
        if problem or parsed is None:
            flash(problem or "อ่านข้อความไม่ได้", "error")
        elif request.form.get("preview") != fingerprint(mails):
            flash("อีเมลที่จะส่งเปลี่ยนไปจากที่ตรวจไว้ (เช่น เลขรับถูกใช้ไปแล้ว) "
                  "กรุณาตรวจอีกครั้งก่อนยืนยัน", "error")
        else:
            try:
                resolve_review(rt, msg_id, choice["disposition"], g.user.login,
                               service=choice["service"], forward_to=choice["forward_to"],
                               agency=choice["agency"], channel_hint=choice["channel_hint"])
            except CaseError as exc:
                flash(str(exc), "error")
            else:
                flash(f"ดำเนินการแล้ว: {Disposition.label_of(choice['disposition'])}", "ok")
                return redirect(url_for("web.message_page", msg_id=msg_id))
    decision = msg.decision or {}
    return render_template("review_item.html", msg=msg, parsed=parsed, parse_error=parse_error,
                           choice=choice, problem=problem, mails=mails, choices=CHOICES,
                           profile=rt.profile, channel_hints=CHANNEL_HINTS, decision=decision,
                           proposed=(decision.get("details") or {}).get("proposed"),
                           model=(decision.get("details") or {}).get("model"),
                           preview=fingerprint(mails),
                           body_doc=body_document(parsed) if parsed is not None else "")


def fingerprint(mails: list[dict]) -> str:
    """What the clerk saw before confirming. The confirmation carries it back, and a
    preview that no longer matches (another registration took the number, the profile
    changed) is shown again instead of being carried out."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps(mails, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()[:32]
