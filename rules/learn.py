"""The unit's own statistical model: a proposal learnt from its clerks' decisions.

Every decision a clerk made (a review resolved, an automatic decision left standing) is
a labelled example. The model (scikit-learn: TF-IDF over Thai-segmented words and over
character n-grams of the subject, the body and the attachments' names, then a logistic
regression per head over those features) proposes the disposition and, where they
apply, the service, the sibling unit and the agency, each with a confidence — the way Paperless-ngx learns its
matching from a user's own documents. Its proposal is shown beside the clerk's review form;
it decides alone only where the unit's policy allows it and its precision measured on
the unit's own history reached MIN_PRECISION (see may_decide).

Pure given its file: this module reads the message and the model, nothing else (the
training, which needs the registry, is intake/learn/). A missing, corrupt or
incompatible model file is never an error here: load_model returns None and the reason,
and the rules decide alone.
"""
from __future__ import annotations

import gzip
import hashlib
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FORMAT = 2  # the layout of the model file; a different one is incompatible
HEADS = ("disposition", "service", "forward_to", "agency")
MIN_PRECISION = 0.99  # measured precision needed before the model may decide alone
MIN_SUPPORT = 20  # held-out predictions a precision must rest on


def message_text(msg) -> str:
    """What the model reads: subject, body, attachments' names, and a few header signs
    written as words (list and bulk mail, the sender's domain)."""
    signs = [f"hdr_{h.replace('-', '_')}" for h in ("list-id", "list-unsubscribe", "precedence",
                                                    "auto-submitted", "in-reply-to")
             if msg.header(h)]
    domain = (msg.from_addr or "").rpartition("@")[2].lower()
    names = " ".join(a.filename or "" for a in msg.attachments)
    return "\n".join([" ".join(signs), f"from_{domain}", msg.subject or "", names,
                      (msg.text or "")[:20000]])


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[str, ...]:
    from rules.thai.text import _tokenize, normalize

    return tuple(t for t in _tokenize(normalize(text)) if t.strip() and len(t) > 1)


def thai_words(text: str) -> list[str]:
    """Words of normalised Thai (and other) text by PyThaiNLP's newmm segmenter; the
    analyzer of the word features (module level so the model file can name it; the
    words of a text are kept, as every head of a training reads the same texts)."""
    return list(_words(text))


@dataclass
class Proposal:
    """What the model proposes for one message; confidence is the probability of the
    proposed value, 0..1."""

    disposition: str
    confidence: float
    version: str
    fields: dict = field(default_factory=dict)  # head -> (value, confidence)

    def as_json(self) -> dict:
        return {"version": self.version, "disposition": self.disposition,
                "confidence": round(self.confidence, 3),
                **{k: v for k, (v, _c) in self.fields.items()}}


class Model:
    """A trained model: the features (fitted once), one classifier per head, and what
    was measured."""

    def __init__(self, features, heads: dict, *, meta: dict, version: str = ""):
        self.features, self.heads, self.meta, self.version = features, heads, meta, version

    def propose(self, msg) -> Proposal:
        x = self.features.transform([message_text(msg)])
        best = {}
        for head, clf in self.heads.items():
            probs = clf.predict_proba(x)[0]
            i = int(probs.argmax())
            best[head] = (str(clf.classes_[i]), float(probs[i]))
        disposition, confidence = best.pop("disposition")
        return Proposal(disposition, confidence, self.version,
                        {h: v for h, v in best.items() if v[0]})

    def may_decide(self, proposal: Proposal) -> bool:
        """The model's measured precision for this disposition, at this confidence, on the
        unit's held-out history is at least MIN_PRECISION (thresholds from training)."""
        threshold = self.meta.get("thresholds", {}).get(proposal.disposition)
        return threshold is not None and proposal.confidence >= threshold

    def save(self, path: Path) -> str:
        """Write the model; its version is the hash of what was written."""
        payload = {"format": FORMAT, "sklearn": _sklearn_version(), "meta": self.meta,
                   "features": self.features, "heads": self.heads}
        data = gzip.compress(pickle.dumps(payload, protocol=4), mtime=0)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        self.version = hashlib.sha256(data).hexdigest()[:12]
        return self.version


def load_model(path: Path) -> tuple[Model | None, str]:
    """(model, "") or (None, why not): missing, unreadable, corrupt, another format or
    another scikit-learn than the one it was trained with. Never raises."""
    path = Path(path)
    if not path.is_file():
        return None, f"no model file at {path}"
    try:
        data = path.read_bytes()
        payload = pickle.loads(gzip.decompress(data))
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            return None, f"{path}: not a model of format {FORMAT}"
        if payload.get("sklearn") != _sklearn_version():
            return None, (f"{path}: trained with scikit-learn {payload.get('sklearn')}, "
                          f"this is {_sklearn_version()}; retrain (intake model train)")
        features, heads = payload["features"], payload["heads"]
        if "disposition" not in heads:
            return None, f"{path}: no disposition head"
    except Exception as exc:  # a corrupt file of any kind: the rules decide alone
        return None, f"{path}: unreadable model ({type(exc).__name__}: {exc})"
    return Model(features, heads, meta=payload.get("meta") or {},
                 version=hashlib.sha256(data).hexdigest()[:12]), ""


def _sklearn_version() -> str:
    try:
        import sklearn
    except ImportError:
        return "absent"
    return sklearn.__version__
