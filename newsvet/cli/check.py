"""`newsvet check`: vet one article."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from newsvet.cli._common import errors_as_messages, kb_option, status, write_output

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
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--input-format",
    type=click.Choice(["text", "html", "jsonl"]),
    help="Read the input as this format instead of guessing from its name and content.",
)
@kb_option
@errors_as_messages
def check(
    source: str, fmt: str, output: Path | None, input_format: str | None, kb_path: Path | None
) -> None:
    """Vet one article and print its report.

    PATH is a plain-text file (first line = headline), an HTML page, or a JSON-lines file
    with "text", "title", "url" and "published" (the first article is checked); "-" reads
    standard input.
    """
    from newsvet.checker import default_checker
    from newsvet.read import read_article, read_stream
    from newsvet.report import format_report

    if source == "-":
        doc = read_stream(sys.stdin.buffer, format=input_format)
    else:
        doc = read_article(Path(source), format=input_format)
    with status(f"Checking {source}", enabled=output is not None or fmt == "text"):
        report = default_checker(kb_path).check_document(doc)
    if fmt == "text" and output is None:
        from newsvet.report import render_terminal

        render_terminal(report, Console())
        return
    write_output(format_report(report, fmt), output)
