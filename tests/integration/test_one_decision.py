"""One decision everywhere: the dry run (`intake triage --json`) and a real poll of a
Maildir decide every corpus message the same way, field by field, reasons included."""
from __future__ import annotations

import json
import mailbox

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from intake import config as cfgmod
from intake.cli import main
from intake.pipeline import Processor
from registry.models import Message

from .spine_helpers import ROOT, corpus_files, default_database_url

pytestmark = [pytest.mark.integration, pytest.mark.any_database]


def _config_file(tmp_path, maildir):
    path = tmp_path / "config.toml"
    path.write_text(
        f'[database]\nurl = "{default_database_url()}"\n'
        '[store]\npath = "store"\n'
        '[outbox]\ntransport = "folder"\nfolder = "outbox"\n'
        f'[mailboxes.local]\nkind = "maildir"\npath = "{maildir}"\n'
        '[policy]\nregister = "review"\n', encoding="utf-8")  # the policy counts too
    return path


def _stored_as_dry_run(record: dict) -> dict:
    # what the handlers did ("acted") and their notes are the acting, not the decision
    out = {k: v for k, v in record.items() if k not in ("notes", "details", "acted")}
    out["reasons"] = [f"{r['th']} / {r['en']}" if r["en"] else r["th"] for r in record["reasons"]]
    return out


def test_dry_run_and_poll_decide_every_corpus_message_alike(tmp_path):
    files = corpus_files() + sorted((ROOT / "tests" / "corpus").glob("e*.eml"))
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for f in files:
        box.add(f.read_bytes())
    cfg_path = _config_file(tmp_path, tmp_path / "Maildir")

    result = CliRunner().invoke(main, ["triage", "--json", "--config", str(cfg_path),
                                       *map(str, files)])
    assert result.exit_code == 0, result.output
    dry = [json.loads(line) for line in result.output.splitlines()]

    cfg = cfgmod.load(cfg_path)
    proc = Processor(cfg)
    assert proc.poll(cfg.mailboxes[0]).error is None
    with proc.factory() as s:
        stored = {m.sha256: m.decision for m in s.scalars(select(Message))}

    import hashlib
    differ = []
    for f, want in zip(files, dry):
        got = _stored_as_dry_run(stored[hashlib.sha256(f.read_bytes()).hexdigest()])
        want = {k: v for k, v in want.items() if k != "file"}
        if got != want:
            differ.append((f.name, {k: (want.get(k), got.get(k)) for k in want.keys() | got.keys()
                                    if want.get(k) != got.get(k)}))
    assert len(dry) == len(files) and not differ, differ
