"""Benchmark of the whole `newsvet check` pipeline.

Prints start-up time (imports, spaCy model, knowledge base, pipeline build) apart from
per-article time, articles per second, words per second and peak memory. One process,
one core's worth of work: the figures are what a single `newsvet check` worker does.

    .venv/bin/python bench/pipeline.py [--repeat 5] [ARTICLE ...]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="*", type=Path, help="articles (default: examples/ and the seed)")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the article set")
    parser.add_argument("--kb", type=Path, default=None, help="knowledge-base file")
    args = parser.parse_args()

    paths = args.articles or sorted(
        p for p in (ROOT / "examples").iterdir() if p.suffix in {".txt", ".html"}
    )
    seed = ROOT.parent / "shared" / "examples" / "seed-article.txt"
    if not args.articles and seed.exists():
        paths.append(seed)

    t0 = time.perf_counter()
    import newsvet.checker as check_module
    from newsvet.pipeline.resources import Resources
    from newsvet.read import read_article

    t_import = time.perf_counter() - t0
    resources = Resources(args.kb)
    t1 = time.perf_counter()
    resources.nlp  # noqa: B018 - loads the spaCy model
    t_model = time.perf_counter() - t1
    t2 = time.perf_counter()
    resources.kb.entity("warm-up")
    t_kb = time.perf_counter() - t2
    t3 = time.perf_counter()
    checker = check_module.Checker(resources=resources)
    t_build = time.perf_counter() - t3

    docs = [read_article(p) for p in paths]
    words = [len(d.text.split()) for d in docs]
    checker.check_document(read_article(paths[0]))  # warm caches once

    per_article: list[float] = []
    per_word: list[float] = []
    started = time.perf_counter()
    for _ in range(args.repeat):
        for path, n_words in zip(paths, words, strict=True):
            doc = read_article(path)
            t = time.perf_counter()
            checker.check_document(doc)
            elapsed = time.perf_counter() - t
            per_article.append(elapsed)
            per_word.append(elapsed / max(n_words, 1))
    total = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles: {len(paths)} ({sum(words)} words, mean {statistics.mean(words):.0f}), passes: {args.repeat}")
    print(f"start-up: imports {t_import:.2f} s, spaCy model {t_model:.2f} s, knowledge base {t_kb:.2f} s, "
          f"pipeline build {t_build:.2f} s, total {t_import + t_model + t_kb + t_build:.2f} s")
    print(f"per article: median {statistics.median(per_article) * 1000:.0f} ms, "
          f"p95 {sorted(per_article)[int(0.95 * (len(per_article) - 1))] * 1000:.0f} ms, "
          f"per 500 words {statistics.median(per_word) * 500 * 1000:.0f} ms")
    print(f"throughput: {len(per_article) / total:.1f} articles/s, {sum(words) * args.repeat / total:.0f} words/s")
    print(f"peak memory (RSS): {peak_mib:.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
