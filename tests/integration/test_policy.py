"""The unit's approval policy: a disposition the config holds goes to review, unanswered."""
import mailbox

import pytest
from sqlalchemy import select

from intake import config as cfgmod
from intake.pipeline import Processor
from registry.models import Message, OutboxItem

from .spine_helpers import default_database_url, corpus_files, counts, manifest

pytestmark = [pytest.mark.integration, pytest.mark.any_database]


def _run(tmp_path, policy):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for f in corpus_files():
        box.add(f.read_bytes())
    cfg = cfgmod.from_dict({
        "database": {"url": default_database_url()}, "store": {"path": "s"}, "policy": policy,
        "mailboxes": {"m": {"kind": "maildir", "path": str(tmp_path / "Maildir")}},
    }, base_dir=tmp_path)
    proc = Processor(cfg)
    proc.poll(cfg.mailboxes[0])
    return proc


def test_register_held_for_the_head_is_not_registered_nor_answered(tmp_path):
    expected = manifest()
    proc = _run(tmp_path, {"register": "head"})
    with proc.factory() as s:
        msgs = list(s.scalars(select(Message)))
    held = [m for m in msgs if m.decision.get("details", {}).get("proposed") == "register"]
    assert held, "the corpus has messages the rules register"
    for m in held:
        assert m.disposition == "review"
        assert m.decision["details"]["held_for"] == "head"
        assert any(r["rule"] == "approval_policy" for r in m.decision["reasons"])
    c = counts(proc.factory)
    n_wrong_channel = sum(1 for e in expected.values() if e["disposition"] == "wrong_channel")
    assert c["receive"] == n_wrong_channel  # only the dispositions still automatic
    with proc.factory() as s:
        kinds = set(s.scalars(select(OutboxItem.kind)))
    assert "acknowledgment" not in kinds and "wrong_channel" in kinds


def test_a_clerk_resolves_a_review_item_through_the_processors_own_code(tmp_path):
    import pytest

    from intake.act import resolve_review
    from intake.cases.lifecycle import CaseError
    from registry.db import transaction
    from registry.models import Event, ReceiveEntry, User

    proc = _run(tmp_path, {"register": "review"})
    with transaction(proc.factory) as s:
        s.add(User(login="clerk1", name="สุดา", role="clerk"))
        s.add(User(login="guest", name="x", role="admin", disabled=True))
    with proc.factory() as s:
        held = [m for m in s.scalars(select(Message).where(Message.disposition == "review"))
                if m.decision["details"].get("proposed") == "register"]
    target = held[0]
    with pytest.raises(CaseError):
        resolve_review(proc, target.id, "register", "guest")  # a disabled account
    before = counts(proc.factory)["receive"]
    resolve_review(proc, target.id, "register", "clerk1", service="S16")
    with proc.factory() as s:
        m = s.get(Message, target.id)
        assert m.disposition == "register" and m.state == "done"
        entry = s.scalar(select(ReceiveEntry).where(ReceiveEntry.message_pk == m.id))
        assert entry.number == before + 1 and entry.service == "S16"
        kinds = set(s.scalars(select(OutboxItem.kind).where(OutboxItem.message_pk == m.id)))
        assert kinds == {"acknowledgment"}
        ev = s.scalar(select(Event).where(Event.kind == "review_resolved"))
        assert ev.actor == "clerk1" and ev.detail["to"] == "register"
    with pytest.raises(CaseError):
        resolve_review(proc, target.id, "spam", "clerk1")  # already resolved


def test_a_decision_held_for_the_head_is_resolved_by_the_head_only(tmp_path):
    import pytest

    from intake.act import resolve_review
    from intake.cases.lifecycle import CaseError
    from registry.db import transaction
    from registry.models import User

    proc = _run(tmp_path, {"register": "head"})
    with transaction(proc.factory) as s:
        s.add(User(login="clerk1", name="สุดา", role="clerk"))
        s.add(User(login="head1", name="สมศักดิ์", role="head"))
    with proc.factory() as s:
        target = next(m for m in s.scalars(select(Message).where(Message.disposition == "review"))
                      if m.decision["details"].get("held_for") == "head")
    with pytest.raises(CaseError):
        resolve_review(proc, target.id, "register", "clerk1")
    resolve_review(proc, target.id, "register", "head1")
    with proc.factory() as s:
        assert s.get(Message, target.id).disposition == "register"


def test_statistics_count_what_the_rules_decided_alone_and_what_clerks_corrected(tmp_path):
    import json

    from intake.act import resolve_review
    from registry.statistics import triage_statistics
    from registry.db import transaction
    from registry.models import User

    from .spine_helpers import run_cli

    proc = _run(tmp_path, {"register": "review"})  # every register proposal held
    with transaction(proc.factory) as s:
        s.add(User(login="clerk1", name="สุดา", role="clerk"))
    with proc.factory() as s:
        held = [m.id for m in s.scalars(select(Message).where(Message.disposition == "review")
                                        .order_by(Message.id))]
        before = triage_statistics(s)
    assert len(held) >= 2 and before["resolved_by_clerks"] == 0
    assert before["waiting_for_review"] == len(held)
    assert before["decided_by_rules"] == before["messages"] - len(held)
    resolve_review(proc, held[0], "register", "clerk1")  # the clerk agrees with the rules
    resolve_review(proc, held[1], "spam", "clerk1")  # and overturns the next one
    with proc.factory() as s:
        after = triage_statistics(s)
    assert after["resolved_by_clerks"] == 2 and after["waiting_for_review"] == len(held) - 2
    assert after["decided_by_rules"] == before["decided_by_rules"]
    assert {(c["rules_said"], c["clerk_chose"], c["count"], c["agreed"])
            for c in after["corrections"]} == {("register", "register", 1, True),
                                               ("register", "spam", 1, False)}
    assert any(not r["clerk_agreed"] for r in after["rules_in_reviewed_messages"])
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[database]\nurl = "{proc.config.database_url}"\n[store]\npath = "s"\n',
                   encoding="utf-8")
    out = json.loads(run_cli("stats", "--json", config=cfg).stdout)
    assert out["corrections"] == after["corrections"] and out["messages"] == after["messages"]
