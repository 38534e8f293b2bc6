"""Retrieval benchmark for the corpus of coverage: latency against corpus size, ingest rate, memory.

Builds corpora of 1k, 10k and 100k passages from real text (FNC-1 development bodies and the
SciFact abstracts in ../shared/data/eval), then times lexical, dense and hybrid search for
real claims (SciFact claims and FNC-1 headlines) at each size and prints median and p95.
Every query is embedded afresh (the corpus's cache of query vectors is off), as a new claim
would be. It also prints what the dense shortlist loses against scoring every passage, and
the time per claim when an article's claims are searched together (``search_many``).

Embedding distinct passages takes minutes (10,000 by default, ``--pool``), so their vectors are cached
under /tmp (``--cache``) and reused: synthetic articles are made of distinct passages drawn
again and again, each on its own line, so the corpus's passage cutter gives back exactly the
cached passages. The ingest rate is therefore measured twice: storing only (vectors from the
cache) and with live embedding on a sample.

    .venv/bin/python bench/retrieval.py [--sizes 1000,10000,100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import numpy as np

from newsvet.corpus import DENSE_FLOOR, Corpus
from newsvet.corpus._passages import split_passages
from newsvet.document import ArticleMeta, Document, Span
from newsvet.embed import DIMENSIONS, shared_embedder

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "eval"
DEFAULT_POOL = 10000
OUTLETS = ("Daily Ledger", "Evening Post", "Wire Service", "Metro Times", "Science Desk")


def source_texts() -> list[str]:
    """FNC-1 development bodies and SciFact abstracts (title, blank line, abstract)."""
    texts: list[str] = []
    with (DATA / "fnc1" / "bodies.dev.csv").open(newline="", encoding="utf-8") as f:
        texts.extend(row["articleBody"] for row in csv.DictReader(f))
    for part in sorted((DATA / "scifact").glob("corpus.part*.jsonl")):
        for line in part.open(encoding="utf-8"):
            record = json.loads(line)
            texts.append(record["title"] + "\n\n" + " ".join(record["abstract"]))
    return texts


def passage_pool(texts: list[str]) -> list[str]:
    """Distinct passages as the corpus cuts them, in a stable order."""
    seen: dict[str, None] = {}
    for text in texts:
        for passage in split_passages(text):
            seen.setdefault(passage.text)
    return list(seen)


def queries(limit: int) -> list[str]:
    """Real claims: SciFact development claims and FNC-1 development headlines, alternating."""
    claims = [
        json.loads(line)["claim"]
        for line in (DATA / "scifact" / "claims_dev.jsonl").open(encoding="utf-8")
    ]
    with (DATA / "fnc1" / "stances.dev.csv").open(newline="", encoding="utf-8") as f:
        headlines = list(dict.fromkeys(row["Headline"] for row in csv.DictReader(f)))
    mixed = [q for pair in zip(claims, headlines, strict=False) for q in pair]
    return mixed[:limit]


def cached_vectors(pool: list[str], cache_dir: Path) -> np.ndarray:
    digest = hashlib.sha256("\n".join(pool).encode()).hexdigest()[:16]
    path = cache_dir / f"passages-{digest}.npy"
    if path.exists():
        return np.load(path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    embedder = shared_embedder()
    # Batches of similar length waste less time on padding.
    order = sorted(range(len(pool)), key=lambda i: len(pool[i]))
    vectors = np.zeros((len(pool), DIMENSIONS), dtype=np.float32)
    started = time.perf_counter()
    for i in range(0, len(order), 512):
        chunk = order[i : i + 512]
        vectors[chunk] = embedder.encode([pool[j] for j in chunk])
        done = i + len(chunk)
        rate = done / (time.perf_counter() - started)
        print(f"  embedded {done:,}/{len(pool):,} passages ({rate:.0f}/s)", file=sys.stderr)
    np.save(path, vectors)
    return vectors


def default_pool() -> list[str]:
    """The passages this benchmark embeds by default (the ``--pool`` sample)."""
    return random.Random(5).sample(passage_pool(source_texts()), DEFAULT_POOL)


def known_vectors(cache_dir: Path) -> dict[str, np.ndarray]:
    """The default pool's vectors by passage text, if a run has cached them (else empty):
    other benchmarks reuse them instead of embedding the same passages again."""
    if not DATA.exists():
        return {}
    pool = default_pool()
    digest = hashlib.sha256("\n".join(pool).encode()).hexdigest()[:16]
    path = cache_dir / f"passages-{digest}.npy"
    if not path.exists():
        return {}
    return dict(zip(pool, np.load(path), strict=True))


class CachedEmbedder:
    """The shared embedder behind a lookup of the pool's vectors; misses are embedded live."""

    def __init__(self, pool: list[str], vectors: np.ndarray) -> None:
        self.index = {text: i for i, text in enumerate(pool)}
        self.vectors = vectors
        self.misses = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        missing = [i for i, t in enumerate(texts) if t not in self.index]
        for i, text in enumerate(texts):
            if text in self.index:
                out[i] = self.vectors[self.index[text]]
        if missing:
            self.misses += len(missing)
            out[missing] = shared_embedder().encode([texts[i] for i in missing])
        return out


def synthetic_articles(pool: list[str], seed: int = 13) -> Iterator[Document]:
    """Endless distinct articles of 5-15 pool passages, one per line, with dates and outlets."""
    rng = random.Random(seed)
    number = 0
    while True:
        number += 1
        lines = rng.sample(pool, rng.randint(5, 15))
        text = "\n".join(lines)
        day = 1 + number % 28
        meta = ArticleMeta(
            title=lines[0][:80],
            url=f"https://example.org/a/{number}",
            outlet=OUTLETS[number % len(OUTLETS)],
            published=dt.date(2024, 1 + number % 12, day),
            format="text",
        )
        yield Document(text=text, meta=meta, body=Span(0, len(text)))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def time_queries(run: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    run(texts[0])  # warm caches: the dense matrix loads on the first search
    times = []
    for text in texts:
        started = time.perf_counter()
        run(text)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(times, 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsvet-bench")
    parser.add_argument("--embed-only", action="store_true", help="fill the vector cache and stop")
    parser.add_argument("--live-sample", type=int, default=300, help="passages embedded live")
    parser.add_argument(
        "--pool",
        type=int,
        default=DEFAULT_POOL,
        help="distinct passages to embed (0: all, about 30,000)",
    )
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"no benchmark data at {DATA}")
    sizes = sorted(int(s) for s in args.sizes.split(","))

    pool = passage_pool(source_texts())
    if args.pool and args.pool < len(pool):
        pool = random.Random(5).sample(pool, args.pool)
    print(f"passage pool: {len(pool):,} distinct passages from FNC-1 and SciFact")
    vectors = cached_vectors(pool, args.cache)
    if args.embed_only:
        return
    embedder = CachedEmbedder(pool, vectors)
    claims = queries(args.queries)
    print(f"queries: {len(claims)} real claims and headlines\n")

    with tempfile.TemporaryDirectory() as tmp:
        live_rate = live_ingest_rate(Path(tmp) / "live.sqlite", pool, args.live_sample)
        corpus = Corpus.open(Path(tmp) / "bench.sqlite", embedder=embedder)
        articles = synthetic_articles(pool)
        header = (f"{'passages':>9} {'mode':>7} {'median ms':>10} {'p95 ms':>8}"
                  f" {'ingest p/s':>11} {'RSS MB':>8}")  # fmt: skip
        print(header)
        store_time = 0.0
        ingest_misses = 0
        extras: list[str] = []
        for size in sizes:
            misses = embedder.misses
            store_time += grow(corpus, articles, size)
            ingest_misses += embedder.misses - misses
            passages = corpus.stats()["passages"]
            rate = passages / store_time
            # A fresh handle loads the dense matrix from the file, as a new process would.
            corpus.close()
            corpus = Corpus.open(Path(tmp) / "bench.sqlite", embedder=embedder)
            corpus.embedding_cache = 0
            for mode in ("lexical", "dense", "hybrid"):
                search = partial(corpus.search, k=10, mode=mode)
                median, p95 = time_queries(search, claims)
                print(f"{passages:>9,} {mode:>7} {median:>10.1f} {p95:>8.1f} {rate:>11.0f} "
                      f"{rss_mb():>8.0f}")  # fmt: skip
            extras.append(extra_figures(corpus, claims))
        embed_median, embed_p95 = time_queries(lambda q: shared_embedder().encode([q]), claims)
        corpus.close()
    print(f"\nquery embedding alone (included in dense and hybrid): median {embed_median:.1f} ms,"
          f" p95 {embed_p95:.1f} ms")  # fmt: skip
    print(
        "\ndense shortlist against scoring every passage (top 10 identical: share of queries"
        " whose ten best similarities are exactly those of the full scan);\n"
        f"hybrid search of {BATCH} claims at once with search_many, time per claim:"
    )
    for line in extras:
        print(line)
    print(
        f"ingest rate with live embedding: {live_rate:.0f} passages/s "
        f"(storing only, vectors cached: see 'ingest p/s')"
    )
    print(f"passages embedded live during ingest (not in the cache): {ingest_misses}")


BATCH = 10


def extra_figures(corpus: Corpus, claims: list[str]) -> str:
    """Shortlist agreement with the full scan, and per-claim time of batched hybrid search."""
    vectors = corpus.query_vectors(claims)
    index = corpus.dense_index()
    same = 0
    for vector in vectors:
        full = index.search(vector, 10, floor=DENSE_FLOOR, exclude_articles=[], exact=True)
        fast = index.search(vector, 10, floor=DENSE_FLOOR, exclude_articles=[])
        same += [round(s, 5) for _, s in full] == [round(s, 5) for _, s in fast]
    batches = [claims[i : i + BATCH] for i in range(0, len(claims), BATCH)]
    corpus.search_many(batches[0], 10)  # warm up
    per_claim = []
    for batch in batches:
        started = time.perf_counter()
        corpus.search_many(batch, 10)
        per_claim.append((time.perf_counter() - started) * 1000 / len(batch))
    return (
        f"{index.size:>9,} passages: shortlist {index.shortlist_size():,}, top 10 identical "
        f"{same / len(vectors):.1%}; search_many median {statistics.median(per_claim):.1f} ms"
        f" per claim, p95 {percentile(per_claim, 95):.1f} ms"
    )


def grow(corpus: Corpus, articles: Iterator[Document], size: int) -> float:
    """Add articles until the corpus holds ``size`` passages; the seconds it took."""
    started = time.perf_counter()
    count = corpus.stats()["passages"]
    while count < size:
        result = corpus.add_document(next(articles))
        count += result.passages
    return time.perf_counter() - started


def live_ingest_rate(path: Path, pool: list[str], sample: int) -> float:
    """Passages per second when every passage is embedded as it is added."""
    corpus = Corpus.open(path)
    shared_embedder().encode(["warm up"])
    rng = random.Random(7)
    lines = rng.sample(pool, sample)
    started = time.perf_counter()
    added = 0
    for i in range(0, len(lines), 10):
        text = "\n".join(lines[i : i + 10])
        added += corpus.add_document(Document(text=text, body=Span(0, len(text)))).passages
    rate = added / (time.perf_counter() - started)
    corpus.close()
    return rate


if __name__ == "__main__":
    main()
