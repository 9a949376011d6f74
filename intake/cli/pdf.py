"""`intake pdf FILE.eml -o OUT.pdf`: the archival bundle of one message, without a registry.

The cover page shows what the rules decide for the message (as `intake triage` does) and,
when given, the registration number; nothing is written anywhere but OUT.pdf.
"""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click


@click.command("pdf")
@click.argument("eml", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the archival PDF.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (for the unit profile and the rules).")
@click.option("--number", type=int, help="The registration number to show (เลขรับ).")
@click.option("--thai-digits", is_flag=True, help="Numbers on the cover in Thai digits.")
@click.option("--timeout", type=float, default=60, show_default=True,
              help="Seconds allowed per document.")
@click.option("--ocr/--no-ocr", default=None,
              help="Searchable text over scanned images (tesseract tha+eng); default: the "
                   "config's archive.ocr_scans.")
def pdf(eml, output, config_path, number, thai_digits, timeout, ocr):
    """Render the archival PDF/A bundle of one message: cover page, body, every
    attachment converted, the original .eml embedded."""
    from intake.archive.bundle import build_archive
    from intake.cli.common import load_config as _load_config
    from intake.parse.mime import ParseError, parse_message

    raw = Path(eml).read_bytes()
    try:
        parsed = parse_message(raw)
    except ParseError as exc:
        raise click.ClickException(f"{eml}: {exc.reason}") from None
    cfg = _load_config(config_path)
    profile = cfg.profile
    entry = {"number": number, "thai_numerals": thai_digits,
             "timezone": _timezone(cfg)}
    if number is not None:
        entry["registered_at"] = datetime.now(UTC)
    try:
        from intake.decide import decide

        decision = decide(cfg, parsed, raw)
        entry["disposition"] = decision.disposition
        entry["reasons"] = [r.th for r in decision.reasons]
    except Exception as exc:  # noqa: BLE001 - the bundle is still worth having
        click.echo(f"warning: the rules could not decide ({exc}); cover without a disposition",
                   err=True)
    if ocr is None:
        ocr = cfg.get("archive.ocr_scans")
    result = build_archive(raw, parsed, entry, profile, timeout=timeout, ocr=ocr)
    Path(output).write_bytes(result.pdf_bytes)
    pages = sum(p.pages for p in result.parts)
    click.echo(f"{output}: {len(result.pdf_bytes)} bytes, sha256 {result.sha256}, "
               f"{len(result.parts) - 1} attachment(s), {pages} page(s) after the cover")
    for problem in result.problems:
        click.echo(f"  ! {problem}", err=True)


def _timezone(cfg) -> str:
    try:
        return cfg.get("unit.timezone") or "Asia/Bangkok"
    except Exception:  # noqa: BLE001 - an older config without the key
        return "Asia/Bangkok"
