"""The report store on SQLite and PostgreSQL: round trips, search, filters, tokens, safety."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings

from newsvet.errors import InputError
from newsvet.report import Report
from newsvet.store import (
    MAX_PAGE,
    MAX_PER_PAGE,
    ReportQuery,
    ReportStore,
    StoreError,
    latest_version,
    open_store,
    redact,
    token_hash,
)
from newsvet.store._db import Location
from tests.store.reports import report, reports

ARTICLES = [
    report(
        "Group moved its headquarters",
        [("The group moved its headquarters to Bahawalpur.", "refuted"),
         ("The UN listed the group in 2005.", "supported")],
        published="2025-05-09",
        entities={"newsvet:let": "group", "newsvet:bahawalpur": "Bahawalpur"},
    ),
    report(
        "Ceasefire agreed",
        [("A ceasefire took effect on 10 May.", "supported")],
        published="2025-05-11",
    ),
    report(
        "Leader arrested",
        [("The leader was arrested in Lahore.", "not_enough_evidence"),
         ("Officials said the headquarters were destroyed.", "conflicting")],
        published="2024-01-02",
        entities={"newsvet:let": "leader"},
    ),
]


def _fill(store: ReportStore) -> list[int]:
    return [store.add(a).id for a in ARTICLES]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(original=reports())
def test_any_report_reads_back_exactly_as_stored(store: ReportStore, original: Report) -> None:
    stored = store.add(original)
    back = store.get(stored.id)
    assert back is not None
    assert back.report.to_dict() == original.to_dict()
    assert back.to_dict()["id"] == stored.id


def test_migrations_are_recorded_once_and_reopening_keeps_the_data(store_url: str) -> None:
    with open_store(store_url) as first:
        first.add(ARTICLES[0])
    with open_store(store_url) as again:
        assert again.db.schema_version() == latest_version()
        rows = again.db.query("SELECT version FROM schema_migrations")
        assert [r[0] for r in rows] == [latest_version()]
        assert again.count() == 1


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        (ReportQuery(), ["Leader arrested", "Ceasefire agreed", "Group moved its headquarters"]),
        (ReportQuery(verdict="refuted"), ["Group moved its headquarters"]),
        (ReportQuery(verdict="supported"), ["Ceasefire agreed", "Group moved its headquarters"]),
        (ReportQuery(entity="newsvet:let"), ["Leader arrested", "Group moved its headquarters"]),
        (ReportQuery(since="2025-05-10"), ["Ceasefire agreed"]),
        (ReportQuery(q="ceasefire"), ["Ceasefire agreed"]),
        (ReportQuery(q="headquarter"), ["Leader arrested", "Group moved its headquarters"]),
        (ReportQuery(q="headquarters", verdict="refuted"), ["Group moved its headquarters"]),
        (ReportQuery(q="nothing-like-this-anywhere"), []),
        (ReportQuery(q='"AND OR NEAR( * -'), []),
    ],
)
def test_report_filters_combine(store: ReportStore, query: ReportQuery, titles: list[str]) -> None:
    _fill(store)
    found = store.reports(query)
    assert [r.title for r in found.items] == titles
    assert found.total == len(titles)


def test_report_summaries_carry_counts_and_rating(store: ReportStore) -> None:
    first = _fill(store)[0]
    summary = next(r for r in store.reports().items if r.id == first)
    assert summary.claims_total == 2
    assert summary.verdict_counts["refuted"] == 1 and summary.verdict_counts["supported"] == 1
    assert summary.rating == "misleading"
    assert summary.published == "2025-05-09"


def test_pages_split_the_results(store: ReportStore) -> None:
    _fill(store)
    pages = [store.reports(ReportQuery(page=n, per_page=2)) for n in (1, 2)]
    assert [len(p.items) for p in pages] == [2, 1]
    assert pages[0].pages == 2 and pages[0].total == 3
    ids = [r.id for p in pages for r in p.items]
    assert len(set(ids)) == 3


@pytest.mark.parametrize(
    ("q", "verdict", "expected"),
    [
        ("headquarters", None, ["Officials said the headquarters were destroyed.",
                                "The group moved its headquarters to Bahawalpur."]),
        ("arrest", None, ["The leader was arrested in Lahore."]),  # stemmed
        ("headquarters", "refuted", ["The group moved its headquarters to Bahawalpur."]),
        ("ceasefire May", None, ["A ceasefire took effect on 10 May."]),
        ("ceasefire Lahore", None, []),  # every word must match
        ("()\"*", None, []),
    ],
)
def test_claim_search_is_full_text(
    store: ReportStore, q: str, verdict: str | None, expected: list[str]
) -> None:
    _fill(store)
    assert [c.text for c in store.claims(q, verdict=verdict).items] == expected


def test_entity_claims_come_from_mentions_and_frames_oldest_first(store: ReportStore) -> None:
    _fill(store)
    hits = store.entity_claims(["newsvet:let"])
    assert [h.date for h in hits] == ["2024-01-02", "2025-05-09", "2025-05-09"]
    assert {h.claim_id for h in hits if h.date == "2025-05-09"} == {"c1", "c2"}
    assert [h.text for h in store.entity_claims(["newsvet:bahawalpur"])] == [
        "The group moved its headquarters to Bahawalpur."
    ]
    assert store.entity_claims(["newsvet:unknown"]) == []


@pytest.mark.parametrize("bad", [ReportQuery(verdict="wrong"), ReportQuery(since="yesterday"),
                                 ReportQuery(page=0), ReportQuery(per_page=1000),
                                 ReportQuery(page=MAX_PAGE + 1), ReportQuery(page=10**20)])
def test_bad_queries_are_input_errors(store: ReportStore, bad: ReportQuery) -> None:
    with pytest.raises(InputError):
        store.reports(bad)


@pytest.mark.parametrize("page", [MAX_PAGE + 1, 2**63, 10**20])
def test_claim_pages_past_the_limit_are_input_errors(store: ReportStore, page: int) -> None:
    with pytest.raises(InputError, match="page"):
        store.claims("headquarters", page=page)


def test_the_last_allowed_page_is_empty_not_an_error(store: ReportStore) -> None:
    _fill(store)
    far = store.reports(ReportQuery(page=MAX_PAGE, per_page=MAX_PER_PAGE))
    assert far.items == [] and far.total == len(ARTICLES)
    assert store.claims(page=MAX_PAGE, per_page=MAX_PER_PAGE).items == []


@pytest.mark.parametrize("report_id", [0, -1, 999, 2**70])
def test_unknown_ids_are_none(store: ReportStore, report_id: int) -> None:
    assert store.get(report_id) is None


def test_tokens_are_stored_hashed_and_can_be_revoked_and_renewed(store: ReportStore) -> None:
    secret = store.create_token("newsroom")
    assert store.token_name(secret) == "newsroom"
    assert store.token_name(secret + "x") is None
    stored = store.db.query("SELECT hash FROM tokens WHERE name = ?", ("newsroom",))
    assert stored[0][0] == token_hash(secret) and secret not in stored[0][0]
    with pytest.raises(StoreError, match="exists"):
        store.create_token("newsroom")
    store.revoke_token("newsroom")
    assert store.token_name(secret) is None
    with pytest.raises(StoreError, match="no active token"):
        store.revoke_token("newsroom")
    renewed = store.create_token("newsroom")
    assert renewed != secret and store.token_name(renewed) == "newsroom"
    assert [(t.name, t.revoked_at) for t in store.tokens()] == [("newsroom", None)]


@pytest.mark.parametrize("name", ["", "has space", "x" * 65, "-leading", "semi;colon"])
def test_token_names_are_checked(store: ReportStore, name: str) -> None:
    with pytest.raises(InputError):
        store.create_token(name)


def test_a_failed_write_leaves_nothing_behind(store: ReportStore) -> None:
    store.add(ARTICLES[1])
    with pytest.raises(RuntimeError), store.db.transaction() as db:
        db.execute(
            "INSERT INTO reports (created_at, claims_total, supported, refuted, conflicting, "
            "not_enough_evidence, not_checkable, report_json) VALUES ('x', 0, 0, 0, 0, 0, 0, '{}')"
        )
        raise RuntimeError("the request died half way")
    assert store.count() == 1


def test_committed_reports_survive_the_process_dying(store_url: str) -> None:
    # The child stores a report and dies without closing anything.
    code = (
        "import os, sys\n"
        "from newsvet.store import open_store\n"
        "from tests.store.reports import report\n"
        "s = open_store(sys.argv[1])\n"
        "s.add(report('Survivor', [('A claim.', 'supported')]))\n"
        "os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, store_url], check=False, timeout=60)
    assert done.returncode == 9
    with open_store(store_url) as store:
        assert [r.title for r in store.reports().items] == ["Survivor"]


def test_concurrent_writers_and_readers_lose_nothing(store: ReportStore) -> None:
    errors: list[BaseException] = []
    ids: list[int] = []

    def write() -> None:
        try:
            for _ in range(5):
                ids.append(store.add(ARTICLES[0]).id)
                store.reports(ReportQuery(q="headquarters"))
        except BaseException as err:  # collected and re-raised by the test below
            errors.append(err)

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count() == 30 and len(set(ids)) == 30


@pytest.mark.parametrize(
    ("url", "backend", "target"),
    [
        ("postgresql://u:pw@host/db", "postgresql", "postgresql://u:pw@host/db"),
        ("postgres://host/db", "postgresql", "postgres://host/db"),
        ("sqlite:////tmp/x.sqlite", "sqlite", "/tmp/x.sqlite"),
        ("sqlite:///x.sqlite", "sqlite", "x.sqlite"),
        ("/data/newsvet.sqlite", "sqlite", "/data/newsvet.sqlite"),
        ("relative.sqlite", "sqlite", "relative.sqlite"),
    ],
)
def test_store_locations_are_parsed(url: str, backend: str, target: str) -> None:
    location = Location.parse(url)
    assert (location.backend, location.target) == (backend, target)


@pytest.mark.parametrize("url", ["mysql://host/db", "sqlite://", "sqlite:///"])
def test_unsupported_locations_are_refused(url: str) -> None:
    with pytest.raises(StoreError):
        Location.parse(url)


def test_passwords_never_reach_messages() -> None:
    assert redact("postgresql://user:secret@host:5432/db") == "postgresql://user:***@host:5432/db"
    with pytest.raises(StoreError) as err:
        open_store("postgresql://user:secret@127.0.0.1:1/db")
    assert "secret" not in str(err.value)


def test_default_store_lives_in_newsvet_home(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSVET_HOME", str(tmp_path))
    monkeypatch.delenv("NEWSVET_DATABASE_URL", raising=False)
    with open_store() as store:
        assert store.backend == "sqlite"
    assert (tmp_path / "newsvet.sqlite").is_file()
