"""Take the README's screenshots: the dashboard, the receive register and a case page,
from a registry filled by a real poll of the bundled demo mailbox (tests/integration's
build_site), in headless Chromium (Debian's, through Playwright).

    .venv/bin/python docs/screenshots/make.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from sqlalchemy import select  # noqa: E402

from intake.web import create_app  # noqa: E402
from registry.models import Case  # noqa: E402
from tests.integration.test_web import build_site  # noqa: E402
from tests.integration.test_web_browser import chromium, new_page, serving, sign_in  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="intake-shots-") as tmp:
        site = build_site(Path(tmp))
        with site.proc.factory() as s:
            case_msg = s.scalar(select(Case.message_pk).where(Case.ref == site.proposed_ref))
        with serving(create_app(site.proc)) as base, chromium() as browser:
            dialogs: list[str] = []
            page = new_page(browser, dialogs)
            sign_in(page, base, "head1")
            shots = {"dashboard.png": "/?box=open",
                     "register.png": "/registers/receive",
                     "case.png": f"/messages/{case_msg}#case"}
            for name, url in shots.items():
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(HERE / name), full_page=name != "case.png")
                print(HERE / name)


if __name__ == "__main__":
    main()
