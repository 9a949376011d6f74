#!/usr/bin/env python
"""Benchmark 3 — document conversion: the warm converters against a cold `soffice --convert-to pdf`.

    .venv/bin/python bench/conversion.py [--rounds 3] [--docs 40]

Per document type (docx, doc, odt, rtf, xlsx, xls, ods, pptx: real files saved by LibreOffice from
tests/documents/make_documents.py; an HTML e-mail body; a 20-page scanned TIFF), in one run:
  warm   what the archive job does: the warm office (intake.archive.convert.office.OfficeServer)
         for office files, sanitise + the warm Chromium (intake.archive.convert.browser) for the
         HTML body (also timed against a Chromium started for the one body),
         img2pdf (intake.archive.convert.images) for the scan
  cold   `soffice --headless --convert-to pdf` of the same file, a fresh process and
         profile each time (intake.archive.convert.office.convert_cold for office files; the same
         command for .html and .tif)
median seconds of --rounds rounds. Then documents per minute over a mixed set of --docs
documents with one warm office and with one per core (threads), and the peak memory:
VmHWM of every process of each office's group plus ours.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import md_table, peak_rss_mb, section_head, write_section  # noqa: E402


OFFICE_KINDS = ("docx", "doc", "odt", "rtf", "xlsx", "xls", "ods", "pptx")


def timed(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def cold_soffice(data: bytes, ext: str, timeout: float = 180) -> bytes:
    """`soffice --headless --convert-to pdf` with a fresh profile (as convert_cold does)."""
    from intake.archive.convert import office
    from intake.fonts import subprocess_env

    with tempfile.TemporaryDirectory(prefix="intake-bench-cold-") as tmp:
        src = Path(tmp) / f"input.{ext}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(office._REGISTRY)
        env = subprocess_env()
        env["HOME"] = tmp
        subprocess.run([office.SOFFICE, "--headless", "--norestore", "--nolockcheck",
                        f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                        "--outdir", tmp, str(src)], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       timeout=timeout, check=False)
        out = Path(tmp) / "input.pdf"
        if not out.exists():
            raise RuntimeError(f"soffice made no PDF of the .{ext}")
        return out.read_bytes()


def group_peak_mb(pgid: int) -> float:
    """Sum of VmHWM (peak RSS) of the processes in a process group."""
    total = 0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if os.getpgid(int(d.name)) != pgid:
                continue
            for line in (d / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return total / 1024


def office_groups(office) -> list[int]:
    return [p.pid for p in (office._soffice, office._worker) if p is not None]


def html_email_body() -> str:
    from tests.documents.make_documents import THAI_SENTENCE

    rows = "".join(f"<tr><td>{i}</td><td>{THAI_SENTENCE}</td></tr>" for i in range(1, 30))
    return (f"<html><body><p>เรียน ผู้อำนวยการ</p><p>{THAI_SENTENCE}</p>"
            f"<table border=1>{rows}</table><p>ขอแสดงความนับถือ</p></body></html>")


def warm_html(source: str, warm: bool = True) -> bytes:
    from intake.archive.convert import html

    clean = html.sanitize_html(source)
    return html.render_pdf(html.page(clean.html), warm=warm)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=40,
                    help="documents in the documents-per-minute part (0: skip it)")
    ap.add_argument("--types", default=",".join((*OFFICE_KINDS, "html", "scan", "jpeg")),
                    help="which document types (the smoke test takes one)")
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args(argv)

    from intake.archive.convert.images import image_to_pdf
    from intake.archive.convert.office import OfficeServer, convert_cold
    from tests.documents.make_documents import office_document, scan_image

    cores = os.cpu_count() or 1
    results = []
    office_peak = 0.0
    with OfficeServer() as office:
        t = time.perf_counter()
        office.start()
        start_s = time.perf_counter() - t
        docs = {kind: office_document(office, kind) for kind in OFFICE_KINDS}
        html_src = html_email_body()
        scan = scan_image("TIFF", pages=20)
        print(f"warm office started in {start_s:.1f} s; scan {len(scan) / 2**20:.1f} MiB", flush=True)
        cases = [(k, (lambda d=d, k=k: office.convert(d, k)), (lambda d=d, k=k: convert_cold(d, k)))
                 for k, d in docs.items()]
        cases.append(("HTML e-mail body", lambda: warm_html(html_src),
                      lambda: cold_soffice(html_src.encode("utf-8"), "html")))
        cases.append(("HTML e-mail body, against a cold Chromium", lambda: warm_html(html_src),
                      lambda: warm_html(html_src, warm=False)))
        cases.append(("20-page scan (TIFF)", lambda: image_to_pdf(scan),
                      lambda: cold_soffice(scan, "tif")))
        photo = scan_image("JPEG")
        cases.append(("one-page scan (JPEG)", lambda: image_to_pdf(photo),
                      lambda: cold_soffice(photo, "jpg")))
        wanted = args.types.split(",")
        cases = [c for c in cases if c[0] in wanted or (c[0].startswith("HTML") and "html" in wanted)
                 or (c[0].startswith("20-page") and "scan" in wanted)
                 or (c[0].startswith("one-page") and "jpeg" in wanted)]
        if "html" in wanted:
            t = time.perf_counter()
            warm_html(html_src)  # the warm browser starts on its first page
            print(f"warm Chromium started (first page) in {time.perf_counter() - t:.1f} s",
                  flush=True)
        for name, warm, cold in cases:
            w = timed(warm, args.rounds)
            c = timed(cold, max(1, args.rounds))
            results.append((name, w, c))
            print(f"{name:22} warm {w:7.3f} s  cold {c:7.3f} s  {c / w:6.1f}x", flush=True)
        office_peak = sum(group_peak_mb(g) for g in office_groups(office))

    # documents per minute: a mixed set, one office vs one office per core
    mix = []
    for i in range(args.docs):
        kinds = [k for k in ("docx", "xlsx", "odt", "html", "scan") if k in wanted]  # the mix
        kind = kinds[i % len(kinds)]
        mix.append(kind)

    def worker(office, items, done):
        for kind in items:
            if kind in docs:
                office.convert(docs[kind], kind)
            elif kind == "html":
                warm_html(html_src)
            else:
                image_to_pdf(scan)
            done.append(kind)

    rates = {}
    peaks = {}
    for n in sorted({1, cores}) if args.docs else []:
        offices = [OfficeServer() for _ in range(n)]
        for o in offices:
            o.start()
        done: list[str] = []
        threads = [threading.Thread(target=worker, args=(o, mix[i::n], done))
                   for i, o in enumerate(offices)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        secs = time.perf_counter() - t
        rates[n] = len(done) / secs * 60
        peaks[n] = sum(group_peak_mb(g) for o in offices for g in office_groups(o))
        for o in offices:
            o.close()
        print(f"{n} office(s): {rates[n]:.1f} documents/minute, offices' peak {peaks[n]:.0f} MiB",
              flush=True)
    ours = peak_rss_mb()
    print(f"our process peak RSS {ours:.0f} MiB")
    if args.no_doc:
        return 0
    body = section_head("3. Conversion (warm converters against a cold soffice --convert-to)",
                        f".venv/bin/python bench/conversion.py --rounds {args.rounds} --docs {args.docs}")
    body += "\n" + md_table(
        ["document", "warm s", "cold `soffice --convert-to pdf` s", "cold / warm"],
        [[name, f"{w:.3f}", f"{c:.3f}", f"**{c / w:.1f}x**"] for name, w, c in results])
    body += (f"\n\nWarm paths: the warm office (started once in {start_s:.1f} s) for docx/xlsx/odt; "
             "sanitise + the warm headless Chromium (intake/archive/convert/browser.py, one browser "
             "printing page after page) for the HTML e-mail, also against a Chromium started "
             "per body (its cold path); img2pdf for the scan (lossless, no re-encoding). Goal: warm >= 5x faster than cold.\n\n")
    body += md_table(["warm offices (threads)", "documents / minute", "offices' peak RSS MiB"],
                     [[n, f"{rates[n]:.1f}", f"{peaks[n]:.0f}"] for n in rates])
    body += (f"\n\nMixed set of {args.docs} documents (docx, xlsx, odt, HTML body, 20-page scan in "
             f"turn) on {cores} cores. Peak memory: the office processes' VmHWM summed "
             f"(first part: {office_peak:.0f} MiB) plus this Python process's peak RSS "
             f"{ours:.0f} MiB.\n")
    write_section("conversion", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
