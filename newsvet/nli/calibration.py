"""Softmax with temperature, temperature fitting and the figures reported for the verifier.

Numpy only: the same code calibrates during training and serves predictions at run time.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def softmax(logits: npt.ArrayLike, temperature: float = 1.0) -> FloatArray:
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True), dtype=np.float64)


def nll(logits: npt.ArrayLike, labels: npt.ArrayLike, temperature: float) -> float:
    p = softmax(logits, temperature)
    y = np.asarray(labels, dtype=np.int64)
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))


def fit_temperature(logits: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    """The temperature that minimises negative log-likelihood (Guo et al. 2017).

    A coarse log-spaced grid, then a finer one around the best point: one parameter does not
    need an optimiser, and a grid cannot diverge.
    """
    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 121))
    best = min(grid, key=lambda t: nll(logits, labels, float(t)))
    fine = best * np.exp(np.linspace(-0.06, 0.06, 41))
    return float(min(fine, key=lambda t: nll(logits, labels, float(t))))


def expected_calibration_error(probs: npt.ArrayLike, labels: npt.ArrayLike, bins: int = 15) -> float:
    """Top-label ECE with equal-width confidence bins."""
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - conf[in_bin].mean())
    return float(ece)


def accuracy(pred: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    return float(np.mean(np.asarray(pred) == np.asarray(labels)))


def macro_f1(pred: npt.ArrayLike, labels: npt.ArrayLike, n_classes: int = 3) -> float:
    """Mean F1 over the classes present in the gold labels."""
    p, y = np.asarray(pred), np.asarray(labels)
    scores = []
    for c in range(n_classes):
        if not (y == c).any():
            continue
        tp = float(((p == c) & (y == c)).sum())
        fp = float(((p == c) & (y != c)).sum())
        fn = float(((p != c) & (y == c)).sum())
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


def summarise(logits: npt.ArrayLike, labels: npt.ArrayLike, temperature: float) -> dict[str, float]:
    """Accuracy, macro-F1 and ECE before and after temperature scaling for one split."""
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    pred = z.argmax(axis=1)
    return {
        "n": len(y),
        "accuracy": round(accuracy(pred, y), 4),
        "macro_f1": round(macro_f1(pred, y), 4),
        "ece_raw": round(expected_calibration_error(softmax(z), y), 4),
        "ece_calibrated": round(expected_calibration_error(softmax(z, temperature), y), 4),
    }
