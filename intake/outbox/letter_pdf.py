"""Outgoing letters (หนังสือภายนอก) rendered to PDF in the official layout.

The letter is an HTML page (templates/letters/, Jinja2 with autoescape: every value is
text, never markup) printed to PDF by headless Chromium. Chromium is chosen over
WeasyPrint because its PDF text layer gives Thai back intact (pdfplumber), which the
receiving side's e-saraban and our own letter reader depend on.

Chromium (the warm browser of intake/archive/convert/browser.py) prints with no network: every
request refused, a dead proxy (127.0.0.1:9), background networking off, a page
Content-Security-Policy of default-src 'none', and a timeout. The project's fontconfig
(intake/fonts.py) makes "TH Sarabun New" resolve to the shipped Sarabun files.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache

import jinja2
from markupsafe import Markup

from intake.archive.convert.html import render_pdf
from intake.fonts import CSS_FONT_STACK
from rules.thai.dates import digits, thai_date
from templates import TEMPLATES_DIR

TEMPLATE_DIR = TEMPLATES_DIR / "letters"
CHROMIUM_TIMEOUT = 60  # seconds for one document
# Letters are set in TH Sarabun New 16 pt. The shipped face, Sarabun (Cadson Demak's OFL
# revision), is drawn larger on its em (x-height 0.50 em against about 0.34): 12 pt of
# Sarabun sets the same line as 16 pt of TH Sarabun New (about 22 lines on an A4 page).
FONT_SIZE = "12pt"
URGENCIES = ("ด่วน", "ด่วนมาก", "ด่วนที่สุด")
SECRECIES = ("ลับ", "ลับมาก", "ลับที่สุด")


def html_to_pdf(html: str, *, timeout: int = CHROMIUM_TIMEOUT) -> bytes:
    """Print one self-contained HTML page to PDF with the warm headless Chromium, offline."""
    return render_pdf(html, timeout=timeout)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    return env


@dataclass(frozen=True)
class LetterSender:
    """What a letter prints about its sender; built from rules.profile.Unit."""

    name: str
    address: str
    letter_prefix: str
    phone: str = ""
    fax: str = ""
    email: str = ""
    section: str = ""  # the issuing section printed above the contact lines


def _sender(profile) -> LetterSender:
    if isinstance(profile, LetterSender):
        return profile
    unit = getattr(profile, "unit", profile)
    return LetterSender(name=unit.name, address=unit.address, letter_prefix=unit.letter_prefix,
                        phone=getattr(unit, "phone", ""), fax=getattr(unit, "fax", ""),
                        email=getattr(unit, "email", ""))


def letter_number(prefix: str, number: object, *, thai_numerals: bool) -> str:
    """'พบ ๐๐๒๒/123' from the unit's prefix and the send number (a string that already
    has a slash, e.g. 'ว 45' for a circular, is put after the slash as given)."""
    return digits(f"{prefix}/{number}", thai_numerals)


def _lines(text: str | Iterable[str]) -> list[str]:
    if isinstance(text, str):
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [str(x).strip() for x in text if str(x).strip()]


def _paragraphs(body: str) -> list[str]:
    chunks, current = [], []
    for line in body.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            chunks.append(" ".join(current))
            current = []
    if current:
        chunks.append(" ".join(current))
    return chunks


def render_letter_html(profile, *, number, date: Date, subject: str, to: str, body: str,
                       references=(), enclosures=(), signer_name: str, signer_position,
                       thai_numerals: bool, urgency: str = "none", secrecy: str = "none",
                       contact_lines=None) -> str:
    sender = _sender(profile)
    if urgency not in ("none", "", None) and urgency not in URGENCIES:
        raise ValueError(f"unknown urgency {urgency!r}")
    if secrecy not in ("none", "", None) and secrecy not in SECRECIES:
        raise ValueError(f"unknown secrecy {secrecy!r}")
    num = lambda value: digits(value, thai_numerals)
    if contact_lines is None:
        contact_lines = [sender.section] if sender.section else []
        if sender.phone:
            contact_lines.append(f"โทร. {sender.phone}")
        if sender.fax:
            contact_lines.append(f"โทรสาร {sender.fax}")
        if sender.email:
            contact_lines.append(f"ไปรษณีย์อิเล็กทรอนิกส์ {sender.email}")
    env = _environment()
    env.filters["num"] = num
    return env.get_template("external.html.j2").render(
        font_stack=Markup(CSS_FONT_STACK), font_size=FONT_SIZE,
        urgency=urgency if urgency in URGENCIES else "",
        secrecy=secrecy if secrecy in SECRECIES else "",
        doc_number=letter_number(sender.letter_prefix, number, thai_numerals=thai_numerals),
        unit_name=sender.name, address_lines=[num(x) for x in _lines(sender.address)],
        date_text=thai_date(date, thai_numerals=thai_numerals),
        subject=" ".join(subject.split()), to=" ".join(to.split()),
        references=[num(x) for x in _lines(references)],
        enclosures=[num(x) for x in _lines(enclosures)],
        paragraphs=[num(p) for p in _paragraphs(body)],
        signer_name=signer_name, signer_position_lines=_lines(signer_position),
        contact_lines=[num(x) for x in _lines(contact_lines)],
    )


def render_letter(profile, *, number, date: Date, subject: str, to: str, body: str,
                  references=(), enclosures=(), signer_name: str, signer_position,
                  thai_numerals: bool, urgency: str = "none", secrecy: str = "none",
                  contact_lines=None) -> bytes:
    """The letter as PDF bytes. `profile` is a rules.profile.Profile (or its Unit, or a
    LetterSender); `number` the send number; `signer_position` one or more lines."""
    html = render_letter_html(
        profile, number=number, date=date, subject=subject, to=to, body=body,
        references=references, enclosures=enclosures, signer_name=signer_name,
        signer_position=signer_position, thai_numerals=thai_numerals, urgency=urgency,
        secrecy=secrecy, contact_lines=contact_lines)
    return html_to_pdf(html)
