#!/usr/bin/env python
"""Benchmark 7 — the unit's model learning from its clerks: a replay in time order.

    .venv/bin/python bench/learning.py [--retrain-every 40] [--spamassassin 0] [--no-doc]

The labelled messages (the project's example corpora, intake/learn/train.py
corpus_examples, with --spamassassin N also N of each SpamAssassin group: spam-2 as spam,
easy-ham-2 and hard-ham-1 as machine — list mail and newsletters) arrive in the order of
their Date header. For each one the rules decide (no spamd); a simulated clerk resolves
every review with the true outcome and corrects every wrong automatic decision. The
model starts with nothing, is retrained (intake.learn.train.train: measured in time
order, then fitted on all) on everything seen every --retrain-every messages, and for
each message proposes before the clerk sees it. Per block of messages it reports:

  rules alone     review rate, and accuracy of what the rules decided alone
  proposal        how often the model's proposal (pre-filling the review form) was the
                  clerk's choice, on the reviews
  deciding alone  with learn.decide_alone on: the reviews the model took (only at a
                  confidence where its measured precision was >= 99 %) and how many of
                  those were right
"""
from __future__ import annotations

import argparse
import email.utils
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, md_table, section_head, write_section  # noqa: E402


def _when(raw: bytes) -> float:
    from email import message_from_bytes

    try:
        return email.utils.parsedate_to_datetime(message_from_bytes(raw)["Date"]).timestamp()
    except Exception:
        return 0.0


def examples(spamassassin: int):
    from intake.learn.train import Example, corpus_examples

    out = corpus_examples(ROOT)
    if spamassassin:
        import spamassassin_corpus as sa

        label = {"spam-2": "spam", "easy-ham-2": "machine", "hard-ham-1": "machine"}
        out += [Example(raw, {"disposition": label[g], "service": "", "forward_to": "",
                              "agency": ""}, name)
                for g, _split, name, raw in sa.sample(spamassassin)]
    return sorted(out, key=lambda e: (_when(e.raw), e.when))


def replay(items, retrain_every: int):
    from intake.learn.train import train
    from intake.parse.mime import parse_message
    from rules import load_profile, triage

    profile = load_profile()
    model, rows, seen, block = None, [], [], _block()
    for i, ex in enumerate(items, 1):
        parsed = parse_message(ex.raw)
        truth = ex.labels["disposition"]
        decision = triage(parsed, profile)
        proposal = model.propose(parsed) if model else None
        block["n"] += 1
        if decision.disposition == "review":
            block["review"] += 1
            if proposal:
                block["proposed_right"] += proposal.disposition == truth
                if model.may_decide(proposal):
                    block["alone"] += 1
                    block["alone_right"] += proposal.disposition == truth
        else:
            block["auto"] += 1
            block["auto_right"] += decision.disposition == truth
        seen.append(ex)
        if i % retrain_every == 0 or i == len(items):
            rows.append(_row(i, block, model))
            block = _block()
            if len({e.labels["disposition"] for e in seen}) >= 2:
                t = time.monotonic()
                model, _ = train(seen)
                model.version = f"{len(seen)} seen, {time.monotonic() - t:.0f} s"
    return rows


def _block() -> dict:
    return dict.fromkeys(("n", "review", "auto", "auto_right", "proposed_right", "alone",
                          "alone_right"), 0)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f} % ({a}/{b})" if b else "—"


def _row(i: int, b: dict, model) -> list:
    return [i, b["n"], _pct(b["review"], b["n"]), _pct(b["auto_right"], b["auto"]),
            _pct(b["proposed_right"], b["review"]) if model else "no model yet",
            _pct(b["alone"], b["review"]) if model else "—",
            _pct(b["alone_right"], b["alone"]) if model else "—"]


HEAD = ["messages so far", "in block", "review rate (rules)", "rules alone right",
        "proposal = clerk's choice (reviews)", "reviews the model took", "of those right"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--retrain-every", type=int, default=40)
    ap.add_argument("--spamassassin", type=int, default=0,
                    help="also N messages of each SpamAssassin corpus group")
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args(argv)
    items = examples(args.spamassassin)
    started = time.monotonic()
    rows = replay(items, args.retrain_every)
    text = md_table(HEAD, rows)
    print(text)
    print(f"{len(items)} messages in {time.monotonic() - started:.0f} s")
    if not args.no_doc:
        write_section("learning", section_head(
            "7. The unit's model learning from its clerks (replay in time order)",
            f"bench/learning.py --retrain-every {args.retrain_every}"
            + (f" --spamassassin {args.spamassassin}" if args.spamassassin else ""),
            "Rules without spamd; a simulated clerk resolves each review and corrects each "
            "wrong automatic decision; the model is retrained on all seen so far after "
            "each block and proposes for the next.") + "\n" + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
