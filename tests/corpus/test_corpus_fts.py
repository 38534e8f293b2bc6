"""User text never breaks the full-text query: every word is a quoted literal."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsvet.corpus import Corpus, fts_query
from tests.corpus.conftest import article

CASES = [
    ('say "hello', '"hello"'),
    ("NEAR(army base, 3)", '"near" OR "army" OR "base" OR "3"'),
    ("army AND NOT base OR -navy", '"army" OR "base" OR "navy"'),
    ("text:army* ^base", '"text" OR "army" OR "base"'),
    ("(unbalanced", '"unbalanced"'),
    ("Zürich façade Ελλάδα", '"zürich" OR "façade" OR "ελλάδα"'),
    ("the of and", '"the" OR "of" OR "and"'),  # only stopwords: keep them
    ("", None),
    ("  \"'()*^:-!?  ", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_user_text_becomes_quoted_terms(text: str, expected: str | None) -> None:
    assert fts_query(text) == expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    store = Corpus.open(tmp_path_factory.mktemp("fts") / "corpus.sqlite")
    store.add_document(article("The army base near the river was closed on Monday."))
    store.add_document(article("Die Fassade des Zürcher Rathauses wurde in Zürich renoviert."))
    yield store
    store.close()


@pytest.mark.parametrize(("text", "_"), CASES)
def test_lexical_search_accepts_any_user_text(corpus: Corpus, text: str, _: str | None) -> None:
    corpus.search(text, mode="lexical")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("NEAR the army base", "army base"), ("zurich", "Zürich"), ('"river" AND closed', "river")],
)
def test_operators_and_accents_are_matched_as_plain_words(
    corpus: Corpus, query: str, expected: str
) -> None:
    hits = corpus.search(query, mode="lexical")
    assert hits and expected in hits[0].text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_no_text_raises_a_full_text_syntax_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    store = _shared(tmp_path_factory)
    store.search(text, mode="lexical")


_STORE: dict[str, Corpus] = {}


def _shared(factory: pytest.TempPathFactory) -> Corpus:
    if "store" not in _STORE:
        path: Path = factory.mktemp("fts-any") / "corpus.sqlite"
        _STORE["store"] = Corpus.open(path)
        _STORE["store"].add_document(article("Anything at all may be searched for."))
    return _STORE["store"]


def test_long_queries_keep_their_rarest_words_within_the_posting_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsvet.corpus import _corpus

    monkeypatch.setattr(_corpus, "POSTING_BUDGET", 3)
    monkeypatch.setattr(_corpus, "MIN_TERMS", 1)
    with Corpus.open(tmp_path / "c.sqlite") as store:
        for n in range(5):
            store.add_document(article(f"The harbour report number {n} was filed."))
        store.add_document(article("The harbour lighthouse was repainted."))
        hits = store.search("harbour lighthouse", k=10, mode="lexical")
        # "harbour" is in six passages, over the budget of three: only "lighthouse" is searched.
        assert [h.text for h in hits] == ["The harbour lighthouse was repainted."]
        assert fts_query("harbour lighthouse", store._within_budget) == '"lighthouse"'
