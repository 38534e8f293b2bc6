"""The one database wrapper of the report store, for SQLite and PostgreSQL.

Reads take a connection of their own from a small pool, so a slow read never waits for a
write and many threads read at once. Every write goes through one connection, one at a
time, inside a transaction: a request either stores everything it wrote or nothing, and
what was committed stays committed whatever happens to the process afterwards.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from newsvet.errors import NewsvetError
from newsvet.store._migrations import MIGRATIONS, latest_version

log = logging.getLogger(__name__)

Params = Sequence[Any]
_MAX_IDLE_READERS = 8


class StoreError(NewsvetError):
    """The report store cannot be opened, migrated, read or written."""

    exit_code = 3


class _Cursor(Protocol):
    def fetchall(self) -> list[Any]: ...

    def fetchone(self) -> Any: ...


class Executor(Protocol):
    """What a transaction offers: statements written with ``?`` placeholders on every back end."""

    def execute(self, sql: str, params: Params = ()) -> _Cursor: ...

    def executemany(self, sql: str, rows: Sequence[Params]) -> None: ...


@dataclass(frozen=True)
class Location:
    """Where a store lives: a SQLite file or a PostgreSQL URL."""

    backend: str  # "sqlite" | "postgresql"
    target: str  # a file path or a connection URL

    @classmethod
    def parse(cls, url: str | Path) -> Location:
        text = str(url)
        scheme = text.split(":", 1)[0].lower() if "://" in text else ""
        if scheme in ("postgresql", "postgres"):
            return cls("postgresql", text)
        if scheme == "sqlite":
            # As SQLAlchemy reads them: sqlite:///relative.sqlite, sqlite:////absolute.sqlite.
            path = text.split("://", 1)[1].removeprefix("/")
            if not path or path == "/":
                raise StoreError(f"{text}: a sqlite URL needs a file path (sqlite:////path/file)")
            return cls("sqlite", path)
        if scheme:
            raise StoreError(
                f"{redact(text)}: unsupported database URL; use postgresql://... or a SQLite file"
            )
        return cls("sqlite", text)

    def __str__(self) -> str:
        return redact(self.target) if self.backend == "postgresql" else self.target


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


class Database:
    """Connections to one store, its migrations, and the read and write paths."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self._lock = threading.Lock()  # one write at a time in this process
        self._idle: list[Any] = []  # read connections waiting for their next use
        self._idle_lock = threading.Lock()
        self._closed = False
        if location.backend == "sqlite":
            Path(location.target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._writer = self._connect()
        self.migrate()

    @property
    def backend(self) -> str:
        return self.location.backend

    # --- connections --------------------------------------------------------------------
    def _connect(self) -> Any:
        try:
            if self.backend == "sqlite":
                return _sqlite_connect(Path(self.location.target).expanduser())
            return _postgres_connect(self.location.target)
        except (sqlite3.Error, OSError) as err:
            raise StoreError(f"cannot open the store {self.location}: {err}") from err
        except _postgres_errors() as err:
            raise StoreError(f"cannot connect to the store {self.location}: {err}") from err

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as err:
            raise StoreError(f"{self.location}: {what} failed: {err}") from err
        except _postgres_errors() as err:
            raise StoreError(f"{self.location}: {what} failed: {err}") from err

    @contextmanager
    def reader(self) -> Iterator[Executor]:
        """A connection for reads only, taken from the pool and given back after."""
        if self._closed:
            raise StoreError(f"the store {self.location} is closed")
        with self._idle_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        healthy = False
        try:
            with self._errors("a read"):
                yield _Adapter(conn, self.backend)
            healthy = True
        finally:
            self._give_back(conn, healthy)

    def _give_back(self, conn: Any, healthy: bool) -> None:
        with self._idle_lock:
            if healthy and not self._closed and len(self._idle) < _MAX_IDLE_READERS:
                self._idle.append(conn)
                return
        conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Executor]:
        """The write path: one writer at a time, everything inside committed together."""
        if self._closed:
            raise StoreError(f"the store {self.location} is closed")
        with self._lock, self._errors("a write"):
            if _is_broken(self._writer):
                log.warning("reconnecting to the store %s", self.location)
                self._writer = self._connect()
            yield from _transaction(self._writer, self.backend)

    def query(self, sql: str, params: Params = ()) -> list[Any]:
        with self.reader() as db:
            return db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._idle_lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        with self._lock:
            self._writer.close()

    # --- schema -------------------------------------------------------------------------
    def migrate(self) -> None:
        """Apply every migration this database lacks, each in its own transaction."""
        with self.transaction() as db:
            if self.backend == "postgresql":
                # Two servers starting at once must not both create the tables.
                db.execute("SELECT pg_advisory_xact_lock(?)", (0x6E657773,))
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            applied = {row[0] for row in db.execute("SELECT version FROM schema_migrations").fetchall()}
            for migration in MIGRATIONS:
                if migration.version in applied:
                    continue
                sql = migration.sqlite if self.backend == "sqlite" else migration.postgres
                for statement in _statements(sql):
                    db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, CURRENT_TIMESTAMP)",
                    (migration.version, migration.description),
                )
                log.info("store %s: applied migration %d", self.location, migration.version)

    def schema_version(self) -> int:
        rows = self.query("SELECT max(version) FROM schema_migrations")
        return int(rows[0][0] or 0)


def _transaction(conn: Any, backend: str) -> Iterator[Executor]:
    adapter = _Adapter(conn, backend)
    if backend == "postgresql":
        with conn.transaction():
            yield adapter
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield adapter
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class _Adapter:
    """Runs statements written with ``?`` placeholders on either back end."""

    def __init__(self, conn: Any, backend: str) -> None:
        self._conn = conn
        self._postgres = backend == "postgresql"

    def _sql(self, sql: str) -> str:
        # The store's statements never hold a literal "%" or "?": parameters carry all values.
        return sql.replace("?", "%s") if self._postgres else sql

    def execute(self, sql: str, params: Params = ()) -> _Cursor:
        cursor: _Cursor = self._conn.execute(self._sql(sql), tuple(params))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if not rows:
            return
        if self._postgres:
            with self._conn.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)
        else:
            self._conn.executemany(sql, rows)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are opened explicitly on the write path, and each read
    # sees everything committed before it started.
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")
    # WAL lets readers go on while one writer writes; FULL makes each commit durable.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _postgres_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def _postgres_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)


def _is_broken(conn: Any) -> bool:
    return bool(getattr(conn, "broken", False) or getattr(conn, "closed", False) is True)


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_terms(query: str) -> list[str]:
    """The words of a search box query; punctuation and operators are not syntax here."""
    return _WORD.findall(query)


__all__ = ["Database", "Executor", "Location", "StoreError", "fts_terms", "latest_version", "redact"]
