"""The SQLite store: migrations and statement round trips."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsvet.kb import Statement
from newsvet.kb._store import MIGRATIONS, Database, latest_version

dates = st.one_of(st.none(), st.from_regex(r"\A\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|1\d|2[0-8]))?)?\Z"))
text = st.text(min_size=1, max_size=40)
statements = st.builds(
    Statement,
    id=st.uuids().map(str),
    subject=text,
    prop=st.sampled_from(["conductedBy", "deaths", "alias", "startDate"]),
    value=text,
    value_entity=st.one_of(st.none(), text),
    start=dates,
    end=dates,
    source=text,
    source_url=st.one_of(st.none(), text),
    dataset=st.sampled_from(["newsvet", "un-sc"]),
    contested=st.booleans(),
    note=st.one_of(st.none(), text),
)


@settings(max_examples=50, deadline=None)
@given(items=st.lists(statements, min_size=1, max_size=5, unique_by=lambda s: s.id))
def test_statements_round_trip_through_the_store(items: list[Statement]) -> None:
    db = Database(":memory:")
    db.insert_statements(items)
    read = [
        s for subject in dict.fromkeys(i.subject for i in items) for s in db.statements(subject)
    ]
    db.close()
    assert sorted(read, key=lambda s: s.id) == sorted(items, key=lambda s: s.id)


def test_new_database_is_at_the_latest_migration(tmp_path: Path) -> None:
    db = Database(tmp_path / "kb.sqlite")
    assert db.query("PRAGMA user_version")[0][0] == latest_version() == MIGRATIONS[-1][0]
    db.close()


def test_search_ranks_names_the_query_covers_more_of_first(tmp_path: Path) -> None:
    from newsvet.kb import build_default_kb

    kb = build_default_kb(tmp_path / "kb.sqlite")
    results = kb.search("Lashkar", limit=5)
    assert results[0].entity.schema == "Organization"
    scores = [c.score for c in results if c.method == "fulltext"]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1
