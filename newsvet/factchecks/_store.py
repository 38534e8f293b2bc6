"""The one SQLite wrapper of the fact-check store. The schema is made by the numbered
``MIGRATIONS`` below (append only), never by ad-hoc ALTERs."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsvet._sqlite import SQLiteFile
from newsvet.factchecks._errors import FactCheckStoreError
from newsvet.factchecks._model import FactCheck, Rating

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "fact-checks and their embedding vectors",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE factchecks (
            id TEXT PRIMARY KEY, claim TEXT NOT NULL, claimant TEXT, date TEXT,
            rating TEXT, rating_value REAL, best_rating REAL, worst_rating REAL,
            fact_checker TEXT, reviewer TEXT, url TEXT, title TEXT, summary TEXT,
            language TEXT, source_format TEXT NOT NULL, source TEXT
        );
        CREATE INDEX factchecks_url ON factchecks (url);
        -- One float16 vector per record, text field and model; text_hash ties a vector to the
        -- text it was computed from, so an edited record is embedded again.
        CREATE TABLE vectors (
            id TEXT NOT NULL, field TEXT NOT NULL, model TEXT NOT NULL, text_hash TEXT NOT NULL,
            vector BLOB NOT NULL, PRIMARY KEY (id, field, model)
        );
        """,
    ),
)

_COLUMNS = (
    "id, claim, claimant, date, rating, rating_value, best_rating, worst_rating, "
    "fact_checker, reviewer, url, title, summary, language, source_format, source"
)


def latest_version() -> int:
    return MIGRATIONS[-1][0]


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _to_row(fc: FactCheck) -> tuple[Any, ...]:
    r = fc.rating
    return (
        fc.id, fc.claim, fc.claimant, fc.date, r.text, r.value, r.best, r.worst,
        fc.fact_checker, fc.reviewer, fc.url, fc.title, fc.summary, fc.language,
        fc.source_format, fc.source,
    )  # fmt: skip


def _from_row(row: Sequence[Any]) -> FactCheck:
    return FactCheck(
        id=row[0], claim=row[1], claimant=row[2], date=row[3],
        rating=Rating(text=row[4], value=row[5], best=row[6], worst=row[7]),
        fact_checker=row[8], reviewer=row[9], url=row[10], title=row[11], summary=row[12],
        language=row[13], source_format=row[14], source=row[15],
    )  # fmt: skip


class Database(SQLiteFile):
    """One connection to one store file; every read and write goes through here."""

    error = FactCheckStoreError

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, check_same_thread=False)
            self._conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.DatabaseError as err:
            raise FactCheckStoreError(
                f"{self.path}: not a readable fact-check store: {err}"
            ) from err
        except (FileExistsError, NotADirectoryError) as err:
            raise FactCheckStoreError(
                f"{self.path}: cannot create the fact-check store: a file stands where "
                "one of its folders should be"
            ) from err
        except OSError as err:  # its folder cannot be made: no permission, read-only disk
            raise FactCheckStoreError(
                f"{self.path}: cannot create the fact-check store: {err.strerror}"
            ) from err
        self.migrate()

    def migrate(self) -> None:
        current = self.query("PRAGMA user_version")[0][0]
        if current > latest_version():
            raise FactCheckStoreError(
                f"{self.path}: fact-check store schema version {current} is newer than this "
                f"newsvet ({latest_version()}); upgrade newsvet"
            )
        self.migrate_to(MIGRATIONS)

    # --- fact-checks ----------------------------------------------------------------------
    def upsert(self, conn: sqlite3.Connection, records: Iterable[FactCheck]) -> tuple[int, int]:
        """Insert new records and replace changed ones inside the caller's transaction.
        Returns (added, updated); unchanged records are left alone."""
        added = updated = 0
        marks = ", ".join("?" for _ in _COLUMNS.split(","))
        for fc in records:
            row = _to_row(fc)
            old = conn.execute(
                f"SELECT {_COLUMNS} FROM factchecks WHERE id = ?", (fc.id,)
            ).fetchone()
            if old is not None and tuple(old) == row:
                continue
            conn.execute(f"INSERT OR REPLACE INTO factchecks ({_COLUMNS}) VALUES ({marks})", row)
            if old is None:
                added += 1
            else:
                updated += 1
        return added, updated

    def records(self) -> list[FactCheck]:
        return [
            _from_row(r) for r in self.query(f"SELECT {_COLUMNS} FROM factchecks ORDER BY rowid")
        ]

    def record(self, record_id: str) -> FactCheck | None:
        rows = self.query(f"SELECT {_COLUMNS} FROM factchecks WHERE id = ?", (record_id,))
        return _from_row(rows[0]) if rows else None

    def count(self) -> int:
        return int(self.query("SELECT count(*) FROM factchecks")[0][0])

    def counts_by(self, column: str) -> list[tuple[str | None, int]]:
        if column not in {"source_format", "fact_checker", "language", "rating"}:
            raise ValueError(f"cannot count by {column!r}")
        return [
            (r[0], int(r[1]))
            for r in self.query(
                f"SELECT {column}, count(*) FROM factchecks GROUP BY {column} ORDER BY 2 DESC"
            )
        ]

    # --- vectors --------------------------------------------------------------------------
    def vectors(self, field: str, model: str) -> dict[str, tuple[str, np.ndarray]]:
        """id -> (text hash, float32 vector) of every stored vector of one field and model."""
        rows = self.query(
            "SELECT id, text_hash, vector FROM vectors WHERE field = ? AND model = ?",
            (field, model),
        )
        return {
            r[0]: (r[1], np.frombuffer(r[2], dtype=np.float16).astype(np.float32)) for r in rows
        }

    def put_vectors(
        self, field: str, model: str, items: Iterable[tuple[str, str, np.ndarray]]
    ) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?, ?)",
                (
                    (rid, field, model, h, np.asarray(v, dtype=np.float16).tobytes())
                    for rid, h, v in items
                ),
            )

    def count_vectors(self) -> int:
        return int(self.query("SELECT count(*) FROM vectors")[0][0])
