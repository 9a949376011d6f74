"""The archival PDF of one registered message (procedure step 4, registers.md).

    build_archive(raw, parsed, entry_info, profile=None, ...) -> ArchiveResult

One PDF/A-3b file: a cover page (the register entry: number, date and time in the
Buddhist Era, sender, subject, disposition and reasons, and every attachment with what
became of it), the e-mail body, then every attachment converted, in order, with
bookmarks; the original .eml embedded as an attached file, and each attachment that could
not be converted embedded as it came. A document that cannot be converted never stops the
bundle: it is listed with the reason, and its original is kept.

entry_info (all optional but number/registered_at make the cover meaningful):
  number (int), year (CE int; BE accepted when > 2400), registered_at (aware datetime),
  received_at (aware datetime), sender (str), recipient (str), subject (str),
  disposition (str, rules.base names), reasons (list[str] or list[Reason]),
  doc_number (str), case_ref (str), thai_numerals (bool), timezone (str, default
  Asia/Bangkok).
"""
from __future__ import annotations

import hashlib
import html as html_lib
import io
import logging
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from pikepdf import OutlineItem

from intake.archive.convert import ConversionResult, convert_attachment, render_page
from intake.archive.convert.html import RenderError, sanitize_html, text_to_html
from intake.archive.convert.pdfa import attach_file, check_pdfa, make_pdfa, save
from rules.message import Attachment, ParsedMessage
from rules.thai.dates import be_year, digits, local_time, thai_date, thai_time

log = logging.getLogger(__name__)

DISPOSITION_TH = {
    "register": "ลงทะเบียนรับ",
    "wrong_channel": "ลงทะเบียนรับ (ยื่นผิดช่องทาง แจ้งช่องทางที่ถูกต้อง)",
    "forward": "ส่งต่อหน่วยงานที่รับผิดชอบ",
    "out_of_authority": "ไม่อยู่ในอำนาจหน้าที่",
    "review": "รอเจ้าหน้าที่พิจารณา",
    "machine": "อีเมลอัตโนมัติ",
    "spam": "อีเมลขยะ",
}
KIND_TH = {"pdf": "PDF", "image": "ภาพสแกน", "html": "HTML", "text": "ข้อความ"}


@dataclass
class ArchivePart:
    title: str  # what the bookmark and the cover call it
    filename: str  # the sender's name for it ("" for the cover and the body)
    kind: str
    first_page: int | None = None  # 0-based page of the bundle where it starts
    pages: int = 0
    reason: str = ""  # why it is not in the bundle as pages
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class ArchiveResult:
    pdf_bytes: bytes = field(repr=False)
    sha256: str
    problems: list[str]  # for a person: unconverted documents, flagged PDFs, PDF/A issues
    parts: list[ArchivePart] = field(default_factory=list)
    pdfa_problems: list[str] = field(default_factory=list)  # check_pdfa: pikepdf's PDF/A validator
    needs_person: bool = False


# ------------------------------------------------------------------ helpers ----
def _e(text: object) -> str:
    return html_lib.escape(str(text if text is not None else ""))


def _safe_name(name: str, fallback: str) -> str:
    """A display/embedded name: no path, no control characters, not too long."""
    name = re.sub(r"[\x00-\x1f\x7f/\\]", "_", name or "").strip(" .")
    return (name or fallback)[:150]


def _human_size(n: int) -> str:
    for unit in ("ไบต์", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "ไบต์" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _reason_text(reason) -> str:
    return getattr(reason, "th", None) or getattr(reason, "text", None) or str(reason)


# ------------------------------------------------------------------ pages ----
COVER_CSS = """
h1 { font-size: 20pt; margin: 0 0 4mm 0; }
.unit { font-size: 16pt; margin-bottom: 6mm; }
table.entry { border-collapse: collapse; width: 100%; }
table.entry th { text-align: left; vertical-align: top; width: 32%; font-weight: bold;
  padding: 1mm 3mm 1mm 0; }
table.entry td { vertical-align: top; padding: 1mm 0; }
table.files { border-collapse: collapse; width: 100%; margin-top: 3mm; font-size: 14pt; }
table.files th, table.files td { border: 0.5pt solid #444; padding: 1mm 2mm; vertical-align: top;
  text-align: left; }
.bad { font-weight: bold; }
.small { font-size: 12pt; color: #333; }
"""


def cover_html(parsed: ParsedMessage, entry: dict, profile, parts: list[ArchivePart],
               raw_sha: str) -> str:
    thai_num = bool(entry.get("thai_numerals"))
    tz = entry.get("timezone")
    n = lambda v: digits(v, thai_num)
    unit_name = getattr(getattr(profile, "unit", None), "name", "") if profile else ""
    number, year = entry.get("number"), entry.get("year")
    registered = local_time(entry.get("registered_at"), tz)
    if year and year > 2400:
        year -= 543
    if number is not None:
        year_be = (year + 543) if year else (be_year(registered) if registered else "")
        number_text = n(f"{number}/{year_be}")
    else:
        number_text = "ยังไม่ได้ลงทะเบียนรับ"
    rows = [("เลขทะเบียนรับ", number_text)]
    if registered:
        rows.append(("วันที่ลงทะเบียน", thai_date(registered, thai_numerals=thai_num)))
        rows.append(("เวลา", thai_time(registered, thai_numerals=thai_num)))
    received = local_time(entry.get("received_at") or parsed.received_at or parsed.date, tz)
    if received:
        rows.append(("ได้รับอีเมลเมื่อ", f"{thai_date(received, thai_numerals=thai_num)} "
                                          f"เวลา {thai_time(received, thai_numerals=thai_num)}"))
    sender = entry.get("sender") or (
        f"{parsed.from_name} <{parsed.from_addr}>" if parsed.from_name else parsed.from_addr)
    rows.append(("จาก", sender or "-"))
    rows.append(("ถึง", entry.get("recipient") or ", ".join(parsed.to) or unit_name or "-"))
    rows.append(("เรื่อง", entry.get("subject") or parsed.subject or "(ไม่มีชื่อเรื่อง)"))
    if entry.get("doc_number"):
        rows.append(("ที่ (เลขที่หนังสือ)", entry["doc_number"]))
    if entry.get("case_ref"):
        rows.append(("เรื่องเดิม", entry["case_ref"]))
    disposition = entry.get("disposition")
    if disposition:
        rows.append(("การดำเนินการ", DISPOSITION_TH.get(disposition, disposition)))
    table = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    reasons = [r for r in (entry.get("reasons") or []) if r]
    reasons_html = ""
    if reasons:
        reasons_html = "<p><b>เหตุผล</b></p><ul>" + "".join(
            f"<li>{_e(_reason_text(r))}</li>" for r in reasons) + "</ul>"
    files = []
    for i, part in enumerate(p for p in parts if p.kind != "body"):
        status = (f"แปลงเป็น PDF แล้ว {n(part.pages)} หน้า" if not part.reason
                  else f'<span class="bad">แปลงไม่ได้</span>: {_e(part.reason)} '
                       f"(ต้นฉบับแนบอยู่ในแฟ้มนี้)")
        notes = "".join(f'<br><span class="small">{_e(x)}</span>' for x in part.notes)
        files.append(f"<tr><td>{n(i + 1)}</td><td>{_e(part.filename or part.title)}</td>"
                     f"<td>{_e(KIND_TH.get(part.kind, part.kind.upper()))}</td>"
                     f"<td>{status}{notes}</td></tr>")
    files_html = ("<p><b>สิ่งที่แนบมากับอีเมล</b></p><table class=files><tr><th>ลำดับ</th>"
                  "<th>ชื่อแฟ้ม</th><th>ชนิด</th><th>ผล</th></tr>" + "".join(files) + "</table>"
                  if files else "<p><b>สิ่งที่แนบมากับอีเมล</b>: ไม่มี</p>")
    footer = (f'<p class="small">ต้นฉบับอีเมล (.eml) แนบอยู่ในแฟ้ม PDF นี้ '
              f"SHA-256 {_e(raw_sha)}<br>Message-ID {_e(parsed.message_id or '-')}</p>")
    return (f"<h1>บันทึกการรับหนังสือทางไปรษณีย์อิเล็กทรอนิกส์</h1>"
            f'<div class="unit">{_e(unit_name)}</div>'
            f'<table class="entry">{table}</table>{reasons_html}{files_html}{footer}')


def body_html(parsed: ParsedMessage, tz: str | None = None) -> tuple[str, list[str], set[str]]:
    """The mail as printed: its headers, then the body (sanitised HTML, or the text)."""
    images = {a.content_id: (a.content_type, a.payload) for a in parsed.attachments
              if a.content_id and a.content_type.startswith("image/")}
    notes: list[str] = []
    used: set[str] = set()
    if parsed.html and parsed.html.strip():
        clean = sanitize_html(parsed.html, images)
        content, notes, used = clean.html, clean.removed, clean.used_cids
    else:
        content = text_to_html(parsed.text or "(ไม่มีข้อความ)")
    date = local_time(parsed.date, tz)
    head = [("จาก", f"{parsed.from_name} <{parsed.from_addr}>" if parsed.from_name
             else parsed.from_addr), ("ถึง", ", ".join(parsed.to)),
            ("สำเนา", ", ".join(parsed.cc)),
            ("วันที่", f"{thai_date(date)} {thai_time(date)}" if date else ""),
            ("เรื่อง", parsed.subject)]
    header = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in head if v)
    return (f'<table class="mailhead">{header}</table><hr><div class="mailbody">{content}</div>',
            notes, used)


BODY_CSS = """
table.mailhead { border-collapse: collapse; font-size: 14pt; }
table.mailhead th { text-align: left; padding-right: 4mm; vertical-align: top; }
"""


# ------------------------------------------------------------------ building ----
def _page_count(pdf_bytes: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as doc:
        return len(doc.pages)


def build_archive(raw: bytes, parsed: ParsedMessage, entry_info: dict | None = None,
                  profile=None, *, timeout: float = 60, workdir: str | Path | None = None,
                  office=None, now: datetime | None = None, ocr: bool = False) -> ArchiveResult:
    """The archival PDF of one message (see the module doc). Raises only when even the
    cover page cannot be rendered (no Chromium): then nothing can be archived."""
    entry = dict(entry_info or {})
    raw_sha = hashlib.sha256(raw).hexdigest()
    now = now or datetime.now(UTC)
    problems: list[str] = []
    parts: list[ArchivePart] = []
    pdfs: list[bytes | None] = []
    unconverted: list[tuple[ArchivePart, Attachment]] = []

    with tempfile.TemporaryDirectory(prefix="intake-archive-", dir=workdir) as tmp:
        # the body
        body_part = ArchivePart(title="ข้อความอีเมล", filename="", kind="body")
        content, body_notes, used_cids = body_html(parsed, entry.get("timezone"))
        body_part.notes = body_notes
        try:
            body_pdf = render_page(content, title=parsed.subject, extra_css=BODY_CSS,
                                   timeout=timeout, workdir=tmp)
        except RenderError as exc:
            body_pdf = None
            body_part.reason = str(exc)
            problems.append(f"the e-mail body could not be rendered: {exc}")
        parts.append(body_part)
        pdfs.append(body_pdf)

        # the attachments, in order
        for index, att in enumerate(parsed.attachments, 1):
            name = _safe_name(att.filename, f"attachment-{index}")
            cid = (att.content_id or "").strip("<> ").lower()
            if att.inline and cid and cid in used_cids:
                continue  # shown in the body where the sender put it
            result: ConversionResult = convert_attachment(att, timeout=timeout, workdir=tmp,
                                                          office=office, ocr=ocr)
            part = ArchivePart(title=name, filename=name, kind=result.kind,
                               reason=result.reason, notes=list(result.notes),
                               seconds=result.seconds)
            parts.append(part)
            pdfs.append(result.pdf)
            if not result.ok:
                problems.append(f"attachment {index} {name!r} not converted: {result.reason}")
                unconverted.append((part, att))
            elif result.needs_person:
                problems.append(f"attachment {index} {name!r}: " + "; ".join(result.notes))

        # page numbers are known once every part is converted; the cover comes first
        for part, pdf in zip(parts, pdfs):
            if pdf is not None:
                part.pages = _page_count(pdf)
        cover = render_page(cover_html(parsed, entry, profile, parts, raw_sha),
                            title="บันทึกการรับหนังสือ", extra_css=COVER_CSS,
                            timeout=timeout, workdir=tmp)

    bundle = pikepdf.new()
    sources = []
    outline: list[OutlineItem] = []
    attachments_item = None

    def append(pdf_bytes: bytes) -> int:
        src = pikepdf.open(io.BytesIO(pdf_bytes))
        sources.append(src)
        start = len(bundle.pages)
        bundle.pages.extend(src.pages)
        return start

    try:
        append(cover)
        outline.append(OutlineItem("บันทึกการรับหนังสือ", 0))
        for part, pdf in zip(parts, pdfs):
            if pdf is None:
                continue
            part.first_page = append(pdf)
            item = OutlineItem(part.title, part.first_page)
            if part.kind == "body":
                outline.append(item)
            else:
                if attachments_item is None:
                    attachments_item = OutlineItem("สิ่งที่แนบ", part.first_page)
                    outline.append(attachments_item)
                attachments_item.children.append(item)
        with bundle.open_outline() as tree:
            tree.root.extend(outline)
        bundle.Root.PageMode = pikepdf.Name.UseOutlines
        attach_file(bundle, "message.eml", raw, mime="message/rfc822",
                    description="ต้นฉบับอีเมล (original message)", relationship="Source",
                    when=now)
        for part, att in unconverted:
            attach_file(bundle, part.filename, att.payload,
                        mime=att.content_type or "application/octet-stream",
                        description=f"ต้นฉบับที่แปลงไม่ได้: {part.reason}"[:500],
                        relationship="Supplement", when=now)
        make_pdfa(bundle, title=f"{entry.get('subject') or parsed.subject or 'e-mail'}",
                  author=parsed.from_addr, subject=f"sha256 {raw_sha}", when=now)
        pdf_bytes = save(bundle)
    finally:
        for src in sources:
            src.close()
        bundle.close()

    pdfa_problems = check_pdfa(pdf_bytes)
    problems = revalidated(problems, pdf_bytes, pdfa_problems)
    return ArchiveResult(
        pdf_bytes=pdf_bytes, sha256=hashlib.sha256(pdf_bytes).hexdigest(), problems=problems,
        parts=parts, pdfa_problems=pdfa_problems,
        needs_person=bool(unconverted) or any(p.reason for p in parts))


PDFA_PREFIX = "PDF/A check: "


def revalidated(problems: list[str], pdf_bytes: bytes,
                findings: list[str] | None = None) -> list[str]:
    """`problems` with their PDF/A lines for these bytes (after any later change, such as
    the receipt stamp, the file kept is the one validated)."""
    findings = check_pdfa(pdf_bytes) if findings is None else findings
    return ([p for p in problems if not p.startswith(PDFA_PREFIX)]
            + [PDFA_PREFIX + f for f in findings])


def save_beside(store, raw_sha256: str, pdf_bytes: bytes) -> Path:
    """Write the archive beside the raw message in the store (…/<sha256>.pdf), durably."""
    from intake.store import write_durably

    final = store.path(raw_sha256).with_suffix(".pdf")
    write_durably(final, pdf_bytes)
    return final
