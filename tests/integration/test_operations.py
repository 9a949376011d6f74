"""Operations: health for monitoring, Prometheus metrics, JSON logs, backup and restore."""
from __future__ import annotations

import json
import mailbox
import os
import subprocess
import sys

import pytest

from intake import config as cfgmod
from intake.operations import JsonLogFormatter, metrics
from intake.pipeline import Processor
from registry.chain import verify
from registry.registers import export_rows

from .spine_helpers import ROOT, corpus_files, counts

pytestmark = pytest.mark.integration


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "intake.cli", *args], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=cwd,
                          timeout=300)


@pytest.fixture
def site(tmp_path):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for f in corpus_files():
        box.add(f.read_bytes())
    cfg = tmp_path / "config.toml"
    cfg.write_text('[database]\nurl = "sqlite:///intake.db"\n[store]\npath = "store"\n'
                   '[archive]\nenabled = false\n'
                   f'[mailboxes.saraban]\nkind = "maildir"\npath = "{tmp_path / "Maildir"}"\n',
                   encoding="utf-8")
    assert _cli("poll", "--once", "--config", str(cfg), cwd=tmp_path).returncode == 0
    return tmp_path, cfg


def test_health_is_ok_after_a_poll_and_names_what_is_wrong(site):
    tmp_path, cfg = site
    out = _cli("health", "--json", "--config", str(cfg), cwd=tmp_path)
    assert out.returncode == 0, out.stdout
    assert json.loads(out.stdout)["ok"] is True
    # a mailbox that has never been polled is unhealthy, by name
    other = tmp_path / "c2.toml"
    other.write_text(cfg.read_text() + '[mailboxes.pr]\nkind = "maildir"\n'
                     f'path = "{tmp_path / "Maildir"}"\nfolder = "Other"\n', encoding="utf-8")
    bad = _cli("health", "--config", str(other), cwd=tmp_path)
    assert bad.returncode == 1 and "mailbox pr" in bad.stdout


def test_metrics_count_messages_by_disposition(site):
    tmp_path, cfg = site
    proc = Processor(cfgmod.load(cfg))
    text = metrics(proc)
    lines = dict(line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))
    total = sum(int(v) for k, v in lines.items() if k.startswith("intake_messages{"))
    assert total == len(corpus_files())
    assert 'intake_poll_lag_seconds{mailbox="saraban",folder="INBOX"}' in lines
    assert "@" not in text  # no addresses, no personal data


def test_json_logs_are_one_object_per_line():
    import logging

    rec = logging.LogRecord("intake", logging.WARNING, __file__, 1, "โพลล์ %s ล้มเหลว",
                            ("saraban",), None)
    out = json.loads(JsonLogFormatter().format(rec))
    assert out["level"] == "WARNING" and out["message"] == "โพลล์ saraban ล้มเหลว"


def test_backup_and_restore_give_back_the_same_registers_and_store(site, tmp_path_factory):
    tmp_path, cfg = site
    dest = tmp_path_factory.mktemp("backup") / "b1"
    assert _cli("backup", str(dest), "--config", str(cfg), cwd=tmp_path).returncode == 0
    before = Processor(cfgmod.load(cfg))
    with before.factory() as s:
        rows_before = export_rows(s, "receive")
    counts_before = counts(before.factory)

    target = tmp_path_factory.mktemp("restored")
    cfg2 = target / "config.toml"
    cfg2.write_text('[database]\nurl = "sqlite:///intake.db"\n[store]\npath = "store"\n',
                    encoding="utf-8")
    out = _cli("restore", str(dest), "--config", str(cfg2), cwd=target)
    assert out.returncode == 0, out.stderr
    after = Processor(cfgmod.load(cfg2))
    with after.factory() as s:
        assert export_rows(s, "receive") == rows_before
        assert verify(s, "receive") == []
    assert counts(after.factory) == counts_before
    with after.factory() as s:
        from sqlalchemy import select

        from registry.models import Message
        for sha in s.scalars(select(Message.sha256)):
            assert after.store.get(sha)  # every raw message back, hash checked
    # restoring over existing data is refused
    again = _cli("restore", str(dest), "--config", str(cfg2), cwd=target)
    assert again.returncode != 0 and "empty" in again.stderr
