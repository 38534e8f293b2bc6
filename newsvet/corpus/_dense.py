"""The in-memory matrix of passage vectors, searched by brute-force dot product.

Vectors are stored as float16 in the file (half the size, no loss that changes a ranking)
and held here as float32, since numpy multiplies float32 with BLAS and float16 without.
At 100,000 passages the matrix is 150 MB and one query takes a few milliseconds.
"""

from __future__ import annotations

import numpy as np

from newsvet.embed import DIMENSIONS

STORED_DTYPE = np.float16


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=STORED_DTYPE).tobytes()


class DenseIndex:
    """Rows in passage-id order; grows by doubling so that adds stay cheap."""

    def __init__(self) -> None:
        self._matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)
        self._articles = np.zeros(0, dtype=np.int64)
        self.size = 0

    @property
    def last_id(self) -> int:
        return int(self._ids[self.size - 1]) if self.size else 0

    def extend(self, ids: list[int], articles: list[int], blobs: list[bytes]) -> None:
        if not ids:
            return
        vectors = np.frombuffer(b"".join(blobs), dtype=STORED_DTYPE).reshape(len(ids), DIMENSIONS)
        self._reserve(self.size + len(ids))
        end = self.size + len(ids)
        self._matrix[self.size : end] = vectors
        self._ids[self.size : end] = ids
        self._articles[self.size : end] = articles
        self.size = end

    def _reserve(self, rows: int) -> None:
        if rows <= len(self._ids):
            return
        capacity = max(rows, 2 * len(self._ids), 1024)
        matrix = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
        matrix[: self.size] = self._matrix[: self.size]
        ids = np.zeros(capacity, dtype=np.int64)
        ids[: self.size] = self._ids[: self.size]
        articles = np.zeros(capacity, dtype=np.int64)
        articles[: self.size] = self._articles[: self.size]
        self._matrix, self._ids, self._articles = matrix, ids, articles

    def search(
        self, query: np.ndarray, depth: int, *, floor: float, exclude_articles: list[int]
    ) -> list[tuple[int, float]]:
        """The ``depth`` most similar passages with similarity at least ``floor``, best first,
        as (passage id, cosine similarity)."""
        if not self.size or depth <= 0:
            return []
        scores = self._matrix[: self.size] @ query.astype(np.float32)
        if exclude_articles:
            scores[np.isin(self._articles[: self.size], exclude_articles)] = -np.inf
        depth = min(depth, self.size)
        top = np.argpartition(-scores, depth - 1)[:depth]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self._ids[i]), float(scores[i])) for i in top if scores[i] >= floor]
