"""The corpus of coverage: articles cut into passages, searchable by words and by meaning.

Lexical search is SQLite FTS5 with BM25; dense search is a dot product against every
passage vector (an in-memory matrix, loaded on the first dense search); hybrid search
fuses the two rankings by reciprocal rank fusion. Near-duplicate articles (syndicated
copies) share a story id, so that corroboration can count each story once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from newsvet.corpus import _dedup, _dense
from newsvet.corpus._fts import fts_query
from newsvet.corpus._passages import Passage, split_passages
from newsvet.corpus._sources import list_files, read_file
from newsvet.corpus._store import CorpusError, Database
from newsvet.document import Document
from newsvet.embed import DIMENSIONS, MODEL_ID
from newsvet.errors import InputError, NewsvetError

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "lexical", "dense"]
MODES: tuple[str, ...] = ("hybrid", "lexical", "dense")
RRF_K = 60
# Each retriever proposes this many candidates (or 3 k, if more) for fusion.
CANDIDATES = 50
# Below this cosine similarity a passage is not about the query's subject at all with
# all-MiniLM-L6-v2 (unrelated sentence pairs score about 0 to 0.2); such passages are not
# dense matches, so they cannot outvote a lexical match in fusion.
DENSE_FLOOR = 0.25
# Lexical search reads at most about this many postings: the rarest words of the query are
# kept until their document frequencies add up to it (at least MIN_TERMS words are kept).
# Common words weigh little in BM25 but cost the most to rank; this bounds latency. With
# 100,000 news and science passages and real claims, 12,000 postings keep the first ten
# passages of a search for every word 90 % the same, at half its 95th-percentile time.
POSTING_BUDGET = 12000
MIN_TERMS = 3
# Document frequencies of words, remembered until the corpus changes.
TERM_CACHE = 50000
EMBED_GROUP = 4
# Query vectors kept for queries asked again (a claim re-checked, a repeated search).
EMBEDDING_CACHE = 1024
# Passage vectors read from the file per query when the index loads.
LOAD_CHUNK = 10000
# SQLite's limit on the parameters of one statement is 32,766; stay well below it.
SQL_BATCH = 900


class TextEmbedder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


def default_corpus_path() -> Path:
    """``$NEWSVET_CORPUS``, else ``$NEWSVET_HOME/corpus.sqlite``, else
    ``~/.local/share/newsvet/corpus.sqlite``."""
    if os.environ.get("NEWSVET_CORPUS"):
        return Path(os.environ["NEWSVET_CORPUS"])
    if os.environ.get("NEWSVET_HOME"):
        return Path(os.environ["NEWSVET_HOME"]) / "corpus.sqlite"
    return Path.home() / ".local" / "share" / "newsvet" / "corpus.sqlite"


def content_id(doc: Document) -> str:
    """The article's id: a hash of its text (whitespace-normalised) and its outlet.

    The same text from the same outlet is one article however often it is added; the same
    text from another outlet is a syndicated copy, kept as its own article in one story."""
    text = " ".join(doc.text.split())
    outlet = (doc.meta.outlet or "").casefold().strip()
    return hashlib.sha256(f"{outlet}\x00{text}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its article's metadata."""

    passage_id: int
    text: str
    score: float  # fused RRF score (hybrid), -BM25 (lexical) or cosine similarity (dense)
    lexical_rank: int | None  # 1-based rank in the lexical list, None if not in it
    dense_rank: int | None
    similarity: float | None  # cosine similarity to the query, when dense search ran
    article_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: dt.date | None
    story_id: str
    later: bool  # published after the ``before`` date of the search
    start: int  # offsets of the passage in its article's text
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "passage_id": self.passage_id,
            "text": self.text,
            "score": round(self.score, 6),
            "lexical_rank": self.lexical_rank,
            "dense_rank": self.dense_rank,
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "story_id": self.story_id,
            "later": self.later,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class AddResult:
    article_id: str
    status: Literal["added", "duplicate"]
    passages: int  # passages stored (0 for a duplicate)
    story_id: str
    syndicated: bool  # joined the story of an earlier near-duplicate article


@dataclass
class AddSummary:
    """What ``add_paths`` did: counts, and each unreadable input with its reason."""

    added: int = 0
    duplicates: int = 0
    syndicated: int = 0
    passages: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)

    @property
    def read(self) -> int:
        return self.added + self.duplicates


def independent_sources(hits: Sequence[Hit]) -> list[list[Hit]]:
    """Hits grouped by story, in order of each story's best hit: syndicated copies of one
    story are one source, however many outlets ran them."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.story_id, []).append(hit)
    return list(groups.values())


class Corpus:
    """A corpus file. Open with :meth:`open`; one instance per process is enough."""

    def __init__(self, db: Database, embedder: TextEmbedder | None = None) -> None:
        self.db = db
        self._embedder = embedder
        self._dense: _dense.DenseIndex | None = None
        self._stories: _dedup.StoryIndex | None = None
        self._last_story_seq = 0
        self._data_version = db.data_version()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.embedding_cache = EMBEDDING_CACHE  # distinct query vectors kept; 0 keeps none
        self._postings: dict[str, int] = {}
        # Full-text search runs on its own thread and connection while the query is
        # embedded: SQLite and onnxruntime both release the GIL.
        self._lexical_thread: ThreadPoolExecutor | None = None
        self._reader: Database | None = None

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        embedder: TextEmbedder | None = None,
    ) -> Corpus:
        """Open (and with ``create``, make) the corpus at ``path`` or the default path.
        ``embedder`` replaces the shared MiniLM embedder (it must give the same vectors)."""
        target = Path(path) if path is not None else default_corpus_path()
        if not create and not target.is_file():
            raise CorpusError(
                f"no corpus at {target}; add articles with `newsvet corpus add PATH...`"
            )
        return cls(Database(target), embedder)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def embedder(self) -> TextEmbedder:
        if self._embedder is None:
            from newsvet.embed import shared_embedder

            self._embedder = shared_embedder()
        return self._embedder

    def close(self) -> None:
        if self._lexical_thread is not None:
            self._lexical_thread.shutdown(wait=True)
            self._lexical_thread = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self.db.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- adding -------------------------------------------------------------------------

    def add_document(self, doc: Document) -> AddResult:
        """Store one article with its passages, vectors and story, in one transaction: if
        anything fails (embedding included) nothing of the article is stored."""
        where = doc.meta.source_path or doc.meta.url or "<document>"
        if not doc.text.strip():
            raise InputError(f"{where}: the article has no text")
        article_id = content_id(doc)
        known = self._story_of_article(article_id)
        if known is not None:
            return AddResult(article_id, "duplicate", 0, known, False)
        passages = split_passages(doc.text)
        body = doc.body.slice(doc.text) if doc.body else doc.text
        minhash = _dedup.signature(body)
        earlier_story = self._story_index().story_of(minhash)
        story_id = earlier_story or article_id
        with self.db.transaction() as conn:
            # Checked again under the write lock: another process may have added it since.
            row = conn.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,))
            if (found := row.fetchone()) is not None:
                return AddResult(article_id, "duplicate", 0, found[0], False)
            seq = self._insert_article(conn, doc, article_id, story_id, minhash)
            ids = self._insert_passages(conn, seq, passages)
            self._insert_vectors(conn, ids, passages, where)
        self._refresh()
        return AddResult(article_id, "added", len(passages), story_id, earlier_story is not None)

    def _story_of_article(self, article_id: str) -> str | None:
        rows = self.db.query("SELECT story_id FROM articles WHERE id = ?", (article_id,))
        return rows[0][0] if rows else None

    def _insert_article(
        self, conn: Any, doc: Document, article_id: str, story_id: str, minhash: Any
    ) -> int:
        meta = doc.meta
        cursor = conn.execute(
            "INSERT INTO articles (id, story_id, title, url, outlet, byline, published, "
            "language, source_path, format, text, minhash, added) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id, story_id, meta.title, meta.url, meta.outlet, meta.byline,
                meta.published.isoformat() if meta.published else None, meta.language,
                meta.source_path, meta.format, doc.text, _dedup.to_blob(minhash),
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )  # fmt: skip
        return int(cursor.lastrowid)

    def _insert_passages(self, conn: Any, seq: int, passages: list[Passage]) -> list[int]:
        ids = []
        for p in passages:
            cursor = conn.execute(
                'INSERT INTO passages (article_seq, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                (seq, p.index, p.start, p.end, p.text),
            )
            ids.append(int(cursor.lastrowid))
        # The full-text index holds no copy of the text (content='passages'), so its rows
        # are written by hand, in the same transaction.
        conn.executemany(
            "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)",
            zip(ids, (p.text for p in passages), strict=True),
        )
        return ids

    def _insert_vectors(
        self, conn: Any, ids: list[int], passages: list[Passage], where: str
    ) -> None:
        if not passages:
            return
        self._check_model(conn)
        vectors = self.embedder.encode([p.text for p in passages])
        if vectors.shape != (len(passages), DIMENSIONS):
            raise CorpusError(
                f"{where}: the embedder returned {vectors.shape} for {len(passages)} passages"
            )
        conn.executemany(
            "INSERT INTO passage_vectors (passage_id, vector) VALUES (?, ?)",
            ((pid, _dense.to_blob(v)) for pid, v in zip(ids, vectors, strict=True)),
        )

    def _check_model(self, conn: Any) -> None:
        """Vectors of two models cannot be compared: a corpus keeps the model it began with."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'embedding_model'").fetchone()
        if row is None:
            conn.execute("INSERT INTO meta VALUES ('embedding_model', ?)", (MODEL_ID,))
        elif row[0] != MODEL_ID:
            raise CorpusError(
                f"{self.path} holds vectors of {row[0]}, not {MODEL_ID}; use a new corpus file"
            )

    def add_paths(
        self, paths: Iterable[str | os.PathLike[str]], progress: bool = True
    ) -> AddSummary:
        """Add every article in files and folders (text, HTML, JSON lines, RSS and Atom).

        An input that cannot be read (a bad file, a bad JSON line, a malformed feed) is
        logged, counted in ``failed`` with its reason, and skipped; the run goes on. Any
        other error (embedding, the database) stops the run: it would fail for every
        article. Either way each article is all stored or not at all."""
        files, missing = list_files(list(paths))
        summary = AddSummary(failed=[(m.where, m.error or "") for m in missing])
        # The summary carries every failure to the caller, who reports it once.
        for where, reason in summary.failed:
            log.debug("skipped %s: %s", where, reason)
        with _progress_bar(progress, len(files)) as advance:
            for file in files:
                for item in read_file(file):
                    self._add_item(item.where, item.document, item.error, summary)
                advance(summary)
        return summary

    def _add_item(
        self, where: str, document: Document | None, error: str | None, summary: AddSummary
    ) -> None:
        if document is None:
            summary.failed.append((where, error or "unreadable"))
            log.debug("skipped: %s", error)
            return
        try:
            result = self.add_document(document)
        except InputError as err:
            summary.failed.append((where, str(err)))
            log.debug("skipped: %s", err)
            return
        except NewsvetError as err:
            raise CorpusError(
                f"stopped at {where} after adding {summary.added} articles: {err}"
            ) from err
        if result.status == "duplicate":
            summary.duplicates += 1
        else:
            summary.added += 1
            summary.passages += result.passages
            summary.syndicated += int(result.syndicated)

    # --- in-memory indexes ----------------------------------------------------------------

    def _story_index(self) -> _dedup.StoryIndex:
        if self._stories is None:
            self._stories = _dedup.StoryIndex()
            self._load_stories()
        return self._stories

    def _load_stories(self) -> None:
        assert self._stories is not None
        rows = self.db.query(
            "SELECT seq, story_id, minhash FROM articles WHERE seq > ? ORDER BY seq",
            (self._last_story_seq,),
        )
        for seq, story_id, blob in rows:
            self._stories.add(seq, story_id, _dedup.from_blob(blob))
            self._last_story_seq = seq

    def dense_index(self) -> _dense.DenseIndex:
        """The in-memory vector index, loaded from the file on first use."""
        if self._dense is None:
            self._dense = _dense.DenseIndex()
            self._load_vectors()
        return self._dense

    def _load_vectors(self) -> None:
        """Read the vectors not yet in the index, a chunk at a time: all the blobs of a large
        corpus at once would take more memory than the index they fill."""
        assert self._dense is not None
        (pending,) = self.db.query(
            "SELECT COUNT(*) FROM passage_vectors WHERE passage_id > ?", (self._dense.last_id,)
        )[0]
        # The first load knows its size: no spare room. Later adds grow by doubling.
        self._dense.reserve(self._dense.size + pending, exact=self._dense.size == 0)
        while True:
            rows = self.db.query(
                "SELECT v.passage_id, p.article_seq, v.vector FROM passage_vectors v "
                "JOIN passages p ON p.id = v.passage_id WHERE v.passage_id > ? "
                "ORDER BY v.passage_id LIMIT ?",
                (self._dense.last_id, LOAD_CHUNK),
            )
            if rows:
                ids, articles, blobs = zip(*rows, strict=True)
                self._dense.extend(list(ids), list(articles), list(blobs))
            if len(rows) < LOAD_CHUNK:
                return

    def _refresh(self) -> None:
        """Bring loaded indexes up to date with the file (this or another process's adds)."""
        self._data_version = self.db.data_version()
        self._postings = {}
        if self._dense is not None:
            self._load_vectors()
        if self._stories is not None:
            self._load_stories()

    # --- search ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        before: dt.date | None = None,
        exclude_article: str | None = None,
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """The ``k`` passages best matching ``query``.

        ``before`` is the date of the article under check: passages published after it are
        returned with ``later=True``, not dropped. ``exclude_article`` (an article id) leaves
        out that article and its syndicated copies: a copy of the article under check is no
        evidence about it."""
        return self.search_many(
            [query], k, before=before, exclude_article=exclude_article, mode=mode
        )[0]

    def search_many(
        self,
        queries: Sequence[str],
        k: int = 10,
        *,
        before: dt.date | None = None,
        exclude_article: str | None = None,
        mode: Mode = "hybrid",
    ) -> list[list[Hit]]:
        """:meth:`search` for each of ``queries`` (one list of hits per query, in order).
        Each distinct query is embedded once, and the full-text searches of all of them run
        on their own thread while the queries are embedded."""
        if mode not in MODES:
            raise InputError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
        if k <= 0 or not queries:
            return [[] for _ in queries]
        if self.db.data_version() != self._data_version:
            self._refresh()
        depth = max(CANDIDATES, 3 * k)
        excluded = self._excluded_articles(exclude_article)
        asked = [q for q in dict.fromkeys(queries) if q.strip()]
        lexical = self._start_lexical(asked, depth, excluded) if mode != "dense" else None
        dense = self._dense_many(asked, depth, excluded) if mode != "lexical" else {}
        lexical_lists = lexical.result() if lexical is not None else {}
        ranked = {q: _fuse(lexical_lists.get(q, []), dense.get(q, []), mode)[:k] for q in asked}
        rows = self._passage_rows({r.passage_id for found in ranked.values() for r in found})
        return [self._hits(ranked.get(q, []), rows, before) for q in queries]

    def _excluded_articles(self, article_id: str | None) -> list[int]:
        if article_id is None:
            return []
        rows = self.db.query(
            "SELECT seq FROM articles WHERE story_id = "
            "(SELECT story_id FROM articles WHERE id = ?) OR id = ?",
            (article_id, article_id),
        )
        return [r[0] for r in rows]

    # --- lexical ----------------------------------------------------------------------------

    def _start_lexical(
        self, queries: list[str], depth: int, excluded: list[int]
    ) -> Future[dict[str, list[tuple[int, float]]]]:
        if self._lexical_thread is None:
            self._lexical_thread = ThreadPoolExecutor(1, thread_name_prefix="corpus-lexical")
        return self._lexical_thread.submit(self._lexical_many, queries, depth, excluded)

    def _lexical_many(
        self, queries: list[str], depth: int, excluded: list[int]
    ) -> dict[str, list[tuple[int, float]]]:
        """Runs on the lexical thread, with its own connection."""
        if self._reader is None:
            self._reader = self.db.reader()
        return {q: self._lexical(self._reader, q, depth, excluded) for q in queries}

    def _lexical(
        self, db: Database, query: str, depth: int, excluded: list[int]
    ) -> list[tuple[int, float]]:
        expression = fts_query(query, lambda terms: self._within_budget(terms, db))
        if expression is None:
            return []
        sql = "SELECT rowid, rank FROM passages_fts WHERE passages_fts MATCH ?"
        params: list[Any] = [expression]
        if excluded:
            marks = ", ".join("?" * len(excluded))
            sql += f" AND rowid NOT IN (SELECT id FROM passages WHERE article_seq IN ({marks}))"
            params.extend(excluded)
        rows = db.query(sql + " ORDER BY rank LIMIT ?", [*params, depth])
        # FTS5's bm25() is lower-is-better; negate it so every score is higher-is-better.
        return [(int(pid), -float(rank)) for pid, rank in rows]

    def _within_budget(self, terms: list[str], db: Database | None = None) -> list[str]:
        """The query's rarest terms, up to the posting budget; words no passage holds are
        dropped (they cannot match)."""
        df = {t: self._document_frequency(t, db or self.db) for t in terms}
        known = sorted((t for t in terms if df[t]), key=lambda t: df[t])
        kept: list[str] = []
        total = 0
        for term in known:
            if len(kept) >= MIN_TERMS and total + df[term] > POSTING_BUDGET:
                break
            kept.append(term)
            total += df[term]
        return kept

    def _document_frequency(self, term: str, db: Database) -> int:
        """How many passages the full-text index matches for ``term``, counted by the index
        itself, so that its stemming is counted too ("report" matches "reported")."""
        if term not in self._postings:
            if len(self._postings) >= TERM_CACHE:
                self._postings = {}
            # query_terms gives \w+ words, which hold no quote to break out of.
            rows = db.query(
                "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH ?", (f'"{term}"',)
            )
            self._postings[term] = int(rows[0][0])
        return self._postings[term]

    # --- dense ------------------------------------------------------------------------------

    def _dense_many(
        self, queries: list[str], depth: int, excluded: list[int]
    ) -> dict[str, list[tuple[int, float]]]:
        index = self.dense_index()
        if not index.size or not queries:
            return {}
        vectors = self.query_vectors(queries)
        return {
            q: index.search(v, depth, floor=DENSE_FLOOR, exclude_articles=excluded)
            for q, v in zip(queries, vectors, strict=True)
        }

    def query_vectors(self, queries: Sequence[str]) -> np.ndarray:
        """The embeddings of ``queries`` (one row each), the ones not seen lately embedded
        together; the last ``embedding_cache`` distinct queries are remembered."""
        # Short groups of similar length: one large batch pads every query to the longest
        # and is slower per query on one core than a few small ones.
        missing = sorted((q for q in dict.fromkeys(queries) if q not in self._vectors), key=len)
        if missing:
            fresh = np.vstack(
                [
                    self.embedder.encode(missing[i : i + EMBED_GROUP])
                    for i in range(0, len(missing), EMBED_GROUP)
                ]
            )
            if fresh.shape != (len(missing), DIMENSIONS):
                raise CorpusError(f"the embedder returned {fresh.shape} for {len(missing)} queries")
            for query, vector in zip(missing, fresh, strict=True):
                self._vectors[query] = vector
        for query in queries:
            self._vectors.move_to_end(query)
        vectors = np.stack([self._vectors[q] for q in queries])
        while len(self._vectors) > self.embedding_cache:
            self._vectors.popitem(last=False)
        return vectors

    # --- hits -------------------------------------------------------------------------------

    def _passage_rows(self, passage_ids: set[int]) -> dict[int, tuple[Any, ...]]:
        ids = sorted(passage_ids)
        rows: dict[int, tuple[Any, ...]] = {}
        for i in range(0, len(ids), SQL_BATCH):
            chunk = ids[i : i + SQL_BATCH]
            marks = ", ".join("?" * len(chunk))
            found = self.db.query(
                'SELECT p.id, p.text, p.start, p."end", a.id, a.title, a.url, a.outlet, '
                "a.published, a.story_id FROM passages p JOIN articles a ON a.seq = p.article_seq "
                f"WHERE p.id IN ({marks})",
                chunk,
            )
            rows.update((row[0], row) for row in found)
        return rows

    def _hits(
        self, ranked: list[_Ranked], rows: dict[int, tuple[Any, ...]], before: dt.date | None
    ) -> list[Hit]:
        hits = []
        for r in ranked:
            _, text, start, end, article_id, title, url, outlet, published, story_id = rows[
                r.passage_id
            ]
            date = dt.date.fromisoformat(published) if published else None
            hits.append(
                Hit(
                    r.passage_id, text, r.score, r.lexical_rank, r.dense_rank, r.similarity,
                    article_id, title, url, outlet, date, story_id,
                    later=before is not None and date is not None and date > before,
                    start=start, end=end,
                )
            )  # fmt: skip
        return hits

    # --- facts ----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        (articles, stories, outlets, earliest, latest) = self.db.query(
            "SELECT COUNT(*), COUNT(DISTINCT story_id), COUNT(DISTINCT outlet), "
            "MIN(published), MAX(published) FROM articles"
        )[0]
        passages = self.db.query("SELECT COUNT(*) FROM passages")[0][0]
        return {
            "path": str(self.path),
            "articles": articles,
            "stories": stories,
            "syndicated_copies": articles - stories,
            "passages": passages,
            "outlets": outlets,
            "earliest": earliest,
            "latest": latest,
            "embedding_model": self.db.meta().get("embedding_model"),
            "size_bytes": _file_size(self.path),
        }


@dataclass(frozen=True)
class _Ranked:
    passage_id: int
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    similarity: float | None


def _fuse(
    lexical: list[tuple[int, float]], dense: list[tuple[int, float]], mode: str
) -> list[_Ranked]:
    """Reciprocal rank fusion: score = sum over retrievers of 1 / (60 + rank).

    Ties (a passage found by one retriever only, at the same rank as one found by the other
    only) go to the more similar in meaning: shared words may be incidental."""
    lex_rank = {pid: i for i, (pid, _) in enumerate(lexical, start=1)}
    lex_score = dict(lexical)
    dense_rank = {pid: i for i, (pid, _) in enumerate(dense, start=1)}
    similarity = dict(dense)
    ranked = []
    for pid in dict.fromkeys([*lex_rank, *dense_rank]):
        if mode == "lexical":
            score = lex_score[pid]
        elif mode == "dense":
            score = similarity[pid]
        else:
            score = sum(1.0 / (RRF_K + r[pid]) for r in (lex_rank, dense_rank) if pid in r)
        ranked.append(
            _Ranked(pid, score, lex_rank.get(pid), dense_rank.get(pid), similarity.get(pid))
        )
    ranked.sort(key=lambda r: (-r.score, -(r.similarity if r.similarity is not None else -2.0)))
    return ranked


def _file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


@contextmanager
def _progress_bar(enabled: bool, total: int) -> Iterator[Any]:
    """A progress bar on stderr over the files, when stderr is a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda summary: None
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("files"), TimeElapsedColumn(), console=console,
    ) as bar:  # fmt: skip
        task = bar.add_task("Adding articles", total=total)

        def advance(summary: AddSummary) -> None:
            bar.update(
                task, advance=1,
                description=f"{summary.added} added, {summary.duplicates} dup., "
                f"{len(summary.failed)} failed",
            )  # fmt: skip

        yield advance
