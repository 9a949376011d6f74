"""The demo's summary table lines up Thai, and the demo names the same packages that
scripts/setup.sh --demo installs."""
import re
from pathlib import Path

from intake.cli.demo import DEMO_PACKAGES, _cut, _table, display_width

ROOT = Path(__file__).resolve().parents[2]


def _column_starts(line: str) -> list[int]:
    """Display columns where each cell starts (cells hold no spaces; two separate them)."""
    return [display_width(line[:m.start()]) for m in re.finditer(r"\S+", line)]


def test_thai_marks_take_no_column_and_sara_am_one():
    assert display_width("ที่") == 1  # vowel above and tone mark: none
    assert display_width("น้ำ") == 2  # tone mark none, SARA AM one
    assert display_width("ผู้สูงอายุ") == 6
    assert display_width("abc") == 3


def test_columns_line_up_for_thai_cells_with_tone_marks_and_sara_am():
    rows = [("1", "น้ำท่วมบ้าน", "register", "๑๒/๒๕๖๙"),
            ("2", "ขอรับเงินผู้สูงอายุ", "spam", ""),
            ("3", "plain-latin-subject", "ที่ผิดช่องทาง", "7/2569"),
            ("14", "ค่ำ", "review", "x")]
    lines = _table(("#", "subject", "disposition", "รับที่"), rows).splitlines()
    head, rule, body = lines[0], lines[1], lines[2:]
    starts = _column_starts(head)
    assert _column_starts(rule) == starts
    for line in body:
        got = _column_starts(line)
        assert got == starts[:len(got)], line


def test_a_cut_subject_fits_its_width_and_keeps_a_letter_with_its_marks():
    text = "ขอรับเงินสงเคราะห์ครอบครัวผู้มีรายได้น้อยและผู้ไร้ที่พึ่ง"
    for width in (5, 12, 20):
        cut = _cut(text, width)
        assert display_width(cut) <= width and cut.endswith("…")
        kept = cut[:-1]
        assert text.startswith(kept) and display_width(text[len(kept)]) == 1  # no stray mark
    assert _cut("สั้น", 10) == "สั้น"


def test_the_demo_names_the_packages_setup_installs():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    listed = re.search(r"^DEMO_PACKAGES=\(([^)]*)\)", setup, re.M).group(1).split()
    assert tuple(listed) == DEMO_PACKAGES
