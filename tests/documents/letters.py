"""One official letter (หนังสือภายนอก, the police form of number) as each common producer
prints it: HTML for Chromium in a named font, flat ODT for LibreOffice (saved again as
docx for the Word-like route: the nearest to Word this machine has). The PDFs are made
at test time by the real programs; only these sources are kept.
"""
from __future__ import annotations

from tests.documents.make_documents import NS, _esc

DOC_NUMBER = "ตช ๐๐๑๙(พบ).๑๑/๓๑๐๕"
AGENCY = "สถานีตำรวจภูธรเมืองเพชรบุรี"
SUBJECT = "ขอความร่วมมือสำรวจข้อมูลผู้สูงอายุที่ได้รับผลกระทบจากน้ำท่วม"
TO = "ผู้อำนวยการสำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี"
REFERENCES = [
    "หนังสือสถานีตำรวจภูธรเมืองเพชรบุรี ที่ ตช ๐๐๑๙(พบ).๑๑/๒๙๙๘ ลงวันที่ ๑ พฤศจิกายน ๒๕๖๙",
    "หนังสือจังหวัดเพชรบุรี ด่วนที่สุด ที่ พบ ๐๐๑๗.๒/ว ๔๔๔ ลงวันที่ ๒๐ พฤศจิกายน ๒๕๖๙",
]
ENCLOSURE = "แบบสำรวจผู้ได้รับผลกระทบ จำนวน ๑ ชุด"
DOC_DATE = "2026-12-04"


def lines(secrecy: str = "ลับที่สุด", urgency: str = "ด่วนที่สุด") -> list[tuple]:
    """(style, text[, text beside]) per printed paragraph."""
    head = [("center", mark) for mark in (secrecy, urgency) if mark]
    return head + [
        ("split", f"ที่ {DOC_NUMBER}", AGENCY),
        ("right", "ถนนราชวิถี เพชรบุรี ๗๖๐๐๐"),
        ("mid", "๔ ธันวาคม ๒๕๖๙"),
        ("left", f"เรื่อง {SUBJECT}"),
        ("left", f"เรียน {TO}"),
        ("left", f"อ้างถึง ๑. {REFERENCES[0]}"),
        ("left", f"๒. {REFERENCES[1]}"),
        ("left", f"สิ่งที่ส่งมาด้วย {ENCLOSURE}"),
        ("para", "ด้วยสถานีตำรวจภูธรเมืองเพชรบุรีได้รับแจ้งว่ามีผู้สูงอายุได้รับผลกระทบจากน้ำท่วม"
                 "ในพื้นที่ตำบลคลองกระแชง จึงขอความร่วมมือท่านสำรวจข้อมูลและแจ้งผลภายในวันที่ "
                 "๑๕ ธันวาคม ๒๕๖๙"),
        ("center", "ขอแสดงความนับถือ"),
        ("center", "(พันตำรวจเอก สมศักดิ์ ใจกล้า)"),
        ("center", f"ผู้กำกับการ{AGENCY}"),
    ]


_CSS = {"center": "text-align:center", "right": "text-align:right", "mid": "margin-left:50%",
        "left": "", "para": "text-indent:2.5cm"}


def letter_html(font: str, **marks) -> str:
    rows = []
    for style, text, *beside in lines(**marks):
        if style == "split":
            rows.append('<div style="display:flex;justify-content:space-between">'
                        f"<span>{_esc(text)}</span><span>{_esc(beside[0])}</span></div>")
        else:
            rows.append(f'<div style="{_CSS[style]}">{_esc(text)}</div>')
    return ('<!doctype html><html lang="th"><head><meta charset="utf-8"><style>'
            "@page{size:A4;margin:2cm 2cm 2cm 3cm}"
            f"body{{font-family:'{font}';font-size:16pt;line-height:1.5}}</style></head><body>"
            + "".join(rows) + "</body></html>")


_ODT_STYLE = {"center": "C", "right": "R", "mid": "M", "left": "L", "para": "P", "split": "L"}


def letter_fodt(font: str, **marks) -> bytes:
    paras = []
    for style, text, *beside in lines(**marks):
        tail = f"<text:tab/>{_esc(beside[0])}" if beside else ""
        paras.append(f'<text:p text:style-name="{_ODT_STYLE[style]}">{_esc(text)}{tail}</text:p>')
    styles = (
        f'<office:font-face-decls><style:font-face style:name="F" svg:font-family="\'{font}\'"/>'
        '</office:font-face-decls><office:styles><style:default-style style:family="paragraph">'
        '<style:text-properties style:font-name="F" fo:font-size="16pt" '
        'style:font-name-complex="F" style:font-size-complex="16pt"/></style:default-style>'
        "</office:styles><office:automatic-styles>"
        '<style:style style:name="C" style:family="paragraph"><style:paragraph-properties '
        'fo:text-align="center"/></style:style>'
        '<style:style style:name="R" style:family="paragraph"><style:paragraph-properties '
        'fo:text-align="end"/></style:style>'
        '<style:style style:name="M" style:family="paragraph"><style:paragraph-properties '
        'fo:margin-left="8cm"/></style:style>'
        '<style:style style:name="L" style:family="paragraph"><style:paragraph-properties>'
        '<style:tab-stops><style:tab-stop style:position="9cm"/></style:tab-stops>'
        "</style:paragraph-properties></style:style>"
        '<style:style style:name="P" style:family="paragraph"><style:paragraph-properties '
        'fo:text-indent="2.5cm"/></style:style></office:automatic-styles>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.text">{styles}'
            f"<office:body><office:text>{''.join(paras)}</office:text></office:body>"
            "</office:document>").encode()


def producer_pdfs(office, **marks) -> dict[str, bytes]:
    """producer -> the letter's PDF as that producer writes it."""
    from intake.outbox.letter_pdf import html_to_pdf

    pdfs = {f"chromium-{font.lower().replace(' ', '-')}": html_to_pdf(letter_html(font, **marks))
            for font in ("Garuda", "Sarabun", "TH Sarabun New")}
    for font in ("TH Sarabun New", "Garuda"):
        source = letter_fodt(font, **marks)
        name = font.lower().replace(" ", "-")
        pdfs[f"libreoffice-{name}"] = office.convert(office.export(source, "fodt", "writer8",
                                                                   "odt"), "odt")
        docx = office.export(source, "fodt", "MS Word 2007 XML", "docx")
        pdfs[f"docx-{name}"] = office.convert(docx, "docx")
    return pdfs
