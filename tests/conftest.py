"""Fixtures every test may use, and the markers that sort tests by what they need.

A test's markers follow from the fixtures it takes (FIXTURE_MARKERS), so a test cannot forget
one, and every test in tests/integration is `integration`: `./run quick` (-m "not integration
and not office and not browser and not ocr and not slow") is the contributor's run without
servers or tools. A test that starts a server or tool by itself (a bench script, a subprocess
of soffice or chromium) carries its marker explicitly. A test marked office, browser
or ocr is skipped where the tool is missing (in CI, env CI set, it fails instead).
Keep this small: feature fixtures live next to their tests.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = (REPO_ROOT / ".." / "shared").resolve()
INTEGRATION_DIR = REPO_ROOT / "tests" / "integration"

# fixture name -> the markers a test that takes it gets
FIXTURE_MARKERS = {
    "dovecot": ("dovecot",), "dovecot_server": ("dovecot",),
    "smtp_sink": ("smtp",),
    "postgres_server": ("postgres",), "postgres_url": ("postgres",),
    "postgres_db_url": ("postgres",),
    "spamd": ("spamd",),
    "office": ("office",), "office_documents": ("office",),
    "browser": ("browser",),  # tests/integration/test_web_browser.py: Chromium under playwright
}
SERVERS = {"dovecot", "smtp", "postgres", "spamd"}  # each implies `integration`


def _has_chromium() -> bool:
    from intake.archive.convert.html import find_chromium

    return find_chromium() is not None


def _has_ocr() -> bool:
    from intake.archive.convert.ocr import available

    return available()


# marker -> (is the tool here?, its name in the skip reason)
TOOLS = {
    "office": (lambda: shutil.which("soffice") is not None, "LibreOffice"),
    "browser": (_has_chromium, "Chromium"),
    "ocr": (_has_ocr, "tesseract with Thai"),
}


def pytest_collection_modifyitems(config, items):
    present: dict[str, bool] = {}
    for item in items:
        wanted = {m for name in item.fixturenames for m in FIXTURE_MARKERS.get(name, ())}
        has = {m.name for m in item.iter_markers()}
        if (wanted | has) & SERVERS or INTEGRATION_DIR in Path(item.path).parents:
            wanted.add("integration")
        for name in sorted(wanted - has):
            item.add_marker(name)
        for name, (here, what) in TOOLS.items():
            if item.get_closest_marker(name) is None:
                continue
            if name not in present:
                present[name] = here()
            if not present[name] and not os.environ.get("CI"):  # in CI a missing tool fails
                item.add_marker(pytest.mark.skip(
                    reason=f"{what} is not installed (scripts/setup.sh --system installs it)"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder (domain docs, corpus, seeds), beside the work tree."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared/ folder not found at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    """Sample e-mails (d01..d16.eml) with expected outcomes in manifest.jsonl."""
    corpus = shared_dir / "corpus"
    if not (corpus / "manifest.jsonl").is_file():
        pytest.skip(f"corpus not found at {corpus}")
    return corpus
