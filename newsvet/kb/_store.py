"""The one SQLite wrapper of the knowledge base: every read and write goes through ``Database``,
and the schema is made by the numbered ``MIGRATIONS`` below, never by ad-hoc ALTERs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newsvet._sqlite import SQLiteFile
from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import Statement

# (version, description, SQL). Append only: a KB built by an older version is migrated forward.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "initial schema",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY, schema TEXT NOT NULL, caption TEXT NOT NULL,
            datasets TEXT NOT NULL, countries TEXT NOT NULL
        );
        CREATE TABLE entity_ids (source_id TEXT PRIMARY KEY, entity_id TEXT NOT NULL);
        CREATE TABLE statements (
            id TEXT PRIMARY KEY, subject TEXT NOT NULL, prop TEXT NOT NULL, value TEXT NOT NULL,
            value_entity TEXT, start TEXT, "end" TEXT, source TEXT NOT NULL, source_url TEXT,
            dataset TEXT NOT NULL, contested INTEGER NOT NULL, note TEXT
        );
        CREATE INDEX statements_subject ON statements (subject, prop);
        CREATE INDEX statements_value_entity ON statements (value_entity, prop);
        CREATE TABLE sources (
            key TEXT NOT NULL, dataset TEXT NOT NULL, title TEXT NOT NULL, outlet TEXT,
            date TEXT, url TEXT, PRIMARY KEY (dataset, key)
        );
        CREATE TABLE names (
            name TEXT NOT NULL, entity_id TEXT NOT NULL, schema TEXT NOT NULL, kind TEXT NOT NULL,
            dataset TEXT NOT NULL, norm TEXT NOT NULL
        );
        CREATE INDEX names_entity ON names (entity_id);
        CREATE VIRTUAL TABLE names_fts USING fts5(name, entity_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
        """,
    ),
)

_STATEMENT_COLUMNS = 'id, subject, prop, value, value_entity, start, "end", source, source_url, dataset, contested, note'


def _row_to_statement(row: Sequence[Any]) -> Statement:
    return Statement(
        id=row[0],
        subject=row[1],
        prop=row[2],
        value=row[3],
        value_entity=row[4],
        start=row[5],
        end=row[6],
        source=row[7],
        source_url=row[8],
        dataset=row[9],
        contested=bool(row[10]),
        note=row[11],
    )


def _statement_to_row(st: Statement) -> tuple[Any, ...]:
    return (
        st.id,
        st.subject,
        st.prop,
        st.value,
        st.value_entity,
        st.start,
        st.end,
        st.source,
        st.source_url,
        st.dataset,
        int(st.contested),
        st.note,
    )


class Database(SQLiteFile):
    """One connection to one KB file. ``read_only`` opens an existing file without creating it."""

    error = KnowledgeBaseError

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            if read_only:
                if not self.path.is_file():
                    raise KnowledgeBaseError(f"{self.path}: no knowledge base at this path")
                uri = f"file:{self.path.resolve()}?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self._conn = sqlite3.connect(self.path, check_same_thread=False)
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as err:
            raise KnowledgeBaseError(f"{self.path}: not a readable knowledge base: {err}") from err
        if read_only:
            if version != latest_version():
                raise KnowledgeBaseError(
                    f"{self.path}: knowledge base schema version {version}, expected "
                    f"{latest_version()}; rebuild it with `newsvet kb build`"
                )
        else:
            self.migrate()

    # --- schema -------------------------------------------------------------------------
    def migrate(self) -> None:
        self.migrate_to(MIGRATIONS)

    # --- generic reads ------------------------------------------------------------------

    # --- writes -------------------------------------------------------------------------
    def set_meta(self, items: dict[str, str]) -> None:
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", items.items())

    def meta(self) -> dict[str, str]:
        return dict(self.query("SELECT key, value FROM meta"))

    def insert_statements(self, statements: Iterable[Statement]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                f"INSERT OR REPLACE INTO statements ({_STATEMENT_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_statement_to_row(st) for st in statements),
            )

    def insert_rows(self, table: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        marks = ", ".join("?" for _ in rows[0])
        with self.transaction() as conn:
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    # --- statement reads ----------------------------------------------------------------
    def statements(self, subject: str, prop: str | None = None) -> list[Statement]:
        sql = f"SELECT {_STATEMENT_COLUMNS} FROM statements WHERE subject = ?"
        params: list[Any] = [subject]
        if prop is not None:
            sql += " AND prop = ?"
            params.append(prop)
        return [_row_to_statement(r) for r in self.query(sql + " ORDER BY rowid", params)]

    def statements_with_value(self, entity_id: str, prop: str | None = None) -> list[Statement]:
        sql = f"SELECT {_STATEMENT_COLUMNS} FROM statements WHERE value_entity = ?"
        params: list[Any] = [entity_id]
        if prop is not None:
            sql += " AND prop = ?"
            params.append(prop)
        return [_row_to_statement(r) for r in self.query(sql + " ORDER BY rowid", params)]


def latest_version() -> int:
    return MIGRATIONS[-1][0]
