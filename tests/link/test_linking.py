"""Linking on the default knowledge base: names, spellings, acronyms, short references."""

import pytest

from newsvet.checker import DEFAULT_STAGES, Checker
from newsvet.document import Document
from newsvet.read import read_text
from tests.check.conftest import EXAMPLES

pytestmark = pytest.mark.slow
UP_TO_LINK = DEFAULT_STAGES[: DEFAULT_STAGES.index("newsvet.link.v1") + 1]


@pytest.fixture(scope="module")
def link() -> Checker:
    return Checker(stages=UP_TO_LINK)


def _linked(checker: Checker, body: str) -> dict[str, str]:
    """Mention text -> caption of the entity it links to."""
    doc: Document = checker.run(read_text(f"Headline\n\n{body}"))
    return {m.text: doc.entities[m.kb_id].name for m in doc.mentions if m.kb_id in doc.entities}


@pytest.mark.parametrize(
    ("body", "mention", "entity"),
    [
        # another spelling of a listed name, found by alias or fuzzy match
        ("Lashkar-e-Taiba was named in the report.", "Lashkar-e-Taiba", "Lashkar-e-Tayyiba"),
        (
            "A bid to list the Baloch Liberation Army failed.",
            "Baloch Liberation Army",
            "Balochistan Liberation Army",
        ),
        # an acronym defined in the text stands for its long form afterwards
        ("Jaish-e-Mohammed (JeM) was blamed. JeM denied it.", "JeM", "Jaish-e-Mohammed"),
        # a one-word name stands for the person named in full before, not a stranger
        ("Masood Azhar spoke on Friday. Azhar said little.", "Azhar", "Masood Azhar"),
        # an event noun names the event it is dubbed, not an event related to it
        (
            "Camps were hit in a military operation dubbed “Op Sindoor.” The camps burned.",
            "operation",
            "Operation Sindoor",
        ),
    ],
)
def test_mentions_link_to_their_entity(link: Checker, body: str, mention: str, entity: str) -> None:
    assert _linked(link, body).get(mention) == entity


def test_a_listed_group_exposes_its_un_reference(link: Checker) -> None:
    doc = link.run(read_text("Headline\n\nLashkar-e-Taiba (LeT) was listed. LeT denied it."))
    identifiers = {e.name: e.identifiers for e in doc.entities.values()}
    assert "QDe.118" in identifiers["Lashkar-e-Tayyiba"]["unscId"]


def test_common_words_do_not_link(link: Checker) -> None:
    assert _linked(link, "Let us hope the talks go well, he said.") == {}


def test_the_parts_of_an_event_are_not_the_event(link: Checker) -> None:
    linked = _linked(
        link, "Camps were hit in a military operation dubbed “Op Sindoor.” The camps burned."
    )
    assert "camps" not in linked


def test_a_prepositional_relative_clause_is_about_the_event_before_it() -> None:
    # "... a response to the 22 April attack near Pahalgam in which 26 people were killed."
    report = Checker().check(EXAMPLES / "let-headquarters-wrong.txt").to_dict()
    clause = next(c for c in report["claims"] if c["text"].lower().startswith("in which"))
    assert clause["verdict"] == "supported"
    assert any("Pahalgam attack — deaths: 26" in e["text"] for e in clause["evidence"])
