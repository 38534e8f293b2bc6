"""What every SQLite file of newsvet shares: numbered migrations applied atomically.

``sqlite3``'s ``executescript`` commits any open transaction before it runs, so a script
run inside ``with connection:`` is not one transaction: a migration that fails half-way
would leave half a schema behind. Each migration here is one explicit BEGIN ... COMMIT,
with the schema version set inside it, and is rolled back whole when any statement fails.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence


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
