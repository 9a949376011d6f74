"""การปฏิบัติ says only what was done, written when it was done (issue 14, finding 4):
through real Dovecot and the SMTP sink."""
from __future__ import annotations

import json

import pytest

from .spine_helpers import CORPUS, run_cli, write_config

pytestmark = [pytest.mark.integration, pytest.mark.any_database]


def _receive_rows(cfg) -> list[dict]:
    out = run_cli("register", "export", "--register", "receive", config=cfg).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_acknowledgment_is_recorded_when_sent_with_its_address(tmp_path, dovecot, smtp_sink):
    dovecot.append("INBOX", (CORPUS / "d11.eml").read_bytes())  # a high-risk request
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg)
    [row] = _receive_rows(cfg)
    assert "ตอบรับทางอีเมลถึง prapai.ws@gmail.com เมื่อ" in row["action"]
    assert "รอพิสูจน์" not in row["action"]  # a state, not something done


def test_refused_acknowledgment_is_not_claimed(tmp_path, dovecot, smtp_sink):
    raw = (CORPUS / "d11.eml").read_bytes().replace(
        b"From: Prapai Wongsa <prapai.ws@gmail.com>",
        b'From: Prapai Wongsa <"prapai ws"@gmail.com>')  # no safe address to answer
    dovecot.append("INBOX", raw)
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg)
    [row] = _receive_rows(cfg)
    assert "ตอบรับ" not in row["action"]
    assert not [m for m in smtp_sink.messages if "acknowledg" in m.data.decode(errors="replace")]


def test_receipt_time_is_not_the_senders_received_header(tmp_path, dovecot, smtp_sink):
    """A sender puts a Received header with an old date on top: over IMAP the time of
    receipt is Dovecot's INTERNALDATE (no own host named), not the forged one."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from intake.pipeline import Processor
    from registry.models import ReceiveEntry

    from .spine_helpers import load

    forged = (b"Received: from somewhere by mx1.phetchaburi.m-society.go.th with SMTP; "
              b"Mon, 1 Jun 2026 08:00:00 +0700\r\n")
    dovecot.append("INBOX", forged + (CORPUS / "d11.eml").read_bytes())
    cfg = write_config(tmp_path, dovecot, smtp_sink)
    run_cli("poll", "--once", config=cfg)
    with Processor(load(cfg)).factory() as s:
        entry = s.scalar(select(ReceiveEntry))
    assert abs(entry.received_at - datetime.now(UTC)) < timedelta(hours=1)
