"""Alerts that reach people (issue 15, item 9), end to end: real Dovecot, the SMTP sink,
the real poll and outbox. Each problem is made to happen; the clerk and the head get a
Thai mail through the outbox (once a day for the same problem) and the pages show a banner.
"""
from __future__ import annotations

import email
import email.policy
import os
from datetime import timedelta
from pathlib import Path

import pytest

from intake.jobs.alerts import current_alerts, send_alerts
from intake.outbox.deliver import deliver_due
from intake.pipeline import Processor
from registry.db import transaction
from registry.models import OutboxItem, User
from registry.states import OutboxState

from .spine_helpers import PASSWORD_ENV, load, write_config

pytestmark = pytest.mark.integration
DEMO = Path(__file__).resolve().parents[2] / "intake" / "demo_mailbox"
PEOPLE = {"clerk1": ("clerk", "clerk1@phetchaburi.m-society.go.th"),
          "head1": ("head", "head@phetchaburi.m-society.go.th")}


@pytest.fixture
def unit(tmp_path, dovecot, smtp_sink):
    cfg = load(write_config(tmp_path, dovecot, smtp_sink,
                            database_url=f"sqlite:///{tmp_path}/intake.db"))
    proc = Processor(cfg)
    with transaction(proc.factory) as s:
        for login, (role, addr) in PEOPLE.items():
            s.add(User(login=login, name=login, role=role, email=addr))
    assert proc.poll(cfg.mailboxes[0]).error is None  # a first good poll: nothing wrong
    assert current_alerts(proc.rt) == []
    yield proc
    os.environ[PASSWORD_ENV] = dovecot.password


def _alert_mails(sink) -> dict[str, str]:
    """Recipient -> Thai body of each alert mail the sink accepted."""
    out = {}
    for m in sink.messages:
        mail = email.message_from_bytes(m.data, policy=email.policy.default)
        if "แจ้งเตือนระบบรับหนังสือ" in str(mail["Subject"]):
            assert mail["Auto-Submitted"] == "auto-generated"
            out[m.rcpt_tos[0]] = mail.get_body().get_content()
    return out


def _mailed(proc, sink) -> dict[str, str]:
    send_alerts(proc.rt)
    deliver_due(proc.rt)
    return _alert_mails(sink)


def test_a_refused_sign_in_to_the_mailbox_is_mailed_once_a_day(unit, smtp_sink):
    os.environ[PASSWORD_ENV] = "not-the-password"
    assert unit.poll(unit.config.mailboxes[0]).error
    mails = _mailed(unit, smtp_sink)
    assert set(mails) == {addr for _, addr in PEOPLE.values()}  # the clerk and the head
    assert "อ่านกล่องจดหมาย saraban ไม่สำเร็จ" in mails[PEOPLE["head1"][1]]
    assert send_alerts(unit.rt) == []  # the same problem, the same day: not again
    with unit.factory() as s:  # internal mail: never numbered in the send register
        assert all(i.send_entry_id is None for i in s.query(OutboxItem).filter_by(kind="alert"))


def test_polling_that_stalls_is_mailed(unit, smtp_sink):
    later = unit.clock() + timedelta(minutes=unit.config.get("alerts.poll_stale_minutes") + 1)
    unit.clock = lambda: later
    mails = _mailed(unit, smtp_sink)
    assert "ไม่ได้อ่านสำเร็จมานานเกินกำหนด" in mails[PEOPLE["clerk1"][1]]


def test_an_outbox_refused_with_5xx_is_mailed(unit, dovecot, smtp_sink):
    raw = (DEMO / "d11.eml").read_bytes()  # a request the rules register and acknowledge
    original = email.message_from_bytes(raw, policy=email.policy.default)
    applicant = (original["Reply-To"] or original["From"]).addresses[0].addr_spec
    smtp_sink.reject_recipient(applicant)  # the relay refuses it for good (550)
    dovecot.append("INBOX", raw)
    unit.poll(unit.config.mailboxes[0])
    deliver_due(unit.rt)
    with unit.factory() as s:
        assert s.query(OutboxItem).filter_by(state=OutboxState.FAILED).count() >= 1
    mails = _mailed(unit, smtp_sink)
    assert "อีเมลส่งไม่สำเร็จ" in mails[PEOPLE["head1"][1]]


def test_an_outbox_backing_up_is_mailed(unit, dovecot, smtp_sink):
    smtp_sink.fail_temporarily(None)  # the relay says 451 to everything
    dovecot.append("INBOX", (DEMO / "d11.eml").read_bytes())
    unit.poll(unit.config.mailboxes[0])
    deliver_due(unit.rt)
    later = unit.clock() + timedelta(minutes=unit.config.get("alerts.outbox_backlog_minutes") + 1)
    unit.clock = lambda: later
    assert "outbox_backlog" in [a.key for a in current_alerts(unit.rt)]
    smtp_sink.recover()
    mails = _mailed(unit, smtp_sink)
    assert "อีเมลค้างส่ง" in mails[PEOPLE["head1"][1]]


def test_quarantined_mail_is_mailed(unit, dovecot, smtp_sink, monkeypatch):
    from intake import act

    def broken(rt, parsed, raw):
        raise RuntimeError("a rule crashed on this message")

    monkeypatch.setattr(act, "decide", broken)  # kept with its error, not decided
    dovecot.append("INBOX", (DEMO / "d11.eml").read_bytes())
    unit.poll(unit.config.mailboxes[0])
    assert "quarantined" in [a.key for a in current_alerts(unit.rt)]
    mails = _mailed(unit, smtp_sink)
    assert "ข้อความที่ระบบประมวลผลไม่ได้ (กักไว้) ๑ ฉบับ" in mails[PEOPLE["clerk1"][1]]


def test_held_mail_waiting_past_a_day_is_mailed_and_shown_on_every_page(unit, dovecot,
                                                                        smtp_sink):
    from intake.web import create_app

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    dovecot.append("INBOX", (corpus / "e65.eml").read_bytes())  # held for a clerk's review
    unit.poll(unit.config.mailboxes[0])
    tomorrow = unit.clock() + timedelta(hours=25)
    unit.clock = lambda: tomorrow
    with transaction(unit.factory) as s:  # a good poll today: only the held mail is wrong
        from registry.models import FolderState

        for fs in s.query(FolderState):
            fs.last_success_at = tomorrow
    alerts = current_alerts(unit.rt)
    assert [a.key for a in alerts] == ["held"]
    mails = _mailed(unit, smtp_sink)
    assert "ข้อความรอพิจารณา" in mails[PEOPLE["clerk1"][1]]
    # the banner, on the pages of a signed-in clerk
    from intake.web import set_password

    set_password(unit.factory, "clerk1", "clerk-secret-123")
    client = create_app(unit.rt).test_client()
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"login": "clerk1", "password": "clerk-secret-123",
                                "csrf_token": token})
    page = client.get("/registers/receive").text
    assert 'class="alerts"' in page and "ข้อความรอพิจารณา" in page


def test_the_head_gets_a_morning_digest_of_what_waits(tmp_path):
    from intake.jobs.digest import queue_digest

    from .test_web import build_site

    site = build_site(tmp_path)  # one case proposed for disposal; head1 has an address
    assert queue_digest(site.proc.rt) == ["head1"]
    assert queue_digest(site.proc.rt) == []  # once a day
    deliver_due(site.proc.rt)
    sent = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in (tmp_path / "outbox").rglob("*.eml")]
    digest = next(m for m in sent if "สรุปงานรอหัวหน้าหน่วยงาน" in str(m["Subject"]))
    assert digest["To"].addresses[0].addr_spec == "head@phetchaburi.m-society.go.th"
    body = digest.get_body().get_content()
    assert site.proposed_subject in body and "ข้อเสนอจำหน่ายเรื่อง" in body
    assert "รออนุมัติ" in body  # where to decide (a link when web.public_url is set)
    # with the pages' public address, the digest links to them
    site.proc.config.values["web"]["public_url"] = "https://saraban.example.go.th/"
    tomorrow = site.proc.clock() + timedelta(days=1)
    site.proc.clock = lambda: tomorrow
    assert queue_digest(site.proc.rt) == ["head1"]
    with site.proc.factory() as s:
        item = s.query(OutboxItem).filter_by(kind="digest").order_by(OutboxItem.id.desc()).first()
        body = email.message_from_bytes(item.raw, policy=email.policy.default).get_body()
    assert "https://saraban.example.go.th/approvals" in body.get_content()
