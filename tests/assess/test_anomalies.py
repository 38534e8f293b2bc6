from pathlib import Path

import pytest

from newsvet.assess import assess, find_anomalies
from newsvet.document import Document, Span

SEED_ARTICLE = Path("/work/shared/examples/seed-article.txt")

# (text, expected anomalies as (kind, text)); the empty cases are the false positives a naive
# "punctuation glued to a letter" rule would report.
CASES = [
    ("The group's network.Both men were held.", [("missing_space", "network.Both")]),
    ("Verification is challenging,the video says.", [("missing_space", "challenging,the")]),
    ("It ended in 2025.Both sides agreed.", [("missing_space", "2025.Both")]),
    ("He left;then he came back.", [("missing_space", "left;then")]),
    ("Troops from the U.S. arrived.", []),
    ("U.S.-backed forces moved in.", []),
    ("Growth was 3.5 percent.", []),
    ("About 1,000 people, 2,500 in all.", []),
    ("Details are at example.com and www.example.org today.", []),
    ("See https://news.example.com/a,b?x=1 for more.", []),
    ("Some groups, e.g. the LeT, i.e. one group, etc. were named.", []),
    ("J.R.R. Tolkien wrote it.", []),
    ("Mr.Smith and Dr.Jones spoke.", []),
    ("The video was was released on Monday.", [("doubled_word", "was was")]),
    ("He said that that was wrong and they had had enough.", []),
    ("They flew to Bora Bora.", []),
    ("The minister said “we will respond.", [("unbalanced_quote", "“")]),
    ("The minister said “we will respond.”", []),
    ('He said "we will respond.', [("unbalanced_quote", '"')]),
    ("The group (LeT was named.", [("unbalanced_bracket", "(")]),
    ("The group LeT) was named.", [("unbalanced_bracket", ")")]),
    ("Steps: 1) listing 2) sanctions.", []),
    ("Pakistan’s army and the group’s chief.", []),
    ('A “curly” quote and a "straight" one.', [("mixed_quotes", '"')]),
    ("It’s the group's chief and Pakistan’s army.", [("mixed_quotes", "'")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_anomaly_detection(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(a.kind, a.text) for a in find_anomalies(text)]
    assert found == expected


def test_anomaly_spans_point_at_their_text() -> None:
    text = "Title\nFirst line.Second line and the the end."
    for anomaly in find_anomalies(text):
        assert anomaly.span.slice(text) == anomaly.text
        assert anomaly.message


def test_quotation_running_over_paragraphs_is_not_unbalanced() -> None:
    text = "“The first paragraph of a long quote.\n“The second paragraph closes it.”"
    assert find_anomalies(text) == []


def test_anomalies_are_searched_only_in_headline_and_body() -> None:
    # A byline line between headline and body is neither.
    text = "Headline here\nBy staff,reporters\nThe body.Then more."
    doc = Document(text=text, headline=Span(0, 13), body=Span(34, len(text)))
    assess(doc)
    assert [a.text for a in doc.anomalies] == ["body.Then"]


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="shared examples are not present")
def test_seed_article_has_exactly_its_two_missing_spaces() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    found = [(a.kind, a.text) for a in find_anomalies(text)]
    assert found == [("missing_space", "challenging,the"), ("missing_space", "network.Both")]
