"""``FactCheckStore``: earlier fact-checks in SQLite, imported from ClaimReview or CheckThat!
files, and matched against a claim."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsvet.errors import InputError
from newsvet.factchecks._errors import FactCheckImportError, ImportProblem
from newsvet.factchecks._importers import FORMAT_RECORDS, expand_paths, read_file
from newsvet.factchecks._index import METHODS, MatchIndex, record_texts
from newsvet.factchecks._model import FactCheck, Match
from newsvet.factchecks._ratings import rating_to_stance
from newsvet.factchecks._rerank import Reranker
from newsvet.factchecks._store import Database, text_hash

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total)
EMBED_BATCH = 256


def default_store_path() -> Path:
    """``$NEWSVET_FACTCHECKS``, else ``$NEWSVET_HOME/factchecks.sqlite``, else the user's
    data folder."""
    explicit = os.environ.get("NEWSVET_FACTCHECKS")
    if explicit:
        return Path(explicit)
    home = os.environ.get("NEWSVET_HOME")
    if home:
        return Path(home) / "factchecks.sqlite"
    return Path.home() / ".local" / "share" / "newsvet" / "factchecks.sqlite"


@dataclass(frozen=True)
class ImportResult:
    files: int
    records: int  # records read
    added: int
    updated: int
    skipped: tuple[ImportProblem, ...] = ()  # files, lines, blocks and records left out

    @property
    def unchanged(self) -> int:
        return self.records - self.added - self.updated


def _check_claim_text(text: str) -> None:
    """Refuse text that cannot be encoded: bytes that were not UTF-8 reach Python as lone
    surrogates (a command-line argument, say), which the tokenizer cannot take."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(
            f"claim text: not valid UTF-8 (an undecodable byte at character {err.start + 1})"
        ) from err


class FactCheckStore:
    """Earlier fact-checks. Open with ``FactCheckStore.open(path)``; the matching index and
    the embedding model load on the first ``match`` and are kept for the next ones."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._index: MatchIndex | None = None
        self._reranker: Reranker | None = None
        self._reranker_loaded = False

    @classmethod
    def open(cls, path: str | Path | None = None) -> FactCheckStore:
        return cls(Database(Path(path) if path is not None else default_store_path()))

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> FactCheckStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- import ---------------------------------------------------------------------------
    def import_paths(self, paths: Sequence[str | Path], format: str | None = None) -> ImportResult:
        """Import files (or folders of them) in one transaction. A part of a file that
        cannot be read (a malformed line or JSON-LD block, a review without a claim, a whole
        unreadable file) is skipped and listed in ``ImportResult.skipped``; the rest is
        imported. Raises ``FactCheckImportError`` before writing anything when a path does
        not exist or nothing at all could be read. Importing the same records again changes
        nothing."""
        files = expand_paths([Path(p) for p in paths])
        if not files:
            raise FactCheckImportError("no files to import")
        records: dict[str, FactCheck] = {}
        skipped: list[ImportProblem] = []
        for path in files:
            read = read_file(path, format)
            skipped.extend(read.problems)
            if not read.records and not read.problems:
                skipped.append(ImportProblem(path, f"no {FORMAT_RECORDS[read.format]} found"))
            for fc in read.records:
                records[fc.id] = fc  # the last copy of a record wins, as on re-import
        for problem in skipped:
            log.info("skipped %s", problem)
        if not records:
            raise FactCheckImportError.from_problems(skipped)
        added, updated = self.add(records.values())
        log.info("imported %d records from %d files (%d new, %d changed, %d skipped)",
                 len(records), len(files), added, updated, len(skipped))  # fmt: skip
        return ImportResult(len(files), len(records), added, updated, tuple(skipped))

    def add(self, records: Iterable[FactCheck]) -> tuple[int, int]:
        with self.db.transaction() as conn:
            added, updated = self.db.upsert(conn, records)
        if added or updated:
            self._index = None
        return added, updated

    # --- reads ----------------------------------------------------------------------------
    def get(self, record_id: str) -> FactCheck | None:
        return self.db.record(record_id)

    def records(self) -> list[FactCheck]:
        return self.db.records()

    def __len__(self) -> int:
        return self.db.count()

    def stats(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "fact_checks": self.db.count(),
            "vectors": self.db.count_vectors(),
            "by_format": dict(self.db.counts_by("source_format")),
            "by_fact_checker": dict(self.db.counts_by("fact_checker")[:10]),
            "by_language": dict(self.db.counts_by("language")),
        }

    # --- vectors --------------------------------------------------------------------------
    def ensure_vectors(self, progress: Progress | None = None) -> int:
        """Embed every record text that has no current vector; returns how many were made.
        Vectors are written batch by batch, so an interrupted run keeps its work."""
        from newsvet.embed import MODEL_ID, shared_embedder

        todo: list[tuple[str, str, str]] = []  # (field, id, text)
        records = self.db.records()
        for field in ("claim", "context"):
            stored = self.db.vectors(field, MODEL_ID)
            for fc in records:
                text = record_texts(fc)[field]
                have = stored.get(fc.id)
                if have is None or have[0] != text_hash(text):
                    todo.append((field, fc.id, text))
        if not todo:
            return 0
        # Batches of similar length waste less work on padding (about a third less here).
        todo.sort(key=lambda item: len(item[2]))
        embedder = shared_embedder()
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            vectors = embedder.encode([t for _, _, t in batch])
            for field in ("claim", "context"):
                self.db.put_vectors(
                    field, MODEL_ID,
                    ((rid, text_hash(t), v) for (f, rid, t), v in zip(batch, vectors, strict=True) if f == field),
                )  # fmt: skip
            if progress is not None:
                progress(min(start + EMBED_BATCH, len(todo)), len(todo))
        return len(todo)

    # --- matching -------------------------------------------------------------------------
    def index(self, progress: Progress | None = None) -> MatchIndex:
        """The matching index, built on first use (embedding what is not embedded yet)."""
        if self._index is None:
            from newsvet.embed import DIMENSIONS, MODEL_ID

            self.ensure_vectors(progress)
            records = self.db.records()
            matrices = []
            for field in ("claim", "context"):
                stored = self.db.vectors(field, MODEL_ID)
                matrix = np.zeros((len(records), DIMENSIONS), dtype=np.float32)
                for row, fc in enumerate(records):
                    matrix[row] = stored[fc.id][1]
                # float16 storage loses a little length; cosine needs unit vectors again.
                matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12, None)
                matrices.append(matrix)
            self._index = MatchIndex(records, matrices[0], matrices[1])
        return self._index

    @property
    def reranker(self) -> Reranker | None:
        if not self._reranker_loaded:
            self._reranker = Reranker.load()
            self._reranker_loaded = True
        return self._reranker

    def match(
        self, text: str, k: int = 5, *, method: str = "rerank", vector: np.ndarray | None = None
    ) -> list[Match]:
        """The earlier fact-checks that address the claim in ``text``, best first.

        ``method``: ``rerank`` (the default; falls back to ``fused`` without a re-ranker),
        ``fused``, ``lexical`` or ``dense``. ``vector`` is the claim's embedding when the
        caller has it already (batch evaluation)."""
        if method not in METHODS:
            raise ValueError(f"unknown matching method {method!r}; expected one of {METHODS}")
        _check_claim_text(text)
        index = self.index()
        if not len(index) or not text.strip():
            return []
        if vector is None:
            from newsvet.embed import shared_embedder

            vector = shared_embedder().encode([text])[0]
        cands = index.candidates(text, vector)
        order, scores = index.rank(cands, method, self.reranker)
        matches = []
        for pos, score in zip(order[:k], scores[:k], strict=False):
            fc = index.records[int(cands.rows[pos])]
            stance, weight = rating_to_stance(fc.rating)
            matches.append(
                Match(fc, float(score), stance, weight,
                      lexical=float(cands.lexical[pos]), dense=float(cands.dense[pos]))
            )  # fmt: skip
        return matches
