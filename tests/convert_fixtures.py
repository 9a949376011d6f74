"""Shared fixtures for the conversion tests: one warm office for the whole session.

A test that takes them is marked `office` (tests/conftest.py), and skipped where LibreOffice
is missing; a test that needs Chromium says so with @pytest.mark.browser.
"""
from __future__ import annotations

import shutil

import pytest


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
