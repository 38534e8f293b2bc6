"""`newsvet kb`: build and query the knowledge base."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from newsvet.cli._common import errors_as_messages, kb_option, status


@click.group()
def kb() -> None:
    """Build and query the knowledge base of sourced facts."""


@kb.command("build")
@kb_option
@errors_as_messages
def kb_build(kb_path: Path | None) -> None:
    """Build the knowledge base from the sources shipped with newsvet.

    Imports the UN Security Council consolidated list, the OFAC SDN list (terrorism
    programmes), OpenSanctions FollowTheMoney entities and newsvet's curated facts.
    The old file is replaced only when the build succeeds.
    """
    from newsvet.kb import build_default_kb, default_kb_path

    path = kb_path or default_kb_path()
    started = time.perf_counter()
    with status(f"Building the knowledge base at {path}", enabled=True):
        built = build_default_kb(path)
    stats = built.stats()
    built.close()
    summary = ", ".join(f"{v:,} {k}" for k, v in stats.items() if isinstance(v, int))
    click.echo(f"Built {path} in {time.perf_counter() - started:.1f} s: {summary}")


@kb.command("search")
@click.argument("name")
@click.option("-n", "--limit", default=10, show_default=True, help="Most results to show.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@kb_option
@errors_as_messages
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
        table.add_row(
            row["id"], row["name"], row["schema"], f"{row['score']:.2f}", row["method"], ids
        )
    Console().print(table)


@kb.command("show")
@click.argument("entity_id", metavar="ID")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@kb_option
@errors_as_messages
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
    console.print(
        f"[bold]{data.get('caption', entity_id)}[/bold]  ({data.get('schema')}, {entity_id})"
    )
    for key in ("names", "identifiers", "datasets"):
        if data.get(key):
            console.print(f"[dim]{key}:[/dim] {data[key]}")
    table = Table("property", "value", "valid", "source")
    for statement in data.get("statements", []):
        valid = " to ".join(x for x in (statement.get("start"), statement.get("end")) if x)
        contested = " [contested]" if statement.get("contested") else ""
        table.add_row(
            str(statement.get("label") or statement.get("prop")),
            f"{statement.get('value')}{contested}",
            valid,
            str(statement.get("source") or ""),
        )
    console.print(table)
