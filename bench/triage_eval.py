#!/usr/bin/env python
"""The triage scored as an evaluation, on mail with known outcomes, through the one
decision `intake triage --json` and the poll use (intake/decide.py).

    .venv/bin/python bench/triage_eval.py [--json] [--misses]

Corpora: ../shared/corpus (16, the first set), ../shared/corpus-wide (120 by another
author) and tests/corpus (the project's own 69). corpus-wide is split once, by a hash
of the file name fixed before any result was looked at, into a tuning part and a
held-out part (HELD_OUT): a rule is never changed for a held-out message, and the
held-out part's per-message results are not printed unless --unseal is given.

Per part: disposition accuracy; detail accuracy (service, agency, forward_to,
channel_hint, high_risk, reply_to_case as the manifest gives them, among messages
whose disposition is right); the review rate; the confusion matrix; critical errors:
  deleted   a message that is not spam decided spam (a citizen's request lost)
  answered  machine mail (bounce, auto-reply, newsletter) given a reply
  agency    a matter for this unit or a sibling answered as another agency's
and the rules' time per message (parse excluded).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# the shared data sits beside the checkout (../shared), or beside the worktrees' folder
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared")
CORPORA = {  # part name -> (folder, manifest)
    "first16": (SHARED / "corpus", "manifest.jsonl"),
    "wide": (SHARED / "corpus-wide", "manifest.jsonl"),
    "own69": (ROOT / "tests" / "corpus", "expected.jsonl"),
}
DETAILS = ("service", "agency", "forward_to", "channel_hint", "high_risk", "reply_to_case")
ANSWERING = ("register", "wrong_channel", "forward", "out_of_authority")
OUR_DOMAIN = "@phetchaburi.m-society.go.th>"


def held_out(file: str) -> bool:
    """The held-out third of corpus-wide, by the file name alone (fixed 2026-12-03,
    before the first run; never changed since)."""
    return int(hashlib.sha256(file.encode()).hexdigest(), 16) % 3 == 0


def stand_in_cases(ids: list[str], subject: str) -> str | None:
    """The registry's look-up without a database: a Message-ID the unit sent (its own
    domain) belongs to an open case, as every acknowledgment opens one."""
    ours = [i for i in ids if i.strip().endswith(OUR_DOMAIN)]
    return f"case-of-{ours[0]}" if ours else None


@dataclass
class Result:
    file: str
    expected: dict
    got: dict
    seconds: float

    @property
    def right(self) -> bool:
        return self.got["disposition"] == self.expected["disposition"]

    def detail_misses(self) -> list[str]:
        return [f"{k} {self.got.get(k)!r} != {self.expected[k]!r}" for k in DETAILS
                if k in self.expected and self.got.get(k) != self.expected[k]]

    def critical(self) -> str | None:
        want, got = self.expected["disposition"], self.got["disposition"]
        if got == "spam" and want != "spam":
            return "deleted"
        if want == "machine" and got in ANSWERING:
            return "answered"
        if got == "out_of_authority" and want in ("register", "wrong_channel", "forward"):
            return "agency"
        return None


@dataclass
class Part:
    name: str
    results: list[Result] = field(default_factory=list)

    def summary(self) -> dict:
        n = len(self.results)
        right = [r for r in self.results if r.right]
        with_details = [r for r in right if any(k in r.expected for k in DETAILS)]
        detail_ok = [r for r in with_details if not r.detail_misses()]
        confusion = Counter((r.expected["disposition"], r.got["disposition"])
                            for r in self.results)
        critical = Counter(c for r in self.results if (c := r.critical()))
        return {
            "part": self.name, "messages": n,
            "disposition_right": len(right), "accuracy": round(len(right) / n, 4) if n else None,
            "details_checked": len(with_details), "details_right": len(detail_ok),
            "detail_accuracy": round(len(detail_ok) / len(with_details), 4)
            if with_details else None,
            "review_rate": round(sum(r.got["disposition"] == "review" for r in self.results) / n, 4)
            if n else None,
            "expected_review": sum(r.expected["disposition"] == "review" for r in self.results),
            "critical": dict(critical), "critical_total": sum(critical.values()),
            "confusion": {f"{w}->{g}": c for (w, g), c in sorted(confusion.items()) if w != g},
            "ms_per_message": round(1000 * sum(r.seconds for r in self.results) / n, 2)
            if n else None,
        }


def load(folder: Path, manifest: str) -> list[dict]:
    path = folder / manifest
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def evaluate(config=None, repeat: int = 1) -> dict[str, Part]:
    """Every corpus through intake.decide.decide; parts: first16, wide-tune, wide-held,
    own69 (a missing corpus gives an empty part). With repeat > 1 each message is decided
    that many times (parsed afresh each time) and its fastest time is kept: the figure of
    the rules, not of the other engineers' jobs on the shared machine."""
    from intake import config as config_mod
    from intake.decide import decide
    from intake.parse.mime import parse_message
    from rules.thai.text import TextIndex, _boundaries

    config = config or config_mod.load(None)
    warm = parse_message("From: a@example.org\r\nSubject: x\r\n\r\nเรียน ทดสอบ".encode())
    decide(config, warm, b"")
    TextIndex("ทดสอบการตัดคำ").has("ตัดคำ")  # the segmenter's dictionary loads once, not in the figures
    parts = {name: Part(name) for name in ("first16", "wide-tune", "wide-held", "own69")}
    for corpus, (folder, manifest) in CORPORA.items():
        for entry in load(folder, manifest):
            raw = (folder / entry["file"]).read_bytes()
            seconds = float("inf")
            for _ in range(repeat):
                parsed = parse_message(raw)
                _boundaries.cache_clear()  # every mail is new text: no segmentation from a pass before
                t = time.process_time()  # CPU time: the machine is shared
                decision = decide(config, parsed, raw, find_case=stand_in_cases)
                seconds = min(seconds, time.process_time() - t)
            got = {"disposition": decision.disposition,
                   **{k: getattr(decision, k) for k in DETAILS},
                   "rules": decision.rules,
                   "reasons": [r.th for r in decision.reasons]}
            name = corpus if corpus != "wide" else (
                "wide-held" if held_out(entry["file"]) else "wide-tune")
            parts[name].results.append(Result(entry["file"], entry, got, seconds))
    return parts


def _print(parts: dict[str, Part], misses: bool, unseal: bool) -> None:
    head = (f"{'part':<10} {'n':>4} {'disp.':>7} {'details':>9} {'review':>7} "
            f"{'critical':>9} {'ms/msg':>7}")
    print(head)
    for part in parts.values():
        s = part.summary()
        if not s["messages"]:
            continue
        print(f"{s['part']:<10} {s['messages']:>4} {s['accuracy']:>7.1%} "
              f"{s['detail_accuracy'] or 0:>9.1%} {s['review_rate']:>7.1%} "
              f"{s['critical_total']:>9} {s['ms_per_message']:>7.2f}")
    for part in parts.values():
        s = part.summary()
        if not s["messages"]:
            continue
        print(f"\n{s['part']}: confusion (expected->got) {s['confusion'] or '-'}; "
              f"critical {s['critical'] or '-'}")
        if misses and (unseal or part.name != "wide-held"):
            for r in part.results:
                if not r.right or r.detail_misses():
                    what = (f"{r.expected['disposition']} -> {r.got['disposition']}"
                            if not r.right else "; ".join(r.detail_misses()))
                    print(f"  {r.file}: {what}  [{', '.join(r.got['rules'])}]")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="the summaries as one JSON object")
    ap.add_argument("--misses", action="store_true",
                    help="list the wrong decisions (not of the held-out part)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="decide each message N times and keep its fastest time (timing)")
    ap.add_argument("--unseal", action="store_true",
                    help="also list the held-out part's misses (only after the tuning is done)")
    args = ap.parse_args(argv)
    parts = evaluate(repeat=args.repeat)
    if args.json:
        print(json.dumps({p.name: p.summary() for p in parts.values()}, ensure_ascii=False,
                         indent=1))
    else:
        _print(parts, args.misses, args.unseal)
    return 0


if __name__ == "__main__":
    sys.exit(main())
