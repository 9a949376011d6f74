"""The README is checked against the program: every command it names exists, and the
first lines give the two set-up commands CI relies on."""
import re
from pathlib import Path

import click

from intake.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command(words: list[str]):
    cmd, ctx = main, click.Context(main)
    for w in words:
        if not isinstance(cmd, click.Group):
            return cmd
        nxt = cmd.get_command(ctx, w)
        if nxt is None:
            return None if cmd is main else cmd
        cmd = nxt
    return cmd


def test_every_command_the_readme_names_exists():
    named = set()
    for line in README.splitlines():
        for m in re.finditer(r"`intake ([a-z][a-z\- |\\]*)", line):
            words = [w for w in re.split(r"[ \\|]+", m.group(1)) if w and not w.startswith("-")]
            named.add(tuple(words[:2]))
    assert len(named) > 15
    missing = [" ".join(w) for w in named if _command(list(w)) is None]
    assert not missing, f"README names commands that do not exist: {missing}"


def test_the_first_lines_give_the_commands_and_ci_runs_the_test_one():
    runs = [line.split()[1] for line in README.splitlines()[:8] if line.startswith("./run ")]
    assert runs == ["demo", "test", "quick"]  # the set-up commands first, then the quick one
    assert "./run test" in (ROOT / ".ci" / "run").read_text()


def test_the_quick_run_the_readme_gives_is_the_one_run_runs():
    quick = re.search(r'^QUICK="([^"]+)"', (ROOT / "run").read_text(), re.M).group(1)
    assert f'pytest -m "{quick}"' in " ".join(README.split())
