"""Runs under the SYSTEM python3 (the one with Debian's python3-uno), never imported by
the project. Connects to a running soffice over a named pipe and converts documents to
PDF, one JSON request per stdin line, one JSON answer per stdout line:

  {"src": "/abs/in.docx", "dst": "/abs/out.pdf"[, "filter": "MS Word 97"]}  ->  {"ok": true} | {"ok": false, "error": "..."}

Paths are chosen by the parent (intake/archive/convert/office.py), never taken from a document.
Exit code 3 means the office process died (the parent restarts it).
"""
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(url, wait):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait
    while True:
        try:
            return resolver.resolve(url)
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def export_filter(doc):
    if doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        return "calc_pdf_Export"
    if doc.supportsService("com.sun.star.presentation.PresentationDocument"):
        return "impress_pdf_Export"
    if doc.supportsService("com.sun.star.drawing.DrawingDocument"):
        return "draw_pdf_Export"
    return "writer_pdf_Export"


def convert(desktop, src, dst, filter_name=None):
    load_props = (
        prop("Hidden", True),  # LibreOffice 7.4 crashes on some xlsx when not hidden
        prop("ReadOnly", True),
        prop("MacroExecutionMode", 0),  # NEVER_EXECUTE
        prop("UpdateDocMode", 0),  # NO_UPDATE: linked content is not fetched
        prop("Silent", True),
    )
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, load_props)
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document (damaged, "
                           "password-protected or not the format its name says)")
    try:
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", (
            prop("SelectPdfVersion", 2),  # PDF/A-2b: fonts embedded, no transparency traps
            prop("ExportBookmarks", True),
            prop("ExportNotes", False),
            prop("ExportLinksRelativeFsys", False),
        ))
        store_props = (prop("FilterName", export_filter(doc)), prop("FilterData", filter_data),
                       prop("Overwrite", True))
        if filter_name:  # another format (the test fixtures are made this way)
            store_props = (prop("FilterName", filter_name), prop("Overwrite", True))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), store_props))
    finally:
        try:
            doc.close(True)
        except Exception:
            doc.dispose()


def main():
    url, wait = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 60
    ctx = connect(url, wait)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        try:
            convert(desktop, req["src"], req["dst"], req.get("filter"))
            print(json.dumps({"ok": True}), flush=True)
        except Exception as exc:  # noqa: BLE001 - every failure is an answer
            name = type(exc).__name__
            print(json.dumps({"ok": False, "error": f"{name}: {exc}"[:500]}), flush=True)
            if name in ("DisposedException", "RuntimeException") and "bridge" in str(exc).lower():
                sys.exit(3)


if __name__ == "__main__":
    main()
