"""Each benchmark in bench/ runs end to end at a tiny size (CI checks they work, not their
figures: the figures live in docs/benchmarks.md). --no-doc keeps docs/ as it is."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .servers import find_binary, find_postgres_bindir

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def run_bench(script: str, *args: str, timeout: int = 120) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args, "--no-doc"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout)
    assert proc.returncode == 0, f"{script} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def needs(binary: str):
    if not find_binary(binary):
        if os.environ.get("CI"):
            pytest.fail(f"{binary} is not installed", pytrace=False)
        pytest.skip(f"{binary} is not installed")


@pytest.mark.dovecot  # the bench starts its own servers: markers by hand
def test_throughput_runs_and_the_pipeline_registers_what_it_fetched():
    needs("dovecot")
    out = run_bench("throughput.py", "--messages", "12", "--profile", "0",
                    "--experiments", "none")
    assert "bare limit (before)" in out
    serial = next(x for x in out.splitlines() if x.startswith("pipeline, serial:"))
    assert "(12 messages" in serial and "0 failed" in serial
    parallel = next(x for x in out.splitlines() if x.startswith("pipeline, parallel"))
    assert "0 failed" in parallel


@pytest.mark.dovecot
@pytest.mark.smtp
def test_latency_runs_and_every_message_is_acknowledged():
    needs("dovecot")
    out = run_bench("latency.py", "--messages", "3", "--gap", "0.5")
    line = next(x for x in out.splitlines() if x.startswith("intake run:"))
    assert line.endswith("not acknowledged 0"), line


def test_search_runs_on_sqlite_and_finds_thai_words():
    out = run_bench("search.py", "--rows", "1000", "--queries", "10", "--db", "sqlite",
                    "--reindex-sample", "100")
    assert "sqlite: search p95" in out


@pytest.mark.postgres
@pytest.mark.skipif(not find_postgres_bindir(), reason="PostgreSQL is not installed")
def test_search_runs_on_postgres():
    out = run_bench("search.py", "--rows", "1000", "--queries", "5", "--db", "postgres",
                    "--reindex-sample", "0")
    assert "postgres: search p95" in out


def test_backlog_imports_an_mbox_without_sending():
    out = run_bench("backlog.py", "--messages", "8")
    line = next(x for x in out.splitlines() if x.startswith("8 messages in"))
    assert "'failed': 0" in line


@pytest.mark.office
@pytest.mark.browser
def test_conversion_runs():
    needs("soffice")
    needs("chromium")
    out = run_bench("conversion.py", "--rounds", "1", "--docs", "0", "--types", "docx",
                    timeout=240)
    line = next(x for x in out.splitlines() if x.startswith("docx"))
    assert "warm" in line and "cold" in line
