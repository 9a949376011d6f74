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

from intake import config as config_mod

BUNDLED = Path(__file__).resolve().parents[1] / "demo_mailbox"  # intake/demo_mailbox
MARKER = ".intake-demo"


def build_config(workdir: Path) -> config_mod.Config:
    from intake.archive.job import tools_missing

    return config_mod.from_dict({
        # the archival PDFs need LibreOffice and Chromium; `./run demo` installs neither
        "archive": {"enabled": not tools_missing()},
        "database": {"url": "sqlite:///intake.db"},
        "store": {"path": "store"},
        "outbox": {"transport": "folder", "folder": "outbox"},
        "mailboxes": {"saraban": {"kind": "maildir", "path": str(workdir / "Maildir")}},
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
    prepare(workdir)
    cfg = build_config(workdir)
    proc = Processor(cfg)
    report = proc.poll(cfg.mailboxes[0])
    delivery = deliver_due(proc)
    archived = None
    if cfg.get("archive.enabled"):
        from intake.archive.job import archive_pending

        archived = archive_pending(proc)

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
        echo("archival PDFs: skipped (LibreOffice and Chromium are not installed)")
    echo(f"registers: intake register export --register receive --config "
         f"{workdir / 'config.toml'}")
    _write_config(workdir)
    return {"report": report, "delivery": delivery, "rows": rows}


def _write_config(workdir: Path) -> None:
    (workdir / "config.toml").write_text(
        '[database]\nurl = "sqlite:///intake.db"\n\n[store]\npath = "store"\n\n'
        '[outbox]\ntransport = "folder"\nfolder = "outbox"\n\n'
        f'[mailboxes.saraban]\nkind = "maildir"\npath = "{workdir / "Maildir"}"\n',
        encoding="utf-8")


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(head, rows) -> str:
    from unicodedata import combining

    def w(s: str) -> int:  # Thai vowels above/below and tone marks take no column
        return sum(0 if combining(c) or c in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39"
                   "\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e" else 1 for c in s)

    cells = [[str(c) for c in head]] + [[str(c) for c in r] for r in rows]
    widths = [max(w(r[i]) for r in cells) for i in range(len(head))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - w(c)) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * x for x in widths))
    return "\n".join(lines)
