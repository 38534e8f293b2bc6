"""CLEF CheckThat! 2022 task 2A: detecting previously fact-checked claims.

Each query (a tweet) is matched against the verified claims; the ranking is scored as the
task's official scorer does (``trectools``' ``TrecEval``, which follows ``trec_eval``): the
run is sorted by score, ties by document id descending; the average precision of a query at
depth k sums precision at each relevant document in the top k and divides by *all* its
relevant documents; the mean is over the queries found in both the run and the qrels.

    python -m newsvet.evaluate.checkthat eval  --queries Q.tsv --qrels DEV.tsv --vclaims V1 V2
    python -m newsvet.evaluate.checkthat train --queries Q.tsv --qrels TRAIN.tsv --vclaims V1 V2

The verified claims are imported into their own fact-check store (not the user's), whose
embedding vectors are cached, so only the first run embeds the 14,231 claims.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from newsvet.errors import InputError
from newsvet.factchecks import METHODS, FactCheckStore, default_store_path
from newsvet.factchecks._index import MatchIndex
from newsvet.factchecks._rerank import RERANKER_PATH, fit_reranker

log = logging.getLogger(__name__)

PUBLISHED = {"BM25 baseline": 0.8179, "winner": 0.956}
DEPTHS = (1, 3, 5)
Ranking = list[tuple[str, float]]  # (verified-claim id, score)


# --- files ----------------------------------------------------------------------------------
def read_queries(path: Path) -> dict[str, str]:
    """``id<TAB>text`` lines."""
    queries: dict[str, str] = {}
    for lineno, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        parts = line.split("\t", 1)
        if len(parts) != 2:
            raise InputError(f"{path}:{lineno}: expected 'id<TAB>text'")
        queries[parts[0].strip()] = parts[1].strip()
    return queries


def read_qrels(path: Path) -> dict[str, set[str]]:
    """TREC qrels: ``query 0 document relevance``; relevance > 0 is relevant. Queries keep
    the order of the file (the fast subset takes the first ones)."""
    qrels: dict[str, set[str]] = {}
    for lineno, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 4:
            raise InputError(f"{path}:{lineno}: expected 'query 0 document relevance'")
        try:
            relevant = float(parts[3]) > 0
        except ValueError as err:
            raise InputError(f"{path}:{lineno}: relevance {parts[3]!r} is not a number") from err
        docs = qrels.setdefault(parts[0], set())
        if relevant:
            docs.add(parts[2])
    return qrels


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text") from err


# --- metrics --------------------------------------------------------------------------------
def _trec_order(ranking: Ranking) -> list[str]:
    # trec_eval ignores the submitted rank: score descending, then document id descending.
    return [doc for doc, _ in sorted(ranking, key=lambda d: (d[1], d[0]), reverse=True)]


def average_precision(ranking: Ranking, relevant: set[str], k: int) -> float:
    if not relevant:
        return 0.0
    found, total = 0, 0.0
    for rank, doc in enumerate(_trec_order(ranking)[:k], 1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant)


def reciprocal_rank(ranking: Ranking, relevant: set[str]) -> float:
    for rank, doc in enumerate(_trec_order(ranking), 1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def recall_at(ranking: Ranking, relevant: set[str], k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(_trec_order(ranking)[:k]) & relevant) / len(relevant)


def score_run(
    run: Mapping[str, Ranking], qrels: Mapping[str, set[str]], k: int = 5
) -> dict[str, float]:
    """MAP@1/@3/@k, MRR and recall@k over the queries in both run and qrels, as trectools
    counts them: a query whose qrels lines are all non-relevant scores 0 and still counts."""
    queries = [q for q in run if q in qrels]
    if not queries:
        return {f"MAP@{d}": 0.0 for d in (*DEPTHS, k)} | {"MRR": 0.0, f"recall@{k}": 0.0}
    scores = {
        f"MAP@{d}": float(np.mean([average_precision(run[q], qrels[q], d) for q in queries]))
        for d in sorted({*DEPTHS, k})
    }
    scores["MRR"] = float(np.mean([reciprocal_rank(run[q], qrels[q]) for q in queries]))
    scores[f"recall@{k}"] = float(np.mean([recall_at(run[q], qrels[q], k) for q in queries]))
    return scores


# --- running --------------------------------------------------------------------------------
def default_eval_store_path() -> Path:
    return default_store_path().parent / "eval-checkthat2022-2a.sqlite"


@contextmanager
def _progress(enabled: bool, description: str) -> Iterator[Any]:
    """A rich progress bar on stderr; yields a ``(done, total)`` callback or None."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _hash_files(paths: Sequence[Path]) -> str:
    digest = hashlib.sha1()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _open_index(
    vclaims: Sequence[Path], store_path: Path | None, progress: bool
) -> tuple[FactCheckStore, MatchIndex, dict[str, float]]:
    timing: dict[str, float] = {}
    started = time.perf_counter()
    store = FactCheckStore.open(store_path or default_eval_store_path())
    store.import_paths(list(vclaims), format="checkthat")
    timing["import_s"] = time.perf_counter() - started
    started = time.perf_counter()
    with _progress(progress, "Embedding verified claims") as callback:
        index = store.index(callback)
    timing["index_s"] = time.perf_counter() - started
    return store, index, timing


def _embed_queries(texts: list[str], progress: bool) -> np.ndarray:
    from newsvet.embed import shared_embedder

    embedder = shared_embedder()
    rows = []
    with _progress(progress, "Embedding queries") as callback:
        for start in range(0, len(texts), 64):
            rows.append(embedder.encode(texts[start : start + 64]))
            if callback is not None:
                callback(min(start + 64, len(texts)), len(texts))
    return np.vstack(rows) if rows else np.zeros((0, 384), dtype=np.float32)


def _selected_queries(
    queries: Mapping[str, str], qrels: Mapping[str, set[str]], limit: int | None
) -> list[str]:
    ids = [q for q in qrels if q in queries]
    missing = [q for q in qrels if q not in queries]
    if missing:
        raise InputError(
            f"{len(missing)} queries of the qrels are not in the queries file, e.g. {missing[0]}"
        )
    return ids[:limit] if limit is not None else ids


def evaluate_checkthat(
    queries: Path,
    qrels: Path,
    vclaims: list[Path],
    *,
    k: int = 5,
    progress: bool = True,
    limit: int | None = None,
    method: str = "rerank",
    store_path: Path | None = None,
) -> dict[str, Any]:
    """Match every query of ``qrels`` against the verified claims and score the ranking.

    ``limit`` takes the first queries of the qrels only (a fast subset for CI). Every
    method (lexical, dense, fused, rerank) is scored from the same candidates; ``score`` is
    MAP@k of ``method``."""
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    started = time.perf_counter()
    texts, gold = read_queries(queries), read_qrels(qrels)
    ids = _selected_queries(texts, gold, limit)
    store, index, timing = _open_index(vclaims, store_path, progress)
    reranker = store.reranker
    t0 = time.perf_counter()
    vectors = _embed_queries([texts[q] for q in ids], progress)
    timing["embed_queries_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    runs: dict[str, dict[str, Ranking]] = {m: {} for m in METHODS}
    for qid, vector in zip(ids, vectors, strict=True):
        cands = index.candidates(texts[qid], vector)
        for m in METHODS:
            order, scores = index.rank(cands, m, reranker)
            runs[m][qid] = [
                (index.records[int(cands.rows[p])].id, float(s))
                for p, s in zip(order, scores, strict=True)
            ]
    timing["match_s"] = time.perf_counter() - t0
    timing["total_s"] = time.perf_counter() - started
    timing["per_query_ms"] = (
        1000 * (timing["embed_queries_s"] + timing["match_s"]) / max(len(ids), 1)
    )
    store.close()
    metrics = {m: score_run(runs[m], gold, k) for m in METHODS}
    chosen = method if (method != "rerank" or reranker is not None) else "fused"
    return {
        "benchmark": "checkthat-2a",
        "metric": f"MAP@{k}",
        "score": metrics[chosen][f"MAP@{k}"],
        "method": chosen,
        "published": dict(PUBLISHED),
        "metrics": metrics[chosen],
        "methods": {m: round(metrics[m][f"MAP@{k}"], 4) for m in METHODS},
        "n": len(ids),
        "queries": len(ids),
        "verified_claims": len(index),
        "reranker": reranker.trained_on if reranker is not None else None,
        "data": {"qrels": str(qrels), "qrels_sha1": _hash_files([qrels])},
        "timing": {key: round(v, 3) for key, v in timing.items()},
        "seconds": round(timing["total_s"], 1),
    }


def reranker_training_data(
    queries: Path, qrels: Path, vclaims: list[Path], *, progress: bool = True,
    store_path: Path | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Candidate features, labels (1 = a gold verified claim) and query numbers of every
    query in ``qrels``."""
    texts, gold = read_queries(queries), read_qrels(qrels)
    ids = _selected_queries(texts, gold, None)
    store, index, _timing = _open_index(vclaims, store_path, progress)
    vectors = _embed_queries([texts[q] for q in ids], progress)
    xs, ys, groups = [], [], []
    for number, (qid, vector) in enumerate(zip(ids, vectors, strict=True)):
        cands = index.candidates(texts[qid], vector)
        xs.append(cands.features)
        ys.append(
            np.array([index.records[int(r)].id in gold[qid] for r in cands.rows], dtype=np.float64)
        )
        groups.append(np.full(len(cands.rows), number))
    store.close()
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups)


def train_reranker(
    queries: Path, qrels: Path, vclaims: list[Path], *, output: Path = RERANKER_PATH,
    l2: float = 1.0, progress: bool = True, store_path: Path | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Fit the claim-matching re-ranker on the queries of ``qrels`` (the *train* qrels) and
    write it to ``output``."""
    started = time.perf_counter()
    x, y, groups = reranker_training_data(
        queries, qrels, vclaims, progress=progress, store_path=store_path
    )
    trained_on = (
        f"{qrels.name} sha1:{_hash_files([qrels])} ({int(groups.max()) + 1} queries, l2={l2})"
    )
    model = fit_reranker(x, y, l2=l2, trained_on=trained_on)
    output.write_text(model.to_json() + "\n", encoding="utf-8")
    return {
        "output": str(output),
        "rows": len(y),
        "positives": int(y.sum()),
        "weights": dict(
            zip(model.features, (round(float(w), 3) for w in model.weights), strict=True)
        ),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsvet.evaluate.checkthat", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=["eval", "train"])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--vclaims", type=Path, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--method", choices=METHODS, default="rerank")
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=RERANKER_PATH)
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "train":
        result = train_reranker(args.queries, args.qrels, args.vclaims, output=args.output,
                                l2=args.l2, store_path=args.store)  # fmt: skip
    else:
        result = evaluate_checkthat(args.queries, args.qrels, args.vclaims, k=args.k,
                                    limit=args.limit, method=args.method, store_path=args.store)  # fmt: skip
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
