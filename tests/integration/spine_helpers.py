"""Building a real configuration around the test servers, and reading the outcome."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from intake import config as cfgmod
from registry.models import Message, MessageLocation, OutboxItem, ReceiveEntry, SendEntry
from registry.registers import NUMBERED_KINDS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
PASSWORD_ENV = "INTAKE_TEST_IMAP_PASSWORD"


TEST_DATABASE_ENV = "INTAKE_TEST_DATABASE_URL"


def default_database_url() -> str:
    """The database a test runs on: SQLite by default; a fresh PostgreSQL database when
    the suite runs with INTAKE_TEST_DB=postgres (tests/integration/conftest.py sets it for
    tests marked any_database, the ones the PostgreSQL pass picks)."""
    url = os.environ.get(TEST_DATABASE_ENV)
    if not url:
        raise RuntimeError("this test takes its database from the helpers: mark it "
                           "@pytest.mark.any_database so the PostgreSQL pass runs it too")
    return url


def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("d*.eml"))
    if not files:  # the bundled demo mailbox holds the same messages
        files = sorted((ROOT / "intake" / "demo_mailbox").glob("*.eml"))
    return files


def manifest() -> dict[str, dict]:
    path = CORPUS / "manifest.jsonl"
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {r["file"]: r for r in rows}


def write_config(tmp: Path, dovecot, smtp_sink=None, *, database_url: str | None = None,
                 **mailbox) -> Path:
    """A config file for the test servers; the IMAP password goes into the environment.
    Without dovecot, `mailbox` is the whole mailbox section (e.g. kind="maildir", path=...)."""
    if dovecot is None:
        mb = dict(mailbox)
    else:
        os.environ[PASSWORD_ENV] = dovecot.password
        mb = {"kind": "imap", "host": "127.0.0.1", "port": dovecot.port, "security": "plain",
              "username": dovecot.user, "password_env": PASSWORD_ENV, "timeout": 20,
              "batch_size": 5, **mailbox}
    outbox = ({"transport": "smtp", "smtp_host": "127.0.0.1", "smtp_port": smtp_sink.port,
               "smtp_security": "plain", "timeout": 20, "backoff_seconds": 1}
              if smtp_sink else {"transport": "folder", "folder": "outbox"})
    lines = [f'[database]\nurl = "{database_url or default_database_url()}"',
             '[store]\npath = "store"', "[outbox]"]
    lines += [f"{k} = {_toml(v)}" for k, v in outbox.items()]
    lines.append("[mailboxes.saraban]")
    lines += [f"{k} = {_toml(v)}" for k, v in mb.items()]
    path = tmp / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return json.dumps(v)


def load(path: Path):
    return cfgmod.load(path)


def run_cli(*args: str, config: Path, check: bool = True, timeout: int = 300):
    """The real `intake` command, in its own process, as an operator runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "intake.cli", *args, "--config", str(config)],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"intake {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def counts(factory) -> dict:
    with factory() as s:
        return {
            "messages": s.scalar(select(func.count()).select_from(Message)),
            "locations": s.scalar(select(func.count()).select_from(MessageLocation)),
            "receive": s.scalar(select(func.count()).select_from(ReceiveEntry)),
            "send": s.scalar(select(func.count()).select_from(SendEntry)),
            "outbox": s.scalar(select(func.count()).select_from(OutboxItem)),
            # the queued mails that are letters, each owed one send number (the rest are
            # acknowledgments and notes kept in the mail log), and the mails logged as sent
            "letters": s.scalar(select(func.count()).select_from(OutboxItem)
                                .where(OutboxItem.kind.in_(NUMBERED_KINDS))),
            "sent": s.scalar(select(func.count()).select_from(OutboxItem)
                             .where(OutboxItem.state == "sent")),
            "states": dict(s.execute(select(Message.state, func.count())
                                     .group_by(Message.state)).all()),
        }


def receive_numbers(factory) -> list[tuple[int, int]]:
    with factory() as s:
        return sorted(s.execute(select(ReceiveEntry.year, ReceiveEntry.number)).all())


def registered_message_ids(factory) -> list[str]:
    with factory() as s:
        return sorted(s.scalars(select(Message.header_message_id)
                                .join(ReceiveEntry, ReceiveEntry.message_pk == Message.id)))
