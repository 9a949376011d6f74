"""`intake receipt keygen` and `intake receipt verify FILE.pdf [--message FILE.eml]`: the
unit's signing pair, and the check a citizen (or a court) can run on a receipt.

Registered in intake/cli/__init__.py with main.add_command(receipt). verify exits 0 when
the receipt is the unit's, unchanged (and, given the message, names its sha256), else 1.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from intake.cli.common import config_option
from intake.cli.common import load_config as _load_config

MAX_BYTES = 50 * 1024 * 1024


@click.group("receipt")
def receipt() -> None:
    """The signed receipt attached to each acknowledgment."""


@receipt.command("keygen")
@config_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Directory for key.pem and cert.pem (default: beside receipt.key_file).")
def keygen(config_path, out_dir) -> None:
    """Make the unit's self-signed signing key and certificate (kept if they exist). Set
    receipt.key_file and receipt.certificate_file to them; never commit the key."""
    from intake.outbox.receipt import keygen as make_pair

    cfg = _load_config(config_path)
    target = Path(out_dir) if out_dir else (cfg.path("receipt.key_file").parent
                                           if cfg.get("receipt.key_file") else Path("receipt"))
    key, cert = make_pair(target, cfg.profile)
    click.echo(f"key: {key}\ncertificate: {cert}")


@receipt.command("verify")
@config_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--message", "message_file", type=click.Path(exists=True, dir_okay=False),
              help="The message as received (.eml): its sha256 must be the receipted one.")
@click.option("--certificate", "cert_file", type=click.Path(exists=True, dir_okay=False),
              help="The unit's certificate (default: receipt.certificate_file).")
def verify(config_path, file, message_file, cert_file) -> None:
    """Check a receipt: signed by the unit, not one byte changed, for this message."""
    from intake.outbox.receipt import verify as check

    if not cert_file:
        cfg = _load_config(config_path)
        if not cfg.get("receipt.certificate_file"):
            raise click.ClickException("no certificate: give --certificate or set "
                                       "receipt.certificate_file")
        cert_file = cfg.path("receipt.certificate_file")
    pdf = Path(file).read_bytes()[:MAX_BYTES + 1]
    message = Path(message_file).read_bytes() if message_file else None
    result = check(pdf, Path(cert_file), message)
    for key in ("registration", "received_at", "deemed_at", "sha256", "message_id"):
        if key in result.facts:
            click.echo(f"{key:12} {result.facts[key]}")
    for problem in result.problems:
        click.echo(f"FAIL: {problem}", err=True)
    click.echo("ok: signed by the unit, unchanged" + (", for this message" if message else "")
               if result.ok else "receipt NOT valid")
    sys.exit(0 if result.ok else 1)
