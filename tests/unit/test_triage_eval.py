"""The evaluation (bench/triage_eval.py) on the three corpora: no critical error in any
part, and no part's accuracy below the figure reached when this test was written minus
a small margin. The held-out part of corpus-wide is never tuned on; its floor guards the
generality of the rules, not one message."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import triage_eval  # noqa: E402

WIDE = triage_eval.CORPORA["wide"][0]
pytestmark = pytest.mark.skipif(not (WIDE / "manifest.jsonl").is_file(),
                                reason=f"corpus-wide not found at {WIDE}")

# (disposition accuracy, detail accuracy) reached 2026-12-03, minus a margin
FLOORS = {"first16": (0.95, 0.95), "wide-tune": (0.93, 0.90), "wide-held": (0.74, 0.90),
          "own69": (0.97, 0.95)}


@pytest.fixture(scope="module")
def summaries():
    return {name: part.summary() for name, part in triage_eval.evaluate().items()}


def test_the_held_out_split_is_the_one_fixed_before_tuning():
    held = [f"d{i:03d}.eml" for i in range(17, 137) if triage_eval.held_out(f"d{i:03d}.eml")]
    assert len(held) == 47
    assert held[:4] == ["d018.eml", "d028.eml", "d029.eml", "d030.eml"]
    assert held[-3:] == ["d129.eml", "d130.eml", "d134.eml"]


def test_no_critical_error_in_any_part(summaries):
    # a request deleted as spam, machine mail answered, a matter of ours named to an agency
    assert {name: s["critical"] for name, s in summaries.items() if s["critical_total"]} == {}


@pytest.mark.parametrize("part", list(FLOORS))
def test_accuracy_does_not_fall_below_its_floor(summaries, part):
    s = summaries[part]
    disposition, details = FLOORS[part]
    assert s["messages"] > 0
    assert s["accuracy"] >= disposition, (s["accuracy"], s["confusion"])
    assert s["detail_accuracy"] >= details, s["detail_accuracy"]
