from pathlib import Path

import pytest

from newsvet.document import Stance
from newsvet.factchecks import METHODS, FactCheckStore


@pytest.fixture
def filled_store(tmp_path: Path, fixtures: Path):
    with FactCheckStore.open(tmp_path / "fc.sqlite") as store:
        store.import_paths([fixtures / n for n in (
            "claimreview-single.json", "claimreview-graph.json", "claimreview-list.json",
            "claimreview-feed.jsonl", "factcheck-page.html", "checkthat-vclaims.jsonl")])  # fmt: skip
        yield store


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            "Coronavirus is being spread by the new 5G phone masts",
            "5G cell towers are spreading the coronavirus.",
        ),
        (
            "Einstein flunked his maths classes as a boy",
            "Albert Einstein failed mathematics in school.",
        ),
        (
            "Bill Gates' covid jabs put a tracking chip in your arm",
            "COVID-19 vaccines contain microchips to track people.",
        ),
    ],
)
def test_paraphrased_claim_is_ranked_first(
    filled_store: FactCheckStore, method: str, claim: str, expected: str
) -> None:
    matches = filled_store.match(claim, k=3, method=method)
    assert matches[0].claim == expected
    assert matches[0].score > matches[1].score


def test_match_carries_the_rating_stance(filled_store: FactCheckStore) -> None:
    [best] = filled_store.match("5G masts spread covid-19", k=1)
    assert best.stance is Stance.REFUTES and best.weight == 1.0
    assert best.fact_check.rating.text == "Pants on Fire"
    assert 0.0 <= best.score <= 1.0
    assert best.to_dict()["stance"] == "refutes"


def test_vectors_are_cached_in_the_store(tmp_path: Path, fixtures: Path) -> None:
    path = tmp_path / "fc.sqlite"
    with FactCheckStore.open(path) as store:
        store.import_paths([fixtures / "checkthat-vclaims.jsonl"])
        assert store.ensure_vectors() == 10  # claim and review text of 5 records
    with FactCheckStore.open(path) as store:
        assert store.ensure_vectors() == 0
        assert (
            store.match("Carrots help you see in the dark", k=1)[0].id
            == "vclaim-sno-carrots-night-vision"
        )


def test_new_records_are_matched_after_an_import(
    filled_store: FactCheckStore, tmp_path: Path
) -> None:
    filled_store.match("anything", k=1)  # builds the index
    extra = tmp_path / "extra.json"
    extra.write_text('{"@type": "ClaimReview", "url": "https://f.example/ducks", "claimReviewed": '
                     '"A duck\'s quack does not echo.", "reviewRating": {"alternateName": "False"}}')  # fmt: skip
    filled_store.import_paths([extra])
    assert (
        filled_store.match("Quacking ducks make no echo", k=1)[0].fact_check.url
        == "https://f.example/ducks"
    )


def test_empty_store_and_empty_text_match_nothing(
    store: FactCheckStore, filled_store: FactCheckStore
) -> None:
    assert store.match("anything") == []
    assert filled_store.match("   ") == []


def test_unknown_method_is_refused(filled_store: FactCheckStore) -> None:
    with pytest.raises(ValueError, match="unknown matching method"):
        filled_store.match("x", method="magic")
