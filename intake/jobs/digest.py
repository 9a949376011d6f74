"""The head of unit's morning digest: what waits for the head (results to approve,
dormancy proposals to decide) and which cases are late, with links to the pages. Sent
after the daily sweep, once a day, through the outbox; nothing waiting, no mail."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from intake.jobs.alerts import internal_mail
from intake.runtime import Runtime
from registry.db import transaction
from registry.models import OutboxItem, User
from registry.states import CaseState
from rules.thai.dates import digits, local_time, thai_date


def queue_digest(rt: Runtime, as_of: date | None = None) -> list[str]:
    """Queue the digest to every active head with an address; the logins mailed."""
    from intake.cases.lifecycle import list_cases
    from intake.outbox.compose import render

    now = rt.clock()
    as_of = as_of or local_time(now, rt.config.get("unit.timezone")).date()
    thai = rt.config.get("unit.thai_numerals")
    cases = list_cases(rt, as_of=as_of)

    def line(c: dict) -> str:
        return f"เลขรับ {digits(c['ref'], thai)} {c['subject'] or '(ไม่มีชื่อเรื่อง)'}"

    results = [line(c) for c in cases if c["state"] == CaseState.RESULT_PENDING]
    proposals = [line(c) for c in cases if c["state"] == CaseState.DISPOSAL_PROPOSED]
    late = [f"{line(c)} (ครบกำหนด {thai_date(date.fromisoformat(c['due_date']), thai_numerals=thai)})"
            for c in cases if c["late"]]
    if not (results or proposals or late):
        return []
    base = rt.config.get("web.public_url").rstrip("/")
    mailed = []
    with transaction(rt.factory) as s:
        heads = [u for u in s.scalars(select(User).where(User.role == "head",
                                                         User.disabled.is_(False))) if u.email]
        for head in heads:
            dedupe = f"digest:{head.login}:{as_of.isoformat()}"
            if s.scalar(select(OutboxItem.id).where(OutboxItem.dedupe_key == dedupe)):
                continue
            subject, body = render("digest", "th", {
                "profile": rt.profile, "original": None, "thai_numerals": thai,
                "case": {"head_name": head.name, "results": results, "proposals": proposals,
                         "late": late, "date_th": thai_date(as_of, thai_numerals=thai),
                         "approvals_url": f"{base}/approvals" if base else "",
                         "late_url": f"{base}/?box=late" if base else ""}})
            s.add(internal_mail(rt, "digest", head, subject, body, dedupe, now))
            mailed.append(head.login)
    return mailed
