"""The unit's model in the running processor: loaded once per file version, used for
every decision, retrained by the scheduler (intake/learn/train.py does the work).

A missing, corrupt or incompatible model is never a crash: the rules decide alone, one
log line says why (once per file state) and `intake health` warns (model_warning)."""
from __future__ import annotations

import logging
from pathlib import Path

from rules.learn import Model, load_model

log = logging.getLogger("intake.learn")
STARTING_MODEL = Path(__file__).with_name("starting_model.pkl.gz")

_loaded: dict[Path, tuple[tuple, Model | None, str]] = {}


def model_path(config) -> Path:
    """learn.model_path, or the starting model shipped with the project when empty."""
    return config.path("learn.model_path") if config.get("learn.model_path") else STARTING_MODEL


def current_model(config) -> Model | None:
    """The model to propose with, or None (learning off, or no usable model file)."""
    if not config.get("learn.enabled"):
        return None
    return _load(model_path(config))[0]


def model_warning(config) -> str | None:
    """Why the rules decide alone although learning is on, for the health check."""
    if not config.get("learn.enabled"):
        return None
    return _load(model_path(config))[1] or None


def _load(path: Path) -> tuple[Model | None, str]:
    try:
        st = path.stat()
        state = (st.st_mtime_ns, st.st_size)
    except OSError:
        state = ()
    cached = _loaded.get(path)
    if cached and cached[0] == state:
        return cached[1], cached[2]
    model, why = load_model(path)
    if why:
        log.warning("model not used, the rules decide alone: %s", why)
    _loaded[path] = (state, model, why)
    return model, why


def propose(config, decision, parsed) -> None:
    """Where the rules held a message for review, add the model's proposal to the
    decision (details["model"], shown beside the clerk's form); where the unit's
    policy lets the model decide alone (learn.decide_alone) and its measured precision
    allows, take its disposition. Runs before the unit's approval policy, which may
    still hold the result for a person."""
    model = current_model(config)
    if model is None:
        return
    if decision.disposition != "review":
        # what the rules settled needs no proposal (a prediction costs ~10 ms): the
        # version alone says which model was in use
        decision.details["model"] = {"version": model.version}
        return
    try:
        proposal = model.propose(parsed)
    except Exception as exc:  # a model that cannot read this message: the rules alone
        log.warning("model %s could not propose: %s", model.version, exc)
        return
    decision.details["model"] = proposal.as_json()
    if config.get("learn.decide_alone") and model.may_decide(proposal):
        _adopt(decision, proposal)


def _adopt(decision, proposal) -> None:
    from rules.base import Reason

    decision.disposition = proposal.disposition
    for head in ("service", "forward_to", "agency"):
        if head in proposal.fields:
            setattr(decision, head, proposal.fields[head][0])
    decision.rules.append("model")
    decision.reasons.append(Reason(
        "model", f"แบบจำลองของหน่วยงาน (รุ่น {proposal.version}) เสนอ {proposal.disposition} "
        f"ความมั่นใจ {proposal.confidence:.0%} ซึ่งเคยแม่นยำไม่น้อยกว่า 99% ตามนโยบายของหน่วยงาน",
        f"the unit's model {proposal.version} decided {proposal.disposition} at confidence "
        f"{proposal.confidence:.2f}, where its measured precision is at least 99 %"))
