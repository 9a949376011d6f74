"""`intake demo`: the whole job on the embedded default, with nothing to install.

A Maildir is built from the bundled sample mailbox (intake/demo_mailbox/*.eml), then
one poll cycle runs against it with SQLite, the demo unit profile and the 'folder'
outbox transport, so every reply lands as a file and nothing touches the network.
"""
from __future__ import annotations

import mailbox
import shutil
from pathlib import Path

from sqlalchemy import select
from wcwidth import wcwidth

from intake import config as config_mod

BUNDLED = Path(__file__).resolve().parents[1] / "demo_mailbox"  # intake/demo_mailbox
MARKER = ".intake-demo"


# what the archival PDFs need on Debian 12 (scripts/setup.sh --demo installs the same list)
DEMO_PACKAGES = ("fontconfig", "libreoffice-core-nogui", "libreoffice-writer-nogui",
                 "python3-uno", "chromium")
INSTALL_COMMAND = "apt-get install -y --no-install-recommends " + " ".join(DEMO_PACKAGES)


# a self-signed pair made in the demo directory on each run, never committed
RECEIPT = {"key_file": "receipt/key.pem", "certificate_file": "receipt/cert.pem"}


def build_config(workdir: Path, missing: list[str]) -> config_mod.Config:
    return config_mod.from_dict({
        # the archival PDFs need LibreOffice and Chromium (`./run demo` installs them)
        "archive": {"enabled": not missing},
        "database": {"url": "sqlite:///intake.db"},
        "store": {"path": "store"},
        "outbox": {"transport": "folder", "folder": "outbox"},
        "mailboxes": {"saraban": {"kind": "maildir", "path": str(workdir / "Maildir")}},
        # the signed receipt is printed by Chromium too; its key is the demo's own
        "receipt": RECEIPT if not missing else {},
    }, base_dir=workdir)


def prepare(workdir: Path) -> None:
    if workdir.exists():
        if not (workdir / MARKER).exists():
            raise config_mod.ConfigError(f"{workdir} exists and is not a demo directory; "
                                         "choose another --dir")
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    (workdir / MARKER).write_text("made by intake demo; safe to delete\n")
    box = mailbox.Maildir(workdir / "Maildir", create=True)
    for eml in sorted(BUNDLED.glob("*.eml")):
        box.add(eml.read_bytes())


def run_demo(workdir: Path, echo=print) -> dict:
    from intake.outbox.deliver import deliver_due
    from intake.pipeline import Processor
    from registry.models import Message, OutboxItem, ReceiveEntry

    workdir = workdir.resolve()
    from intake.archive.job import tools_missing

    prepare(workdir)
    missing = tools_missing()
    cfg = build_config(workdir, missing)
    if cfg.get("receipt.key_file"):
        from intake.outbox.receipt import keygen

        keygen(cfg.path("receipt.key_file").parent, cfg.profile)
    proc = Processor(cfg)
    report = proc.poll(cfg.mailboxes[0])
    delivery = deliver_due(proc.rt)
    archived = None
    if cfg.get("archive.enabled"):
        from intake.archive.job import archive_pending

        archived = archive_pending(proc.rt)

    rows = []
    with proc.factory() as s:
        for msg in s.scalars(select(Message).order_by(Message.id)):
            entry = s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == msg.id))
            sent = [o.kind for o in s.scalars(select(OutboxItem)
                                              .where(OutboxItem.message_pk == msg.id))]
            detail = msg.decision or {}
            target = (detail.get("service") or detail.get("agency") or
                      detail.get("forward_to") or detail.get("channel_hint") or "")
            rows.append((msg.id, (msg.from_addr or "")[:30], _cut(msg.subject or "", 38),
                         msg.disposition or msg.state, target,
                         f"{entry.number}/{entry.year + 543}" if entry else "",
                         ",".join(sent)))
    echo(f"intake demo: {workdir}")
    echo(_table(("#", "from", "subject", "disposition", "detail", "รับที่", "mail queued"), rows))
    echo(f"\nfetched {report.fetched}, decided {report.decided}, failed {report.failed}, "
         f"moved {report.moved}; outbox: sent {delivery.sent} (as files in "
         f"{cfg.path('outbox.folder')}), failed {delivery.failed}")
    if archived is not None:
        echo(f"archival PDFs: built {archived['archived']}, failed {archived['failed']} "
             f"(beside each message in {cfg.path('store.path')})")
    else:
        echo(f"archival PDFs: skipped (not installed: {', '.join(missing)}); "
             f"as root, this one command installs them:\n  {INSTALL_COMMAND}")
    echo(f"registers: intake register export --register receive --config "
         f"{workdir / 'config.toml'}")
    if cfg.get("receipt.key_file"):
        echo(f"signed receipts: attached to each acknowledgment in {cfg.path('outbox.folder')}; "
             f"check one with: intake receipt verify FILE.pdf --config {workdir / 'config.toml'}")
    _write_config(workdir, receipt=bool(cfg.get("receipt.key_file")))
    return {"report": report, "delivery": delivery, "rows": rows}


def _write_config(workdir: Path, receipt: bool = False) -> None:
    (workdir / "config.toml").write_text(
        '[database]\nurl = "sqlite:///intake.db"\n\n[store]\npath = "store"\n\n'
        '[outbox]\ntransport = "folder"\nfolder = "outbox"\n\n'
        f'[mailboxes.saraban]\nkind = "maildir"\npath = "{workdir / "Maildir"}"\n'
        + ("\n[receipt]\n" + "".join(f'{k} = "{v}"\n' for k, v in RECEIPT.items())
           if receipt else ""),
        encoding="utf-8")


def display_width(text: str) -> int:
    """Terminal columns: Thai vowels above and below and tone marks take none, wide
    characters two (wcwidth); a control character counts as one rather than breaking."""
    return sum(w if (w := wcwidth(c)) >= 0 else 1 for c in text)


def _cut(text: str, width: int) -> str:
    """At most `width` columns; a cut keeps a base letter's marks with it."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for c in text:
        w = display_width(c)
        if used + w > width - 1:
            break
        kept.append(c)
        used += w
    return "".join(kept) + "…"


def _table(head, rows) -> str:
    """Columns padded by display width, so Thai cells line up with Latin ones."""
    cells = [[str(c) for c in head]] + [[str(c) for c in r] for r in rows]
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(head))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - display_width(c))
                               for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * x for x in widths))
    return "\n".join(lines)
