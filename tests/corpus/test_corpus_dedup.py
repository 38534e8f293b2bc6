"""Syndicated copies share one story and count as one independent source."""

import datetime as dt
from pathlib import Path

from newsvet.corpus import Corpus, independent_sources
from tests.corpus.conftest import article

WIRE = (
    "Fire crews fought a blaze at the paper mill on the edge of town for six hours on Sunday "
    "before bringing it under control. Nobody was hurt, the county fire service said, and the "
    "cause of the fire is being investigated. Residents living near the mill were asked to keep "
    "their windows closed overnight because of the smoke, and the road beside the river was "
    "closed to traffic until Monday morning while engineers checked the damaged buildings."
)
COPY = WIRE + "\nThis story was first published by a news agency."
OWN_REPORTING = (
    "A fire broke out at the paper mill on Sunday. Our reporter at the scene saw a column of "
    "smoke above the river and heard workers say the blaze started in a storage shed."
)


def test_syndicated_copies_share_a_story_and_count_once(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.sqlite") as store:
        day = dt.date(2024, 6, 2)
        wire = store.add_document(article(WIRE, title="Mill fire", outlet="Wire", published=day))
        copy = store.add_document(
            article(COPY, title="Blaze at mill under control", outlet="Daily", published=day)
        )
        own = store.add_document(
            article(OWN_REPORTING, title="Mill fire", outlet="Radio", published=day)
        )
        assert copy.story_id == wire.story_id == wire.article_id and copy.syndicated
        assert own.story_id == own.article_id != wire.story_id and not own.syndicated
        assert store.stats()["stories"] == 2 and store.stats()["syndicated_copies"] == 1

        hits = store.search("blaze at the paper mill", k=10)
        groups = independent_sources(hits)
        assert len({h.article_id for h in hits}) == 3
        assert len(groups) == 2
        stories = {g[0].story_id: {h.outlet for h in g} for g in groups}
        assert stories == {wire.story_id: {"Wire", "Daily"}, own.story_id: {"Radio"}}


def test_story_ids_survive_reopening_the_corpus(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Corpus.open(path) as store:
        first = store.add_document(article(WIRE, outlet="Wire"))
    with Corpus.open(path) as store:
        later = store.add_document(article(COPY, outlet="Daily"))
    assert later.story_id == first.story_id


def test_independent_sources_of_nothing_is_nothing() -> None:
    assert independent_sources([]) == []
