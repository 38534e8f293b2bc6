"""The accuracy gate: fast, fixed subsets of each benchmark and the floor each must reach.

The subsets and floors live in one file, eval-floors.toml at the repository root. A floor
is raised when the code improves and never lowered to let a change pass.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsvet.errors import InputError
from newsvet.evaluate._common import Result


def _climate_fever(root: Path, limit: int, show: bool) -> Result:
    from newsvet.evaluate.climate_fever import evaluate_climate_fever

    return evaluate_climate_fever(
        root / "eval/climate-fever/dev.jsonl", limit=limit, show_progress=show
    )


def _fnc1(root: Path, limit: int, show: bool) -> Result:
    from newsvet.evaluate.fnc1 import evaluate_fnc1

    folder = root / "eval/fnc1"
    return evaluate_fnc1(
        folder / "stances.dev.csv", folder / "bodies.dev.csv", limit=limit, show_progress=show
    )


def _claimbuster(root: Path, limit: int, show: bool) -> Result:
    from newsvet.evaluate.claimbuster import evaluate_claimbuster

    return evaluate_claimbuster(
        root / "eval/claimbuster/train.json", limit=limit, show_progress=show
    )


def _checkthat(root: Path, limit: int, show: bool) -> Result:
    from newsvet.evaluate.checkthat import evaluate_checkthat

    folder = root / "eval/checkthat2022-2a"
    data = evaluate_checkthat(
        folder / "CT2022-Task2A-EN-Train-Dev_Queries.tsv", folder / "CT2022-Task2A-EN-Dev_QRELs.tsv",
        sorted(folder.glob("vclaims.part*.jsonl")), limit=limit, progress=show,
    )  # fmt: skip
    return Result(
        data["benchmark"],
        data["metric"],
        data["score"],
        data["published"],
        data["n"],
        seconds=data["seconds"],
    )


def _scifact(root: Path, limit: int, show: bool) -> Result:
    from newsvet.evaluate.scifact import evaluate_scifact

    folder = root / "eval/scifact"
    return evaluate_scifact(
        folder / "claims_dev.jsonl",
        sorted(folder.glob("corpus.part*.jsonl")),
        limit=limit,
        show_progress=show,
    )


RUNNERS: dict[str, Callable[[Path, int, bool], Result]] = {
    "climate-fever": _climate_fever,
    "fnc1": _fnc1,
    "claimbuster": _claimbuster,
    "checkthat-2a": _checkthat,
    "scifact": _scifact,
}


def read_floors(path: Path) -> dict[str, dict[str, Any]]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"cannot read the floors file {path}: {err}") from err
    unknown = set(table) - set(RUNNERS)
    if unknown:
        raise InputError(f"{path}: unknown benchmarks {sorted(unknown)}; known: {sorted(RUNNERS)}")
    return table


def run_floors(path: Path, data_root: Path, *, show_progress: bool = False) -> list[dict[str, Any]]:
    rows = []
    for name, entry in read_floors(path).items():
        result = RUNNERS[name](data_root, int(entry["limit"]), show_progress)
        rows.append({"benchmark": name, "metric": result.metric, "score": result.score,
                     "floor": float(entry["floor"]), "ok": result.score >= float(entry["floor"]),
                     "n": result.n, "seconds": round(result.seconds, 1)})  # fmt: skip
    return rows
