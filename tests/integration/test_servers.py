"""The real-server fixtures are real and behave as the other integration tests rely on."""
from __future__ import annotations

import asyncio
import socket
from email.message import EmailMessage

import aiosmtplib
import pytest
import sqlalchemy as sa
from imapclient import IMAPClient

pytestmark = pytest.mark.integration


def _raw(n: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"sender{n}@example.go.th"
    msg["To"] = "saraban@example.go.th"
    msg["Subject"] = f"ขอความอนุเคราะห์ ฉบับที่ {n}"
    msg["Message-ID"] = f"<fixture-{n}@example.go.th>"
    msg.set_content(f"เรียน ผู้อำนวยการ\nข้อความทดสอบ {n}\n")
    return msg.as_bytes().replace(b"\n", b"\r\n")


# --------------------------------------------------------------------------- Dovecot

def test_dovecot_account_starts_empty(dovecot):
    assert dovecot.folders() == ["INBOX"]
    assert dovecot.uids("INBOX") == []


def test_dovecot_appended_messages_read_back_with_imapclient(dovecot):
    sent = [_raw(n) for n in range(3)]
    for raw in sent:
        dovecot.append("INBOX", raw)

    with IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10) as client:
        client.login(dovecot.user, dovecot.password)
        client.select_folder("INBOX", readonly=True)
        uids = client.search("ALL")
        fetched = client.fetch(uids, ["BODY.PEEK[]"])
    assert len(uids) == 3
    assert [fetched[uid][b"BODY[]"] for uid in sorted(uids)] == sent
    assert dovecot.fetch_all("INBOX") == sent


def test_dovecot_wrong_password_is_refused(dovecot):
    with IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10) as client:
        with pytest.raises(Exception, match="(?i)auth|fail"):
            client.login(dovecot.user, "not-the-password")


def test_dovecot_folders_and_flags(dovecot):
    dovecot.create("Processed")
    dovecot.append("Processed", _raw(1), flags=["\\Seen"])
    assert dovecot.folders() == ["INBOX", "Processed"]
    (_uid, _raw_bytes, flags, _date), = dovecot.messages("Processed")
    assert "\\Seen" in flags


def test_dovecot_restart_keeps_port_and_mail(dovecot):
    dovecot.append("INBOX", _raw(1))
    port, before = dovecot.port, dovecot.uids("INBOX")
    client = dovecot.client()
    client.select_folder("INBOX")

    dovecot.restart()

    # The old connection died with the server; a new one finds the same data on the same port.
    with pytest.raises((OSError, Exception)):
        client.noop()
    assert dovecot.port == port
    assert dovecot.uids("INBOX") == before
    assert dovecot.fetch_all("INBOX") == [_raw(1)]


def test_dovecot_uidvalidity_change(dovecot):
    for n in range(2):
        dovecot.append("INBOX", _raw(n))
    with dovecot.client() as client:
        before = client.select_folder("INBOX")[b"UIDVALIDITY"]

    old, new = dovecot.set_uidvalidity_change("INBOX")

    with dovecot.client() as client:
        after = client.select_folder("INBOX")[b"UIDVALIDITY"]
    assert old == before and new == after and after != before
    assert dovecot.fetch_all("INBOX") == [_raw(0), _raw(1)]  # the mail itself is still there


def test_dovecot_uidvalidity_change_on_other_folder(dovecot):
    dovecot.append("Archive", _raw(7))
    old, new = dovecot.set_uidvalidity_change("Archive")
    assert new != old
    assert dovecot.uidvalidity("Archive") == new


# --------------------------------------------------------------------------- SMTP

def _send(sink, recipients=("saraban@example.go.th",), raw: bytes | None = None):
    return asyncio.run(aiosmtplib.send(
        raw or _raw(9), sender="intake@example.go.th", recipients=list(recipients),
        hostname=sink.host, port=sink.port, use_tls=False, start_tls=False, timeout=10))


def test_smtp_sink_captures_message(smtp_sink):
    raw = _raw(3)
    _send(smtp_sink, ["a@example.go.th", "b@example.go.th"], raw)
    (captured,) = smtp_sink.messages
    assert captured.mail_from == "intake@example.go.th"
    assert captured.rcpt_tos == ("a@example.go.th", "b@example.go.th")
    assert captured.data.rstrip(b"\r\n") == raw.rstrip(b"\r\n")


def test_smtp_sink_temporary_failure_then_recovers(smtp_sink):
    smtp_sink.fail_temporarily(times=1, code=451)
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as exc:
        _send(smtp_sink)
    assert [r.code for r in exc.value.recipients] == [451]
    assert smtp_sink.messages == []

    _send(smtp_sink)  # the second attempt goes through
    assert len(smtp_sink.messages) == 1


def test_smtp_sink_temporary_failure_at_data(smtp_sink):
    smtp_sink.fail_temporarily(times=None, code=451, stage="DATA")
    for _ in range(2):
        with pytest.raises(aiosmtplib.SMTPDataError) as exc:
            _send(smtp_sink)
        assert exc.value.code == 451
    smtp_sink.recover()
    _send(smtp_sink)
    assert len(smtp_sink.messages) == 1


def test_smtp_sink_421_closes_connection(smtp_sink):
    smtp_sink.fail_temporarily(times=1, code=421)
    with pytest.raises(aiosmtplib.SMTPException) as exc:
        _send(smtp_sink)
    assert "421" in str(exc.value) or getattr(exc.value, "code", None) == 421 or any(
        r.code == 421 for r in getattr(exc.value, "recipients", []))
    assert smtp_sink.messages == []


def test_smtp_sink_permanent_failure_for_one_recipient(smtp_sink):
    smtp_sink.reject_recipient("gone@example.go.th")
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as exc:
        _send(smtp_sink, ["gone@example.go.th"])
    assert [r.code for r in exc.value.recipients] == [550]

    # Mixed: the good recipient still gets it, the bad one is reported refused.
    errors, _reply = _send(smtp_sink, ["ok@example.go.th", "GONE@example.go.th"])
    assert errors["GONE@example.go.th"].code == 550
    assert smtp_sink.messages[-1].rcpt_tos == ("ok@example.go.th",)


def test_smtp_sink_down_refuses_connections(smtp_sink):
    with smtp_sink.down():
        with pytest.raises(aiosmtplib.SMTPConnectError):
            _send(smtp_sink)
        with socket.socket() as sock:
            assert sock.connect_ex((smtp_sink.host, smtp_sink.port)) != 0
    _send(smtp_sink)
    assert len(smtp_sink.messages) == 1


# --------------------------------------------------------------------------- PostgreSQL

def test_postgres_accepts_connection_and_create_table(postgres_url):
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar_one()
            conn.execute(sa.text("CREATE TABLE fixture_check (id serial PRIMARY KEY, title text)"))
            conn.execute(sa.text("INSERT INTO fixture_check (title) VALUES ('หนังสือทดสอบ')"))
            title = conn.execute(sa.text("SELECT title FROM fixture_check")).scalar_one()
            conn.execute(sa.text("DROP TABLE fixture_check"))
    finally:
        engine.dispose()
    assert int(version.split(".")[0]) >= 15
    assert title == "หนังสือทดสอบ"


def test_postgres_fresh_database_per_test(postgres_db_url, postgres_url):
    assert postgres_db_url != postgres_url
    engine = sa.create_engine(postgres_db_url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(sa.text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )).scalar_one()
    finally:
        engine.dispose()
    assert tables == 0
