"""Thai + English OCR with tesseract (Debian's tesseract-ocr and tesseract-ocr-tha).

All tesseract talk is here: the plain text of a page image (to read a scanned letter's
fields, intake/parse/letters.py) and an invisible text layer for a scanned page of the archive
(intake/archive/convert/images.py), so a scan's words can be found and copied. tesseract runs as a
subprocess with an argument list (no shell), a timeout, a bare environment and two
threads; the image is written by us to a private temporary directory.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

LANGUAGES = "tha+eng"
TIMEOUT = 90  # seconds for one page


class OcrError(RuntimeError):
    """tesseract failed or took too long; the message is the reason shown to people."""


@lru_cache(maxsize=1)
def available() -> bool:
    """tesseract with the Thai model is installed."""
    if not shutil.which("tesseract"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                               timeout=20).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return "tha" in langs


def _tesseract(image, args: list[str], out_name: str, timeout: float) -> bytes:
    """Run tesseract on a PIL image; returns the bytes of its output file (or stdout)."""
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        src = Path(tmp) / "page.png"
        image.convert("L").save(src)
        out = Path(tmp) / "out"
        target = "stdout" if out_name == "-" else str(out)
        try:
            done = subprocess.run(["tesseract", str(src), target, "-l", LANGUAGES, *args],
                                  capture_output=True, timeout=timeout, check=False,
                                  env={"OMP_THREAD_LIMIT": "2", "PATH": "/usr/bin:/bin"})
        except subprocess.TimeoutExpired:
            raise OcrError(f"OCR took longer than {timeout:.0f} s") from None
        if done.returncode != 0:
            raise OcrError(f"tesseract failed: {done.stderr.decode(errors='replace')[:200]}")
        return done.stdout if out_name == "-" else (Path(tmp) / out_name).read_bytes()


def image_text(image, *, timeout: float = TIMEOUT) -> str:
    """The text of one page image (layout kept line by line)."""
    return _tesseract(image, ["--psm", "4"], "-", timeout).decode("utf-8", errors="replace")


def text_layer(image, *, timeout: float = TIMEOUT) -> bytes:
    """A one-page PDF holding only the invisible text of the image, laid out over the
    image's area (tesseract's text-only PDF), to be put over the page that shows it."""
    return _tesseract(image, ["--psm", "3", "-c", "textonly_pdf=1", "pdf"], "out.pdf", timeout)
