"""Searching: hybrid fusion, dates marked as later, exclusion, and indexes kept in sync."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from newsvet.corpus import Corpus
from newsvet.errors import InputError
from tests.corpus.conftest import article

# (query, the passage that answers it in other words, a passage that only shares words)
PARAPHRASES = [
    (
        "Shares tumbled as investors fled the carmaker.",
        "The automobile manufacturer's stock price fell sharply when traders sold heavily.",
        "The bakery chain shares its leftover bread with a charity for the homeless.",
    ),
    (
        "The central bank hiked borrowing costs.",
        "Policymakers raised interest rates by half a percentage point.",
        "Ticket costs for the summer festival rose again.",
    ),
    (
        "A cabinet member stepped down over a graft affair.",
        "The minister resigned after the corruption scandal became public.",
        "Members of the cabinet approved the budget for school meals.",
    ),
    (
        "Soldiers pulled out of the city in the north following days of intense combat.",
        "Troops withdrew from the northern town after a week of heavy fighting.",
        "The city council pulled the plug on the new stadium plan.",
    ),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    store = Corpus.open(tmp_path_factory.mktemp("search") / "corpus.sqlite")
    for number, (_, relevant, distractor) in enumerate(PARAPHRASES):
        store.add_document(article(relevant, title=f"Report {number}", outlet="Wire"))
        store.add_document(article(distractor, title=f"Brief {number}", outlet="Local"))
    yield store
    store.close()


@pytest.mark.parametrize(("query", "relevant", "distractor"), PARAPHRASES)
def test_hybrid_finds_the_paraphrase_that_lexical_search_misses(
    corpus: Corpus, query: str, relevant: str, distractor: str
) -> None:
    lexical = [h.text for h in corpus.search(query, k=5, mode="lexical")]
    assert lexical[0] == distractor and relevant not in lexical
    hybrid = corpus.search(query, k=5)
    assert hybrid[0].text == relevant
    assert hybrid[0].dense_rank == 1 and hybrid[0].lexical_rank is None


def test_a_passage_found_by_both_retrievers_outranks_one_found_by_either(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.sqlite") as store:
        store.add_document(article("Troops withdrew from the northern town after heavy fighting."))
        store.add_document(article("The troops paraded through the capital on the national day."))
        store.add_document(article("Soldiers left the northern city after days of fighting."))
        hits = store.search("Troops left the northern town after fighting", k=3)
        top = hits[0]
        assert top.lexical_rank is not None and top.dense_rank is not None
        assert top.score == pytest.approx(1 / 61 + 1 / 61)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_every_mode_returns_hits_with_their_article(corpus: Corpus, mode: str) -> None:
    hits = corpus.search("interest rates raised by policymakers", k=3, mode=mode)  # type: ignore[arg-type]
    assert hits[0].text == PARAPHRASES[1][1]
    assert (hits[0].title, hits[0].outlet) == ("Report 1", "Wire")
    assert len(hits) <= 3


def test_unknown_mode_is_an_input_error(corpus: Corpus) -> None:
    with pytest.raises(InputError, match="unknown search mode"):
        corpus.search("rates", mode="fuzzy")  # type: ignore[arg-type]


def test_evidence_published_after_the_article_is_returned_but_marked_later(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.sqlite") as store:
        dates = {
            "early": dt.date(2025, 5, 1),
            "same day": dt.date(2025, 5, 10),
            "late": dt.date(2025, 5, 20),
        }
        for label, day in dates.items():
            store.add_document(
                article(f"The dam on the river burst ({label} report).", title=label, published=day)
            )
        store.add_document(article("The dam on the river burst, officials said.", title="undated"))
        hits = store.search("the river dam burst", k=10, before=dt.date(2025, 5, 10))
        marked = {h.title: h.later for h in hits}
        assert marked == {"early": False, "same day": False, "late": True, "undated": False}
        assert not any(h.later for h in store.search("the river dam burst", k=10))


def test_excluding_an_article_leaves_out_it_and_its_syndicated_copies(tmp_path: Path) -> None:
    body = (
        "Fire crews fought a blaze at the paper mill for six hours on Sunday before bringing it "
        "under control. Nobody was hurt, and the cause of the fire is being investigated by the "
        "county fire service, which asked residents to keep windows closed overnight."
    )
    with Corpus.open(tmp_path / "c.sqlite") as store:
        original = store.add_document(article(body, title="Mill fire", outlet="Wire"))
        store.add_document(article(body, title="Blaze at mill", outlet="Daily"))
        other = store.add_document(
            article("A fire at the paper mill was put out by crews.", outlet="Radio")
        )
        hits = store.search("fire at the paper mill", k=10, exclude_article=original.article_id)
        assert {h.article_id for h in hits} == {other.article_id}


def test_articles_added_by_another_connection_are_found_without_reopening(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Corpus.open(path) as reader, Corpus.open(path) as writer:
        writer.add_document(article("The lighthouse keeper retired after forty years."))
        assert len(reader.search("lighthouse keeper", mode="dense")) == 1  # loads the matrix
        writer.add_document(article("A new lighthouse keeper was appointed for the island."))
        hits = reader.search("lighthouse keeper appointed", k=5)
        assert len(hits) == 2 and all(h.dense_rank is not None for h in hits)


@pytest.mark.parametrize("k", [0, -1])
def test_no_passages_are_asked_for_none_are_returned(corpus: Corpus, k: int) -> None:
    assert corpus.search("interest rates", k=k) == []


def test_search_many_gives_each_query_what_search_gives_it(corpus: Corpus) -> None:
    queries = [p[0] for p in PARAPHRASES] + ["", PARAPHRASES[0][0], "interest rates"]
    together = corpus.search_many(queries, k=3)
    assert len(together) == len(queries)
    for query, hits in zip(queries, together, strict=True):
        assert hits == corpus.search(query, k=3)
    assert together[len(PARAPHRASES)] == []


class CountingEmbedder:
    """The shared embedder, with a record of the texts it was asked to embed."""

    def __init__(self) -> None:
        from newsvet.embed import shared_embedder

        self.inner = shared_embedder()
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


def test_each_distinct_query_is_embedded_once(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    with Corpus.open(tmp_path / "c.sqlite", embedder=embedder) as store:
        store.add_document(article(PARAPHRASES[1][1]))
        embedder.calls.clear()
        claims = [PARAPHRASES[1][0], PARAPHRASES[2][0], PARAPHRASES[1][0]]
        first = store.search_many(claims, k=1)
        embedded = [text for call in embedder.calls for text in call]
        assert sorted(embedded) == sorted({PARAPHRASES[1][0], PARAPHRASES[2][0]})
        assert store.search_many(claims, k=1) == first
        assert store.search(PARAPHRASES[2][0], k=1) == first[1]
        assert [text for call in embedder.calls for text in call] == embedded


def test_an_inflected_query_word_finds_other_forms_of_it(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.sqlite") as store:
        store.add_document(article("The inspectors reported leaks at the reservoir."))
        hits = store.search("reporting leaking reservoirs", k=3, mode="lexical")
        assert [h.text for h in hits] == ["The inspectors reported leaks at the reservoir."]


def test_the_loaded_index_grows_by_doubling_as_articles_are_added(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.sqlite") as store:
        for n in range(3):
            store.add_document(article(f"Report {n}: the ferry service resumed on Monday."))
        index = store.dense_index()
        sizes = {index.nbytes}
        for n in range(40):
            store.add_document(article(f"Note {n}: the bridge reopened after repairs."))
            sizes.add(index.nbytes)
        assert index.size == 43
        assert len(sizes) <= 3  # 3 rows at first, room for 1024 next: one copy, not forty
        hits = store.search("bridge reopened", k=50, mode="dense")
        assert len({h.passage_id for h in hits}) == 43
