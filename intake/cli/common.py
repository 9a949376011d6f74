"""What every `intake` command shares: finding the config, building the Runtime (or the
Processor, for the commands that poll)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from intake import config as config_mod
from intake.config import Config, ConfigError

if TYPE_CHECKING:
    from intake.pipeline import Processor
    from intake.runtime import Runtime


def load_config(path: str | None):
    path = path or os.environ.get("INTAKE_CONFIG")
    if path is None and Path("config.toml").exists():
        path = "config.toml"
    try:
        return config_mod.load(path)
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None


def progress(label, items, length):
    if not sys.stderr.isatty() or not length:
        return items
    return _bar(label, items, length)


def _bar(label, items, length):
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def runtime(cfg: Config) -> Runtime:
    """What a command needs that does not poll: the database, the store, the profile."""
    from intake.runtime import Runtime

    try:
        return Runtime.open(cfg)
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None


def processor(cfg: Config, **kwargs) -> Processor:
    from intake.pipeline import Processor

    try:
        return Processor(cfg, progress=progress, **kwargs)
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None


config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                             help="Config file (default: $INTAKE_CONFIG, else ./config.toml, "
                                  "else the embedded defaults).")
