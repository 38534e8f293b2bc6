"""The report store: every report the service made, searchable by text, verdict and entity.

Reports are kept whole as their JSON (schema ``newsvet.report/1``), so a stored report reads
back as the report that was made; the columns and side tables beside it (claims, their
entities, the article's entities, a full-text index) exist only to find reports and claims.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from newsvet.errors import InputError
from newsvet.report import Report, ReportClaim
from newsvet.store._db import Database, Executor, Location, StoreError, fts_terms

T = TypeVar("T")

VERDICTS = ("supported", "refuted", "conflicting", "not_enough_evidence", "not_checkable")
MAX_PER_PAGE = 100
# The highest page number asked for: far past any real store, and small enough that the
# offset (page - 1) * per_page stays a 64-bit integer, which both databases require.
MAX_PAGE = 1_000_000_000
TOKEN_PREFIX = "nv_"
_TOKEN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# PostgreSQL refuses tsvectors over 1 MB; the search index needs no more of an article.
_MAX_SEARCH_CHARS = 200_000


def default_store_path() -> Path:
    home = os.environ.get("NEWSVET_HOME")
    if home:
        return Path(home) / "newsvet.sqlite"
    return Path.home() / ".local" / "share" / "newsvet" / "newsvet.sqlite"


def store_url(url: str | Path | None = None) -> str | Path:
    """The store to open: ``url``, else ``NEWSVET_DATABASE_URL``, else the default SQLite file."""
    if url is not None and str(url):
        return url
    return os.environ.get("NEWSVET_DATABASE_URL") or default_store_path()


@dataclass
class StoredReport:
    id: int
    created_at: str
    report: Report

    def to_dict(self) -> dict[str, Any]:
        """The report's JSON with the stored id after the schema key."""
        data = self.report.to_dict()
        return {"schema": data.pop("schema"), "id": self.id, "stored_at": self.created_at, **data}


@dataclass
class ReportSummary:
    id: int
    created_at: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    rating: str | None
    claims_total: int
    verdict_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ClaimHit:
    report_id: int
    claim_id: str
    text: str
    verdict: str | None
    confidence: float
    title: str | None
    published: str | None
    created_at: str

    @property
    def date(self) -> str:
        """The day the claim was published: the article's date, else the day it was stored."""
        return self.published or self.created_at[:10]


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class ReportQuery:
    q: str | None = None  # words in the title or the text
    verdict: str | None = None  # at least one claim with this verdict
    entity: str | None = None  # a knowledge-base id the article mentions
    since: str | None = None  # ISO date: published (or stored) on or after
    page: int = 1
    per_page: int = 20


@dataclass
class TokenInfo:
    name: str
    created_at: str
    revoked_at: str | None


class ReportStore:
    """Reports, claims and API tokens in SQLite or PostgreSQL. Use ``open_store``."""

    def __init__(self, url: str | Path) -> None:
        self.db = Database(Location.parse(url))

    @property
    def backend(self) -> str:
        return self.db.backend

    @property
    def location(self) -> str:
        return str(self.db.location)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ReportStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reports ------------------------------------------------------------------------
    def add(self, report: Report) -> StoredReport:
        """Store one report with its claims and entities, all in one transaction."""
        try:
            body = json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False)
        except ValueError as err:
            raise StoreError(f"the report cannot be stored as JSON: {err}") from err
        created = _now()
        counts = _verdict_counts(report.claims)
        article = report.article
        with self.db.transaction() as db:
            row = db.execute(
                "INSERT INTO reports (created_at, title, outlet, url, published, rating, "
                "claims_total, supported, refuted, conflicting, not_enough_evidence, "
                "not_checkable, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (
                    created,
                    _clean(article.title),
                    _clean(article.source.outlet),
                    _clean(article.source.url),
                    _iso_date(article.published),
                    _rating(report),
                    len(report.claims),
                    *(counts[v] for v in VERDICTS),
                    body,
                ),
            ).fetchone()
            report_id = int(row[0])
            self._index(db, report_id, report)
        return StoredReport(report_id, created, report)

    def _index(self, db: Executor, report_id: int, report: Report) -> None:
        text = _clean(report.text) or ""
        db.executemany(
            "INSERT INTO claims (report_id, claim_id, position, text, verdict, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (report_id, c.id, i, _clean(c.text) or "", c.verdict, float(c.confidence))
                for i, c in enumerate(_unique_claims(report.claims))
            ],
        )
        db.executemany(
            "INSERT INTO claim_entities (report_id, claim_id, kb_id) VALUES (?, ?, ?)",
            [(report_id, cid, kb) for cid, kb in sorted(_claim_entities(report))],
        )
        names: dict[str, str] = {}
        for entity in report.entities:
            names.setdefault(entity.kb_id, entity.name)
        db.executemany(
            "INSERT INTO report_entities (report_id, kb_id, name) VALUES (?, ?, ?)",
            [(report_id, _clean(k), _clean(n) or "") for k, n in names.items()],
        )
        if self.backend == "sqlite":
            db.executemany(
                "INSERT INTO claims_fts (text, report_id, claim_id) VALUES (?, ?, ?)",
                [(c.text, report_id, c.id) for c in _unique_claims(report.claims)],
            )
            db.execute(
                "INSERT INTO reports_fts (title, text, report_id) VALUES (?, ?, ?)",
                (report.article.title or "", text[:_MAX_SEARCH_CHARS], report_id),
            )
        else:
            db.execute(
                "UPDATE reports SET search_text = ? WHERE id = ?",
                (text[:_MAX_SEARCH_CHARS], report_id),
            )

    def get(self, report_id: int) -> StoredReport | None:
        if not 0 < report_id < 2**63:
            return None  # no such id can exist, and neither database takes it as an integer
        rows = self.db.query(
            "SELECT id, created_at, report_json FROM reports WHERE id = ?", (report_id,)
        )
        if not rows:
            return None
        rid, created, body = rows[0]
        return StoredReport(int(rid), created, Report.from_json(body))

    def count(self) -> int:
        return int(self.db.query("SELECT count(*) FROM reports")[0][0])

    def reports(self, query: ReportQuery = ReportQuery()) -> Page[ReportSummary]:
        """Reports matching every given filter, newest first."""
        where, params = self._report_filters(query)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        page, per_page = _paging(query.page, query.per_page)
        with self.db.reader() as db:
            total = int(db.execute(f"SELECT count(*) FROM reports{clause}", params).fetchone()[0])
            rows = db.execute(
                "SELECT id, created_at, title, outlet, url, published, rating, claims_total, "
                "supported, refuted, conflicting, not_enough_evidence, not_checkable "
                f"FROM reports{clause} ORDER BY id DESC LIMIT ? OFFSET ?",
                (*params, per_page, (page - 1) * per_page),
            ).fetchall()
        return Page([_summary(r) for r in rows], total, page, per_page)

    def _report_filters(self, query: ReportQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if query.q is not None and query.q.strip():
            terms = fts_terms(query.q)
            if not terms:
                where.append("1 = 0")  # nothing searchable: nothing matches
            elif self.backend == "sqlite":
                where.append("id IN (SELECT report_id FROM reports_fts WHERE reports_fts MATCH ?)")
                params.append(_fts5_match(terms))
            else:
                where.append("tsv @@ plainto_tsquery('english', ?)")
                params.append(" ".join(terms))
        if query.verdict:
            _check_verdict(query.verdict)
            where.append("id IN (SELECT report_id FROM claims WHERE verdict = ?)")
            params.append(query.verdict)
        if query.entity:
            where.append("id IN (SELECT report_id FROM report_entities WHERE kb_id = ?)")
            params.append(query.entity)
        if query.since:
            where.append("coalesce(published, substr(created_at, 1, 10)) >= ?")
            params.append(_since(query.since))
        return where, params

    # --- claims -------------------------------------------------------------------------
    def claims(
        self,
        q: str | None = None,
        *,
        verdict: str | None = None,
        page: int = 1,
        per_page: int = 20,
    ) -> Page[ClaimHit]:
        """Stored claims whose words match ``q`` (all of them), newest report first."""
        where: list[str] = []
        params: list[Any] = []
        if q is not None and q.strip():
            terms = fts_terms(q)
            if not terms:
                where.append("1 = 0")
            elif self.backend == "sqlite":
                where.append(
                    "(c.report_id, c.claim_id) IN (SELECT CAST(report_id AS INTEGER), claim_id "
                    "FROM claims_fts WHERE claims_fts MATCH ?)"
                )
                params.append(_fts5_match(terms))
            else:
                where.append("c.tsv @@ plainto_tsquery('english', ?)")
                params.append(" ".join(terms))
        if verdict:
            _check_verdict(verdict)
            where.append("c.verdict = ?")
            params.append(verdict)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        page, per_page = _paging(page, per_page)
        with self.db.reader() as db:
            total = int(db.execute(f"SELECT count(*) FROM claims c{clause}", params).fetchone()[0])
            rows = db.execute(
                f"{_CLAIM_SELECT}{clause} ORDER BY c.report_id DESC, c.position LIMIT ? OFFSET ?",
                (*params, per_page, (page - 1) * per_page),
            ).fetchall()
        return Page([_claim_hit(r) for r in rows], total, page, per_page)

    def entity_claims(self, kb_ids: Iterable[str], limit: int = 1000) -> list[ClaimHit]:
        """Stored claims that involve any of ``kb_ids``, oldest first (a timeline)."""
        ids = sorted(set(kb_ids))
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self.db.query(
            f"{_CLAIM_SELECT} WHERE (c.report_id, c.claim_id) IN (SELECT report_id, claim_id "
            f"FROM claim_entities WHERE kb_id IN ({marks})) "
            "ORDER BY coalesce(r.published, substr(r.created_at, 1, 10)), c.report_id, c.position "
            "LIMIT ?",
            (*ids, limit),
        )
        return [_claim_hit(r) for r in rows]

    # --- API tokens ---------------------------------------------------------------------
    def create_token(self, name: str) -> str:
        """A new secret token for ``name``; only its SHA-256 hash is stored."""
        if not _TOKEN_NAME.match(name):
            raise InputError(
                f"invalid token name {name!r}: use 1-64 letters, digits, '.', '_' or '-'"
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.db.transaction() as db:
            row = db.execute("SELECT revoked_at FROM tokens WHERE name = ?", (name,)).fetchone()
            if row is not None and row[0] is None:
                raise StoreError(f"a token named {name!r} exists; revoke it first")
            db.execute("DELETE FROM tokens WHERE name = ?", (name,))
            db.execute(
                "INSERT INTO tokens (name, hash, created_at, revoked_at) VALUES (?, ?, ?, NULL)",
                (name, token_hash(secret), _now()),
            )
        return secret

    def tokens(self) -> list[TokenInfo]:
        rows = self.db.query("SELECT name, created_at, revoked_at FROM tokens ORDER BY name")
        return [TokenInfo(*r) for r in rows]

    def revoke_token(self, name: str) -> None:
        with self.db.transaction() as db:
            row = db.execute("SELECT revoked_at FROM tokens WHERE name = ?", (name,)).fetchone()
            if row is None or row[0] is not None:
                raise StoreError(f"no active token named {name!r}")
            db.execute("UPDATE tokens SET revoked_at = ? WHERE name = ?", (_now(), name))

    def token_name(self, secret: str) -> str | None:
        """The name of the active token ``secret``, or None."""
        rows = self.db.query(
            "SELECT name FROM tokens WHERE hash = ? AND revoked_at IS NULL", (token_hash(secret),)
        )
        return str(rows[0][0]) if rows else None


def open_store(url: str | Path | None = None) -> ReportStore:
    """Open (creating and migrating as needed) the store at ``url``: a SQLite path,
    ``sqlite:///path`` or ``postgresql://...``; by default ``NEWSVET_DATABASE_URL`` or
    ``$NEWSVET_HOME/newsvet.sqlite`` (``~/.local/share/newsvet/newsvet.sqlite``)."""
    return ReportStore(store_url(url))


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


_CLAIM_SELECT = (
    "SELECT c.report_id, c.claim_id, c.text, c.verdict, c.confidence, r.title, r.published, "
    "r.created_at FROM claims c JOIN reports r ON r.id = c.report_id"
)


def _claim_hit(row: Sequence[Any]) -> ClaimHit:
    return ClaimHit(int(row[0]), row[1], row[2], row[3], float(row[4]), row[5], row[6], row[7])


def _summary(row: Sequence[Any]) -> ReportSummary:
    counts = dict(zip(VERDICTS, (int(n) for n in row[8:13]), strict=True))
    return ReportSummary(
        int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], int(row[7]), counts
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _clean(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; the report's JSON keeps the exact text.
    return value.replace("\x00", "") if value is not None else None


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _since(value: str) -> str:
    date = _iso_date(value)
    if date is None or len(value) < 10:
        raise InputError(f"since must be an ISO date (YYYY-MM-DD), not {value!r}")
    return date


def _check_verdict(verdict: str) -> None:
    if verdict not in VERDICTS:
        raise InputError(f"unknown verdict {verdict!r}; expected one of {', '.join(VERDICTS)}")


def _paging(page: int, per_page: int) -> tuple[int, int]:
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise InputError(
            f"page must be between 1 and {MAX_PAGE} and per_page between 1 and {MAX_PER_PAGE}"
        )
    return page, per_page


def _rating(report: Report) -> str | None:
    rating = report.signals.get("rating")
    label = rating.get("label") if isinstance(rating, dict) else None
    return _clean(str(label)) if label else None


def _verdict_counts(claims: Sequence[ReportClaim]) -> dict[str, int]:
    counts = dict.fromkeys(VERDICTS, 0)
    for claim in claims:
        if claim.verdict in counts:
            counts[claim.verdict] += 1
    return counts


def _unique_claims(claims: Sequence[ReportClaim]) -> list[ReportClaim]:
    """One row per claim id (the first), so a malformed report cannot break the index."""
    seen: set[str] = set()
    unique = []
    for claim in claims:
        if claim.id not in seen:
            seen.add(claim.id)
            unique.append(claim)
    return unique


def _claim_entities(report: Report) -> set[tuple[str, str]]:
    """(claim id, kb id) for every entity a claim's frame names or its words mention."""
    pairs: set[tuple[str, str]] = set()
    for claim in _unique_claims(report.claims):
        for key in ("agent_ids", "patient_ids", "place_ids"):
            ids = claim.frame.get(key) or []
            pairs.update((claim.id, str(i)) for i in ids if isinstance(i, str))
        for entity in report.entities:
            if any(
                claim.span.start <= m.start and m.end <= claim.span.end for m in entity.mentions
            ):
                pairs.add((claim.id, entity.kb_id))
    return {(c, _clean(k) or "") for c, k in pairs}


def _fts5_match(terms: list[str]) -> str:
    # Each word quoted, so nothing the user types is read as FTS5 syntax; all must match.
    return " ".join('"' + t.replace('"', "") + '"' for t in terms)
