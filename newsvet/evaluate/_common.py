"""What every benchmark evaluation shares: results, progress, splits and threshold fitting."""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")


@dataclass
class Result:
    """One benchmark's figures. ``score`` is the headline metric, in the benchmark's own terms."""

    benchmark: str
    metric: str
    score: float
    published: dict[str, float | None]
    n: int
    details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark, "metric": self.metric, "score": round(self.score, 4),
            "published": self.published, "n": self.n, "details": self.details,
            "seconds": round(self.seconds, 1),
        }  # fmt: skip


def unit_hash(key: str) -> float:
    """A stable number in [0, 1) for a key: splits that never change between runs."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split(
    items: Sequence[T], key: Callable[[T], str], salt: str, share: float = 0.5
) -> tuple[list[T], list[T]]:
    """(tuning, held-out): thresholds are fitted on the first and reported on the second."""
    tune: list[T] = []
    held: list[T] = []
    for item in items:
        (held if unit_hash(f"{salt}|{key(item)}") < share else tune).append(item)
    return tune, held


def best_thresholds(
    grid: Mapping[str, Sequence[float]], score: Callable[[dict[str, float]], float]
) -> tuple[dict[str, float], float]:
    """The grid point with the highest score (first one on ties, so results are stable)."""
    names = list(grid)
    best: tuple[dict[str, float], float] = ({}, float("-inf"))
    for values in itertools.product(*(grid[n] for n in names)):
        point = dict(zip(names, values, strict=True))
        value = score(point)
        if value > best[1]:
            best = (point, value)
    return best


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


@contextmanager
def progress(enabled: bool) -> Iterator[Callable[[Iterable[T], str, int], Iterable[T]]]:
    """A function that wraps an iterable in a progress bar on stderr (or does nothing)."""
    if not enabled:
        yield lambda items, description, total: items
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    )

    def track(items: Iterable[T], description: str, total: int) -> Iterable[T]:
        return bar.track(items, total=total, description=description)

    with bar:
        yield track


class Timer:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
