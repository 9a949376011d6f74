"""`intake triage --json` is the dry run clerks and evaluators use: it must print the
manifest's outcome for every shared corpus message, with the rules and reasons."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the real command in its own interpreter, each a few seconds
ROOT = Path(__file__).resolve().parents[2]
DETAILS = ("service", "forward_to", "agency", "channel_hint", "high_risk", "reply_to_case")


def test_triage_json_matches_the_manifest(corpus_dir):
    manifest = [json.loads(line) for line in
                (corpus_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line]
    files = [str(corpus_dir / m["file"]) for m in manifest]
    out = subprocess.run([sys.executable, "-m", "intake.cli", "triage", *files, "--json"],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    got = {row["file"]: row for row in map(json.loads, out.stdout.splitlines())}
    assert set(got) == {m["file"] for m in manifest}
    for m in manifest:
        row = got[m["file"]]
        assert row["disposition"] == m["disposition"], (m["file"], row["reasons"])
        assert row["rules"] and row["reasons"], m["file"]  # always explained
        for key in DETAILS:
            if key in m:
                assert row.get(key) == m[key], (m["file"], key, row)


def test_triage_has_no_side_effects(tmp_path, corpus_dir):
    f = next(corpus_dir.glob("d*.eml"))
    out = subprocess.run([sys.executable, "-m", "intake.cli", "triage", str(f), "--json"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0
    assert list(tmp_path.iterdir()) == []  # no database, no store, no outbox written


def test_official_letter_fields_come_from_the_attached_pdf(corpus_dir):
    manifest = [json.loads(line) for line in
                (corpus_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line]
    letters = [m for m in manifest if m.get("doc_number")]
    assert letters
    out = subprocess.run([sys.executable, "-m", "intake.cli", "triage",
                          *[str(corpus_dir / m["file"]) for m in letters], "--json"],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    rows = {r["file"]: r for r in map(json.loads, out.stdout.splitlines())}
    for m in letters:
        row = rows[m["file"]]
        for key in ("doc_number", "doc_number_ascii", "doc_date", "subject", "sender_agency"):
            assert row[key] == m[key], (m["file"], key)
        assert row.get("urgency", "none") == m["urgency"]
