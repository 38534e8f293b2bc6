"""What every SQLite file of newsvet shares: numbered migrations applied atomically.

``sqlite3``'s ``executescript`` commits any open transaction before it runs, so a script
run inside ``with connection:`` is not one transaction: a migration that fails half-way
would leave half a schema behind. Each migration here is one explicit BEGIN ... COMMIT,
with the schema version set inside it, and is rolled back whole when any statement fails.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from newsvet.errors import NewsvetError


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[tuple[int, str, str]]) -> int:
    """Apply the (version, description, sql) migrations newer than the file's
    ``user_version``, in order; returns the version the file is at afterwards."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for version, _description, sql in sorted(migrations):
        if version <= current:
            continue
        try:
            conn.executescript(f"BEGIN;\n{sql}\n;PRAGMA user_version = {int(version)};\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            raise
        current = version
    return current


class SQLiteFile:
    """Reads, all-or-nothing writes and migrations over one connection, with every
    database error raised as the owner's own error (``error``) naming the file."""

    error: ClassVar[type[NewsvetError]] = NewsvetError
    path: Path
    _conn: sqlite3.Connection

    def migrate_to(self, migrations: Sequence[tuple[int, str, str]]) -> None:
        try:
            apply_migrations(self._conn, migrations)
        except sqlite3.DatabaseError as err:
            raise self.error(f"{self.path}: cannot migrate the schema: {err}") from err

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._conn:
                yield self._conn
        except sqlite3.DatabaseError as err:
            raise self.error(f"{self.path}: database error: {err}") from err

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise self.error(f"{self.path}: database error: {err}") from err

    def close(self) -> None:
        self._conn.close()
