"""`newsvet check`: vet one article."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from newsvet.cli._common import (
    check_writable,
    corpus_option,
    errors_as_messages,
    kb_option,
    status,
    store_option,
    write_output,
)
from newsvet.read import DEFAULT_MAX_BYTES

FORMATS = ("text", "md", "json", "html")


@click.command()
@click.argument("source", metavar="PATH|-")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: text (terminal), md (Markdown), json (schema newsvet.report/1), html.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--input-format",
    type=click.Choice(["text", "html", "jsonl"]),
    help="Read the input as this format instead of guessing from its name and content.",
)
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES // (1024 * 1024),
    show_default=True,
    help="Largest input to read, in MB.",
)
@corpus_option
@store_option(
    "--factchecks",
    "factchecks_path",
    "NEWSVET_FACTCHECKS",
    "Store of earlier fact-checks",
    "factchecks.sqlite",
)
@kb_option
@errors_as_messages
def check(
    source: str, fmt: str, output: Path | None, input_format: str | None, max_size: int,
    corpus_path: Path | None, factchecks_path: Path | None, kb_path: Path | None,
) -> None:  # fmt: skip
    """Vet one article and print its report.

    PATH is a plain-text file (first line = headline), an HTML page, or a JSON file with one
    article ("text", "title", "url", "published"); "-" reads standard input. Claims the
    knowledge base cannot settle are checked against the corpus of other coverage and the
    earlier fact-checks, when those exist.
    """
    from newsvet.checker import default_checker
    from newsvet.read import read_article, read_stream
    from newsvet.report import format_report

    check_writable(output)  # before the work, not after it
    max_bytes = max_size * 1024 * 1024
    if source == "-":
        doc = read_stream(sys.stdin.buffer, format=input_format, max_bytes=max_bytes)
    else:
        doc = read_article(Path(source), format=input_format, max_bytes=max_bytes)
    checker = default_checker(kb_path, corpus_path=corpus_path, factchecks_path=factchecks_path)
    with status(f"Checking {source}", enabled=output is not None or fmt == "text"):
        report = checker.check_document(doc)
    if fmt == "text" and output is None:
        from newsvet.report import render_terminal

        render_terminal(report, Console())
        return
    write_output(format_report(report, fmt), output)
