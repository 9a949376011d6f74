"""IMAP over TLS and STARTTLS against the real Dovecot, certificates always verified."""
from __future__ import annotations

import pytest

from intake.pipeline import Processor

from .spine_helpers import corpus_files, counts, load, write_config

pytestmark = [pytest.mark.integration, pytest.mark.any_database]


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_poll_over_tls_with_the_units_own_ca(tmp_path, dovecot, smtp_sink, security):
    for f in corpus_files()[:3]:
        dovecot.append("INBOX", f.read_bytes())
    port = dovecot.server.tls_port if security == "tls" else dovecot.port
    cfg = write_config(tmp_path, dovecot, smtp_sink, security=security, port=port,
                       ca_file=str(dovecot.server.ca_file))
    proc = Processor(load(cfg))
    report = proc.poll(proc.config.mailboxes[0])
    assert report.error is None and report.fetched == 3
    assert counts(proc.factory)["messages"] == 3


def test_a_certificate_from_an_unknown_ca_is_refused(tmp_path, dovecot, smtp_sink):
    dovecot.append("INBOX", corpus_files()[0].read_bytes())
    # the system's trusted CAs do not include the test CA: the connection must fail
    cfg = write_config(tmp_path, dovecot, smtp_sink, security="tls",
                       port=dovecot.server.tls_port)
    proc = Processor(load(cfg))
    report = proc.poll(proc.config.mailboxes[0])
    assert report.error and "certificate" in report.error.lower()
    assert counts(proc.factory)["messages"] == 0


def test_plain_imap_to_a_remote_host_is_refused_before_connecting(tmp_path):
    from intake import config as cfgmod

    with pytest.raises(cfgmod.ConfigError, match="security"):
        cfgmod.from_dict({"mailboxes": {"m": {"host": "imap.example.go.th", "username": "u",
                                              "security": "plain"}}}, tmp_path)
