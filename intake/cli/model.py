"""`intake model train | evaluate`: the unit's model (rules/learn.py, intake/learn/).

    intake model evaluate [--corpus]          measured in time order: older part trains,
                                              newest HOLDOUT part judges
    intake model train [--corpus] [-o FILE]   measure, then train on every example and
                                              write the model (learn.model_path by default)

From the unit's history by default (every decided message; a clerk's choice where a clerk
resolved it); --corpus uses the project's example corpus instead, which is how the
starting model shipped in intake/learn/ is built:

    intake model train --corpus -o intake/learn/starting_model.pkl.gz
"""
from __future__ import annotations

from pathlib import Path

import click

from intake.cli.common import config_option, load_config, runtime


@click.group("model")
def model() -> None:
    """The unit's model, learnt from its clerks' decisions."""


def _examples(config_path, corpus: bool):
    from intake.learn.train import corpus_examples, history_examples

    if corpus:
        return corpus_examples()
    return history_examples(runtime(load_config(config_path)))


@model.command("evaluate")
@config_option
@click.option("--corpus", is_flag=True, help="The project's example corpus, not the history.")
def evaluate(config_path, corpus) -> None:
    """Measure the model on the newest part of the examples."""
    from intake.learn.train import evaluate as measure

    examples = _examples(config_path, corpus)
    if len(examples) < 10:
        raise click.ClickException(f"{len(examples)} decided messages: too few to measure")
    result, _ = measure(examples)
    for line in result.lines():
        click.echo(line)


@model.command("train")
@config_option
@click.option("--corpus", is_flag=True, help="The project's example corpus, not the history.")
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Model file to write "
              "(default: learn.model_path).")
def train(config_path, corpus, out) -> None:
    """Measure, train on every example, write the model file."""
    from intake.learn.train import train as fit_and_measure

    cfg = load_config(config_path)
    target = Path(out) if out else (cfg.path("learn.model_path")
                                     if cfg.get("learn.model_path") else None)
    if target is None:
        raise click.ClickException("no model file: set learn.model_path or give -o FILE")
    examples = _examples(config_path, corpus)
    if len(examples) < 10:
        raise click.ClickException(f"{len(examples)} decided messages: too few to train")
    trained, result = fit_and_measure(examples)
    version = trained.save(target)
    for line in result.lines():
        click.echo(line)
    click.echo(f"model {version} trained on {len(examples)} examples -> {target}")
