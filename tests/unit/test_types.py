"""The typed seams are checked: mypy, as configured in pyproject.toml ([tool.mypy]: the
Runtime, the acting handlers, the sources, the transports, the rules' engine, the
registry), passes. A handler, a source or a rule that stops fitting its protocol fails
here, not in production."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_passes_on_the_typed_seams():
    pytest.importorskip("mypy")
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
