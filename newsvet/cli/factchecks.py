"""`newsvet factchecks`: import earlier fact-checks and match claims against them."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsvet.cli._common import errors_as_messages
from newsvet.cli._common import store_option as _store_option
from newsvet.errors import InputError

if TYPE_CHECKING:
    from newsvet.factchecks import ImportProblem

store_option = _store_option(
    "--store", "store_path", "NEWSVET_FACTCHECKS", "Fact-check store", "factchecks.sqlite"
)


@click.group()
def factchecks() -> None:
    """Earlier fact-checks: import published reviews of claims and match claims to them."""


@factchecks.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["claimreview", "checkthat"]),
    help="Read the files as this format. Default: CheckThat! for vclaims*.jsonl, "
    "else ClaimReview (JSON, JSON lines or HTML pages with JSON-LD).",
)
@store_option
@errors_as_messages
def import_(paths: tuple[Path, ...], fmt: str | None, store_path: Path | None) -> None:
    """Import fact-checks from files or folders, all in one transaction.

    ClaimReview is schema.org's markup that fact-checkers publish: a JSON file (one object,
    a list, an @graph), JSON lines, or HTML pages carrying it in
    <script type="application/ld+json">. Importing the same files again changes nothing.

    What cannot be read is skipped and the rest imported: a malformed line or JSON-LD
    block, a ClaimReview without a claim, a file that is empty, not UTF-8 or malformed JSON
    as a whole. Each skipped part is listed on stderr with its file and line (the first 20
    of a file), and counted in the summary.

    \b
    Exit status:
      0  fact-checks were read and imported, even if some parts were skipped
      2  nothing could be read (the store is left as it was), or a path does not
         exist, or a folder holds no .json, .jsonl, .ndjson, .html or .htm file
      3  the store cannot be opened or written
    """
    from newsvet.factchecks import FactCheckImportError, FactCheckStore

    started = time.perf_counter()
    with FactCheckStore.open(store_path) as store:
        try:
            result = store.import_paths(list(paths), format=fmt)
        except FactCheckImportError as err:
            if len(err.problems) > 1:
                _list_skipped(err.problems)
                files = len({problem.path for problem in err.problems})
                raise InputError(
                    f"no fact-checks could be read from {_count(files, 'file')} "
                    f"({_count(len(err.problems), 'problem')}, listed above)"
                ) from err
            raise
        total = len(store)
    _list_skipped(result.skipped)
    click.echo(
        f"Read {_count(result.records, 'fact-check')} from {_count(result.files, 'file')} in "
        f"{time.perf_counter() - started:.1f} s: {result.added:,} new, {result.updated:,} "
        f"changed, {result.unchanged:,} unchanged, {len(result.skipped):,} skipped; "
        f"{total:,} in {store.path}"
    )


# A file read in the wrong format fails on every line; its first problems say enough.
SKIPPED_SHOWN_PER_FILE = 20


def _list_skipped(problems: Sequence[ImportProblem]) -> None:
    """Each skipped part on stderr, at most ``SKIPPED_SHOWN_PER_FILE`` a file."""
    by_file: dict[Path, list[ImportProblem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    for path, found in by_file.items():
        for problem in found[:SKIPPED_SHOWN_PER_FILE]:
            click.echo(f"newsvet: skipped {problem}", err=True)
        if len(found) > SKIPPED_SHOWN_PER_FILE:
            more = len(found) - SKIPPED_SHOWN_PER_FILE
            click.echo(f"newsvet: skipped {path}: {_count(more, 'more problem')}", err=True)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@factchecks.command("match")
@click.argument("text")
@click.option("-k", "--k", "k", default=5, show_default=True, help="Most fact-checks to show.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--method",
    type=click.Choice(["rerank", "fused", "lexical", "dense"]),
    default="rerank",
    show_default=True,
    help="How candidates are ranked.",
)
@store_option
@errors_as_messages
def match(text: str, k: int, fmt: str, method: str, store_path: Path | None) -> None:
    """Find the earlier fact-checks that address the claim TEXT, best first.

    The first match after an import embeds the new fact-checks (about 4 ms each); the
    vectors are kept in the store.
    """
    from newsvet.factchecks import FactCheckStore

    if k < 1:
        raise click.BadParameter("must be at least 1", param_hint="--k")
    if not text.strip():
        raise InputError("claim text is empty")
    with FactCheckStore.open(store_path) as store:
        found = store.match(text, k=k, method=method)
    if fmt == "json":
        click.echo(json.dumps([m.to_dict() for m in found], indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("No earlier fact-check matches this claim.")
        return
    for rank, m in enumerate(found, 1):
        fc = m.fact_check
        source = ", ".join(x for x in (fc.fact_checker, fc.date) if x)
        rating = f"rated {fc.rating.text!r}" if fc.rating.text else "no rating"
        click.echo(f"{rank}. {m.score:.3f}  {m.stance.value} ({m.weight:.1f}), {rating}"
                   + (f" by {source}" if source else ""))  # fmt: skip
        click.echo(f"   {fc.claim}")
        click.echo(f"   {fc.url or fc.id}")


@factchecks.command("stats")
@store_option
@errors_as_messages
def stats(store_path: Path | None) -> None:
    """Show what the store holds."""
    from newsvet.factchecks import FactCheckStore

    with FactCheckStore.open(store_path) as store:
        data = store.stats()
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
