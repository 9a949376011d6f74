"""`intake run`: the daemon answers new mail within seconds through IMAP IDLE, with the
scheduled poll far away, and stops cleanly on SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from .spine_helpers import ROOT, corpus_files, manifest, write_config

pytestmark = [pytest.mark.integration, pytest.mark.any_database]


def _wait(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_idle_wakes_the_poll_and_the_ack_goes_out_in_seconds(tmp_path, dovecot, smtp_sink):
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    with open(cfg, "a", encoding="utf-8") as fh:
        fh.write("\n[scheduler]\npoll_interval = 3600\ndeliver_interval = 3600\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    daemon = subprocess.Popen([sys.executable, "-m", "intake.cli", "-v", "run", "--config",
                               str(cfg)], env=env, cwd=tmp_path, stderr=subprocess.PIPE,
                              text=True)
    try:
        # the first scheduled poll runs at start; after it, only IDLE can wake a poll
        assert _wait(lambda: "Processed" in dovecot.folders(), 30), "daemon never polled"
        time.sleep(1.0)
        register = [f for f in corpus_files()
                    if manifest().get(f.name, {}).get("disposition") == "register"][:1]
        if not register:
            pytest.skip("no register message in the corpus")
        started = time.monotonic()
        dovecot.append("INBOX", register[0].read_bytes())
        assert _wait(lambda: len(smtp_sink.messages) >= 1, 20), "no acknowledgment arrived"
        latency = time.monotonic() - started
        assert latency < 10, f"acknowledged after {latency:.1f} s"
        assert _wait(lambda: dovecot.uids("INBOX") == [], 10)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            raise
    assert daemon.returncode == 0, daemon.stderr.read()[-3000:]
