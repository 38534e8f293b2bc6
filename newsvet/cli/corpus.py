"""`newsvet corpus`: add articles to the corpus of coverage and search it."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from newsvet.cli._common import corpus_option, errors_as_messages


@click.group()
def corpus() -> None:
    """Build and search the corpus of other coverage that claims are checked against."""


@corpus.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal.")
@corpus_option
@errors_as_messages
def corpus_add(paths: tuple[Path, ...], progress: bool, corpus_path: Path | None) -> None:
    """Add articles: text, HTML, JSON lines, RSS and Atom feeds, and folders of them.

    An article already in the corpus is skipped. A file or JSON line that cannot be read
    is reported and skipped, and the others are added; each article is stored whole or not
    at all. Exit code 2 when nothing at all could be read.
    """
    from newsvet.corpus import Corpus

    with Corpus.open(corpus_path) as store:
        summary = store.add_paths(paths, progress=progress)
        path = store.path
    click.echo(
        f"{path}: added {_count(summary.added, 'article')} ({_count(summary.passages, 'passage')}; "
        f"{_count(summary.syndicated, 'near-duplicate')} of earlier stories), "
        f"{summary.duplicates} already present, {len(summary.failed)} failed"
    )
    for where, reason in summary.failed:
        # Readers' messages usually name the place already; name it once.
        message = reason if reason.startswith(where.split(",")[0]) else f"{where}: {reason}"
        click.echo(f"newsvet: skipped {message}", err=True)
    if summary.read == 0:
        click.echo("newsvet: error: no article could be read", err=True)
        sys.exit(2)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@corpus.command("search")
@click.argument("query")
@click.option("-k", "--k", "k", default=10, show_default=True, help="Passages to return.")
@click.option(
    "--before",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the article under check (YYYY-MM-DD): later passages are marked.",
)
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "lexical", "dense"]),
    default="hybrid",
    show_default=True,
)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@corpus_option
@errors_as_messages
def corpus_search(
    query: str, k: int, before: dt.datetime | None, mode: str, fmt: str, corpus_path: Path | None
) -> None:
    """Find the passages that bear on QUERY (a claim), by words and by meaning."""
    from newsvet.corpus import Corpus, independent_sources

    if k < 1:
        raise click.BadParameter("must be at least 1", param_hint="--k")
    day = before.date() if before else None
    with Corpus.open(corpus_path, create=False) as store:
        hits = store.search(query, k, before=day, mode=mode)  # type: ignore[arg-type]
    sources = len(independent_sources(hits))
    if fmt == "json":
        data: dict[str, Any] = {
            "query": query,
            "mode": mode,
            "before": day.isoformat() if day else None,
            "independent_sources": sources,
            "hits": [hit.to_dict() for hit in hits],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"No passage matches {query!r}.")
        return
    for rank, hit in enumerate(hits, start=1):
        source = ", ".join(
            x for x in (hit.outlet, hit.published.isoformat() if hit.published else None) if x
        )
        later = "  [published later]" if hit.later else ""
        click.echo(
            f"{rank:>2}. {hit.score:.4f}  {hit.title or '(untitled)'}  ({source or 'no date'}){later}"
        )
        click.echo(f"    {hit.text}")
    click.echo(
        f"{len(hits)} passages from {sources} independent sources "
        "(syndicated copies of one story count once)"
    )


@corpus.command("stats")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@corpus_option
@errors_as_messages
def corpus_stats(fmt: str, corpus_path: Path | None) -> None:
    """Counts of articles, stories, passages and outlets, and the dates covered."""
    from newsvet.corpus import Corpus

    with Corpus.open(corpus_path, create=False) as store:
        stats = store.stats()
    if fmt == "json":
        click.echo(json.dumps(stats, indent=2))
        return
    for key, value in stats.items():
        shown = f"{value:,}" if isinstance(value, int) else (value or "-")
        click.echo(f"{key.replace('_', ' '):<18} {shown}")
