"""`intake letter FILE.pdf [--json]`: the register's fields read from an official letter.

Registered in intake/cli.py with main.add_command(letter). Prints each field with its
confidence (0..1); with --json, one JSON object (value, confidence, evidence per field).
Exit status 0 when the letter's number or subject was read, 1 when nothing was.
"""
from __future__ import annotations

import json
import sys

import click

from intake.parse.letters import LetterFields, read_letter

PRINTED = ("doc_number", "doc_number_ascii", "doc_date", "subject", "to", "references",
           "enclosures", "urgency", "secrecy", "sender_agency")
MAX_PDF_BYTES = 50 * 1024 * 1024


def _plain(fields: LetterFields) -> str:
    lines = []
    for name in PRINTED:
        f = getattr(fields, name)
        value = "; ".join(f.value) if isinstance(f.value, list) else (f.value or "")
        lines.append(f"{name:17} {f.confidence:4.2f}  {value}")
    lines.append(f"{'source':17}       {fields.source}")
    lines += [f"note: {n}" for n in fields.notes]
    return "\n".join(lines)


@click.command("letter")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR a letter that has no text layer.")
def letter(file: str, as_json: bool, no_ocr: bool) -> None:
    """Read ที่, ลงวันที่, เรื่อง, เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย, urgency and secrecy
    from an official letter's PDF."""
    with open(file, "rb") as fh:
        data = fh.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise click.ClickException(f"{file}: larger than {MAX_PDF_BYTES // 2**20} MiB")
    fields = read_letter(data, ocr=not no_ocr)
    if as_json:
        out = {"file": file, **{name: getattr(fields, name).__dict__ for name in PRINTED},
               "source": fields.source, "notes": fields.notes}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(_plain(fields))
    if not (fields.doc_number.value or fields.subject.value):
        sys.exit(1)
