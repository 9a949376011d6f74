"""The receive and send registers as the clerk knows them (registers.md columns):
filters, Thai search (registry/search.py), print view (A4 landscape), PDF, CSV, XLSX."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, g, render_template, request
from sqlalchemy import func, select

from intake.cases import lifecycle as cases
from intake.web.auth import requires
from intake.web.blueprint import bp, runtime
from intake.web.format import MATTER_LABELS
from registry import search as register_search
from registry.chain import notes_for
from registry.models import Case, Message, ReceiveEntry, SendEntry
from registry.registers import SECRET_LEVELS, effective_columns, is_secret, masked, may_see_secret
from rules.thai.dates import BE_OFFSET, MONTHS, local_time, parse_date

ANY_ROLE = ("clerk", "head", "admin")
# the secret register (ทะเบียนหนังสือลับ): the receive rows marked ลับ or ลับมาก, seen only
# by the roles the unit names (unit.secret_roles); the receive register masks them
MODELS = {"receive": ReceiveEntry, "secret": ReceiveEntry, "send": SendEntry}
TITLES = {"receive": "ทะเบียนหนังสือรับ", "secret": "ทะเบียนหนังสือลับ", "send": "ทะเบียนหนังสือส่ง"}
NUMBER_HEAD = {"receive": "เลขทะเบียนรับ", "secret": "เลขทะเบียนรับ", "send": "เลขทะเบียนส่ง"}
HEADERS = ("วันที่ลงทะเบียน", None, "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "ชั้นความเร็ว",
           "ชั้นความลับ", "การปฏิบัติ", "หมายเหตุ")
PAGE_SIZE = 100


@dataclass
class Row:
    entry: dict  # the columns as the register reads now (notes applied), see _columns
    message_pk: int | None
    disposition: str | None
    case_state: str | None
    case_id: int | None


def _filters(register: str) -> dict:
    args = request.args
    year_be = args.get("year", "").strip()
    f = {"year": None, "month": None, "date": None,
         "disposition": args.get("disposition") or None,
         "service": args.get("service") or None, "state": args.get("state") or None,
         "q": (args.get("q") or "").strip()[:200], "page": 1}
    if year_be.isdigit():
        y = int(year_be)
        f["year"] = y - BE_OFFSET if y > 2400 else y
    month, day = args.get("month", ""), args.get("day", "")
    if f["year"] and month.isdigit() and 1 <= int(month) <= 12:
        f["month"] = int(month)
        if day.isdigit():
            try:
                f["date"] = date(f["year"], f["month"], int(day))
            except ValueError:
                f["date"] = None
    typed = parse_date(args.get("date", ""))  # a typed BE date, or an older ISO link
    if typed is not None:
        f["year"], f["month"], f["date"] = typed.year, typed.month, typed
    if args.get("page", "").isdigit():
        f["page"] = max(1, int(args["page"]))
    if register == "send":
        f["disposition"] = f["service"] = f["state"] = None
    return f


def _period(f: dict, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The day, else the month, of the filters, in the office's zone."""
    if f["date"]:
        start = datetime.combine(f["date"], time(0, 0), zone)
        return start, start + timedelta(days=1)
    first = date(f["year"], f["month"], 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return (datetime.combine(first, time(0, 0), zone),
            datetime.combine(following, time(0, 0), zone))


def query_rows(register: str, f: dict, *, paged: bool = True):
    """(rows, total) of one register under the filters, in register order."""
    rt = runtime()
    model = MODELS[register]
    with rt.factory() as s:
        if register != "send":
            q = (select(ReceiveEntry, Message.disposition, Case.state, Case.id)
                 .outerjoin(Message, Message.id == ReceiveEntry.message_pk)
                 .outerjoin(Case, Case.receive_entry_id == ReceiveEntry.id))
            if register == "secret":
                q = q.where(ReceiveEntry.secrecy.in_(SECRET_LEVELS))
            if f["disposition"]:
                q = q.where(Message.disposition == f["disposition"])
            if f["service"]:
                q = q.where(ReceiveEntry.service == f["service"])
            if f["state"]:
                q = q.where(Case.state == f["state"])
        else:
            q = select(SendEntry)
        if f["year"]:
            q = q.where(model.year == f["year"])
        if f["month"]:
            start, end = _period(f, ZoneInfo(rt.config.get("unit.timezone")))
            q = q.where(model.registered_at >= start, model.registered_at < end)
        if f["q"]:
            ids = register_search.search(s, register, f["q"], year=f["year"], limit=500)
            q = q.where(model.id.in_(ids or [-1]))
        total = s.scalar(select(func.count()).select_from(q.subquery()))
        q = q.order_by(model.year.desc(), model.number.desc())
        if paged:
            q = q.offset((f["page"] - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        items = list(s.execute(q))
        notes = _notes(s, "send" if register == "send" else "receive",
                       [item[0].id for item in items])
        rows = []
        for item in items:
            cols = _columns(item[0], notes.get(item[0].id, []))
            if register == "receive" and is_secret(item[0]):
                cols = masked(cols)
            if register != "send":
                entry, disp, state, case_id = item
                rows.append(Row(cols, entry.message_pk, disp, state, case_id))
            else:
                rows.append(Row(cols, None, None, None, None))
        return rows, total




def _notes(s, register: str, ids: list[int]) -> dict:
    return notes_for(s, register, ids) if ids else {}


def _columns(entry, notes) -> dict:
    cols = effective_columns(entry, notes)
    cols["registered_at"] = entry.registered_at  # a datetime for the page's formatting
    return cols


def _years(register: str) -> list[int]:
    model = MODELS[register]
    rt = runtime()
    this_year = local_time(rt.clock(), rt.config.get("unit.timezone")).year
    with rt.factory() as s:
        return sorted({this_year, *s.scalars(select(model.year).distinct())}, reverse=True)


def _check(register: str) -> None:
    if register not in MODELS:
        abort(404)
    if register == "secret" and not may_see_secret(
            g.user.role, runtime().config.get("unit.secret_roles")):
        abort(403)


def _page_context(register: str, f: dict, rows, total) -> dict:
    rt = runtime()
    return {"register": register, "title": TITLES[register], "number_head": NUMBER_HEAD[register],
            "headers": HEADERS, "rows": rows, "total": total, "f": f, "years": _years(register),
            "services": rt.profile.services, "states": cases.STATE_LABELS,
            "months": MONTHS, "matters": MATTER_LABELS, "page_size": PAGE_SIZE, "args": request.args}


@bp.route("/registers/<register>")
@requires(*ANY_ROLE)
def register_page(register: str):
    _check(register)
    f = _filters(register)
    rows, total = query_rows(register, f)
    return render_template("register.html", **_page_context(register, f, rows, total))


@bp.route("/registers/<register>/print")
@requires(*ANY_ROLE)
def register_print(register: str):
    _check(register)
    f = _filters(register)
    rows, total = query_rows(register, f, paged=False)
    return render_template("register_print.html", for_pdf=False,
                           **_page_context(register, f, rows, total))


@bp.route("/registers/<register>.pdf")
@requires(*ANY_ROLE)
def register_pdf(register: str):
    """The print view printed by headless Chromium (offline; the project's fonts)."""
    from intake.archive.convert.html import RenderError
    from intake.outbox.letter_pdf import html_to_pdf

    _check(register)
    f = _filters(register)
    rows, total = query_rows(register, f, paged=False)
    html = render_template("register_print.html", for_pdf=True,
                           **_page_context(register, f, rows, total))
    try:
        pdf = html_to_pdf(html)
    except RenderError as exc:
        current_app.logger.warning("register PDF: %s", exc)
        abort(503)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{register}-register.pdf"'})


def _table(register: str, rows) -> list[list[str]]:
    fmt = current_app.jinja_env.filters
    out = [[h or NUMBER_HEAD[register] for h in HEADERS]]
    for r in rows:
        e = r.entry
        remarks = ("ยกเลิก " if e["cancelled"] else "") + (e["remarks"] or "")
        out.append([fmt["thdatetime"](e["registered_at"]),
                    fmt["num"](f"{e['number']}/{e['year'] + 543}"), e["doc_number"] or "",
                    fmt["thdate"](e["doc_date"]) if e["doc_date"] else "", e["sender"],
                    e["recipient"], e["subject"], e["urgency"] or "", e["secrecy"] or "",
                    e["action"] or "", remarks.strip()])
    return out


def _cell(value: str) -> str:
    """A spreadsheet must not read a sender's text as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.route("/registers/<register>.csv")
@requires(*ANY_ROLE)
def register_csv(register: str):
    _check(register)
    rows, _ = query_rows(register, _filters(register), paged=False)
    buf = io.StringIO()
    writer = csv.writer(buf)
    for line in _table(register, rows):
        writer.writerow([_cell(v) for v in line])
    data = "\ufeff" + buf.getvalue()  # the BOM makes Excel read UTF-8 Thai
    return Response(data.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{register}-register.csv"'})


@bp.route("/registers/<register>.xlsx")
@requires(*ANY_ROLE)
def register_xlsx(register: str):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    _check(register)
    rows, _ = query_rows(register, _filters(register), paged=False)
    wb = Workbook()
    ws = wb.active
    ws.title = TITLES[register][:31]
    for line in _table(register, rows):
        ws.append([_cell(v) for v in line])
    for cell in ws[1]:
        cell.font = Font(bold=True, name="TH Sarabun New")
    for col, width in zip("ABCDEFGHIJK", (20, 12, 18, 14, 30, 25, 45, 12, 12, 35, 20)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name="TH Sarabun New")
    buf = io.BytesIO()
    wb.save(buf)
    return Response(buf.getvalue(), mimetype="application/vnd.openxmlformats-officedocument"
                    ".spreadsheetml.sheet", headers={
                        "Content-Disposition": f'attachment; filename="{register}-register.xlsx"'})
