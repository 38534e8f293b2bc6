"""Passages: whole sentences, at most three and about eighty words, never across lines."""

import pytest

from newsvet.corpus import split_passages
from newsvet.corpus._passages import MAX_WORDS, split_sentences

SENTENCES = [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    (
        "J. R. Smith arrived at 3 p.m. on Jan. 5. He left.",
        ["J. R. Smith arrived at 3 p.m. on Jan. 5.", "He left."],
    ),
    (
        '"We will go," he said. "Now!" She agreed.',
        ['"We will go," he said.', '"Now!"', "She agreed."],
    ),
    (
        "The U.S. and the U.K. agreed. France did not.",
        ["The U.S. and the U.K. agreed.", "France did not."],
    ),
    (
        "It cost 3.5 million. Why? Nobody knows...",
        ["It cost 3.5 million.", "Why?", "Nobody knows..."],
    ),
    (
        "Headline without a stop\nBody sentence one. Body two.",
        ["Headline without a stop", "Body sentence one.", "Body two."],
    ),
    ("lower case after a stop. does not split", ["lower case after a stop. does not split"]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences_split_at_real_boundaries(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_passages_group_up_to_three_sentences_within_a_line() -> None:
    text = "Headline here\nOne. Two is here. Three is here. Four is here.\nFive is alone."
    assert [p.text for p in split_passages(text)] == [
        "Headline here", "One. Two is here. Three is here.", "Four is here.", "Five is alone.",
    ]  # fmt: skip


def test_long_sentences_are_cut_at_word_boundaries_and_offsets_stay_true() -> None:
    text = "Title\n" + " ".join(f"word{i}" for i in range(200)) + ". Short one."
    passages = split_passages(text)
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert [p.index for p in passages] == list(range(len(passages)))
    assert " ".join(p.text for p in passages[1:]) == text[6:]


def test_blank_text_has_no_passages() -> None:
    assert split_passages(" \n\n \t") == []
