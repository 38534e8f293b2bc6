"""The in-memory matching index over every record of a store: built once per store, then
each claim is matched in a few milliseconds plus one embedding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsvet.factchecks._bm25 import Bm25
from newsvet.factchecks._model import FactCheck
from newsvet.factchecks._rerank import DEPTH, FEATURES, RRF_K, Reranker
from newsvet.factchecks._text import capitalised, numbers, tokens

METHODS = ("lexical", "dense", "fused", "rerank")


def record_texts(fc: FactCheck) -> dict[str, str]:
    """The texts of a record that are embedded: the claim, and the review's own words."""
    context = ". ".join(t for t in (fc.title, fc.summary) if t) or fc.claim
    return {"claim": fc.claim, "context": context}


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of every row by descending score."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks


def _top(scores: np.ndarray, depth: int) -> np.ndarray:
    depth = min(depth, len(scores))
    part = np.argpartition(-scores, depth - 1)[:depth]
    return part[np.argsort(-scores[part], kind="stable")]


@dataclass
class Candidates:
    rows: np.ndarray  # record rows
    features: np.ndarray  # (len(rows), len(FEATURES))
    lexical: np.ndarray  # BM25 of each candidate
    dense: np.ndarray  # cos_claim of each candidate
    fused: np.ndarray  # reciprocal rank fusion score of each candidate


class MatchIndex:
    def __init__(self, records: list[FactCheck], claim_vecs: np.ndarray, context_vecs: np.ndarray):
        self.records = records
        self.claim_vecs = claim_vecs
        self.context_vecs = context_vecs
        self.claim_tokens = [set(tokens(r.claim)) for r in records]
        self.claim_numbers = [numbers(r.claim) for r in records]
        self.claim_names = [capitalised(r.claim) for r in records]
        self.bm25 = Bm25.build(
            [tokens(" ".join(t for t in (r.claim, r.title, r.summary) if t)) for r in records]
        )

    def __len__(self) -> int:
        return len(self.records)

    def candidates(self, text: str, vector: np.ndarray, depth: int = DEPTH) -> Candidates:
        query_tokens = tokens(text)
        bm25 = self.bm25.scores(query_tokens)
        cos_claim = self.claim_vecs @ vector
        cos_context = self.context_vecs @ vector
        rows = np.unique(
            np.concatenate([_top(bm25, depth), _top(cos_claim, depth), _top(cos_context, depth)])
        )
        rank_lex, rank_claim, rank_context = (
            _ranks(s)[rows] for s in (bm25, cos_claim, cos_context)
        )
        q_tokens, q_numbers, q_names = set(query_tokens), numbers(text), capitalised(text)
        best_bm25 = max(float(bm25.max()), 1e-6)
        features = np.zeros((len(rows), len(FEATURES)), dtype=np.float32)
        for i, row in enumerate(rows):
            r_tokens, r_numbers, r_names = (
                self.claim_tokens[row], self.claim_numbers[row], self.claim_names[row],
            )  # fmt: skip
            shared = len(r_tokens & q_tokens)
            features[i] = (
                cos_claim[row],
                cos_context[row],
                cos_claim[row] - cos_claim.max(),
                cos_context[row] - cos_context.max(),
                bm25[row] / best_bm25,
                np.log1p(bm25[row]),
                1.0 / rank_lex[i],
                1.0 / rank_claim[i],
                1.0 / rank_context[i],
                shared / max(len(r_tokens), 1),
                shared / max(len(r_tokens | q_tokens), 1),
                len(r_numbers & q_numbers),
                len(r_numbers - q_numbers),
                len(r_names & q_names) / max(len(r_names), 1),
            )
        fused = 1.0 / (RRF_K + rank_lex) + 1.0 / (RRF_K + rank_claim) + 1.0 / (RRF_K + rank_context)
        return Candidates(rows, features, bm25[rows], cos_claim[rows], fused)

    def rank(
        self, cands: Candidates, method: str, reranker: Reranker | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Candidate positions in ranked order, and the score of each (same order)."""
        if method == "rerank" and reranker is None:
            method = "fused"
        if method == "lexical":
            scores = cands.lexical.astype(np.float64)
        elif method == "dense":
            scores = cands.dense.astype(np.float64)
        elif method == "fused":
            scores = cands.fused.astype(np.float64)
        elif method == "rerank" and reranker is not None:
            scores = reranker.probability(cands.features).astype(np.float64)
        else:
            raise ValueError(f"unknown matching method {method!r}; expected one of {METHODS}")
        order = np.lexsort((cands.rows, -scores))  # ties: the earlier record first
        return order, scores[order]
