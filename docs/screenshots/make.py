"""Take the README's screenshots: the dashboard, the receive register, the review page (the
mail beside the decision) and a case page, at the widths clerks use (a phone, 390 px; a
small office screen, 1024 px; a laptop, 1366 px), from a registry filled by a real poll of
the bundled demo mailbox (tests/integration's build_site), in headless Chromium (Debian's,
through Playwright).

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
from tests.integration.test_web_browser import (  # noqa: E402
    WIDTHS,
    chromium,
    new_page,
    serving,
    sign_in,
)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="intake-shots-") as tmp:
        site = build_site(Path(tmp))
        with site.proc.factory() as s:
            case_msg = s.scalar(select(Case.message_pk).where(Case.ref == site.proposed_ref))
        shots = {"dashboard": "/?box=open",
                 "register": "/registers/receive",
                 "review": f"/review/{site.review_ids[0]}?disposition=register&service=S20",
                 "case": f"/messages/{case_msg}#case"}
        with serving(create_app(site.proc.rt)) as base, chromium() as browser:
            for width in WIDTHS:
                dialogs: list[str] = []
                page = new_page(browser, dialogs, width=width)
                sign_in(page, base, "head1")
                for name, url in shots.items():
                    page.goto(base + url)
                    page.wait_for_load_state("networkidle")
                    path = HERE / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=name != "case")
                    print(path)


if __name__ == "__main__":
    main()
