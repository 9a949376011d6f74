"""The scheduler's retraining (learn.retrain_hours): the model learnt again from the
unit's whole history and written over learn.model_path, which the processor picks up
at its next decision (intake/learn/__init__.py reloads a changed file). A history too
small to train on keeps the model there is."""
from __future__ import annotations

import logging

log = logging.getLogger("intake.learn")
MIN_EXAMPLES = 50


def retrain(rt) -> str | None:
    """Train and write the model; its version, or None when nothing was written."""
    from intake.learn.train import history_examples, train

    examples = history_examples(rt)
    if len(examples) < MIN_EXAMPLES:
        log.info("model not retrained: %d decided messages (at least %d needed)",
                 len(examples), MIN_EXAMPLES)
        return None
    try:
        model, evaluation = train(examples)
        version = model.save(rt.config.path("learn.model_path"))
    except Exception:
        log.exception("model retraining failed; the previous model stays")
        return None
    log.info("model %s trained on %d examples; held-out accuracy %.1f %%", version,
             len(examples), 100 * evaluation.accuracy)
    return version
