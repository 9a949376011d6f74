"""The wheel a user installs: built from this tree, installed into a clean virtualenv (its
dependencies from the package index, pip's cache making a repeat quick), and `intake demo`
run from outside the source tree, so a module, template, font or data file that only the
source tree has shows up here and nowhere else."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.office,
              pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = env["PIP_NO_INPUT"] = "1"
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=timeout)
    assert proc.returncode == 0, f"{args[:3]} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def test_the_wheel_installs_in_a_clean_venv_and_its_demo_makes_the_archival_pdfs(tmp_path):
    started = time.monotonic()
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ROOT,
         cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("saraban_intake-*.whl")
    _run(sys.executable, "-m", "venv", tmp_path / "venv", cwd=tmp_path)
    python = tmp_path / "venv" / "bin" / "python"
    _run(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    installed = time.monotonic()
    # outside the source tree: nothing of ROOT on the path, the installed package only
    where = _run(python, "-c", "import intake; print(intake.__file__)", cwd=tmp_path).stdout
    assert not where.startswith(str(ROOT)) and "site-packages" in where
    demo = _run(tmp_path / "venv" / "bin" / "intake", "demo", "--dir", tmp_path / "demo",
                cwd=tmp_path, timeout=600).stdout
    n = len(list((ROOT / "intake" / "demo_mailbox").glob("*.eml")))
    assert f"fetched {n}, decided {n}, failed 0" in demo
    line = next(x for x in demo.splitlines() if x.startswith("archival PDFs:"))
    archived = re.match(r"archival PDFs: built (\d+), failed 0 ", line)
    assert archived, line
    built = int(archived.group(1))
    pdfs = list((tmp_path / "demo" / "store").rglob("*.pdf"))
    assert built > 0 and len(pdfs) == built
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    print(f"wheel built and installed in {installed - started:.0f} s, "
          f"demo ran in {time.monotonic() - installed:.0f} s")
