"""Claim matching: candidates from lexical and dense retrieval, then one ranking.

For a claim, the candidates are the union of the top ``DEPTH`` records by BM25 and by the
cosine of MiniLM embeddings (of the reviewed claim, and of the review's title and summary).
Each candidate gets the features below; the shipped re-ranker, a logistic regression fitted
on the CheckThat! 2022 2A *train* queries (``newsvet.evaluate.checkthat.train_reranker``),
turns them into the probability that the record reviews the same claim. Without a
re-ranker file the candidates are ordered by reciprocal rank fusion of the three rankings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsvet.factchecks._errors import FactCheckStoreError

RERANKER_PATH = Path(__file__).with_name("reranker.json")
DEPTH = 50
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al. 2009)

FEATURES = (
    "cos_claim",  # cosine of the claim with the reviewed claim
    "cos_context",  # cosine with the review's title and summary
    "cos_claim_gap",  # cos_claim minus the best cos_claim of any record for this claim
    "cos_context_gap",
    "bm25_share",  # BM25 over the best BM25 for this claim
    "bm25_log",  # log(1 + BM25)
    "rr_lexical",  # 1 / rank by BM25
    "rr_claim",  # 1 / rank by cos_claim
    "rr_context",  # 1 / rank by cos_context
    "token_cover",  # share of the record's claim tokens found in the claim
    "token_jaccard",
    "number_hits",  # numbers of the record's claim found in the claim
    "number_misses",  # numbers of the record's claim missing from the claim
    "name_cover",  # share of the record's capitalised words found in the claim
)


@dataclass(frozen=True)
class Reranker:
    """A logistic regression over standardised ``FEATURES``."""

    features: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray
    bias: float
    trained_on: str = ""

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.std) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(self.features),
                "mean": [round(float(v), 6) for v in self.mean],
                "std": [round(float(v), 6) for v in self.std],
                "weights": [round(float(v), 6) for v in self.weights],
                "bias": round(self.bias, 6),
                "trained_on": self.trained_on,
            },
            indent=1,
        )

    @classmethod
    def load(cls, path: Path = RERANKER_PATH) -> Reranker | None:
        """The re-ranker in ``path``; None when there is none or it was fitted on other
        features than this version computes (then fusion is used)."""
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise FactCheckStoreError(f"{path}: malformed re-ranker file: {err}") from err
        if tuple(data.get("features", ())) != FEATURES:
            return None
        return cls(
            features=FEATURES,
            mean=np.array(data["mean"], dtype=np.float32),
            std=np.array(data["std"], dtype=np.float32),
            weights=np.array(data["weights"], dtype=np.float32),
            bias=float(data["bias"]),
            trained_on=str(data.get("trained_on", "")),
        )


def fit_reranker(
    x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 50, trained_on: str = ""
) -> Reranker:
    """Fit the logistic regression by Newton's method (the problem is small: tens of
    thousands of candidate rows, a dozen features)."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))]).astype(np.float64)
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return Reranker(
        features=FEATURES,
        mean=mean.astype(np.float32),
        std=std.astype(np.float32),
        weights=w[:-1].astype(np.float32),
        bias=float(w[-1]),
        trained_on=trained_on,
    )
