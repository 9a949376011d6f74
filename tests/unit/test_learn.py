"""The unit's model (rules/learn.py, intake/learn/): it proposes with a confidence, its
file has a version, and a missing, corrupt or incompatible file means the rules alone."""
import gzip
import pickle
from pathlib import Path

import pytest

from intake import config as cfgmod
from intake.learn import model_warning, propose
from intake.learn.train import corpus_examples, fit, thresholds
from intake.parse.mime import parse_message
from rules import load_profile, triage
from rules.learn import FORMAT, MIN_SUPPORT, Model, Proposal, load_model

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"


def _examples():
    # the first 40 of tests/corpus: every disposition, and quick to learn
    return [e for e in corpus_examples(ROOT) if e.when.startswith("corpus/e")][:40]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    trained = fit(_examples())
    trained.save(tmp_path_factory.mktemp("model") / "m.pkl.gz")
    return trained


def _cfg(tmp_path, **learn):
    return cfgmod.from_dict({"learn": learn}, tmp_path)


def test_it_proposes_what_it_was_taught(model):
    for name in ("e01.eml", "e02.eml"):  # a register of S01, an English SEO spam
        proposal = model.propose(parse_message((CORPUS / name).read_bytes()))
        assert proposal.disposition == {"e01.eml": "register", "e02.eml": "spam"}[name]
        assert 0 < proposal.confidence <= 1 and proposal.version == model.version
    assert model.propose(parse_message((CORPUS / "e01.eml").read_bytes())).fields["service"][0] \
        == "S01"


def test_the_same_examples_give_the_same_file(model, tmp_path):
    assert fit(_examples()).save(tmp_path / "again.pkl.gz") == model.version


@pytest.mark.parametrize("content, why", [
    (None, "no model file"),
    (b"not a model at all", "unreadable"),
    (gzip.compress(pickle.dumps({"format": 0})), "not a model of format"),
    (gzip.compress(pickle.dumps({"format": FORMAT, "sklearn": "0.1", "heads": {}})), "retrain"),
])
def test_a_bad_model_file_means_rules_alone_never_a_crash(tmp_path, content, why):
    path = tmp_path / "model.pkl.gz"
    if content is not None:
        path.write_bytes(content)
    model, reason = load_model(path)
    assert model is None and why in reason
    cfg = _cfg(tmp_path, model_path=str(path))
    assert why in model_warning(cfg)  # intake health shows it
    raw = (CORPUS / "e02.eml").read_bytes()
    decision = triage(parse_message(raw), load_profile())
    before = decision.disposition
    propose(cfg, decision, parse_message(raw))
    assert decision.disposition == before and "model" not in decision.details


def test_the_proposal_and_version_go_on_the_decision_without_changing_it(model, tmp_path):
    path = tmp_path / "m.pkl.gz"
    model.save(path)
    raw = (CORPUS / "e01.eml").read_bytes()
    decision = triage(parse_message(raw), load_profile())
    decision.disposition = "review"  # as if the rules had been unsure
    propose(_cfg(tmp_path, model_path=str(path)), decision, parse_message(raw))
    assert decision.details["model"]["version"] == model.version
    assert decision.details["model"]["disposition"] == "register"
    assert decision.disposition == "review"  # decide_alone is off by default


def test_deciding_alone_needs_the_policy_and_the_measured_precision(model, tmp_path):
    path = tmp_path / "m.pkl.gz"
    raw = (CORPUS / "e01.eml").read_bytes()
    for measured, expected in (({}, "review"), ({"register": 0.0}, "register")):
        model.meta["thresholds"] = measured
        model.save(path)
        decision = triage(parse_message(raw), load_profile())
        decision.disposition = "review"
        propose(_cfg(tmp_path, model_path=str(path), decide_alone=True), decision,
                parse_message(raw))
        assert decision.disposition == expected


def test_a_threshold_needs_99_percent_over_enough_cases():
    def p(d, c):
        return Proposal(d, c, "v")

    right = [(p("spam", 0.9 + i / 1000), "spam") for i in range(MIN_SUPPORT)]
    assert thresholds(*zip(*right)) == {"spam": 0.9}
    wrong = right + [(p("spam", 0.95), "register")]
    assert "spam" not in thresholds(*zip(*wrong))  # 20 of 21: under 99 %
    assert thresholds(*zip(*right[:-1])) == {}  # too few cases


def test_the_shipped_starting_model_loads():
    model, why = load_model(ROOT / "intake" / "learn" / "starting_model.pkl.gz")
    assert why == "" and isinstance(model, Model)
