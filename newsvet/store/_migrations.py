"""The store's schema, as numbered migrations for each back end.

Append only: a database made by an older version is migrated forward at start, and the
``schema_migrations`` table records which versions it holds. Both back ends hold the same
tables and columns; only the types and the full-text index differ (FTS5 on SQLite, a
``tsvector`` column with a GIN index on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sqlite: str
    postgres: str


_SQLITE_1 = """
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    rating TEXT,
    claims_total INTEGER NOT NULL,
    supported INTEGER NOT NULL,
    refuted INTEGER NOT NULL,
    conflicting INTEGER NOT NULL,
    not_enough_evidence INTEGER NOT NULL,
    not_checkable INTEGER NOT NULL,
    report_json TEXT NOT NULL
);
CREATE INDEX reports_published ON reports (published);
CREATE TABLE claims (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    verdict TEXT,
    confidence REAL NOT NULL,
    PRIMARY KEY (report_id, claim_id)
);
CREATE INDEX claims_verdict ON claims (verdict);
CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, report_id UNINDEXED, claim_id UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE reports_fts USING fts5(
    title, text, report_id UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE claim_entities (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    kb_id TEXT NOT NULL,
    PRIMARY KEY (report_id, claim_id, kb_id)
);
CREATE INDEX claim_entities_kb ON claim_entities (kb_id);
CREATE TABLE report_entities (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kb_id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (report_id, kb_id)
);
CREATE INDEX report_entities_kb ON report_entities (kb_id);
CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"""

_POSTGRES_1 = """
CREATE TABLE reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    rating TEXT,
    claims_total INTEGER NOT NULL,
    supported INTEGER NOT NULL,
    refuted INTEGER NOT NULL,
    conflicting INTEGER NOT NULL,
    not_enough_evidence INTEGER NOT NULL,
    not_checkable INTEGER NOT NULL,
    report_json TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT '',
    tsv TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('english', coalesce(title, '') || ' ' || search_text)
    ) STORED
);
CREATE INDEX reports_published ON reports (published);
CREATE INDEX reports_tsv ON reports USING GIN (tsv);
CREATE TABLE claims (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    verdict TEXT,
    confidence DOUBLE PRECISION NOT NULL,
    tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    PRIMARY KEY (report_id, claim_id)
);
CREATE INDEX claims_verdict ON claims (verdict);
CREATE INDEX claims_tsv ON claims USING GIN (tsv);
CREATE TABLE claim_entities (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    kb_id TEXT NOT NULL,
    PRIMARY KEY (report_id, claim_id, kb_id)
);
CREATE INDEX claim_entities_kb ON claim_entities (kb_id);
CREATE TABLE report_entities (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kb_id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (report_id, kb_id)
);
CREATE INDEX report_entities_kb ON report_entities (kb_id);
CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "reports, claims, entities, tokens, full-text search", _SQLITE_1, _POSTGRES_1),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version
