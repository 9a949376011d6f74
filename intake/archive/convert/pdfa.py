"""PDF/A-3b finishing and validation.

The archive embeds the original .eml, and only PDF/A-3 allows an embedded file that is not
itself PDF/A (with an AFRelationship); so the bundle claims PDF/A-3b. `make_pdfa` adds
what the standard asks of the document as a whole: XMP metadata with pdfaid, an sRGB
OutputIntent, no encryption, no JavaScript or launch actions, printable annotations.

`check_pdfa` validates with pikepdf's PDF/A validator (pikepdf >= 10.18, `pikepdf[pdfa]`):
it applies veraPDF's rules for PDF/A-1b/2b/3b as an allow-list, so a file it approves
passes; a construct it cannot judge is reported too, never waved through.
"""
from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

import pikepdf
from pikepdf import Dictionary, Name

# the validator reads every embedded font with fontTools, which warns about the shipped
# Sarabun's 'modified' date on each read: noise on every archive, not a finding
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

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
def claimed_flavour(pdf: pikepdf.Pdf) -> str | None:
    """The PDF/A part and level the file's XMP claims ("2b", "3b"), or None."""
    if "/Metadata" not in pdf.Root:
        return None
    meta = pdf.open_metadata()
    part, level = meta.get("pdfaid:part"), (meta.get("pdfaid:conformance") or "").lower()
    return f"{part}{level}" if part in ("1", "2", "3") and level else None


def check_pdfa(pdf_bytes: bytes, flavour: str | None = None) -> list[str]:
    """Why the file is not valid PDF/A (against `flavour`, or the part it claims, taken at
    level B); [] = valid. The validator is pikepdf's (veraPDF's rules, as an allow-list:
    what it does not know to conform is reported, so an approval can be trusted)."""
    import pikepdf.pdfa

    try:
        with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
            claimed = claimed_flavour(pdf)
    except pikepdf.PasswordError:
        return ["encrypted"]
    except pikepdf.PdfError as exc:
        return [f"not a readable PDF: {exc}"]
    if flavour is None:
        if claimed is None:
            return ["no PDF/A identification in the XMP metadata"]
        flavour = claimed[0] + "b"
    report = pikepdf.pdfa.validate_written(io.BytesIO(pdf_bytes), flavour)
    return [str(f) for f in report.findings]
