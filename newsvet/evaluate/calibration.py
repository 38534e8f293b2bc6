"""How well the verifier's probabilities match how often it is right, and its picture."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_BINS = 10


@dataclass(frozen=True)
class Reliability:
    n: int
    accuracy: float
    ece: float  # expected calibration error of the top label
    bins: tuple[tuple[float, float, int], ...]  # (mean confidence, accuracy, count) per bin


def reliability(pairs: Sequence[tuple[dict[str, float], str]]) -> Reliability:
    """``pairs`` are (predicted probabilities, true label)."""
    sums = [[0.0, 0.0, 0] for _ in range(_BINS)]
    correct_total = 0
    for probabilities, truth in pairs:
        label = max(probabilities, key=lambda k: probabilities[k])
        confidence = probabilities[label]
        correct = int(label == truth)
        correct_total += correct
        row = sums[min(int(confidence * _BINS), _BINS - 1)]
        row[0] += confidence
        row[1] += correct
        row[2] += 1
    n = len(pairs)
    bins = tuple((c / k, a / k, int(k)) if k else (0.0, 0.0, 0) for c, a, k in sums)
    ece = sum(abs(conf - acc) * count for conf, acc, count in bins) / n if n else 0.0
    return Reliability(n, correct_total / n if n else 0.0, ece, bins)


def plot_reliability(result: Reliability, path: Path, *, title: str) -> None:
    """A reliability diagram as a PNG: bars of accuracy per confidence bin, the diagonal
    of perfect calibration, and the bin counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(5, 4.5), dpi=120)
    edges = [i / _BINS for i in range(_BINS)]
    accuracies = [acc for _, acc, _ in result.bins]
    axis.bar(
        edges,
        accuracies,
        width=1 / _BINS,
        align="edge",
        color="#4a78b5",
        edgecolor="white",
        label="accuracy",
    )
    axis.plot([0, 1], [0, 1], linestyle="--", color="#444444", label="perfect calibration")
    for left, (_, acc, count) in zip(edges, result.bins, strict=True):
        if count:
            axis.text(left + 0.05, acc + 0.02, str(count), ha="center", fontsize=7, color="#333333")
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1.08)
    axis.set_xlabel("confidence of the top label")
    axis.set_ylabel("share correct")
    axis.set_title(
        f"{title}\nn={result.n}, accuracy {result.accuracy:.3f}, ECE {result.ece:.3f}", fontsize=9
    )
    axis.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
