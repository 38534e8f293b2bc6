"""Whole-article check time with a 100,000-passage corpus of coverage, and the memory it takes.

Builds (once; cached under /tmp) a corpus of real news text: the FNC-1 development bodies
(../shared/data/eval/fnc1/bodies.dev.csv) and the repository's examples/, cut into passages,
drawn again and again into dated articles from several outlets until the corpus holds
``--passages`` passages. Passage vectors embedded by bench/retrieval.py are reused; the rest
are embedded once and cached.

Then, in a fresh process pinned to ``--cores`` CPU cores (one by default: the target is one
core), runs ``newsvet.Checker(corpus_path=...)`` over the example articles (examples/*.txt)
``--repeat`` times and prints: the check time per article (median and p95) with corpus
evidence, the time spent in retrieval (``Corpus.search`` / ``search_many``, query embedding
included), in the textual verifier (``TextualVerifier.predict``) and in the rest of the
pipeline, and the process's resident memory with the default knowledge base and the corpus
loaded. Query vectors are not cached between runs: each run costs what a new article would.

    .venv/bin/python bench/check_with_corpus.py [--passages 100000] [--cores 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FNC1_BODIES = ROOT.parent / "shared" / "data" / "eval" / "fnc1" / "bodies.dev.csv"
EXAMPLES = ROOT / "examples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--cores", type=int, default=1, help="CPU cores the check may use")
    parser.add_argument("--repeat", type=int, default=3, help="runs over the articles")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsvet-bench")
    parser.add_argument(
        "--articles", type=Path, nargs="*", help="articles to check (default: examples/*.txt)"
    )
    parser.add_argument("--factchecks", type=Path, help="a fact-check store to use as well")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        pin(args.cores)  # before numpy, onnxruntime and BLAS start their threads
        measure(args.measure, args)
        return
    if not FNC1_BODIES.exists():
        sys.exit(f"no FNC-1 bodies at {FNC1_BODIES}")
    corpus_path = build_corpus(args.passages, args.cache)
    child = [sys.executable, __file__, "--measure", str(corpus_path)]
    child += ["--cores", str(args.cores), "--repeat", str(args.repeat)]
    if args.articles:
        child += ["--articles", *map(str, args.articles)]
    if args.factchecks:
        child += ["--factchecks", str(args.factchecks)]
    sys.exit(subprocess.run(child, check=False).returncode)


def pin(cores: int) -> None:
    available = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, set(available[: max(1, cores)]))


# --- the corpus ---------------------------------------------------------------------------


def news_texts() -> list[str]:
    """FNC-1 development bodies and every article in examples/ (text, HTML, JSON lines)."""
    import csv

    from newsvet.corpus._sources import list_files, read_file

    with FNC1_BODIES.open(newline="", encoding="utf-8") as f:
        texts = [row["articleBody"] for row in csv.DictReader(f)]
    files, _ = list_files([EXAMPLES])
    for file in files:
        texts.extend(item.document.text for item in read_file(file) if item.document is not None)
    return texts


def build_corpus(size: int, cache: Path) -> Path:
    """The cached corpus for this pool and size, built first if need be."""
    import hashlib

    import retrieval  # bench/retrieval.py: the pool, its vector cache, synthetic articles

    from newsvet.corpus import Corpus

    pool = retrieval.passage_pool(news_texts())
    digest = hashlib.sha256("\n".join(pool).encode()).hexdigest()[:16]
    path = cache / f"check-corpus-{digest}-{size}.sqlite"
    if path.exists():
        print(f"corpus: reusing {path}")
        return path
    vectors = pool_vectors(pool, cache, digest)
    print(f"corpus: building {size:,} passages from {len(pool):,} distinct news passages")
    partial = path.with_suffix(".partial")
    for stale in cache.glob(partial.name + "*"):
        stale.unlink()
    corpus = Corpus.open(partial, embedder=retrieval.CachedEmbedder(pool, vectors))
    seconds = retrieval.grow(corpus, retrieval.synthetic_articles(pool), size)
    print(f"corpus: {corpus.stats()['passages']:,} passages stored in {seconds:.0f} s")
    corpus.close()
    partial.rename(path)  # only a finished corpus is ever reused
    return path


def pool_vectors(pool: list[str], cache: Path, digest: str) -> Any:
    import numpy as np
    import retrieval

    from newsvet.embed import DIMENSIONS, shared_embedder

    path = cache / f"check-passages-{digest}.npy"
    if path.exists():
        return np.load(path)
    known = retrieval.known_vectors(cache)
    vectors = np.zeros((len(pool), DIMENSIONS), dtype=np.float32)
    missing = []
    for i, text in enumerate(pool):
        if text in known:
            vectors[i] = known[text]
        else:
            missing.append(i)
    print(
        f"corpus: {len(pool) - len(missing):,} passage vectors cached, embedding {len(missing):,}"
    )
    for start in range(0, len(missing), 256):
        chunk = missing[start : start + 256]
        vectors[chunk] = shared_embedder().encode([pool[i] for i in chunk])
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


# --- the measurement (in a fresh process) --------------------------------------------------


@dataclass
class Row:
    name: str
    words: int
    claims: int
    searches: int  # claims searched in the corpus
    pairs: int  # (passage, claim) pairs given to the textual verifier
    distinct_pairs: int  # of which different texts (copies of a passage give the same pair)
    total_ms: float
    retrieval_ms: float
    verifier_ms: float


class Clock:
    """Seconds spent in some methods of some objects, by label; the methods stay the real ones,
    each wrapped in a timer on its instance. A call made inside another timed call of the
    same label (``search`` calls ``search_many``) is not counted twice."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.items: dict[str, int] = {}  # queries searched, pairs verified
        self.arguments: dict[str, list[Any]] = {}  # every item of list arguments
        self._depth: dict[str, int] = {}

    def wrap(self, obj: object, method: str, label: str) -> None:
        import time

        inner = getattr(obj, method)

        def timed(first: Any, *args: Any, **kwargs: Any) -> Any:
            outermost = self._depth.get(label, 0) == 0
            self._depth[label] = self._depth.get(label, 0) + 1
            started = time.perf_counter()
            try:
                return inner(first, *args, **kwargs)
            finally:
                self._depth[label] -= 1
                if outermost:
                    elapsed = time.perf_counter() - started
                    self.seconds[label] = self.seconds.get(label, 0.0) + elapsed
                    items = list(first) if isinstance(first, list | tuple) else [first]
                    self.items[label] = self.items.get(label, 0) + len(items)
                    self.arguments.setdefault(label, []).extend(items)

        setattr(obj, method, timed)

    def reset(self) -> None:
        self.seconds.clear()
        self.items.clear()
        self.arguments.clear()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(corpus_path: Path, args: argparse.Namespace) -> None:
    import statistics
    import time

    import numpy as np

    from newsvet import Checker
    from newsvet.read import read_article

    paths = args.articles or sorted(EXAMPLES.glob("*.txt"))
    cores = len(os.sched_getaffinity(0))
    # A fact-check store only when asked for: this measures the corpus of coverage.
    factchecks = args.factchecks or corpus_path.with_name("no-such-factchecks.sqlite")
    print(f"\ncheck process: {cores} core(s), RSS at start {rss_mb():.0f} MB")
    started = time.perf_counter()
    checker = Checker(corpus_path=corpus_path, factchecks_path=factchecks)
    resources = checker.resources
    resources.nlp, resources.kb, resources.verifier  # noqa: B018 (load them now)
    print(f"models and default knowledge base loaded in {time.perf_counter() - started:.1f} s,"
          f" RSS {rss_mb():.0f} MB")  # fmt: skip
    corpus = resources.corpus
    if corpus is None:
        sys.exit(f"no corpus at {corpus_path}")
    started = time.perf_counter()
    index = corpus.dense_index()
    print(f"corpus of {index.size:,} passages loaded in {time.perf_counter() - started:.1f} s"
          f" (vector index {index.nbytes / 2**20:.0f} MB), RSS {rss_mb():.0f} MB")  # fmt: skip
    corpus.embedding_cache = 0  # every run embeds its claims afresh, as a new article would
    clock = Clock()
    clock.wrap(corpus, "search", "retrieval")
    clock.wrap(corpus, "search_many", "retrieval")
    clock.wrap(resources.verifier, "predict", "verifier")
    checker.check_document(read_article(paths[0]))  # warm up: first-call costs, once

    rows: list[Row] = []
    for _ in range(args.repeat):
        for path in paths:
            doc = read_article(path)  # read afresh: the pipeline fills the document in
            clock.reset()
            started = time.perf_counter()
            report = checker.check_document(doc)
            rows.append(
                Row(
                    path.name, len(doc.text.split()), len(report.claims),
                    clock.items.get("retrieval", 0), clock.items.get("verifier", 0),
                    len(set(clock.arguments.get("verifier", []))),
                    (time.perf_counter() - started) * 1000,
                    clock.seconds.get("retrieval", 0.0) * 1000,
                    clock.seconds.get("verifier", 0.0) * 1000,
                )
            )  # fmt: skip

    print(f"\n{'article':<38} {'words':>5} {'claims':>6} {'searches':>8} {'pairs':>5}"
          f" {'total ms':>9} {'retrieval':>9} {'verifier':>9} {'rest':>7}")  # fmt: skip
    for name in dict.fromkeys(r.name for r in rows):
        runs = sorted((r for r in rows if r.name == name), key=lambda r: r.total_ms)
        r = runs[len(runs) // 2]  # the median run
        print(f"{r.name:<38} {r.words:>5} {r.claims:>6} {r.searches:>8} {r.pairs:>5}"
              f" {r.total_ms:>9.0f} {r.retrieval_ms:>9.0f} {r.verifier_ms:>9.0f}"
              f" {r.total_ms - r.retrieval_ms - r.verifier_ms:>7.0f}")  # fmt: skip

    totals = [r.total_ms for r in rows]
    mean_total = statistics.mean(totals)
    retrieval_ms = statistics.mean(r.retrieval_ms for r in rows)
    verifier_ms = statistics.mean(r.verifier_ms for r in rows)
    words = statistics.mean(r.words for r in rows)
    searches = sum(r.searches for r in rows)
    pairs = sum(r.pairs for r in rows)
    distinct = sum(r.distinct_pairs for r in rows)
    print(f"\nper article, {len(rows)} checks of {len(paths)} articles on {cores} core(s):"
          f" median {statistics.median(totals):.0f} ms, p95 {np.percentile(totals, 95):.0f} ms,"
          f" mean {mean_total:.0f} ms for {words:.0f} words on average")  # fmt: skip
    print(f"  retrieval {retrieval_ms:.0f} ms ({retrieval_ms / mean_total:.0%}; "
          f"{retrieval_ms * len(rows) / max(searches, 1):.1f} ms per claim searched), "
          f"textual verifier {verifier_ms:.0f} ms ({verifier_ms / mean_total:.0%}; "
          f"{pairs / len(rows):.1f} pairs per article, {distinct / max(pairs, 1):.0%} of them "
          f"distinct), rest of the pipeline "
          f"{mean_total - retrieval_ms - verifier_ms:.0f} ms")  # fmt: skip
    print(f"  scaled to a 500-word article: about {mean_total * 500 / words:.0f} ms")
    print(f"memory: RSS now {rss_mb():.0f} MB, peak {peak_rss_mb():.0f} MB"
          f" (default knowledge base, models and the {index.size:,}-passage corpus loaded)")  # fmt: skip
    print(f"load average during the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
