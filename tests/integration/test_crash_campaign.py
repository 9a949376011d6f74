"""The crash campaign (bench/crash_campaign.py) at CI size: 60 messages, 6 SIGKILLs.

The full size (1,000 messages, 50 kills) is run by hand; its figures are in
docs/crash-campaign.md. Here the same code runs with a fixed seed, on SQLite and on
PostgreSQL, and must report no violation: the campaign's outcome per Message-ID equals a
clean run's, no duplicate register row, gap-free numbers, no mail delivered twice.
"""
from __future__ import annotations

import importlib.util
import os
import sys

import pytest

from .servers import find_binary, find_postgres_bindir
from .spine_helpers import ROOT

pytestmark = pytest.mark.integration


def _campaign():
    if "crash_campaign" in sys.modules:
        return sys.modules["crash_campaign"]
    spec = importlib.util.spec_from_file_location("crash_campaign",
                                                  ROOT / "bench" / "crash_campaign.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_campaign"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _need(binary_found: bool, what: str) -> None:
    if not binary_found:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed", pytrace=False)
        pytest.skip(f"{what} is not installed")


@pytest.mark.dovecot  # the campaign starts its own servers
@pytest.mark.postgres
@pytest.mark.slow
def test_crash_campaign_small(tmp_path):
    """On PostgreSQL where it is installed (CI), else SQLite; the other engine is covered
    by the full-size runs in docs/crash-campaign.md. One size fits CI's time: a kill
    during delivery makes the final run wait for the dead sender's claim (60 s)."""
    _need(bool(find_binary("dovecot")), "Dovecot")
    if os.environ.get("CI"):
        _need(bool(find_postgres_bindir()), "PostgreSQL")
    db = "postgres" if find_postgres_bindir() else "sqlite"
    lines: list[str] = []
    status = _campaign().run_campaign(messages=60, kills=6, db=db, seed=7,
                                      keep=tmp_path / "campaign", out=lines.append,
                                      verbose=True)
    report = "\n".join(lines)
    assert status == 0, f"crash campaign on {db}:\n{report}"
    assert "OK: no violation" in report
    assert "SIGKILLs" in report and report.count("  kill ") == 6, report


def test_the_campaign_notices_a_duplicate(tmp_path):
    """The checker itself: a mail delivered twice and a number skipped are violations."""
    cc = _campaign()
    ref = cc.Outcome()
    ref.messages = {"<a>": ["done", "register", (2026, 1)]}
    ref.message_rows.update({"<a>": 1})
    ref.registered.update({"<a>": 1})
    ref.receive_numbers = {2026: [1]}
    ref.send_numbers = {2026: [1]}
    ref.outbox_states.update({"sent": 1})
    ref.sink_ids.update({"<r1>": 1})
    ref.sink_triples.update({("x@example.com", "acknowledgment", "<a>"): 1})
    ref.processed.update({"<a>": 1})
    assert cc.violations(["<a>"], ref, ref) == []
    bad = cc.Outcome(**{k: v for k, v in vars(ref).items()})
    bad.sink_ids = ref.sink_ids + ref.sink_ids
    bad.sink_triples = ref.sink_triples + ref.sink_triples
    bad.send_numbers = {2026: [2]}
    found = "\n".join(cc.violations(["<a>"], ref, bad))
    assert "same Message-ID" in found
    assert "(recipient, kind, message)" in found
    assert "gap-free" in found
