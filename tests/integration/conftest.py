"""Fixtures for real servers: `dovecot`, `smtp_sink`, `postgres_url` (see servers.py).

A server that cannot be started is a failure in CI (env CI set). Outside CI, a missing Debian
package (dovecot-imapd, postgresql) skips the test with the reason; `./run test` installs them.
"""
from __future__ import annotations

import os

import pytest

from .servers import (
    DovecotServer,
    PostgresServer,
    ServerError,
    SmtpSink,
    find_binary,
    find_postgres_bindir,
)
from .spine_helpers import TEST_DATABASE_ENV


def _missing(what: str) -> None:
    message = f"{what} is not installed (./run test or scripts/setup.sh --system installs it)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def dovecot_server():
    """One Dovecot for the session; tests get their own user (an empty mailbox) from `dovecot`."""
    binary = find_binary("dovecot")
    if not binary:
        _missing("Dovecot (Debian package dovecot-imapd)")
    server = DovecotServer(binary)
    try:
        server.start()
    except ServerError:
        server.cleanup()
        raise
    yield server
    server.cleanup()


@pytest.fixture
def dovecot(dovecot_server):
    """A fresh IMAP account with an empty INBOX: .host .port .user .password, helpers
    append/uids/fetch_all/messages/folders/create/delete/restart/set_uidvalidity_change/client."""
    if dovecot_server.proc is None or dovecot_server.proc.poll() is not None:
        dovecot_server.start()  # a previous test may have left it stopped
    return dovecot_server.add_user()


@pytest.fixture
def smtp_sink():
    """An aiosmtpd sink on 127.0.0.1: .host .port .messages, fail_temporarily(),
    reject_recipient(), recover(), stop()/start()/down()."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def postgres_server():
    bindir = find_postgres_bindir()
    if not bindir:
        _missing("PostgreSQL server (Debian package postgresql)")
    server = PostgresServer(bindir)
    try:
        server.start()
    except ServerError:
        server.cleanup()
        raise
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> str:
    """SQLAlchemy URL (postgresql+psycopg) of the session's `postgres` database."""
    return postgres_server.url()


@pytest.fixture
def postgres_db_url(postgres_server):
    """SQLAlchemy URL of a brand-new empty database, dropped after the test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(autouse=True)
def _database_for_this_test(request, monkeypatch):
    """A test marked any_database takes its database from spine_helpers.default_database_url():
    SQLite, or under INTAKE_TEST_DB=postgres a fresh, real PostgreSQL database (./run test's
    second pass: `-m any_database`). An unmarked test gets no such database, so one that
    forgets the marker fails here rather than being left out of the PostgreSQL pass."""
    if request.node.get_closest_marker("any_database") is None:
        monkeypatch.delenv(TEST_DATABASE_ENV, raising=False)
        yield
        return
    if os.environ.get("INTAKE_TEST_DB") != "postgres":
        monkeypatch.setenv(TEST_DATABASE_ENV, "sqlite:///intake.db")
        yield
        return
    server = request.getfixturevalue("postgres_server")
    name = server.create_database()
    monkeypatch.setenv(TEST_DATABASE_ENV, server.url(name))
    yield
    server.drop_database(name)
