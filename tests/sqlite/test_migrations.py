import sqlite3
from pathlib import Path

import pytest

from newsvet._sqlite import apply_migrations

MIGRATIONS = [
    (1, "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
    (2, "tags", "CREATE TABLE tags (item INTEGER, tag TEXT); CREATE INDEX tags_item ON tags (item);"),
]


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrations_apply_in_order_once(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "db.sqlite")
    assert apply_migrations(conn, MIGRATIONS) == 2
    assert apply_migrations(conn, MIGRATIONS) == 2
    assert _tables(conn) == {"items", "tags"}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_failing_migration_leaves_nothing_of_itself(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "db.sqlite")
    apply_migrations(conn, MIGRATIONS[:1])
    broken = (2, "half", "CREATE TABLE half (x); CREATE TABLE items (again);")  # second statement fails
    with pytest.raises(sqlite3.OperationalError):
        apply_migrations(conn, [*MIGRATIONS[:1], broken])
    assert _tables(conn) == {"items"}  # "half" was rolled back with the rest
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
