"""The one SQLite wrapper of the corpus: every read and write goes through ``Database``, and
the schema is made by the numbered ``MIGRATIONS`` below, never by ad-hoc ALTERs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsvet.errors import NewsvetError


class CorpusError(NewsvetError):
    """The corpus file is missing, corrupt or of another embedding model."""

    exit_code = 3


# (version, description, SQL). Append only: a corpus made by an older version is migrated.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "articles, passages, vectors, full-text index",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            story_id TEXT NOT NULL,
            title TEXT, url TEXT, outlet TEXT, byline TEXT, published TEXT, language TEXT,
            source_path TEXT, format TEXT,
            text TEXT NOT NULL,
            minhash BLOB NOT NULL,
            added TEXT NOT NULL
        );
        CREATE INDEX articles_story ON articles (story_id);
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            article_seq INTEGER NOT NULL REFERENCES articles (seq),
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (article_seq, idx)
        );
        CREATE TABLE passage_vectors (
            passage_id INTEGER PRIMARY KEY REFERENCES passages (id),
            vector BLOB NOT NULL
        );
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, content = 'passages', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        -- How many passages hold each word: lexical search leaves out the commonest words
        -- of a long query, whose postings cost the most and weigh the least in BM25.
        CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ),
    (
        2,
        "word counts come from the full-text index, which also counts stemmed forms",
        "DROP TABLE IF EXISTS terms;",
    ),
)


def latest_version() -> int:
    return MIGRATIONS[-1][0]


class Database:
    """One connection to one corpus file, in autocommit mode: writes group themselves with
    ``transaction()``, which takes the write lock at once (BEGIN IMMEDIATE) so that the
    duplicate check and the insert of an article cannot interleave with another writer."""

    def __init__(self, path: str | Path, *, reader: bool = False) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            if reader:
                self._conn.execute("PRAGMA query_only = 1")
            else:
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
        except (OSError, sqlite3.DatabaseError) as err:
            raise CorpusError(f"{self.path}: not a readable corpus: {err}") from err
        if not reader:
            self.migrate()

    def reader(self) -> Database:
        """A second, read-only connection to the same file, for a search run on another
        thread: one connection serialises its calls, two read in parallel (WAL)."""
        return Database(self.path, reader=True)

    def migrate(self) -> None:
        current = self.query("PRAGMA user_version")[0][0]
        if current > latest_version():
            raise CorpusError(
                f"{self.path}: corpus schema version {current} is newer than this newsvet "
                f"knows ({latest_version()}); upgrade newsvet"
            )
        for version, _description, sql in MIGRATIONS:
            if version > current:
                with self.transaction() as conn:
                    for statement in _statements(sql):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {int(version)}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: any exception inside rolls every write back and is re-raised."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:
            raise CorpusError(f"{self.path}: cannot start a write: {err}") from err
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            self._conn.execute("ROLLBACK")
            raise CorpusError(f"{self.path}: cannot commit: {err}") from err

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise CorpusError(f"{self.path}: database error: {err}") from err

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        return int(self.query("PRAGMA data_version")[0][0])

    def meta(self) -> dict[str, str]:
        return dict(self.query("SELECT key, value FROM meta"))

    def close(self) -> None:
        self._conn.close()


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit on its own)."""
    statements = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s]
