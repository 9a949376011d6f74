"""The state machines (registry/states.py): every state has its Thai label, the moves
each table allows are the only ones the code accepts, and the pages show the enums' labels."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import product

import pytest
from flask import Flask, render_template_string

from intake.web.format import Formatter
from registry.db import make_engine, migrate, session_factory, transaction
from registry.models import Case, Message, OutboxItem
from registry.statistics import counts_by_state
from registry.states import (
    CASE_CLOSED,
    CASE_TRANSITIONS,
    TRANSITIONS,
    ArchiveState,
    CaseState,
    IllegalTransition,
    MessageState,
    OutboxState,
)
from rules.base import DISPOSITIONS, Disposition

MACHINES = (CaseState, MessageState, OutboxState, ArchiveState)
THAI = re.compile("[\u0e00-\u0e7f]")

ALLOWED = [(m, a, b) for m in MACHINES for a, nexts in TRANSITIONS[m].items() for b in nexts]
REFUSED = [(m, a, b) for m in MACHINES for a, b in product([None, *m], m)
           if b not in TRANSITIONS[m].get(a, ())]


@pytest.mark.parametrize("machine,frm,to", ALLOWED, ids=lambda v: str(v))
def test_every_move_in_the_table_is_accepted(machine, frm, to):
    assert machine.check(frm if frm is None else frm.value, to.value) is to


@pytest.mark.parametrize("machine,frm,to", REFUSED, ids=lambda v: str(v))
def test_every_other_move_raises_naming_both_states_in_thai_and_english(machine, frm, to):
    with pytest.raises(IllegalTransition) as err:
        machine.check(frm, to)
    text = str(err.value)
    assert to.label in text and f"to {to.value}" in text
    if frm is not None:
        assert frm.label in text and f"from {frm.value}" in text


def test_every_state_of_every_machine_has_a_row_in_its_table_and_a_thai_label():
    for machine in MACHINES:
        assert set(TRANSITIONS[machine]) == {None, *machine}, machine
        for st in machine:
            assert THAI.search(st.label), st
    assert len({st.label for st in CaseState}) == len(CaseState)  # a clerk tells them apart


def test_every_disposition_has_a_thai_label_and_keeps_its_stored_word():
    assert [str(d) for d in DISPOSITIONS] == ["machine", "spam", "wrong_channel", "forward",
                                              "out_of_authority", "register", "review"]
    assert all(THAI.search(d.label) for d in Disposition)


def test_a_case_is_closed_only_by_disposal_or_done_and_can_always_get_there():
    assert CASE_CLOSED == {CaseState.DISPOSED, CaseState.DONE}
    # from every state a case can be in, some path ends in a closed state (none is stuck)
    for start in CaseState:
        seen, todo = set(), [start]
        while todo:
            st = todo.pop()
            if st not in seen:
                seen.add(st)
                todo.extend(CASE_TRANSITIONS[st])
        assert seen & CASE_CLOSED, start
    # and nothing is disposed but on the head's decision, from a proposal
    assert [st for st in CaseState if CaseState.DISPOSED in CASE_TRANSITIONS[st]] \
        == [CaseState.DISPOSAL_PROPOSED]


def test_the_models_refuse_a_move_their_table_does_not_allow():
    case = Case(state="open")
    case.state = CaseState.RESULT_PENDING
    with pytest.raises(IllegalTransition, match="รอหัวหน้าหน่วยงานอนุมัติส่งผล"):
        case.state = "disposed"  # disposal only after a proposal
    assert case.state == "result_pending"
    with pytest.raises(IllegalTransition):
        Case(state="done")  # no case starts closed
    with pytest.raises(IllegalTransition):
        OutboxItem(state="sent")  # mail is sent by delivering it
    item = OutboxItem(state="held")
    with pytest.raises(IllegalTransition):
        item.state = "sending"  # a held notice goes nowhere before a clerk releases it
    item.state = "pending"


@pytest.fixture
def factory(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/r.db")
    migrate(engine)
    return session_factory(engine)


def test_a_stored_row_read_back_is_checked_from_its_stored_state(factory):
    with transaction(factory) as s:
        s.add(_message("a", "mb1", MessageState.STORED))
    with transaction(factory) as s:
        msg = s.query(Message).one()
        assert type(msg.state) is str and msg.state == MessageState.STORED
        with pytest.raises(IllegalTransition):
            msg.state = MessageState.DONE  # never done without being decided
        msg.state = MessageState.DECIDED
    with factory() as s:
        assert s.query(Message).one().state == "decided"


def _message(sha: str, mailbox: str, *path: MessageState) -> Message:
    msg = Message(sha256=sha, size=1, raw_path=sha, source_mailbox=mailbox,
                  fetched_at=datetime(2026, 3, 1, tzinfo=UTC), state=path[0])
    for st in path[1:]:
        msg.state = st
    return msg


def test_status_counts_name_every_state_and_count_by_mailbox(factory):
    M = MessageState
    with transaction(factory) as s:
        s.add_all([_message("a", "mb1", M.STORED, M.DECIDED, M.DONE),
                   _message("b", "mb1", M.STORED, M.FAILED),
                   _message("c", "mb2", M.STORED, M.FAILED),
                   _message("d", "mb2", M.STORED)])
    with factory() as s:
        every = counts_by_state(s)
        one = counts_by_state(s, mailbox="mb2")
    assert every.messages == {M.STORED: 1, M.DECIDED: 0, M.DONE: 1, M.FAILED: 2}
    assert one.messages == {M.STORED: 1, M.DECIDED: 0, M.DONE: 0, M.FAILED: 1}
    assert list(every.outbox) == list(OutboxState) and not any(every.outbox.values())
    assert list(every.cases) == list(CaseState) and not any(every.cases.values())
    assert every.dispositions[None] == 4 and every.dispositions[Disposition.SPAM] == 0


@pytest.fixture
def page():
    app = Flask(__name__)
    Formatter({"unit.thai_numerals": True, "unit.timezone": "Asia/Bangkok"}).register(app)

    def render(source: str, **values) -> str:
        with app.app_context():
            return render_template_string(source, **values)

    return render


@pytest.mark.parametrize("flt,enum", [("casestate", CaseState), ("msgstate", MessageState),
                                      ("outstate", OutboxState), ("archstate", ArchiveState),
                                      ("disposition", Disposition)])
def test_the_pages_show_the_label_each_enum_carries(page, flt, enum):
    for member in enum:
        assert page(f"{{{{ v|{flt} }}}}", v=member.value) == member.label
    # a word from an older row is shown as it is, nothing as a dash
    assert page(f"{{{{ v|{flt} }}}}", v="legacy_word") == "legacy_word"
    assert page(f"{{{{ v|{flt} }}}}", v=None) == "-"


NOW = datetime(2026, 3, 2, 3, tzinfo=UTC)


def _case(s, *path: CaseState, high_risk: bool = False) -> Case:
    """A case of a registered message, moved along `path` (legal moves only)."""
    from registry.registers import add_receive_entry, case_ref

    msg = _message(f"m{path}{high_risk}", "mb1", MessageState.STORED, MessageState.DECIDED)
    s.add(msg)
    s.flush()
    entry = add_receive_entry(s, now=NOW, tz="Asia/Bangkok", message_pk=msg.id, sender="a",
                              recipient="b", subject="c")
    case = Case(ref=case_ref(entry.number, entry.year), receive_entry_id=entry.id,
                message_pk=msg.id, applicant_addr="a@example.org", state=path[0],
                high_risk=high_risk, opened_at=NOW, deemed_received_at=NOW)
    for st in path[1:]:
        case.state = st
    s.add(case)
    s.flush()
    return case


def test_a_bounce_leaves_a_disposal_proposal_with_the_head(factory):
    """Already unreachable and proposed: a late bounce must not restart the 30 days."""
    from types import SimpleNamespace

    from intake.cases.lifecycle import on_bounce

    C = CaseState
    with transaction(factory) as s:
        proposed = _case(s, C.OPEN, C.AWAITING_DOCUMENTS, C.DORMANT, C.DISPOSAL_PROPOSED)
        working = _case(s, C.OPEN)
        for case in (proposed, working):
            on_bounce(None, s, SimpleNamespace(id=1, case_id=case.id, recipients=["a@x"],
                                               kind="missing_documents"), NOW)
        assert (proposed.state, working.state) == (C.DISPOSAL_PROPOSED, C.DORMANT)


def test_an_unproved_high_risk_applicant_who_writes_again_waits_for_identity(factory):
    from intake.cases.lifecycle import on_contact

    C = CaseState
    with transaction(factory) as s:
        risky = _case(s, C.AWAITING_IDENTITY, C.DORMANT, high_risk=True)
        plain = _case(s, C.OPEN, C.DORMANT)
        msg = s.get(Message, plain.message_pk)
        for case in (risky, plain):
            on_contact(None, s, case.ref, msg, NOW)
        assert (risky.state, plain.state) == (C.AWAITING_IDENTITY, C.OPEN)


def test_a_slow_attempts_failure_after_another_delivered_the_mail_changes_nothing(factory):
    """Its claim expired and another attempt sent the mail: the slow one's 4xx or 5xx must
    neither resend it (sent -> pending) nor stop delivery with an error."""
    from types import SimpleNamespace

    from intake.outbox.deliver import _defer, _give_up

    with transaction(factory) as s:
        item = OutboxItem(kind="acknowledgment", mail_from="u@x", recipients=["a@x"],
                          rfc_message_id="<1@x>", subject="s", raw=b"x", state="pending")
        s.add(item)
        item.state = OutboxState.SENDING
        item.state = OutboxState.SENT
        s.flush()
        item_id = item.id
    proc = SimpleNamespace(factory=factory, clock=lambda: NOW)
    config = {"outbox.max_attempts": 5, "outbox.backoff_seconds": 60}
    _defer(proc, item_id, "451 try later", SimpleNamespace(get=config.get))
    _give_up(proc, item_id, "550 no such user")
    with factory() as s:
        assert s.get(OutboxItem, item_id).state == "sent"
