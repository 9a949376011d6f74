"""PDF/A-3b finishing and a partial validator.

The archive embeds the original .eml, and only PDF/A-3 allows an embedded file that is not
itself PDF/A (with an AFRelationship); so the bundle claims PDF/A-3b. `make_pdfa` adds
what the standard asks of the document as a whole: XMP metadata with pdfaid, an sRGB
OutputIntent, no encryption, no JavaScript or launch actions, printable annotations.

`check_pdfa` checks what can be checked without veraPDF (which is not available here):
it is NOT a full PDF/A validation. It does not check colour spaces against the output
intent, transparency, font widths or glyph coverage, or the XMP schema in depth.
"""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pikepdf
from pikepdf import Dictionary, Name

PDFA_PART, PDFA_CONFORMANCE = "3", "B"
ALLOWED_RELATIONSHIPS = {"/Source", "/Data", "/Alternative", "/Supplement", "/Unspecified"}
FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/ResetForm", "/Sound",
                     "/Movie", "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}


def srgb_icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _strip_actions(obj: Dictionary) -> int:
    removed = 0
    for key in ("/AA", "/JS"):
        if key in obj:
            del obj[key]
            removed += 1
    action = obj.get("/A")
    if isinstance(action, Dictionary) and str(action.get("/S")) in FORBIDDEN_ACTIONS:
        del obj["/A"]
        removed += 1
    return removed


def strip_active_content(pdf: pikepdf.Pdf) -> int:
    """Remove scripts and launch actions (document, pages, annotations); returns a count."""
    removed = 0
    root = pdf.Root
    names = root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        del names["/JavaScript"]
        removed += 1
    if "/OpenAction" in root:
        act = root.OpenAction
        if isinstance(act, Dictionary) and str(act.get("/S")) in FORBIDDEN_ACTIONS:
            del root["/OpenAction"]
            removed += 1
    removed += _strip_actions(root)
    for page in pdf.pages:
        removed += _strip_actions(page.obj)
        for annot in page.obj.get("/Annots", []):
            if not isinstance(annot, Dictionary):
                continue
            removed += _strip_actions(annot)
            if str(annot.get("/Subtype")) in ("/Popup", "/Link"):
                continue
            flags = int(annot.get("/F", 0))
            annot.F = (flags | 4) & ~(1 | 2 | 32)  # print on; not invisible, hidden, noview
    if "/AcroForm" in root:
        form = root.AcroForm
        if "/XFA" in form:
            del form["/XFA"]
            removed += 1
        form.NeedAppearances = False
    return removed


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    icc = pdf.make_stream(srgb_icc())
    icc.N = 3
    intent = pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier="sRGB IEC61966-2.1",
        Info="sRGB IEC61966-2.1", DestOutputProfile=icc))
    pdf.Root.OutputIntents = pikepdf.Array([intent])


def attach_file(pdf: pikepdf.Pdf, name: str, data: bytes, *, mime: str, description: str,
                relationship: str = "Source", when: datetime | None = None) -> None:
    """Embed a file the PDF/A-3 way: a file spec with AFRelationship, listed in /AF."""
    from pikepdf.models.metadata import encode_pdf_date

    stamp = encode_pdf_date(when or datetime.now(UTC))
    spec = pikepdf.AttachedFileSpec(pdf, data, description=description, filename=name,
                                    mime_type=mime, creation_date=stamp, mod_date=stamp,
                                    relationship=Name("/" + relationship))
    key, n = name, 1
    while key in pdf.attachments:
        n += 1
        key = f"{n}-{name}"
    pdf.attachments[key] = spec
    obj = pdf.attachments[key].obj
    obj.AFRelationship = Name("/" + relationship)
    ef = obj.EF.F
    ef.Params = ef.get("/Params", Dictionary())
    ef.Params.Size = len(data)
    ef.Params.ModDate = stamp
    af = pdf.Root.get("/AF")
    if af is None:
        pdf.Root.AF = pikepdf.Array([obj])
    elif not any(item.objgen == obj.objgen for item in af):
        af.append(obj)


def make_pdfa(pdf: pikepdf.Pdf, *, title: str, author: str = "", subject: str = "",
              when: datetime | None = None) -> None:
    """Turn an assembled PDF into PDF/A-3b as far as we can (in place)."""
    when = when or datetime.now(UTC)
    strip_active_content(pdf)
    add_output_intent(pdf)
    if "/MarkInfo" not in pdf.Root:
        pdf.Root.MarkInfo = Dictionary(Marked=False)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["pdfaid:part"] = PDFA_PART
        meta["pdfaid:conformance"] = PDFA_CONFORMANCE
        meta["dc:title"] = title
        if author:
            meta["dc:creator"] = [author]
        if subject:
            meta["dc:description"] = subject
        meta["xmp:CreateDate"] = when.isoformat()
        meta["xmp:ModifyDate"] = when.isoformat()
        meta["xmp:MetadataDate"] = when.isoformat()
        meta["xmp:CreatorTool"] = "saraban-intake"
        meta["pdf:Producer"] = f"pikepdf {pikepdf.__version__}"


def save(pdf: pikepdf.Pdf) -> bytes:
    buf = io.BytesIO()
    # no object streams: PDF/A-3 allows them, but plain xref tables are what old readers take
    pdf.save(buf, min_version="1.7", object_stream_mode=pikepdf.ObjectStreamMode.disable,
             fix_metadata_version=True)
    return buf.getvalue()


# ------------------------------------------------------------------ validating ----
def _font_problems(font: Dictionary, label: str) -> list[str]:
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return []
    target = font
    if subtype == "/Type0":
        target = font.DescendantFonts[0]
    desc = target.get("/FontDescriptor")
    if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        return [f"font not embedded: {str(font.get('/BaseFont', '?')).lstrip('/')} ({label})"]
    return []


def _walk_fonts(resources, label: str, seen: set, problems: list[str]) -> None:
    if not isinstance(resources, Dictionary):
        return
    for _, font in resources.get("/Font", {}).items():
        if isinstance(font, Dictionary) and font.objgen not in seen:
            seen.add(font.objgen)
            problems += _font_problems(font, label)
            if str(font.get("/Subtype")) == "/Type3":
                _walk_fonts(font.get("/Resources"), label, seen, problems)
    for _, xobj in resources.get("/XObject", {}).items():
        if isinstance(xobj, pikepdf.Stream) and xobj.objgen not in seen \
                and str(xobj.get("/Subtype")) == "/Form":
            seen.add(xobj.objgen)
            _walk_fonts(xobj.get("/Resources"), label, seen, problems)


def check_pdfa(pdf_bytes: bytes) -> list[str]:
    """Problems found by our partial PDF/A-3b check (see the module doc); [] = none found."""
    problems: list[str] = []
    try:
        pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    except pikepdf.PasswordError:
        return ["encrypted"]
    except pikepdf.PdfError as exc:
        return [f"not a readable PDF: {exc}"]
    with pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        if "/ID" not in pdf.trailer:
            problems.append("no file identifier (/ID) in the trailer")
        meta_stream = pdf.Root.get("/Metadata")
        if meta_stream is None:
            problems.append("no XMP metadata")
        else:
            if "/Filter" in meta_stream:
                problems.append("the XMP metadata stream is compressed")
            meta = pdf.open_metadata()
            part, conf = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
            if part not in ("2", "3") or (conf or "").upper() not in ("B", "U", "A"):
                problems.append(f"no PDF/A identification in XMP (part={part}, conformance={conf})")
        intents = pdf.Root.get("/OutputIntents", [])
        if not any(str(i.get("/S")) == "/GTS_PDFA1" and isinstance(
                i.get("/DestOutputProfile"), pikepdf.Stream) for i in intents):
            problems.append("no PDF/A OutputIntent with an ICC profile")
        names = pdf.Root.get("/Names", {})
        if "/JavaScript" in names:
            problems.append("document-level JavaScript")
        act = pdf.Root.get("/OpenAction")
        if isinstance(act, Dictionary) and str(act.get("/S")) in FORBIDDEN_ACTIONS:
            problems.append(f"forbidden open action {act.get('/S')}")
        if "/AA" in pdf.Root:
            problems.append("document additional-actions (/AA)")
        seen: set = set()
        for number, page in enumerate(pdf.pages, 1):
            _walk_fonts(page.obj.get("/Resources"), f"page {number}", seen, problems)
            if "/AA" in page.obj:
                problems.append(f"page {number}: additional-actions (/AA)")
            for annot in page.obj.get("/Annots", []):
                a = annot.get("/A")
                if isinstance(a, Dictionary) and str(a.get("/S")) in FORBIDDEN_ACTIONS:
                    problems.append(f"page {number}: forbidden action {a.get('/S')}")
        af = {o.objgen for o in pdf.Root.get("/AF", [])}
        for name, spec in pdf.attachments.items():
            obj = spec.obj
            rel = obj.get("/AFRelationship")
            if rel is None or str(rel) not in ALLOWED_RELATIONSHIPS:
                problems.append(f"embedded file {name!r} has no valid AFRelationship")
            if obj.objgen not in af:
                problems.append(f"embedded file {name!r} is not listed in the catalog's /AF")
            ef = obj.get("/EF", {}).get("/F")
            if ef is None or "/Subtype" not in ef:
                problems.append(f"embedded file {name!r} has no MIME type (/Subtype)")
            if "/UF" not in obj:
                problems.append(f"embedded file {name!r} has no /UF name")
    return problems
