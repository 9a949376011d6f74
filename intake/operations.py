"""Running it in production: health, metrics, structured logs, backup and restore.

health()   what monitoring checks: last successful poll per mailbox, outbox failures and
           backlog, failed messages and archives; `intake health` exits 1 when unhealthy
metrics()  the same facts in Prometheus' text format (served at /metrics by the web app)
backup()   a consistent copy of the database (SQLite's online backup API; pg_dump for
           PostgreSQL) and of the raw store, with a manifest of hashes
restore()  the reverse, into an empty place, checked against the manifest
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from intake.learn import model_warning
from intake.runtime import Runtime
from registry.models import FolderState, utcnow
from registry.statistics import counts_by_state
from registry.states import ArchiveState, MessageState, OutboxState


@dataclass
class Health:
    ok: bool
    problems: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # worth a look; not unhealthy


def health(rt: Runtime) -> Health:
    cfg = rt.config
    now = utcnow()
    stale_after = timedelta(seconds=3 * cfg.get("scheduler.poll_interval") + 60)
    problems, facts = [], {"mailboxes": {}}
    with rt.factory() as s:
        for mb in cfg.mailboxes:
            fs = s.get(FolderState, (mb.name, mb.folder))
            last = fs.last_success_at if fs else None
            facts["mailboxes"][mb.name] = {
                "last_success": last.isoformat() if last else None,
                "last_error": fs.last_error if fs else None,
                "last_uid": fs.last_uid if fs else None,
            }
            if last is None or now - last > stale_after:
                problems.append(f"mailbox {mb.name}: no successful poll since "
                                f"{last.isoformat() if last else 'ever'}")
        counts = counts_by_state(s)
    outbox, states, archive = counts.outbox, counts.messages, counts.archive
    facts.update(outbox=outbox, messages=states, archive=archive)
    if outbox[OutboxState.UNKNOWN]:
        problems.append(f"outbox: {outbox[OutboxState.UNKNOWN]} mail(s) of unknown delivery (a "
                        "worker stopped mid-send): check, then intake retry --outbox ID")
    if outbox[OutboxState.FAILED]:
        problems.append(f"outbox: {outbox[OutboxState.FAILED]} mail(s) failed "
                        "(intake retry --outbox)")
    if states[MessageState.FAILED]:
        problems.append(f"messages: {states[MessageState.FAILED]} failed "
                        "(intake status --failed)")
    if archive[ArchiveState.FAILED]:
        problems.append(f"archive: {archive[ArchiveState.FAILED]} bundle(s) failed")
    warnings = []
    why = model_warning(cfg)
    if why:
        warnings.append(f"model: the rules decide alone ({why})")
    return Health(ok=not problems, problems=problems, facts=facts, warnings=warnings)


def metrics(rt: Runtime) -> str:
    """Prometheus text exposition: counts only, never personal data."""
    now = utcnow()
    lines = []

    def metric(name, kind, help_text, samples):
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")
        for labels, value in samples:
            label = ",".join(f'{k}="{v}"' for k, v in labels.items())
            lines.append(f"{name}{{{label}}} {value}" if label else f"{name} {value}")

    with rt.factory() as s:
        counts = counts_by_state(s)
        folders = list(s.scalars(select(FolderState)))
    metric("intake_messages", "gauge", "Messages by disposition.",
           [({"disposition": d or "undecided"}, n) for d, n in counts.dispositions.items()])
    metric("intake_messages_state", "gauge", "Messages by processing state.",
           [({"state": st}, n) for st, n in counts.messages.items()])
    metric("intake_outbox", "gauge", "Outgoing mail by state (backlog: pending, held).",
           [({"state": st}, n) for st, n in counts.outbox.items()])
    metric("intake_cases", "gauge", "Registered matters by case state.",
           [({"state": st}, n) for st, n in counts.cases.items()])
    metric("intake_poll_lag_seconds", "gauge", "Seconds since the last successful poll.",
           [({"mailbox": f.mailbox, "folder": f.folder},
             round((now - f.last_success_at).total_seconds(), 1) if f.last_success_at else -1)
            for f in folders])
    metric("intake_failures", "gauge", "Failed messages and failed outgoing mail.",
           [({"kind": "message"}, counts.messages[MessageState.FAILED]),
            ({"kind": "outbox"}, counts.outbox[OutboxState.FAILED])])
    return "\n".join(lines) + "\n"


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        out = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
               "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


# ------------------------------------------------------------ backup ----
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def backup(rt: Runtime, dest: Path) -> dict:
    """A consistent copy while the processor runs: the database first (the rows point to
    files), then the store (files are immutable and content-addressed, so a file written
    after the database copy is only an extra, never a missing one)."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    url = make_url(rt.config.database_url)
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(url.database)
        out = sqlite3.connect(dest / "intake.db")
        with out:
            src.backup(out)  # SQLite's online backup: a consistent snapshot
        out.close()
        src.close()
        db_file = "intake.db"
    else:
        env = {**os.environ}
        if url.password:
            env["PGPASSWORD"] = url.password
        subprocess.run(["pg_dump", "--format=custom", "--file", str(dest / "intake.pgdump"),
                        "--host", url.host or "localhost", "--port", str(url.port or 5432),
                        "--username", url.username or "postgres", url.database],
                       check=True, env=env, timeout=3600)
        db_file = "intake.pgdump"
    store = rt.config.path("store.path")
    files = {}
    if store.exists():
        for path in sorted(store.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                rel = path.relative_to(store)
                target = dest / "store" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                files[str(rel)] = _sha256(target)
    manifest = {"database": db_file, "database_sha256": _sha256(dest / db_file),
                "store_files": files, "made_at": utcnow().isoformat()}
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def restore(config, src: Path) -> dict:
    """Put a backup back: the database file (SQLite) and the store, each checked against
    the manifest; refuses to overwrite existing data."""
    src = Path(src)
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    if _sha256(src / manifest["database"]) != manifest["database_sha256"]:
        raise ValueError("backup damaged: the database copy does not match its hash")
    url = make_url(config.database_url)
    if url.get_backend_name() != "sqlite":
        raise ValueError("PostgreSQL: restore with pg_restore --dbname=... "
                         f"{src / manifest['database']} (docs/operations.md)")
    db = Path(url.database)
    store = config.path("store.path")
    if db.exists() or (store.exists() and any(store.iterdir())):
        raise FileExistsError("the database or the store already holds data; restore into an "
                              "empty place")
    for rel, digest in manifest["store_files"].items():
        if _sha256(src / "store" / rel) != digest:
            raise ValueError(f"backup damaged: store file {rel} does not match its hash")
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src / manifest["database"], db)
    for rel in manifest["store_files"]:
        target = store / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / "store" / rel, target)
    return manifest
