"""Shared fixtures for the conversion tests: one warm office for the whole session."""
from __future__ import annotations

import shutil

import pytest

needs_office = pytest.mark.skipif(shutil.which("soffice") is None,
                                  reason="LibreOffice not installed (scripts/setup.sh --system)")
needs_chromium = pytest.mark.skipif(
    not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")),
    reason="Chromium not installed (scripts/setup.sh --system)")


@pytest.fixture(scope="session")
def office():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    from intake.archive.convert.office import OfficeServer

    server = OfficeServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def office_documents(office):
    """kind -> bytes of a real document saved by LibreOffice."""
    from tests.documents.make_documents import OFFICE_RECIPES, office_document

    return {kind: office_document(office, kind) for kind in OFFICE_RECIPES}
