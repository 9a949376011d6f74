"""Accuracy of the triage on the project's own 69-message corpus (tests/corpus).

Safety first: no message whose expected disposition is not spam may be decided spam
(a real request is never deleted). Then accuracy per disposition, printed as a table
(`pytest -s tests/unit/test_own_corpus.py`), with floors for the overall disposition
accuracy and for the details (service, agency, forward_to, channel_hint, high_risk,
reply_to_case) of the messages whose disposition is right.

The rules were tuned while looking at this corpus, so its accuracy is optimistic; the
floors leave room for the held-out set's different wording, not for regressions here.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from intake.parse.mime import parse_message
from rules import load_profile, triage
from rules.base import DISPOSITIONS, REVIEW, SPAM, TriageContext

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED = [json.loads(line) for line in
            (CORPUS / "expected.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
DETAILS = ("service", "forward_to", "agency", "channel_hint", "high_risk", "reply_to_case")
OUR_DOMAIN = "@phetchaburi.m-society.go.th>"

ACCURACY_FLOOR = 0.95  # disposition right
DETAIL_FLOOR = 0.95  # every expected detail right, among messages with the right disposition


def _find_case(ids, subject):
    """Like the registry: a Message-ID we sent (our domain) belongs to an open case."""
    ours = [i for i in ids if i.endswith(OUR_DOMAIN)]
    return f"case-of-{ours[0]}" if ours else None


@pytest.fixture(scope="module")
def results():
    profile = load_profile()
    out = []
    for entry in EXPECTED:
        raw = (CORPUS / entry["file"]).read_bytes()
        decision = triage(parse_message(raw), profile, TriageContext(find_case=_find_case, raw=raw))
        out.append((entry, decision))
    return out


def _detail_misses(entry, decision) -> list[str]:
    return [f"{k}: {getattr(decision, k)!r} != {entry[k]!r}"
            for k in DETAILS if k in entry and getattr(decision, k) != entry[k]]


def test_corpus_has_every_disposition():
    assert len(EXPECTED) >= 60
    assert {e["disposition"] for e in EXPECTED} == set(DISPOSITIONS)


def test_no_real_message_is_ever_decided_spam(results):
    deleted = [(e["file"], e["disposition"], d.rules) for e, d in results
               if d.disposition == SPAM and e["disposition"] != SPAM]
    assert not deleted, f"real messages decided spam: {deleted}"


def test_accuracy_per_disposition(results):
    total, right = Counter(), Counter()
    confusions = defaultdict(Counter)
    for entry, decision in results:
        want = entry["disposition"]
        total[want] += 1
        if decision.disposition == want:
            right[want] += 1
        else:
            confusions[want][decision.disposition] += 1
    print("\n\ndisposition        right / total   accuracy   wrong as")
    for disp in DISPOSITIONS:
        if total[disp]:
            wrong = ", ".join(f"{k} {n}" for k, n in confusions[disp].most_common())
            share = right[disp] / total[disp]
            print(f"{disp:<18} {right[disp]:>5} / {total[disp]:<5}   {share:>7.0%}    {wrong}")
    overall = sum(right.values()) / len(results)
    no_clerk = sum(d.disposition != REVIEW for _, d in results) / len(results)
    print(f"{'overall':<18} {sum(right.values()):>5} / {len(results):<5}   {overall:>7.1%}")
    print(f"decided without a clerk: {no_clerk:.1%} "
          f"(the corpus expects {total[REVIEW]} of {len(results)} to need one)")
    misses = [(e["file"], e["disposition"], d.disposition) for e, d in results
              if d.disposition != e["disposition"]]
    assert overall >= ACCURACY_FLOOR, misses


def test_details_of_rightly_decided_messages(results):
    checked = [(e, d) for e, d in results if d.disposition == e["disposition"]
               and any(k in e for k in DETAILS)]
    wrong = {e["file"]: _detail_misses(e, d) for e, d in checked if _detail_misses(e, d)}
    share = 1 - len(wrong) / len(checked)
    print(f"\ndetails right: {len(checked) - len(wrong)} / {len(checked)} ({share:.0%})")
    for file, misses in wrong.items():
        print(f"  {file}: {'; '.join(misses)}")
    assert share >= DETAIL_FLOOR, wrong


def test_every_decision_explains_itself(results):
    for entry, decision in results:
        assert decision.reasons, entry["file"]
        assert all(r.th for r in decision.reasons), entry["file"]
