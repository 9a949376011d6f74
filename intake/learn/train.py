"""Training and measuring the unit's model (rules/learn.py) on labelled examples.

An example is a raw message and what was decided for it in the end: the disposition
and, where they apply, the service, the sibling unit (forward_to) and the agency. The
unit's history gives them (history_examples: every decided message, a clerk's choice
where a clerk resolved it); the project's example corpus gives the starting model
(corpus_examples: tests/corpus and, when present, ../shared's corpora).

Measuring is in time order, as the model is used: trained on the older part, judged on
the newer (HOLDOUT). The same run finds, per disposition, the lowest confidence at which
the held-out precision is at least rules.learn.MIN_PRECISION over MIN_SUPPORT
predictions: only there may the model decide alone (and only if the unit's policy says
so)."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rules.learn import HEADS, MIN_PRECISION, MIN_SUPPORT, Model, message_text, thai_words

HOLDOUT = 0.2  # the newest share of the examples judged by a model trained on the rest
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Example:
    raw: bytes
    labels: dict  # head -> value ("" where it does not apply)
    when: str = ""  # sort key: the time it was decided (or the file name)


def history_examples(rt) -> list[Example]:
    """Every message of the unit that was decided (not waiting for review), oldest first."""
    from sqlalchemy import select

    from registry.models import Message

    out = []
    with rt.factory() as s:
        rows = s.execute(select(Message.sha256, Message.disposition, Message.decision,
                                Message.decided_at)
                         .where(Message.disposition.is_not(None),
                                Message.disposition != "review")
                         .order_by(Message.decided_at, Message.id)).all()
    for sha, disposition, decision, decided_at in rows:
        try:
            raw = rt.store.get(sha)
        except Exception:
            continue  # a raw message removed by the retention job teaches nothing
        d = decision or {}
        out.append(Example(raw, _labels(disposition, d), str(decided_at or "")))
    return out


def _labels(disposition: str, d: dict) -> dict:
    return {"disposition": disposition, "service": d.get("service") or "",
            "forward_to": d.get("forward_to") or "", "agency": d.get("agency") or ""}


def corpus_examples(root: Path = ROOT) -> list[Example]:
    """The project's example corpora with their expected outcomes, in file-name order:
    tests/corpus (always) and ../shared/corpus, ../shared/corpus-wide where present."""
    sources = [(root / "tests" / "corpus", "expected.jsonl"),
               (root.parent / "shared" / "corpus", "manifest.jsonl"),
               (root.parent / "shared" / "corpus-wide", "manifest.jsonl")]
    out = []
    for folder, listing in sources:
        path = folder / listing
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            eml = folder / row["file"]
            if eml.is_file() and row.get("disposition") not in (None, "review"):
                out.append(Example(eml.read_bytes(), _labels(row["disposition"], row),
                                   f"{folder.name}/{row['file']}"))
    return out


def fit(examples: list[Example]) -> Model:
    """The features fitted once, then a classifier per head with at least two values
    among the examples."""
    from intake.parse.mime import parse_message

    texts = [message_text(parse_message(e.raw)) for e in examples]
    features = _features()
    x = features.fit_transform(texts)
    for _name, vectorizer in features.transformer_list:
        vectorizer.stop_words_ = None  # the dropped terms, kept only for inspection
    heads = {}
    for head in HEADS:
        y = [e.labels.get(head, "") for e in examples]
        if len(set(y)) >= 2:
            heads[head] = _slim(_classifier().fit(x, y))
    counts = Counter(e.labels["disposition"] for e in examples)
    return Model(features, heads, meta={"examples": len(examples), "dispositions": dict(counts)})


def _features():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(analyzer=thai_words, sublinear_tf=True, max_features=5000)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                                  min_df=2, max_features=5000)),
    ])


def _classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")


def _slim(clf):
    """Weights stored as float32: the model file is half the size, the proposals the same
    to the third decimal."""
    import numpy as np

    clf.coef_ = clf.coef_.astype(np.float32)
    return clf


@dataclass
class Evaluation:
    trained_on: int
    judged: int
    accuracy: float  # of the proposed disposition on the held-out part
    per_disposition: dict  # disposition -> {"n", "precision", "recall"}
    thresholds: dict  # disposition -> lowest confidence with precision >= MIN_PRECISION

    def lines(self) -> list[str]:
        out = [f"trained on {self.trained_on} older examples, judged on the {self.judged} newest",
               f"disposition accuracy {100 * self.accuracy:.1f} %"]
        for d, m in sorted(self.per_disposition.items()):
            t = self.thresholds.get(d)
            out.append(f"  {d:17} n={m['n']:4}  precision {100 * m['precision']:5.1f} %  "
                       f"recall {100 * m['recall']:5.1f} %  "
                       + (f"decides alone from confidence {t:.2f}" if t is not None
                          else f"never alone (< {100 * MIN_PRECISION:g} % or < {MIN_SUPPORT} cases)"))
        return out


def evaluate(examples: list[Example]) -> tuple[Evaluation, Model | None]:
    """Train on the oldest (1 - HOLDOUT), judge the newest; (evaluation, that model)."""
    from intake.parse.mime import parse_message

    examples = sorted(examples, key=lambda e: e.when)
    cut = max(1, int(len(examples) * (1 - HOLDOUT)))
    older, newer = examples[:cut], examples[cut:]
    if len({e.labels["disposition"] for e in older}) < 2 or not newer:
        return Evaluation(len(older), len(newer), 0.0, {}, {}), None
    model = fit(older)
    proposals = [model.propose(parse_message(e.raw)) for e in newer]
    truth = [e.labels["disposition"] for e in newer]
    per = {}
    for d in sorted(set(truth) | {p.disposition for p in proposals}):
        said = [t for p, t in zip(proposals, truth) if p.disposition == d]
        n = sum(1 for t in truth if t == d)
        hit = sum(1 for t in said if t == d)
        per[d] = {"n": n, "precision": hit / len(said) if said else 0.0,
                  "recall": hit / n if n else 0.0}
    accuracy = sum(p.disposition == t for p, t in zip(proposals, truth)) / len(truth)
    return Evaluation(len(older), len(newer), accuracy, per,
                      thresholds(proposals, truth)), model


def thresholds(proposals, truth) -> dict:
    """Per disposition, the lowest confidence from which the model's proposals were right
    at least MIN_PRECISION of the time, over at least MIN_SUPPORT proposals."""
    out = {}
    for d in {p.disposition for p in proposals}:
        pairs = sorted(((p.confidence, t == d) for p, t in zip(proposals, truth)
                        if p.disposition == d), reverse=True)
        right = 0
        for i, (conf, ok) in enumerate(pairs, 1):
            right += ok
            if i >= MIN_SUPPORT and right / i >= MIN_PRECISION:
                out[d] = conf
    return out


def train(examples: list[Example]) -> tuple[Model, Evaluation]:
    """The model to keep: measured in time order first, then trained on every example,
    with the thresholds the measurement found."""
    evaluation, _ = evaluate(examples)
    model = fit(examples)
    model.meta.update(thresholds=evaluation.thresholds, accuracy=evaluation.accuracy,
                      judged=evaluation.judged)
    return model, evaluation
