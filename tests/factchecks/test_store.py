import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsvet.errors import InputError
from newsvet.factchecks import (
    FactCheck,
    FactCheckImportError,
    FactCheckStore,
    FactCheckStoreError,
    Rating,
)
from newsvet.factchecks._store import latest_version

CLAIMREVIEW_FILES = ("claimreview-single.json", "claimreview-graph.json", "claimreview-list.json",
                     "claimreview-feed.jsonl", "factcheck-page.html")  # fmt: skip


def test_import_counts_and_reimport_changes_nothing(store: FactCheckStore, fixtures: Path) -> None:
    paths = [fixtures / name for name in CLAIMREVIEW_FILES]
    first = store.import_paths(paths)
    assert (first.files, first.records, first.added, first.updated) == (5, 9, 9, 0)
    again = store.import_paths(paths)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 9)
    assert len(store) == 9


def test_changed_record_is_updated_in_place(store: FactCheckStore, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    review = '{"@type": "ClaimReview", "url": "https://f.example/1", "claimReviewed": "X is Y.", "reviewRating": {"alternateName": "%s"}}'
    path.write_text(review % "False", encoding="utf-8")
    store.import_paths([path])
    path.write_text(review % "True", encoding="utf-8")
    result = store.import_paths([path])
    assert (result.added, result.updated) == (0, 1)
    [record] = store.records()
    assert record.rating.text == "True"


def test_import_skips_a_malformed_line_and_keeps_the_rest(
    store: FactCheckStore, fixtures: Path
) -> None:
    result = store.import_paths([fixtures / "claimreview-feed.jsonl", fixtures / "malformed.jsonl"])
    assert (result.files, result.records, result.added) == (2, 5, 5)
    assert [(p.path.name, p.line) for p in result.skipped] == [("malformed.jsonl", 3)]
    assert {fc.claim for fc in store.records()} >= {"One", "Two"}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"empty.json": ""}, r"empty\.json: empty file$"),
        (
            {"a.json": "{", "b.jsonl": "\n"},
            r"no fact-checks could be read; .*\(and 1 more problem\)",
        ),
        (
            {"page.html": "<html><body>No markup.</body></html>"},
            r"page\.html: no ClaimReview found",
        ),
    ],
)
def test_import_with_nothing_readable_raises_and_leaves_the_store_as_it_was(
    store: FactCheckStore, fixtures: Path, tmp_path: Path, files: dict[str, str], message: str
) -> None:
    store.import_paths([fixtures / "claimreview-single.json"])
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(FactCheckImportError, match=message) as err:
        store.import_paths([tmp_path / name for name in files])
    assert len(err.value.problems) == len(files)
    assert len(store) == 1


def test_a_folder_without_fact_check_files_is_refused(
    store: FactCheckStore, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("not a fact-check", encoding="utf-8")
    with pytest.raises(FactCheckImportError, match="no fact-check files in this folder"):
        store.import_paths([tmp_path])


def test_a_store_whose_folder_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.raises(FactCheckStoreError, match="cannot create the fact-check store"):
        FactCheckStore.open(tmp_path / "a-file" / "factchecks.sqlite")


def test_claim_text_that_is_not_utf8_is_an_input_error(
    store: FactCheckStore, fixtures: Path
) -> None:
    store.import_paths([fixtures / "claimreview-single.json"])
    undecodable = b"5G \xff towers".decode("utf-8", "surrogateescape")
    with pytest.raises(InputError, match=r"not valid UTF-8 .*character 4"):
        store.match(undecodable)


def test_store_is_created_at_the_current_schema_and_reopens(tmp_path: Path, fixtures: Path) -> None:
    path = tmp_path / "deep" / "factchecks.sqlite"
    with FactCheckStore.open(path) as store:
        store.import_paths([fixtures / "checkthat-vclaims.jsonl"])
    with FactCheckStore.open(path) as store:
        assert len(store) == 5
        assert (
            store.get("vclaim-sno-coffee-dehydrating").claim
            == "Drinking coffee dehydrates the body."
        )
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == latest_version()


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "factchecks.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(FactCheckStoreError, match=r"factchecks\.sqlite"):
        FactCheckStore.open(path)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"NEWSVET_FACTCHECKS": "/data/fc.sqlite", "NEWSVET_HOME": "/home/nv"}, "/data/fc.sqlite"),
        ({"NEWSVET_HOME": "/home/nv"}, "/home/nv/factchecks.sqlite"),
    ],
)
def test_default_store_path_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    from newsvet.factchecks import default_store_path

    monkeypatch.delenv("NEWSVET_FACTCHECKS", raising=False)
    monkeypatch.delenv("NEWSVET_HOME", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert default_store_path() == Path(expected)


def test_stats_count_by_format(store: FactCheckStore, fixtures: Path) -> None:
    store.import_paths([fixtures / "checkthat-vclaims.jsonl", fixtures / "claimreview-list.json"])
    stats = store.stats()
    assert stats["fact_checks"] == 7
    assert stats["by_format"] == {"checkthat": 5, "claimreview": 2}


_text = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")
_opt = st.none() | _text
_num = st.none() | st.floats(min_value=-10, max_value=10, allow_nan=False)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    record=st.builds(
        FactCheck,
        id=_text,
        claim=_text,
        rating=st.builds(Rating, text=_opt, value=_num, best=_num, worst=_num),
        claimant=_opt,
        date=_opt,
        fact_checker=_opt,
        reviewer=_opt,
        url=_opt,
        title=_opt,
        summary=_opt,
        language=_opt,
        source_format=st.sampled_from(["claimreview", "checkthat"]),
        source=_opt,
    )
)
def test_records_round_trip_through_the_store(store: FactCheckStore, record: FactCheck) -> None:
    store.add([record])
    assert store.get(record.id) == record
    assert store.add([record]) == (0, 0)
