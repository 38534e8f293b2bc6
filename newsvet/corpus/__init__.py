"""A corpus of other coverage to check claims against.

Articles (text, HTML, JSON lines, RSS and Atom feeds) are stored in one SQLite file, cut
into passages of one to three sentences, indexed for full-text search (FTS5, BM25) and
embedded (all-MiniLM-L6-v2). :meth:`Corpus.search` finds the passages that bear on a claim
by words, by meaning, or both fused; near-duplicate articles share a story id so that
:func:`independent_sources` counts syndicated copies as one source.

    corpus = Corpus.open()                 # $NEWSVET_CORPUS, $NEWSVET_HOME/corpus.sqlite, ...
    corpus.add_paths(["feeds/", "archive.jsonl"])
    hits = corpus.search("India struck nine sites in Pakistan", before=date(2025, 5, 8))
"""

from newsvet.corpus._corpus import (
    CANDIDATES,
    DENSE_FLOOR,
    MODES,
    RRF_K,
    AddResult,
    AddSummary,
    Corpus,
    Hit,
    content_id,
    default_corpus_path,
    independent_sources,
)
from newsvet.corpus._feeds import read_feed
from newsvet.corpus._fts import fts_query
from newsvet.corpus._passages import Passage, split_passages
from newsvet.corpus._store import CorpusError

__all__ = [
    "CANDIDATES",
    "DENSE_FLOOR",
    "MODES",
    "RRF_K",
    "AddResult",
    "AddSummary",
    "Corpus",
    "CorpusError",
    "Hit",
    "Passage",
    "content_id",
    "default_corpus_path",
    "fts_query",
    "independent_sources",
    "read_feed",
    "split_passages",
]
