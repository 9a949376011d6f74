"""Where the project's fonts are, and the environment that makes subprocesses use them.

This folder holds Sarabun (OFL, Cadson Demak's revision of TH Sarabun New, the official
Thai government face) and fonts.conf, which answers "TH Sarabun New", "TH SarabunPSK"
and "TH Sarabun" with it instead of Debian's scaled Laksaman alias. Chromium and
LibreOffice read it through FONTCONFIG_FILE.
"""
from __future__ import annotations

import os
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent
FONTCONFIG_FILE = FONTS_DIR / "fonts.conf"
OFFICIAL_FAMILY = "TH Sarabun New"  # what documents and our pages ask for
SHIPPED_FAMILY = "Sarabun"  # what answers that name
REGULAR_TTF = FONTS_DIR / "Sarabun-Regular.ttf"
BOLD_TTF = FONTS_DIR / "Sarabun-Bold.ttf"
# CSS font stack for pages we render: the official name first, then the file's own name.
CSS_FONT_STACK = f"'{OFFICIAL_FAMILY}', '{SHIPPED_FAMILY}', 'TH SarabunPSK', sans-serif"


def subprocess_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of the environment with the project's fontconfig file set."""
    env = dict(os.environ if base is None else base)
    if FONTCONFIG_FILE.exists():
        env["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    return env
