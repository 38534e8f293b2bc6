"""The report store: reports, claims and API tokens in SQLite (default) or PostgreSQL.

    >>> from newsvet.store import open_store
    >>> with open_store() as store:
    ...     stored = store.add(report)
    ...     store.get(stored.id).report == report

One schema with numbered migrations for both back ends; full-text search over claims and
articles (FTS5 on SQLite, ``tsvector`` on PostgreSQL); writes in transactions.
"""

from newsvet.store._db import StoreError, redact
from newsvet.store._migrations import MIGRATIONS, latest_version
from newsvet.store._store import (
    MAX_PAGE,
    MAX_PER_PAGE,
    TOKEN_PREFIX,
    VERDICTS,
    ClaimHit,
    Page,
    ReportQuery,
    ReportStore,
    ReportSummary,
    StoredReport,
    TokenInfo,
    default_store_path,
    open_store,
    store_url,
    token_hash,
)

__all__ = [
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MIGRATIONS",
    "TOKEN_PREFIX",
    "VERDICTS",
    "ClaimHit",
    "Page",
    "ReportQuery",
    "ReportStore",
    "ReportSummary",
    "StoreError",
    "StoredReport",
    "TokenInfo",
    "default_store_path",
    "latest_version",
    "open_store",
    "redact",
    "store_url",
    "token_hash",
]
