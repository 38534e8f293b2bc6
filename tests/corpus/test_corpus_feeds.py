"""The feed reader: RSS 2.0 and Atom fields, and clear errors for what is not a feed."""

import datetime as dt
from pathlib import Path

import pytest

from newsvet.corpus import read_feed
from newsvet.errors import InputError
from tests.corpus.conftest import FIXTURES


def test_atom_entries_give_title_link_date_author_and_text() -> None:
    first, second = read_feed(FIXTURES / "science.atom")
    assert first.meta.title == "Glacier retreat measured by satellite"
    assert (
        first.meta.url == "https://science.example.net/glacier-retreat"
    )  # rel=alternate, not self
    assert first.meta.published == dt.date(2024, 5, 1)  # published wins over updated
    assert (first.meta.byline, first.meta.outlet, first.meta.language) == (
        "Lee Chen",
        "Science Desk",
        "en",
    )
    assert "forty metres" in first.text and "since measurements began" in first.text
    assert first.headline is not None and first.headline.slice(first.text) == first.meta.title
    # xhtml content is inline markup; the date falls back to <updated>.
    assert "more live coral" in second.text and "<p" not in second.text
    assert second.meta.published == dt.date(2024, 4, 20)


def test_rss_dates_are_read_from_rfc_822() -> None:
    items = read_feed(FIXTURES / "wire.rss")
    assert [d.meta.published for d in items] == [dt.date(2024, 3, 12), dt.date(2024, 3, 13)]
    assert all(d.meta.format == "feed" for d in items)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<rss><channel><item><title>x</title>", "not well-formed XML: line 1"),
        ("<?xml version='1.0'?><catalog><book/></catalog>", "neither an RSS 2.0 nor an Atom feed"),
    ],
)
def test_what_is_not_a_feed_is_refused_with_where(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_feed(path)
    assert str(path) in str(caught.value)
