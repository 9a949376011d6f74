"""Settings: declared once, documented in config.example.toml, errors that name the key."""
from pathlib import Path

import pytest

from intake import config as cfgmod
from intake.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_example_file_is_generated_from_the_declarations():
    # a setting added in code but not in the shipped example (or the other way) fails here
    assert (ROOT / "config.example.toml").read_text(encoding="utf-8") == cfgmod.example_toml()


def test_every_setting_has_help_text_in_the_example():
    text = cfgmod.example_toml()
    for section, settings in cfgmod.SETTINGS.items():
        for s in settings:
            assert len(s.help) > 15, f"{section}.{s.key} needs help text"
            assert f"\n{s.key} = " in text
    for s in cfgmod.MAILBOX_SETTINGS:
        assert f"\n{s.key} = " in text


def test_example_file_loads():
    cfg = cfgmod.load(ROOT / "config.example.toml")
    assert cfg.mailboxes[0].name == "saraban"
    assert cfg.get("outbox.transport") == "folder"  # never a real host by default


def test_defaults_never_send_to_a_network_host():
    cfg = cfgmod.load(None)
    assert cfg.get("outbox.transport") == "folder"
    assert cfg.mailboxes == []


@pytest.mark.parametrize("data, key", [
    ({"outbox": {"transport": "carrier-pigeon"}}, "outbox.transport"),
    ({"outbox": {"smtp_port": "25"}}, "outbox.smtp_port"),
    ({"outbox": {"transport": "smtp"}}, "outbox.smtp_host"),
    ({"outbox": {"transport": "smtp", "smtp_host": "relay.example.go.th",
                 "smtp_security": "plain"}}, "outbox.smtp_security"),
    ({"scheduler": {"idle": "yes"}}, "scheduler.idle"),
    ({"database": {"uri": "x"}}, "database.uri"),
    ({"mailboxes": {"m": {"kind": "imap", "username": "u"}}}, "mailboxes.m.host"),
    ({"mailboxes": {"m": {"host": "imap.example.go.th", "username": "u",
                          "security": "plain"}}}, "mailboxes.m.security"),
    ({"mailboxes": {"m": {"kind": "maildir"}}}, "mailboxes.m.path"),
    ({"unknown_section": {}}, "unknown_section"),
])
def test_a_wrong_value_is_reported_by_its_key(data, key, tmp_path):
    with pytest.raises(ConfigError) as exc:
        cfgmod.from_dict(data, tmp_path)
    assert key in str(exc.value)


def test_plain_imap_is_allowed_on_loopback(tmp_path):
    cfg = cfgmod.from_dict({"mailboxes": {"m": {"host": "127.0.0.1", "username": "u",
                                                 "security": "plain", "port": 1143}}}, tmp_path)
    assert cfg.mailboxes[0].security == "plain"


def test_secrets_come_from_the_environment_only(tmp_path, monkeypatch):
    cfg = cfgmod.from_dict({"mailboxes": {"m": {"host": "127.0.0.1", "username": "u",
                                                 "password_env": "TEST_IMAP_PW"}}}, tmp_path)
    monkeypatch.delenv("TEST_IMAP_PW", raising=False)
    with pytest.raises(ConfigError, match="TEST_IMAP_PW"):
        cfg.mailboxes[0].secret()
    monkeypatch.setenv("TEST_IMAP_PW", "s3cret")
    assert cfg.mailboxes[0].secret() == "s3cret"


def test_relative_sqlite_path_is_relative_to_the_config_file(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('[database]\nurl = "sqlite:///data/x.db"\n')
    assert cfgmod.load(f).database_url == f"sqlite:///{tmp_path}/data/x.db"
