"""Okapi BM25 over a tokenised in-memory index, in numpy.

Each term's postings hold its documents and their precomputed term weights, so scoring a
query is one scatter-add per query term: about a millisecond over 15,000 fact-checks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75


@dataclass
class Bm25:
    vocabulary: dict[str, int]
    postings: list[tuple[np.ndarray, np.ndarray]]  # per term: document rows, weights
    n_docs: int

    @classmethod
    def build(cls, docs: list[list[str]], k1: float = K1, b: float = B) -> Bm25:
        n_docs = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        avg = float(lengths.mean()) if n_docs and lengths.sum() else 1.0
        rows: dict[str, list[int]] = {}
        tfs: dict[str, list[int]] = {}
        for row, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                rows.setdefault(term, []).append(row)
                tfs.setdefault(term, []).append(tf)
        vocabulary: dict[str, int] = {}
        postings: list[tuple[np.ndarray, np.ndarray]] = []
        for term, term_rows in rows.items():
            r = np.array(term_rows, dtype=np.int32)
            freq = np.array(tfs[term], dtype=np.float32)
            df = len(term_rows)
            # The "+1" idf of Lucene and rank_bm25's variants: never negative for common terms.
            idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
            norm = k1 * (1.0 - b + b * lengths[r] / avg)
            vocabulary[term] = len(postings)
            postings.append((r, (idf * freq * (k1 + 1.0) / (freq + norm)).astype(np.float32)))
        return cls(vocabulary, postings, n_docs)

    def scores(self, query: list[str]) -> np.ndarray:
        """The BM25 score of every document for the query (each query term counts as often
        as it occurs, as in Okapi with query-term frequency)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        for term, qtf in Counter(query).items():
            index = self.vocabulary.get(term)
            if index is not None:
                rows, weights = self.postings[index]
                out[rows] += weights * qtf
        return out
