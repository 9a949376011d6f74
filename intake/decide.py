"""One decision, everywhere: the poll (and so `intake import`, through
intake.act.decide), the dry run `intake triage` and the cover of `intake pdf` all call
decide() with the same context, so a dry run says what the pipeline will do.

The context is built here and nowhere else: the unit profile; SpamAssassin's spamd when
`spam.spamd_host` names one; the registry's case look-ups (a reply continues its open
case) when a database is there; and, last, the unit's approval policy
(policy.<disposition> = review | head holds a decision for a person).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from intake.config import Config
from rules.base import REVIEW, Decision, Disposition, Reason, TriageContext
from rules.message import ParsedMessage


def decide(config, parsed: ParsedMessage, raw: bytes, *, session=None,
           clock: Callable[[], datetime] | None = None,
           find_case: Callable[[list[str], str], str | None] | None = None) -> Decision:
    """The rules' decision for one message, then the unit's policy. `session` is a
    registry session (reads only); `find_case` replaces the registry's case look-up
    where there is no registry (the evaluation's stand-in)."""
    from intake.learn import propose
    from rules import triage

    ctx = context(config, raw, session=session, clock=clock)
    if find_case is not None:
        ctx.find_case = find_case
    decision = triage(parsed, config.profile, ctx)
    propose(config, decision, parsed)  # the unit's model: a proposal for review, its version
    return apply_policy(decision, config)


def context(config, raw: bytes, *, session=None,
            clock: Callable[[], datetime] | None = None) -> TriageContext:
    """What the rules may know beyond the message: spamd, and the registry's look-ups."""
    from intake.act.lookups import find_case, replies_today
    from registry.models import utcnow

    ctx = TriageContext(spamd=spamd_checker(config), raw=raw)
    if session is not None:
        now = clock or utcnow
        ctx.find_case = lambda ids, subject: find_case(session, ids, subject)
        ctx.replies_today = lambda addr: replies_today(session, addr, now())
    return ctx


def spamd_checker(config: Config) -> Callable[[bytes], tuple[bool, float, str]] | None:
    host = config.get("spam.spamd_host")
    if not host:
        return None
    from rules.spamd import SpamdClient

    threshold = float(config.get("spam.spamd_threshold") or 0) or None
    return SpamdClient(host, config.get("spam.spamd_port"), config.get("spam.spamd_timeout"),
                       required=threshold)


def apply_policy(decision: Decision, config: Config) -> Decision:
    """policy.<disposition> = review | head holds the rules' decision for a person."""
    if decision.disposition == REVIEW:
        return decision
    hold = config.get(f"policy.{decision.disposition}")
    if hold == "auto":
        return decision
    who_th = "หัวหน้าหน่วยงาน" if hold == "head" else "เจ้าหน้าที่สารบรรณ"
    decision.details["proposed"] = decision.disposition
    decision.details["held_for"] = hold
    decision.reasons.append(Reason(
        "approval_policy",
        f"นโยบายของหน่วยงานกำหนดให้{who_th}ยืนยันก่อนดำเนินการ "
        f"({Disposition.label_of(decision.disposition)})",
        f"the unit's policy holds '{decision.disposition}' for "
        f"{'the head of unit' if hold == 'head' else 'a clerk'}"))
    decision.rules.append("approval_policy")
    decision.disposition = REVIEW
    return decision


@contextmanager
def registry_session(config) -> Iterator[object | None]:
    """A session on the configured registry for a dry run's look-ups, or None when there
    is none yet: a dry run never creates a database or migrates one (no side effects)."""
    from pathlib import Path

    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    from registry.db import make_engine, session_factory

    url = config.database_url
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and (not u.database or u.database == ":memory:"
                                              or not Path(u.database).is_file()):
        yield None
        return
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("messages"):  # a database not yet set up
            yield None
            return
        with session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()
