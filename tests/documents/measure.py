"""Seconds per document, warm office vs cold `soffice --convert-to`, per type.

    .venv/bin/python -m tests.documents.measure [ROUNDS]

Also times images (img2pdf) and a mail body (Chromium). Prints a table; numbers for notes.
"""
from __future__ import annotations

import statistics
import sys
import time

from intake.archive.convert.html import page, render_pdf
from intake.archive.convert.images import image_to_pdf
from intake.archive.convert.office import OfficeServer, convert_cold
from tests.documents.make_documents import (
    OFFICE_RECIPES,
    THAI_SENTENCE,
    office_document,
    scan_image,
)


def timed(fn, rounds):
    times = []
    for _ in range(rounds):
        t = time.monotonic()
        fn()
        times.append(time.monotonic() - t)
    return statistics.median(times)


def main(rounds: int = 3) -> None:
    print(f"{'type':8} {'warm s':>8} {'cold s':>8}")
    with OfficeServer() as office:
        t = time.monotonic()
        office.start()
        print(f"{'(start)':8} {time.monotonic() - t:8.2f}")
        docs = {kind: office_document(office, kind) for kind in OFFICE_RECIPES}
        for kind, data in docs.items():
            warm = timed(lambda: office.convert(data, kind), rounds)
            cold = timed(lambda: convert_cold(data, kind), max(1, rounds // 2))
            print(f"{kind:8} {warm:8.2f} {cold:8.2f}")
    for fmt in ("JPEG", "PNG", "TIFF"):
        data = scan_image(fmt)
        print(f"{fmt.lower():8} {timed(lambda: image_to_pdf(data), rounds):8.2f} {'-':>8}")
    html = page(f"<p>{THAI_SENTENCE}</p>" * 40)
    print(f"{'html':8} {timed(lambda: render_pdf(html), rounds):8.2f} {'-':>8}  (Chromium per page)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
