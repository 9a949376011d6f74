"""The mail list: every message the unit received, newest first, whatever the rules made
of it (registered, review, spam, forwarded, out of authority, machine mail, failed).

Filters: a day or a month in the Buddhist Era as clerks write them (3/12/2569, 12/2569,
Thai digits too), disposition, state, sender, section, words of the subject. Paging is by
keyset on (fetched_at, id), index ix_messages_fetched: the next page starts below the last
row shown, so page 1,000 costs what page 1 does at a million messages (OFFSET would read
every row before it). There is no total: counting a million rows on every page is what
made lists slow."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import render_template, request
from sqlalchemy import or_, select

from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from registry.models import Message
from rules.base import DISPOSITIONS
from rules.thai.dates import BE_OFFSET, arabic_digits

ANY_ROLE = ("clerk", "head", "admin")
PAGE_SIZE = 50
STATES = ("stored", "decided", "done", "failed")


def be_day(text: str) -> date | None:
    """'3/12/2569' (or with Thai digits, or 2026) as a date; None when it is not one."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", arabic_digits(text.strip()))
    if not m:
        return None
    day, month, year = (int(x) for x in m.groups())
    try:
        return date(year - BE_OFFSET if year > 2400 else year, month, day)
    except ValueError:
        return None


def be_month(text: str) -> date | None:
    """'12/2569' as the first day of that month; None when it is not one."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", arabic_digits(text.strip()))
    if not m or not 1 <= int(m.group(1)) <= 12:
        return None
    year = int(m.group(2))
    return date(year - BE_OFFSET if year > 2400 else year, int(m.group(1)), 1)


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _cursor(text: str | None) -> tuple[datetime, int] | None:
    """The keyset position '<fetched_at iso>_<id>' of the last row of the page before."""
    try:
        at, _, pk = (text or "").rpartition("_")
        return datetime.fromisoformat(at), int(pk)
    except ValueError:
        return None


def mail_filters(args, zone: ZoneInfo) -> dict:
    f = {k: (args.get(k) or "").strip()[:200] for k in
         ("day", "month", "disposition", "state", "sender", "section", "q")}
    f["disposition"] = f["disposition"] if f["disposition"] in DISPOSITIONS else ""
    f["state"] = f["state"] if f["state"] in STATES else ""
    start = end = None
    if f["day"] and (d := be_day(f["day"])):
        start, end = d, d + timedelta(days=1)
    elif f["month"] and (d := be_month(f["month"])):
        start, end = d, _next_month(d)
    f["problem"] = ("วันที่หรือเดือนไม่ถูกต้อง (เช่น ๓/๑๒/๒๕๖๙ หรือ ๑๒/๒๕๖๙)"
                    if (f["day"] or f["month"]) and start is None else None)
    f["range"] = ((datetime.combine(start, time(0), zone), datetime.combine(end, time(0), zone))
                  if start else None)
    return f


def query_mail(s, f: dict, after: tuple[datetime, int] | None, limit: int):
    """One page of messages under the filters, newest first, below the keyset `after`."""
    q = select(Message)
    if f["range"]:
        q = q.where(Message.fetched_at >= f["range"][0], Message.fetched_at < f["range"][1])
    if f["disposition"]:
        q = q.where(Message.disposition == f["disposition"])
    if f["state"]:
        q = q.where(Message.state == f["state"])
    if f["sender"]:
        sender = f["sender"].lower()
        q = q.where(Message.from_addr == sender if "@" in sender
                    else Message.from_addr.contains(sender, autoescape=True))
    if f["section"]:
        q = q.where(Message.decision["section"].as_string() == f["section"])
    for word in f["q"].split():
        q = q.where(Message.subject.contains(word, autoescape=True))
    if after:
        at, pk = after
        # the first condition is the index range; the second breaks ties of one instant
        q = q.where(Message.fetched_at <= at, or_(Message.fetched_at < at, Message.id < pk))
    q = q.order_by(Message.fetched_at.desc(), Message.id.desc()).limit(limit + 1)
    rows = list(s.scalars(q))
    more = len(rows) > limit
    return rows[:limit], more


@bp.route("/mail")
@requires(*ANY_ROLE)
def mail_list():
    rt = runtime()
    f = mail_filters(request.args, ZoneInfo(rt.config.get("unit.timezone")))
    with rt.factory() as s:
        rows, more = query_mail(s, f, _cursor(request.args.get("after")), PAGE_SIZE)
    args = {k: v for k, v in request.args.items() if k != "after"}
    after = f"{rows[-1].fetched_at.isoformat()}_{rows[-1].id}" if more and rows else None
    return render_template("mail.html", rows=rows, f=f, args=args, after=after,
                           first_page="after" in request.args, dispositions=DISPOSITIONS,
                           states=STATES, sections=rt.profile.sections)
