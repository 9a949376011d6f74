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


def _architecture_block() -> str:
    section = README.split("## Architecture", 1)[1]
    return section.split("```", 2)[1]


def test_the_architecture_names_every_stage_folder_and_nothing_that_is_not_there():
    """A newcomer finds where a message goes next from this tree: every package folder of
    intake/ is in it, and every folder or module it names exists."""
    block = _architecture_block()
    named = re.findall(r"^( {0,8})([\w.]+/?)(?: {2,}|$)", block, re.M)
    paths, stack = set(), []
    for indent, name in named:
        depth = len(indent) // 2
        stack = stack[:depth] + [name.rstrip("/")]
        paths.add("/".join(stack))
    for path in paths:
        assert (ROOT / path).exists(), f"README architecture names {path}, which is not there"
    folders = {f"intake/{p.parent.name}" for p in (ROOT / "intake").glob("*/__init__.py")}
    assert not folders - paths, f"not in the README's architecture: {sorted(folders - paths)}"
