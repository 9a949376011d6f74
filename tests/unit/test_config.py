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


@pytest.mark.parametrize("data, key", [
    ({"web": {"port": 99999}}, "web.port"),
    ({"web": {"port": 0}}, "web.port"),
    ({"outbox": {"smtp_port": 70000}}, "outbox.smtp_port"),
    ({"spam": {"spamd_port": -1}}, "spam.spamd_port"),
    ({"scheduler": {"poll_interval": 0}}, "scheduler.poll_interval"),
    ({"scheduler": {"poll_interval": 86400}}, "scheduler.poll_interval"),  # twice a day at least
    ({"web": {"session_idle_minutes": 0}}, "web.session_idle_minutes"),
    ({"cases": {"documents_days": 0}}, "cases.documents_days"),
    ({"mailboxes": {"m": {"host": "imap.example.go.th", "username": "u",
                          "port": 100000}}}, "mailboxes.m.port"),
    ({"mailboxes": {"m": {"kind": "maildir", "path": "x", "batch_size": 0}}},
     "mailboxes.m.batch_size"),
])
def test_a_number_out_of_range_is_refused_with_its_bounds(data, key, tmp_path):
    with pytest.raises(ConfigError) as exc:
        cfgmod.from_dict(data, tmp_path)
    assert str(exc.value).startswith(key + ":")
    assert "got" in str(exc.value)


def test_the_example_file_states_each_range():
    text = cfgmod.example_toml()
    assert "# Port of the web pages. From 1 to 65535.\nport = 8080" in text


def test_a_public_bind_without_secure_cookies_is_warned_about(tmp_path):
    public = cfgmod.from_dict({"web": {"host": "0.0.0.0"}}, tmp_path)
    assert any("web.secure_cookies" in w for w in cfgmod.warnings(public))
    secured = cfgmod.from_dict({"web": {"host": "0.0.0.0", "secure_cookies": True}}, tmp_path)
    assert cfgmod.warnings(secured) == []
    assert cfgmod.warnings(cfgmod.from_dict({}, tmp_path)) == []  # 127.0.0.1 by default


def test_config_check_refuses_a_bad_port_and_prints_the_warning(tmp_path):
    from click.testing import CliRunner

    from intake.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text("[web]\nport = 99999\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["config", "check", str(bad)])
    assert result.exit_code != 0 and "web.port" in result.output
    public = tmp_path / "public.toml"
    public.write_text('[web]\nhost = "0.0.0.0"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["config", "check", str(public)])
    assert result.exit_code == 0, result.output
    assert "warning: web.host" in result.output


def test_user_add_refuses_an_existing_login_unless_told_to_update(tmp_path):
    from click.testing import CliRunner

    from intake.cli import main
    from registry.db import transaction
    from registry.models import User
    from intake.cli.common import load_config, runtime

    conf = tmp_path / "intake.toml"
    conf.write_text('[database]\nurl = "sqlite:///intake.db"\n', encoding="utf-8")
    run = CliRunner().invoke
    add = ["user", "add", "suda", "--config", str(conf), "--name", "สุดา"]
    assert run(main, [*add, "--role", "clerk"]).exit_code == 0
    refused = run(main, [*add, "--role", "head"])
    assert refused.exit_code != 0 and "--update" in refused.output
    rt = runtime(load_config(str(conf)))
    with transaction(rt.factory) as s:
        assert s.get(User, "suda").role == "clerk"
    updated = run(main, [*add, "--role", "head", "--update"])
    assert updated.exit_code == 0 and "clerk -> head" in updated.output
    with transaction(rt.factory) as s:
        assert s.get(User, "suda").role == "head"
