"""Searching: hybrid fusion, dates marked as later, exclusion, and indexes kept in sync."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

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
