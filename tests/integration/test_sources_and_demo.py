"""Local sources (Maildir, mbox), CPython's own email test corpus, and `intake demo`."""
from __future__ import annotations

import importlib.util
import mailbox
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from intake import config as cfgmod
from intake.pipeline import Processor
from registry.models import Message

from .spine_helpers import default_database_url, ROOT, corpus_files, counts

pytestmark = [pytest.mark.integration, pytest.mark.any_database]


def _local_config(tmp_path, kind, path):
    return cfgmod.from_dict({
        "database": {"url": default_database_url()}, "store": {"path": "store"},
        "outbox": {"transport": "folder", "folder": "outbox"},
        "mailboxes": {"local": {"kind": kind, "path": str(path)}},
    }, base_dir=tmp_path)


def test_cpython_email_test_corpus_goes_through_without_crashing(tmp_path):
    spec = importlib.util.find_spec("test.test_email")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("CPython's test.test_email package is not installed")
    data = Path(list(spec.submodule_search_locations)[0]) / "data"
    files = sorted(p for p in data.iterdir() if p.is_file())
    assert len(files) > 40
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for f in files:
        box.add(f.read_bytes())
    cfg = _local_config(tmp_path, "maildir", tmp_path / "Maildir")
    proc = Processor(cfg)
    report = proc.poll(cfg.mailboxes[0])
    assert report.error is None
    c = counts(proc.factory)
    distinct = len({f.read_bytes() for f in files})
    assert c["messages"] == distinct  # identical files are one message (content hash)
    with proc.factory() as s:
        for m in s.scalars(select(Message)):
            # every message ends decided, or failed with a reason a person can read
            assert m.state == "done" or (m.state == "failed" and m.error), (m.id, m.state)
    assert c["states"].get("done", 0) >= distinct - 2
    # handled mail left the inbox only after being recorded
    assert len(box.keys()) == c["states"].get("failed", 0)


def test_an_mbox_export_is_read_once_and_never_rewritten(tmp_path):
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path, create=True)
    for f in corpus_files()[:5]:
        box.add(f.read_bytes())
    box.flush()
    before = path.read_bytes()
    cfg = _local_config(tmp_path, "mbox", path)
    proc = Processor(cfg)
    proc.poll(cfg.mailboxes[0])
    proc.poll(cfg.mailboxes[0])
    assert counts(proc.factory)["messages"] == 5
    assert path.read_bytes() == before


def test_intake_demo_runs_the_whole_job_offline(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "intake.cli", "demo", "--dir",
                          str(tmp_path / "demo")], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    n = len(list((ROOT / "intake" / "demo_mailbox").glob("*.eml")))
    assert f"fetched {n}, decided {n}, failed 0" in out.stdout
    for word in ("register", "wrong_channel", "forward", "out_of_authority", "spam", "machine"):
        assert word in out.stdout
    sent = list((tmp_path / "demo" / "outbox").glob("*.eml"))
    assert sent and all(p.read_bytes().startswith(b"From:") or b"\nFrom:" in p.read_bytes()
                        for p in sent)
    # the printed register command works on what the demo left
    reg = subprocess.run([sys.executable, "-m", "intake.cli", "register", "export",
                          "--register", "receive", "--config",
                          str(tmp_path / "demo" / "config.toml")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert reg.returncode == 0 and reg.stdout.count("\n") >= 3
    # running it again starts afresh in the same directory
    again = subprocess.run([sys.executable, "-m", "intake.cli", "demo", "--dir",
                            str(tmp_path / "demo")], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=300)
    assert again.returncode == 0 and f"fetched {n}" in again.stdout


def test_demo_refuses_to_wipe_a_directory_it_did_not_make(tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.odt").write_text("x")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "intake.cli", "demo", "--dir",
                          str(tmp_path / "precious")], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode != 0
    assert (tmp_path / "precious" / "thesis.odt").exists()


def test_a_backlog_import_registers_old_mail_without_answering_it(tmp_path):
    path = tmp_path / "old.mbox"
    box = mailbox.mbox(path, create=True)
    for f in corpus_files():
        box.add(f.read_bytes())
    box.flush()
    cfg = tmp_path / "c.toml"
    cfg.write_text('[database]\nurl = "sqlite:///i.db"\n[store]\npath = "s"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "intake.cli", "import", str(path), "--config",
                          str(cfg)], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    proc = Processor(cfgmod.load(cfg))
    c = counts(proc.factory)
    assert c["messages"] == len(corpus_files()) and c["receive"] > 0
    assert c["outbox"] == 0  # nothing queued for mail that old
    with proc.factory() as s:
        noted = [m for m in s.scalars(select(Message))
                 if any(n["rule"] == "backlog_import" for n in m.decision["notes"])]
    assert noted  # the silence is explained on each message that would have been answered
