"""The dense index: a shortlist by sign bits must not change what exact scoring finds."""

import numpy as np
import pytest

from newsvet.corpus import _dense
from newsvet.embed import DIMENSIONS

ROWS = 6000
ARTICLE_SIZE = 10  # rows per article


def unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def data() -> tuple[_dense.DenseIndex, np.ndarray]:
    """Clustered vectors (topics with variations), as sentence embeddings are, and queries
    near some of them."""
    rng = np.random.default_rng(7)

    def noise(rows: int, size: float) -> np.ndarray:
        return size * rng.standard_normal((rows, DIMENSIONS)) / np.sqrt(DIMENSIONS)

    topics = unit(rng.standard_normal((60, DIMENSIONS)))
    vectors = unit(topics[rng.integers(0, 60, ROWS)] + noise(ROWS, 1.0))
    index = _dense.DenseIndex()
    ids = list(range(1, ROWS + 1))
    articles = [1 + i // ARTICLE_SIZE for i in range(ROWS)]
    index.extend(ids, articles, [_dense.to_blob(v) for v in vectors])
    queries = unit(vectors[rng.integers(0, ROWS, 30)] + noise(30, 0.8))
    return index, queries


def same(found: list[tuple[int, float]], expected: list[tuple[int, float]]) -> bool:
    return [p for p, _ in found] == [p for p, _ in expected] and [
        s for _, s in found
    ] == pytest.approx([s for _, s in expected], abs=1e-5)


@pytest.fixture
def small_shortlist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_dense, "MIN_SHORTLIST", 200)


def test_the_shortlist_is_a_small_share_of_a_large_index(
    data: tuple[_dense.DenseIndex, np.ndarray], small_shortlist: None
) -> None:
    index, _ = data
    assert index.shortlist_size() == ROWS // _dense.SHORTLIST_SHARE < ROWS


@pytest.mark.parametrize("depth", [1, 10, 50])
def test_the_shortlist_finds_what_scoring_every_passage_finds(
    data: tuple[_dense.DenseIndex, np.ndarray], small_shortlist: None, depth: int
) -> None:
    index, queries = data
    for query in queries:
        fast = index.search(query, depth, floor=-1.0, exclude_articles=[])
        full = index.search(query, depth, floor=-1.0, exclude_articles=[], exact=True)
        assert same(fast, full)
        assert [s for _, s in fast] == sorted((s for _, s in fast), reverse=True)


def test_excluded_articles_are_left_out_of_the_shortlist_too(
    data: tuple[_dense.DenseIndex, np.ndarray], small_shortlist: None
) -> None:
    index, queries = data
    before = index.search(queries[0], 20, floor=-1.0, exclude_articles=[])
    banned = sorted({1 + (pid - 1) // ARTICLE_SIZE for pid, _ in before[:5]})
    after = index.search(queries[0], 20, floor=-1.0, exclude_articles=banned)
    assert len(after) == 20
    assert not {1 + (pid - 1) // ARTICLE_SIZE for pid, _ in after} & set(banned)
    exact = index.search(queries[0], 20, floor=-1.0, exclude_articles=banned, exact=True)
    assert same(after, exact)


def test_passages_below_the_floor_are_not_returned(
    data: tuple[_dense.DenseIndex, np.ndarray],
) -> None:
    index, queries = data
    hits = index.search(queries[0], 50, floor=0.3, exclude_articles=[])
    assert hits and all(score >= 0.3 for _, score in hits)


def test_sign_bits_count_the_components_of_opposite_sign() -> None:
    a = np.ones(DIMENSIONS, dtype=np.float32)
    b = a.copy()
    b[:5] = -1.0
    index = _dense.DenseIndex()
    index.extend([1], [1], [_dense.to_blob(b)])
    assert int(index._hamming(a)[0]) == 5
