"""The ``newsvet`` command line.

Exit codes scripts can rely on: 0 the work was done; 1 an internal failure; 2 the user's
input or options were wrong; 3 the knowledge base is missing or broken.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from newsvet.errors import NewsvetError

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "md", "json", "html")

kb_option = click.option(
    "--kb",
    "kb_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NEWSVET_KB",
    help="Knowledge-base file (SQLite). Default: the built-in knowledge base, built on first use.",
)


def _errors_as_messages(func: F) -> F:
    """Show newsvet's own errors as one line and their exit code, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsvetError as err:
            click.echo(f"newsvet: error: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("newsvet: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsvet")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
def main(verbose: int) -> None:
    """newsvet vets news articles.

    It finds the factual claims in an article, who asserts each one and how firmly,
    links the people, groups, places and operations to a knowledge base of sourced facts,
    and reports a verdict for every claim with its evidence and reason.

    \b
    Start with:
      newsvet check article.txt           vet one article (text, HTML or JSON lines)
      newsvet check - --format json       read stdin, write the JSON report
      newsvet kb search "Lashkar"         look up an entity in the knowledge base
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("source", metavar="PATH|-")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Report format: text (terminal), md (Markdown), json (schema newsvet.report/1), html.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--input-format", type=click.Choice(["text", "html", "jsonl"]),
    help="Read the input as this format instead of guessing from its name and content.",
)
@kb_option
@_errors_as_messages
def check(source: str, fmt: str, output: Path | None, input_format: str | None, kb_path: Path | None) -> None:
    """Vet one article and print its report.

    PATH is a plain-text file (first line = headline), an HTML page, or a JSON-lines file
    with "text", "title", "url" and "published" (the first article is checked); "-" reads
    standard input.
    """
    from newsvet.check import default_checker
    from newsvet.read import read_article, read_stream
    from newsvet.report import format_report

    if source == "-":
        doc = read_stream(sys.stdin.buffer, format=input_format)
    else:
        doc = read_article(Path(source), format=input_format)
    with _status(f"Checking {source}", enabled=output is not None or fmt == "text"):
        report = default_checker(kb_path).check_document(doc)
    if fmt == "text" and output is None:
        from newsvet.report import render_terminal

        render_terminal(report, Console())
        return
    _write(format_report(report, fmt), output)


@main.group()
def kb() -> None:
    """Build and query the knowledge base of sourced facts."""


@kb.command("build")
@kb_option
@_errors_as_messages
def kb_build(kb_path: Path | None) -> None:
    """Build the knowledge base from the sources shipped with newsvet.

    Imports the UN Security Council consolidated list, the OFAC SDN list (terrorism
    programmes), OpenSanctions FollowTheMoney entities and newsvet's curated facts.
    The old file is replaced only when the build succeeds.
    """
    from newsvet.kb import build_default_kb, default_kb_path

    path = kb_path or default_kb_path()
    started = time.perf_counter()
    with _status(f"Building the knowledge base at {path}", enabled=True):
        built = build_default_kb(path)
    stats = built.stats()
    built.close()
    summary = ", ".join(f"{v:,} {k}" for k, v in stats.items() if isinstance(v, int))
    click.echo(f"Built {path} in {time.perf_counter() - started:.1f} s: {summary}")


@kb.command("search")
@click.argument("name")
@click.option("-n", "--limit", default=10, show_default=True, help="Most results to show.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@kb_option
@_errors_as_messages
def kb_search(name: str, limit: int, fmt: str, kb_path: Path | None) -> None:
    """Find entities by name or alias (exact, normalised and fuzzy)."""
    from newsvet.kb import KnowledgeBase

    base = KnowledgeBase.open(kb_path)
    results = base.search(name, limit=limit)
    rows: list[dict[str, Any]] = [
        {"id": c.entity.id, "name": c.entity.caption, "schema": c.entity.schema,
         "score": round(c.score, 3), "method": c.method, "matched": c.matched,
         "identifiers": {k: list(v) for k, v in c.entity.identifiers.items()}}
        for c in results
    ]  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"No entity matches {name!r}.")
        return
    table = Table("id", "name", "schema", "score", "match", "identifiers")
    for row in rows:
        ids = "; ".join(f"{k}: {', '.join(v)}" for k, v in row["identifiers"].items())
        table.add_row(row["id"], row["name"], row["schema"], f"{row['score']:.2f}", row["method"], ids)
    Console().print(table)


@kb.command("show")
@click.argument("entity_id", metavar="ID")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@kb_option
@_errors_as_messages
def kb_show(entity_id: str, fmt: str, kb_path: Path | None) -> None:
    """Show one entity: its names, identifiers and every statement with its source."""
    from newsvet.kb import KnowledgeBase, format_entity

    base = KnowledgeBase.open(kb_path)
    if base.entity(entity_id) is None:
        raise click.UsageError(f"no entity with id {entity_id!r}; try `newsvet kb search NAME`")
    data = format_entity(base, entity_id)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    console = Console()
    console.print(f"[bold]{data.get('caption', entity_id)}[/bold]  ({data.get('schema')}, {entity_id})")
    for key in ("names", "identifiers", "datasets"):
        if data.get(key):
            console.print(f"[dim]{key}:[/dim] {data[key]}")
    table = Table("property", "value", "valid", "source")
    for statement in data.get("statements", []):
        valid = " to ".join(x for x in (statement.get("start"), statement.get("end")) if x)
        contested = " [contested]" if statement.get("contested") else ""
        table.add_row(
            str(statement.get("label") or statement.get("prop")),
            f"{statement.get('value')}{contested}", valid, str(statement.get("source") or ""),
        )
    console.print(table)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)  # never leave half a report behind
    click.echo(f"Wrote {output}", err=True)


class _status:
    """A spinner on stderr while slow work runs, when stderr is a terminal."""

    def __init__(self, message: str, *, enabled: bool) -> None:
        self.console = Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal
        self.message = message
        self._status: Any = None

    def __enter__(self) -> _status:
        if self.enabled:
            self._status = self.console.status(self.message)
            self._status.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)


if __name__ == "__main__":
    main()
