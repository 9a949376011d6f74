"""Fixtures every test may use. Keep this small: feature fixtures live next to their tests."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = (REPO_ROOT / ".." / "shared").resolve()


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
