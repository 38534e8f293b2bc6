"""`newsvet train`: train newsvet's own models."""

from __future__ import annotations

import sys

import click


@click.group()
def train() -> None:
    """Train newsvet's models (needs the training extra: pip install -e '.[train]')."""


@train.command(
    "verifier",
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": [],
    },
    add_help_option=False,
)
@click.pass_context
def train_verifier(ctx: click.Context) -> None:
    """Train the textual verifier (a MiniLM cross-encoder) and export it to int8 ONNX.

    Every option is passed on to `python -m newsvet.train.verifier`; `--help` lists them.
    """
    from newsvet.train.verifier import main

    sys.exit(main(ctx.args))
