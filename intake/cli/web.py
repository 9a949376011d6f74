"""`intake serve` (the web pages), `intake user passwd`, `intake register reindex`."""
from __future__ import annotations

import sys

import click

from intake.cli.common import config_option
from intake.config import warnings
from intake.cli.common import load_config as _load_config
from intake.cli.common import runtime as _runtime


@click.command()
@config_option
@click.option("--host", help="Address to listen on (default: web.host).")
@click.option("--port", type=int, help="Port (default: web.port).")
@click.option("--threads", default=8, show_default=True, type=int)
def serve(config_path, host, port, threads):
    """The web pages for registry clerks and heads of unit."""
    from waitress import serve as waitress_serve

    from intake.web import create_app

    rt = _runtime(_load_config(config_path))
    host, port = host or rt.config.get("web.host"), port or rt.config.get("web.port")
    if not 1 <= port <= 65535:
        raise click.BadParameter(f"{port} is not a port (1 to 65535)", param_hint="--port")
    for warning in warnings(rt.config, host):
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"intake web: http://{host}:{port}/")
    waitress_serve(create_app(rt), host=host, port=port, threads=threads, ident="intake")


@click.command("passwd")
@config_option
@click.argument("login")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input "
                                                     "(one line) instead of prompting.")
def user_passwd(config_path, login, password_stdin):
    """Set a user's password for the web pages (argon2id); ends their sessions."""
    from intake.web.auth import PasswordTooShort, set_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("รหัสผ่าน / password", hide_input=True,
                                confirmation_prompt=True)
    try:
        set_password(_runtime(_load_config(config_path)).factory, login, password)
    except (LookupError, PasswordTooShort) as exc:
        raise click.ClickException(str(exc).strip("'\"")) from None
    click.echo(f"user {login}: password set")


@click.command("reindex")
@config_option
def register_reindex(config_path):
    """Rebuild the Thai search index of both registers."""
    from registry.db import transaction
    from registry.search import reindex

    rt = _runtime(_load_config(config_path))
    with transaction(rt.factory) as s:
        n = reindex(s)
    click.echo(f"search index: {n} entries")


def register_commands(main, user_group, register_group) -> None:
    """How intake/cli.py adds these: main.add_command(serve), user.add_command(...)."""
    main.add_command(serve)
    user_group.add_command(user_passwd)
    register_group.add_command(register_reindex)
