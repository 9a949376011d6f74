"""Real test documents, made at test time (nothing binary is committed).

Office files are made by LibreOffice itself: a generated flat ODF source (Thai text in
TH Sarabun New 16 pt, and an ASCII marker per type) is saved as docx, doc, odt, rtf, xlsx,
xls, ods and pptx through the warm office's export filters. Scans are drawn with Pillow and
saved as a scanner would (JPEG with a DPI, PNG with an alpha channel, multi-page TIFF). The
hostile ones: a zip-bomb .docx, a password-protected PDF (pikepdf), an HTML mail with
remote images, a file: link and a script.

Run it directly to write every document into a folder:
    .venv/bin/python -m tests.documents.make_documents OUTDIR
"""
from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

THAI_SENTENCE = "ขอส่งสำเนาคำสั่งแต่งตั้งคณะทำงาน น้ำท่วมบ้านผู้ใหญ่ที่ตำบลถ้ำรงค์"
MARKER = "INTAKE-TEST"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
FONT_DECLS = ('<office:font-face-decls><style:font-face style:name="TH Sarabun New" '
              'svg:font-family="\'TH Sarabun New\'"/></office:font-face-decls>')
STYLES = ('<office:styles><style:default-style style:family="paragraph"><style:text-properties '
          'style:font-name="TH Sarabun New" fo:font-size="16pt" '
          'style:font-name-complex="TH Sarabun New" style:font-size-complex="16pt"/>'
          '</style:default-style></office:styles>')


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def flat_odt(lines: list[str]) -> bytes:
    paras = "".join(f"<text:p>{_esc(line)}</text:p>" for line in lines)
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.text">{FONT_DECLS}{STYLES}'
            f"<office:body><office:text>{paras}</office:text></office:body></office:document>"
            ).encode()


def flat_ods(rows: list[list[str]]) -> bytes:
    body = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{_esc(c)}</text:p>'
            "</table:table-cell>" for c in row) + "</table:table-row>" for row in rows)
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">{FONT_DECLS}'
            f'{STYLES}<office:body><office:spreadsheet><table:table table:name="Sheet1">'
            f"{body}</table:table></office:spreadsheet></office:body></office:document>"
            ).encode()


def flat_odp(lines: list[str]) -> bytes:
    paras = "".join(f"<text:p>{_esc(line)}</text:p>" for line in lines)
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.presentation">{FONT_DECLS}'
            f'<office:body><office:presentation><draw:page draw:name="p1">'
            f'<draw:frame svg:x="2cm" svg:y="2cm" svg:width="22cm" svg:height="10cm">'
            f"<draw:text-box>{paras}</draw:text-box></draw:frame></draw:page>"
            f"</office:presentation></office:body></office:document>").encode()


# kind -> (source maker, source extension, LibreOffice export filter)
OFFICE_RECIPES = {
    "docx": (flat_odt, "fodt", "MS Word 2007 XML"),
    "doc": (flat_odt, "fodt", "MS Word 97"),
    "odt": (flat_odt, "fodt", "writer8"),
    "rtf": (flat_odt, "fodt", "Rich Text Format"),
    "xlsx": (flat_ods, "fods", "Calc MS Excel 2007 XML"),
    "xls": (flat_ods, "fods", "MS Excel 97"),
    "ods": (flat_ods, "fods", "calc8"),
    "pptx": (flat_odp, "fodp", "Impress MS PowerPoint 2007 XML"),
}


def office_document(office, kind: str) -> bytes:
    """A real `kind` file saved by LibreOffice, with `MARKER-kind` and the Thai sentence."""
    maker, ext, filter_name = OFFICE_RECIPES[kind]
    marker = f"{MARKER}-{kind.upper()}"
    if maker is flat_ods:
        source = maker([[marker], [THAI_SENTENCE], ["1", "2"]])  # own rows: never clipped
    else:
        source = maker([marker, THAI_SENTENCE])
    return office.export(source, ext, filter_name, kind)


def zip_bomb_docx(expanded_mb: int = 60) -> bytes:
    """A .docx-shaped zip whose one member expands ~1000 times (zeros compress well)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(chunk)
    return buf.getvalue()


def scan_image(fmt: str, *, size=(1240, 1754), text: str = MARKER, alpha: bool = False,
               pages: int = 1) -> bytes:
    """A page as a scanner makes it: grey paper, dark text, 150 dpi."""
    from PIL import Image, ImageDraw, ImageFont

    from intake.fonts import REGULAR_TTF

    frames = []
    for n in range(pages):
        mode = "RGBA" if alpha else "RGB"
        img = Image.new(mode, size, (246, 244, 238, 255) if alpha else (246, 244, 238))
        draw = ImageDraw.Draw(img)
        font = ImageFont.truetype(str(REGULAR_TTF), 48)
        if size[0] > 400 and size[1] > 400:  # tiny images (inline logos) are just paper
            draw.text((120, 160), f"{text} {fmt} {n + 1}", fill=(20, 20, 20), font=font)
            draw.rectangle((100, 300, size[0] - 100, 340), fill=(60, 60, 60))
        if alpha:
            draw.rectangle((0, 0, 80, 80), fill=(0, 0, 0, 0))  # a transparent corner
        frames.append(img)
    buf = io.BytesIO()
    if fmt == "JPEG":
        frames[0].save(buf, format="JPEG", quality=85, dpi=(150, 150))
    elif fmt == "TIFF":
        frames[0].save(buf, format="TIFF", dpi=(150, 150), compression="tiff_lzw",
                       save_all=pages > 1, append_images=frames[1:])
    else:
        frames[0].save(buf, format=fmt, dpi=(150, 150))
    return buf.getvalue()


def simple_pdf(text: str = MARKER) -> bytes:
    """A one-page PDF with a text layer (Helvetica is fine for an ASCII marker)."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode())
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def encrypted_pdf(user_password: str = "secret", owner_password: str = "owner") -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(simple_pdf("ENCRYPTED"))) as pdf:
        buf = io.BytesIO()
        pdf.save(buf, encryption=pikepdf.Encryption(user=user_password, owner=owner_password,
                                                    R=6))
        return buf.getvalue()


HOSTILE_HTML = f"""<html><head><style>body {{ background: url(http://127.0.0.1:9/bg.png) }}
@import url(http://tracker.example/x.css);</style></head><body>
<p>{THAI_SENTENCE}</p>
<p><img src="http://tracker.example/pixel.gif" alt="pixel"> <img src="cid:logo@unit"></p>
<p><a rel="attachment" href="file:///etc/passwd">แฟ้มแนบ</a>
<a href="javascript:alert(1)" onclick="alert(2)">คลิก</a></p>
<script>document.write('SCRIPT-RAN')</script><iframe src="http://evil.example/"></iframe>
</body></html>"""


def message(*, html: str | None = None, text: str | None = THAI_SENTENCE,
            attachments: list[tuple[str, str, bytes]] = (),
            inline_images: list[tuple[str, str, bytes]] = (),
            subject: str = "ขอส่งเอกสารประกอบคำร้อง") -> bytes:
    """An e-mail as a Thai sender's client makes it. attachments: (filename, mime, bytes);
    inline_images: (content-id, mime, bytes), related to the HTML body."""
    msg = EmailMessage()
    msg["From"] = "สมชาย ใจดี <somchai@example.org>"
    msg["To"] = "saraban@phetchaburi.m-society.go.th"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 11, 23, 7, 5, tzinfo=UTC))
    msg["Message-ID"] = make_msgid(domain="example.org")
    msg.set_content(text or "")
    if html is not None:
        msg.add_alternative(html, subtype="html")
        if inline_images:
            html_part = msg.get_payload()[-1]
            for cid, mime, data in inline_images:
                main, sub = mime.split("/")
                html_part.add_related(data, maintype=main, subtype=sub, cid=f"<{cid}>")
    for filename, mime, data in attachments:
        main, sub = mime.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    return msg.as_bytes()


def main(outdir: str) -> None:
    from intake.archive.convert.office import OfficeServer

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with OfficeServer() as office:
        for kind in OFFICE_RECIPES:
            (out / f"sample.{kind}").write_bytes(office_document(office, kind))
    (out / "scan.jpg").write_bytes(scan_image("JPEG"))
    (out / "scan.png").write_bytes(scan_image("PNG", alpha=True))
    (out / "scan.tiff").write_bytes(scan_image("TIFF", pages=2))
    (out / "encrypted.pdf").write_bytes(encrypted_pdf())
    (out / "bomb.docx").write_bytes(zip_bomb_docx())
    (out / "hostile.eml").write_bytes(message(html=HOSTILE_HTML))
    print(f"wrote {len(list(out.iterdir()))} files to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test-documents")
