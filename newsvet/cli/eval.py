"""`newsvet eval`: each component on its public benchmark, in the benchmark's own metric."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from newsvet.cli._common import errors_as_messages
from newsvet.errors import InputError

DATA_ROOT = Path(os.environ.get("NEWSVET_DATA", "../shared/data"))


def _default(relative: str) -> Path | None:
    path = DATA_ROOT / "eval" / relative
    return path if path.exists() else None


def _require(value: Path | None, option: str) -> Path:
    if value is None:
        raise InputError(f"no data: pass {option} (nothing found under {DATA_ROOT / 'eval'})")
    if not value.is_file():
        raise InputError(f"{value}: no such file (given by {option})")
    return value


json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object; its `score` is the headline metric.",
)
limit_option = click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Evaluate a stable subset of this many items (fast).",
)


def _show(result: Any, as_json: bool) -> None:
    data = result.to_dict() if hasattr(result, "to_dict") else result
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    table = Table(
        "benchmark", "metric", "newsvet", "published", "n", "seconds", title="newsvet eval"
    )
    published = "\n".join(
        f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: —" for k, v in data["published"].items()
    )
    table.add_row(
        data["benchmark"],
        data["metric"],
        f"{data['score']:.4f}",
        published,
        str(data["n"]),
        f"{data.get('seconds', 0):.0f}",
    )
    console = Console()
    console.print(table)
    for key, value in data.get("details", {}).items():
        console.print(f"[dim]{key}:[/dim] {value}")


@click.group("eval")
def eval_group() -> None:
    """Measure newsvet's components on public benchmarks (development splits).

    Each evaluation takes its split's files explicitly, so any split in the same format can be
    measured; without them it uses the development files under $NEWSVET_DATA (default
    ../shared/data). Floors for the fast subsets that CI runs are in eval-floors.toml.
    """


@eval_group.command("climate-fever")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=lambda: _default("climate-fever/dev.jsonl"),
    help="Climate-FEVER JSON lines.",
)
@click.option(
    "--fit",
    is_flag=True,
    help="Fit the stance thresholds on the claims the verifier trained on first.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the verifier's reliability diagram (PNG).",
)
@limit_option
@json_option
@errors_as_messages
def climate_fever(
    data: Path | None, fit: bool, plot: Path | None, limit: int | None, as_json: bool
) -> None:
    """Claim label accuracy from five evidence sentences (the textual verifier)."""
    from newsvet.evaluate.climate_fever import evaluate_climate_fever

    _show(
        evaluate_climate_fever(
            _require(data, "--data"), fit=fit, limit=limit, plot=plot, show_progress=not as_json
        ),
        as_json,
    )


@eval_group.command("fnc1")
@click.option(
    "--stances",
    type=click.Path(path_type=Path),
    default=lambda: _default("fnc1/stances.dev.csv"),
    help="FNC-1 stances CSV.",
)
@click.option(
    "--bodies",
    type=click.Path(path_type=Path),
    default=lambda: _default("fnc1/bodies.dev.csv"),
    help="FNC-1 bodies CSV.",
)
@limit_option
@json_option
@errors_as_messages
def fnc1(stances: Path | None, bodies: Path | None, limit: int | None, as_json: bool) -> None:
    """FNC-1 weighted score of headline-body stance (relatedness + the textual verifier)."""
    from newsvet.evaluate.fnc1 import evaluate_fnc1

    result = evaluate_fnc1(
        _require(stances, "--stances"),
        _require(bodies, "--bodies"),
        limit=limit,
        show_progress=not as_json,
    )
    _show(result, as_json)


@eval_group.command("claimbuster")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=lambda: _default("claimbuster/train.json"),
    help="ClaimBuster JSON.",
)
@click.option(
    "--train",
    type=click.Path(path_type=Path),
    help="Choose the threshold on this file instead of cross-validating.",
)
@limit_option
@json_option
@errors_as_messages
def claimbuster(data: Path | None, train: Path | None, limit: int | None, as_json: bool) -> None:
    """Check-worthiness F1 of the pipeline's claim detector."""
    from newsvet.evaluate.claimbuster import evaluate_claimbuster

    train_path = _require(train, "--train") if train is not None else None
    _show(
        evaluate_claimbuster(
            _require(data, "--data"), train=train_path, limit=limit, show_progress=not as_json
        ),
        as_json,
    )


@eval_group.command("checkthat-2a")
@click.option(
    "--queries",
    type=click.Path(path_type=Path),
    default=lambda: _default("checkthat2022-2a/CT2022-Task2A-EN-Train-Dev_Queries.tsv"),
    help="Queries TSV (tweets).",
)
@click.option(
    "--qrels",
    type=click.Path(path_type=Path),
    default=lambda: _default("checkthat2022-2a/CT2022-Task2A-EN-Dev_QRELs.tsv"),
    help="Gold links TSV; its queries are the ones evaluated.",
)
@click.option(
    "--vclaims",
    type=click.Path(path_type=Path),
    multiple=True,
    help="Verified-claims JSON lines (repeat for each part).",
)
@click.option(
    "--method",
    type=click.Choice(["rerank", "fused", "lexical", "dense"]),
    default="rerank",
    show_default=True,
)
@limit_option
@json_option
@errors_as_messages
def checkthat(
    queries: Path | None,
    qrels: Path | None,
    vclaims: tuple[Path, ...],
    method: str,
    limit: int | None,
    as_json: bool,
) -> None:
    """MAP@5 of matching tweets to earlier fact-checked claims (CheckThat! 2022 task 2A)."""
    from newsvet.evaluate.checkthat import evaluate_checkthat

    parts = list(vclaims) or sorted(
        (DATA_ROOT / "eval/checkthat2022-2a").glob("vclaims.part*.jsonl")
    )
    if not parts:
        raise InputError("no verified claims: pass --vclaims FILE (repeat for each part)")
    result = evaluate_checkthat(
        _require(queries, "--queries"),
        _require(qrels, "--qrels"),
        [_require(p, "--vclaims") for p in parts],
        limit=limit,
        method=method,
        progress=not as_json,
    )
    _show(result, as_json)


@eval_group.command("scifact")
@click.option(
    "--claims",
    type=click.Path(path_type=Path),
    default=lambda: _default("scifact/claims_dev.jsonl"),
    help="SciFact claims JSON lines.",
)
@click.option(
    "--corpus",
    "corpus_parts",
    type=click.Path(path_type=Path),
    multiple=True,
    help="Abstract corpus JSON lines (repeat for each part).",
)
@limit_option
@json_option
@errors_as_messages
def scifact(
    claims: Path | None, corpus_parts: tuple[Path, ...], limit: int | None, as_json: bool
) -> None:
    """Abstract-level label-only F1, retrieving from the whole abstract corpus."""
    from newsvet.evaluate.scifact import evaluate_scifact

    parts = list(corpus_parts) or sorted((DATA_ROOT / "eval/scifact").glob("corpus.part*.jsonl"))
    result = evaluate_scifact(
        _require(claims, "--claims"),
        [_require(p, "--corpus") for p in parts],
        limit=limit,
        show_progress=not as_json,
    )
    _show(result, as_json)


@eval_group.command("floors")
@click.option(
    "--floors",
    "floors_path",
    type=click.Path(path_type=Path),
    default=Path("eval-floors.toml"),
    show_default=True,
)
@json_option
@errors_as_messages
def floors(floors_path: Path, as_json: bool) -> None:
    """Run the fast subsets CI runs and compare each with its floor; exit 1 below a floor."""
    from newsvet.evaluate.floors import run_floors

    results = run_floors(floors_path, DATA_ROOT, show_progress=not as_json)
    if as_json:
        click.echo(json.dumps(results, indent=2))
    else:
        table = Table("benchmark", "metric", "score", "floor", "ok")
        for row in results:
            table.add_row(
                row["benchmark"],
                row["metric"],
                f"{row['score']:.4f}",
                f"{row['floor']:.4f}",
                "yes" if row["ok"] else "[red]NO[/red]",
            )
        Console().print(table)
    if not all(row["ok"] for row in results):
        raise SystemExit(1)
