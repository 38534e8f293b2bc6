"""Adding articles: every input format, idempotence, skipped bad inputs, all-or-nothing."""

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest

from newsvet.corpus import Corpus, CorpusError, content_id
from newsvet.embed import shared_embedder
from newsvet.errors import InputError
from tests.corpus.conftest import FIXTURES, article, count


@pytest.mark.parametrize(
    ("path", "articles", "title"),
    [
        ("folder/rail.txt", 1, "Rail line reopens after flood repairs"),
        ("folder/nested/market.html", 1, "Market hall restored"),
        ("folder/nested/briefs.jsonl", 2, "Bridge closed for inspection"),
        ("wire.rss", 2, "Port strike ends after nine days"),
        ("science.atom", 2, "Coral survey finds recovery"),
        ("folder", 4, "Library extends opening hours"),
    ],
)
def test_each_format_is_added_with_its_passages(
    store: Corpus, path: str, articles: int, title: str
) -> None:
    summary = store.add_paths([FIXTURES / path], progress=False)
    assert (summary.added, summary.failed) == (articles, [])
    assert count(store, "SELECT COUNT(*) FROM articles") == articles
    assert count(store, "SELECT COUNT(*) FROM articles WHERE title = ?", (title,)) == 1
    # Every passage has a vector and an entry in the full-text index.
    passages = count(store, "SELECT COUNT(*) FROM passages")
    assert passages == summary.passages >= articles
    assert count(store, "SELECT COUNT(*) FROM passage_vectors") == passages


def test_passage_offsets_point_into_the_stored_article_text(store: Corpus) -> None:
    store.add_paths([FIXTURES / "folder"], progress=False)
    rows = store.db.query(
        'SELECT a.text, p.start, p."end", p.text FROM passages p JOIN articles a ON a.seq = p.article_seq'
    )
    assert rows
    assert all(text[start:end] == passage for text, start, end, passage in rows)


def test_feed_items_keep_their_own_metadata(store: Corpus) -> None:
    store.add_paths([FIXTURES / "wire.rss"], progress=False)
    rows = store.db.query(
        "SELECT title, url, outlet, byline, published, language, text FROM articles ORDER BY seq"
    )
    title, url, outlet, byline, published, language, text = rows[0]
    assert (title, outlet, byline, published, language) == (
        "Port strike ends after nine days", "Harbour Gazette", "Ana Ruiz", "2024-03-12", "en-gb",
    )  # fmt: skip
    assert url == "https://gazette.example.org/2024/03/port-strike-ends"
    # content:encoded wins over the shorter description.
    assert "four per cent" in text and "Dockers return" not in text
    # A one-line HTML description (too short for main-text extraction) still gives its text.
    assert "twice a day" in rows[1][6] and "<p>" not in rows[1][6]


def test_adding_the_same_articles_again_changes_nothing(store: Corpus) -> None:
    first = store.add_paths([FIXTURES], progress=False)
    before = store.stats()
    second = store.add_paths([FIXTURES], progress=False)
    assert first.added == 8 and first.duplicates == 0
    assert (second.added, second.duplicates) == (0, 8)
    assert store.stats() == before


def test_the_same_text_from_another_outlet_is_a_new_article_of_the_same_story(
    store: Corpus,
) -> None:
    text = "The coastal rail line reopened on Friday after engineers rebuilt the washed-away track."
    one = store.add_document(article(text, outlet="Wire"))
    again = store.add_document(article(text, outlet="Wire"))
    other = store.add_document(article(text, outlet="Daily"))
    assert (one.status, again.status, other.status) == ("added", "duplicate", "added")
    assert again.article_id == one.article_id == content_id(article(text, outlet="Wire"))
    assert other.story_id == one.story_id and other.syndicated


def test_unreadable_inputs_are_skipped_with_their_reasons(store: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "folder", folder)
    (folder / "broken.rss").write_text("<rss><channel><item><title>x</title>", encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "mixed.jsonl").write_text(
        '{"text": "The harbour wall was repaired over the winter months."}\n'
        '{"title": "no text field"}\n'
        "not json at all\n",
        encoding="utf-8",
    )
    summary = store.add_paths([folder, tmp_path / "missing.txt"], progress=False)
    assert summary.added == 5  # four fixture articles and the good JSON line
    reasons = dict(summary.failed)
    assert set(reasons) == {
        str(folder / "broken.rss"), str(folder / "empty.txt"), f"{folder / 'mixed.jsonl'}, line 2",
        f"{folder / 'mixed.jsonl'}, line 3", str(tmp_path / "missing.txt"),
    }  # fmt: skip
    assert "not well-formed XML" in reasons[str(folder / "broken.rss")]
    assert "no 'text' field" in reasons[f"{folder / 'mixed.jsonl'}, line 2"]
    assert "no such file" in reasons[str(tmp_path / "missing.txt")]


class FailingEmbedder:
    """The real embedder, except that it fails on any text holding ``marker``."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def encode(self, texts: list[str]) -> np.ndarray:
        if any(self.marker in t for t in texts):
            raise RuntimeError("embedding failed")
        return shared_embedder().encode(texts)


def test_a_failure_while_embedding_leaves_no_trace_of_the_article(tmp_path: Path) -> None:
    corpus = Corpus.open(tmp_path / "c.sqlite", embedder=FailingEmbedder("zeppelin"))
    kept = corpus.add_document(article("The museum opened a new wing for maritime paintings."))
    doomed = article("An airship called a zeppelin landed in the park.\nCrowds gathered to see it.")
    with pytest.raises(RuntimeError):
        corpus.add_document(doomed)
    tables = ("articles", "passages", "passage_vectors")
    assert [count(corpus, f"SELECT COUNT(*) FROM {t}") for t in tables] == [1, 1, 1]
    assert count(corpus, "SELECT COUNT(*) FROM articles WHERE id = ?", (content_id(doomed),)) == 0
    assert (
        count(corpus, "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'airship'") == 0
    )
    # The in-memory indexes hold only what was committed.
    assert corpus.search("airship zeppelin landed in the park", mode="lexical") == []
    hits = corpus.search("a new museum wing for paintings", k=5)
    assert [h.article_id for h in hits] == [kept.article_id]
    corpus.close()


def test_a_storing_failure_stops_the_run_and_keeps_the_articles_before_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The bakery on the square sells rye bread.", encoding="utf-8")
    (folder / "b.txt").write_text("A zeppelin flew over the stadium.", encoding="utf-8")
    (folder / "c.txt").write_text("The choir sang in the cathedral.", encoding="utf-8")
    corpus = Corpus.open(tmp_path / "c.sqlite", embedder=FailingEmbedder("zeppelin"))
    with pytest.raises(RuntimeError):
        corpus.add_paths([folder], progress=False)
    texts = [r[0] for r in corpus.db.query("SELECT text FROM articles")]
    assert texts == ["The bakery on the square sells rye bread."]
    corpus.close()


def test_an_article_without_text_is_an_input_error(store: Corpus) -> None:
    from newsvet.document import Document

    with pytest.raises(InputError, match="no text"):
        store.add_document(Document(text="   "))


def test_reopening_keeps_everything_and_searches_alike(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Corpus.open(path) as corpus:
        corpus.add_paths([FIXTURES / "science.atom"], progress=False)
        before = [h.passage_id for h in corpus.search("glacier shrinking", k=3)]
    with Corpus.open(path, create=False) as corpus:
        assert corpus.stats()["articles"] == 2
        assert [h.passage_id for h in corpus.search("glacier shrinking", k=3)] == before
        assert corpus.search("glacier", k=1)[0].published == dt.date(2024, 5, 1)


def test_a_file_that_is_not_a_corpus_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(CorpusError, match="not a readable corpus") as caught:
        Corpus.open(path)
    assert str(path) in str(caught.value)
