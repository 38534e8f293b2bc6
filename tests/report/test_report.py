import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest
from rich.console import Console

from newsvet.assess import assess
from newsvet.document import (
    Anomaly,
    ArticleMeta,
    Attribution,
    AttributionKind,
    Certainty,
    Claim,
    ClaimType,
    DateValue,
    Document,
    Evidence,
    Frame,
    LinkedEntity,
    Mention,
    Sentence,
    Span,
    Stance,
    Verdict,
)
from newsvet.errors import NewsvetError
from newsvet.report import (
    REPORT_FORMATS,
    REPORT_SCHEMA,
    Report,
    format_report,
    highlight,
    json_schema,
    render_terminal,
)

HEADLINE = "US alone blocks <script>alert('x')</script> UN listing & more"
BODY = (
    "The United States blocked the listing of the BLA, officials said. "
    "According to the video, Qasim said the camp was destroyed in May 2025. "
    "Growth may reach 3.5 percent. The group was named in 2019."
)
TEXT = f"{HEADLINE}\n{BODY}"


def at(phrase: str, start: int = 0) -> Span:
    index = TEXT.index(phrase, start)
    return Span(index, index + len(phrase))


def build_document() -> Document:
    body_start = len(HEADLINE) + 1
    sentence_ends = [m.end() for m in re.finditer(r"\. ", BODY)] + [len(BODY)]
    starts = [0, *sentence_ends[:-1]]
    sentences = [Sentence(Span(0, len(HEADLINE)), -1, is_headline=True)] + [
        Sentence(Span(body_start + s, body_start + e - (e < len(BODY))), 0)
        for s, e in zip(starts, sentence_ends, strict=True)
    ]
    kb_refutes = Evidence(
        kind="kb",
        text="The US, the UK and France placed a technical hold on the listing.",
        source="The Hindu, 2025-09-19",
        stance=Stance.REFUTES,
        score=0.9,
        ref="stmt-1",
        dataset="curated",
    )
    claims = [
        Claim(
            id="c1",
            span=at("US alone blocks"),
            sentence=0,
            text="The US alone blocked the UN listing.",
            type=ClaimType.DESIGNATION,
            verdict=Verdict.REFUTED,
            confidence=0.91,
            reason="The hold was placed by the US, the UK and France <b>together</b>.",
            evidence=[kb_refutes],
        ),
        # c2 holds c3: nested spans.
        Claim(
            id="c2",
            span=at("The United States blocked the listing of the BLA, officials said"),
            sentence=1,
            text="Officials said the United States blocked the listing of the BLA.",
            type=ClaimType.ATTRIBUTION,
            attribution=Attribution(AttributionKind.UNNAMED_SPEAKER, "officials", None, "said"),
            certainty=Certainty.ATTRIBUTED,
            verdict=Verdict.CONFLICTING,
            confidence=0.55,
            reason="Sources disagree.",
            evidence=[
                kb_refutes,
                Evidence("corpus", "The US blocked it.", "Example Times", Stance.SUPPORTS, 0.6),
            ],
        ),
        Claim(
            id="c3",
            span=at("The United States blocked the listing"),
            sentence=1,
            text="The United States blocked the listing.",
            frame=Frame(
                action="block",
                agent="The United States",
                agent_ids=["us"],
                time=DateValue(dt.date(2025, 9, 1), "month"),
            ),
            verdict=Verdict.SUPPORTED,
            confidence=0.7,
            reason="A hold is a block.",
            evidence=[kb_refutes],
        ),
        # c4 and c5 overlap without either holding the other.
        Claim(
            id="c4",
            span=at("Qasim said the camp was destroyed"),
            sentence=2,
            text="Qasim said the camp was destroyed.",
            attribution=Attribution(AttributionKind.NAMED_SPEAKER, "Qasim", None, "said"),
            certainty=Certainty.ATTRIBUTED,
            verdict=Verdict.NOT_ENOUGH_EVIDENCE,
            confidence=0.4,
            reason="Only the video says so.",
        ),
        Claim(
            id="c5",
            span=at("the camp was destroyed in May 2025"),
            sentence=2,
            text="The camp was destroyed in May 2025.",
            verdict=Verdict.SUPPORTED,
            confidence=0.8,
            reason="Strikes on 7 May 2025 hit the camp.",
            evidence=[Evidence("kb", "Strike on 7 May", "PIB, 2025-05-07", Stance.SUPPORTS)],
        ),
        Claim(
            id="c6",
            span=at("Growth may reach 3.5 percent"),
            sentence=3,
            text="Growth may reach 3.5 percent.",
            type=ClaimType.PREDICTION,
            certainty=Certainty.SPECULATIVE,
            verdict=Verdict.NOT_CHECKABLE,
            reason="A prediction is not checked.",
        ),
        Claim(
            id="c7",
            span=at("The group was named in 2019"),
            sentence=4,
            text="The group was named in 2019.",
        ),
    ]
    doc = Document(
        text=TEXT,
        meta=ArticleMeta(
            title="US alone blocks UN listing",
            url="https://news.example/a?b=1&c=2",
            outlet="Example News",
            byline="A. Writer",
            published=dt.date(2025, 9, 20),
            language="en",
        ),
        headline=Span(0, len(HEADLINE)),
        body=Span(body_start, len(TEXT)),
        paragraphs=[Span(body_start, len(TEXT))],
        sentences=sentences,
        mentions=[
            Mention(at("United States"), "United States", "GPE", "ner", kb_id="us"),
            Mention(at("US"), "US", "GPE", "kb", kb_id="us"),
            Mention(at("BLA"), "BLA", "ORG", "kb", kb_id="bla"),
        ],
        entities={
            "us": LinkedEntity("us", "United States", "Country", {"iso": ["US"]}),
            "bla": LinkedEntity(
                "bla", "Balochistan Liberation Army", "Organization", {"ofacId": ["123", "<x>"]}
            ),
        },
        claims=claims,
    )
    doc = assess(doc)
    # One made-up anomaly inside the overlap of c4 and c5, to cross their boundaries.
    doc.anomalies.append(
        Anomaly("doubled_word", at("said the camp"), "said the camp", "a test anomaly")
    )
    return doc


@pytest.fixture
def report() -> Report:
    return Report.from_document(build_document())


# -- the JSON ---------------------------------------------------------------------------------


def test_json_round_trip_is_lossless(report: Report) -> None:
    data = report.to_dict()
    assert Report.from_dict(data).to_dict() == data
    assert Report.from_dict(json.loads(report.to_json())).to_dict() == data
    assert Report.from_json(report.to_json(indent=None)).to_dict() == data


def test_report_validates_against_its_json_schema(report: Report) -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(report.to_json()), schema)


def test_report_without_assessment_validates_too() -> None:
    doc = Document(text="Plain text.")
    jsonschema.validate(Report.from_document(doc).to_dict(), json_schema())


def test_schema_rejects_an_unknown_verdict(report: Report) -> None:
    data = report.to_dict()
    data["claims"][0]["verdict"] = "true-ish"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_json_carries_claims_sentences_and_entities(report: Report) -> None:
    data = report.to_dict()
    assert data["schema"] == REPORT_SCHEMA
    assert next(iter(data)) == "schema"
    by_id = {c["id"]: c for c in data["claims"]}
    assert by_id["c3"]["sentence"] == (
        "The United States blocked the listing of the BLA, officials said."
    )
    assert by_id["c3"]["span"] == {
        "start": TEXT.index("The United"),
        "end": by_id["c3"]["span"]["end"],
    }
    assert by_id["c3"]["frame"]["time"] == {
        "value": "2025-09-01",
        "precision": "month",
        "text": "September 2025",
    }
    assert by_id["c2"]["attribution"] == {
        "kind": "unnamed_speaker",
        "speaker": "officials",
        "cue": "said",
    }
    assert by_id["c7"]["verdict"] is None
    assert data["article"]["source"] == {
        "outlet": "Example News",
        "url": "https://news.example/a?b=1&c=2",
        "path": None,
    }
    assert data["article"]["published"] == "2025-09-20"
    us = next(e for e in data["entities"] if e["kb_id"] == "us")
    assert us["type"] == "Country"
    assert [m["text"] for m in us["mentions"]] == ["United States", "US"]
    for mention in us["mentions"]:
        assert TEXT[mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.parametrize(
    "data",
    [{"schema": "newsvet.report/0"}, {}, {"schema": REPORT_SCHEMA, "text": "no article"}],
)
def test_from_dict_rejects_what_is_not_a_version_1_report(data: dict) -> None:
    with pytest.raises(NewsvetError):
        Report.from_dict(data)


# -- the HTML ---------------------------------------------------------------------------------

VOID_ELEMENTS = {"meta", "br", "link", "hr", "img", "input", "wbr", "source", "col", "area"}


class TagBalance(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.script_count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.script_count += 1
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} at {self.getpos()}")
            return
        self.stack.pop()


def parse(html: str) -> TagBalance:
    parser = TagBalance()
    parser.feed(html)
    parser.close()
    return parser


def test_html_is_well_formed_with_nested_and_overlapping_claims(report: Report) -> None:
    parsed = parse(report.to_html())
    assert parsed.errors == []
    assert parsed.stack == []


def test_html_keeps_article_markup_inert(report: Report) -> None:
    html = report.to_html()
    parsed = parse(html)
    assert parsed.script_count == 0
    assert "&lt;script&gt;" in html
    assert "<b>together</b>" not in html


@pytest.mark.parametrize(
    ("url", "linked"),
    [("https://news.example/a", True), ("javascript:alert(1)", False), ("JavaScript:x", False)],
)
def test_html_links_only_web_addresses_of_the_article(
    report: Report, url: str, linked: bool
) -> None:
    report.article.source.url = url
    parsed = parse(report.to_html())
    hrefs = [attrs.get("href") for tag, attrs in parsed.elements if tag == "a"]
    assert (url in hrefs) is linked


def test_html_highlights_every_claim_in_its_verdict_colour(report: Report) -> None:
    parsed = parse(report.to_html())
    marks = {
        attrs["id"]: attrs for tag, attrs in parsed.elements if tag == "mark" and attrs.get("id")
    }
    for claim in report.claims:
        verdict = claim.verdict or "unchecked"
        assert f"verdict-{verdict}" in (marks[f"text-{claim.id}"]["class"] or "").split()
        links = [
            a for tag, a in parsed.elements if tag == "a" and a.get("href") == f"#claim-{claim.id}"
        ]
        assert links, f"no link from the text to claim {claim.id}"
    items = {attrs.get("id") for tag, attrs in parsed.elements if tag == "li"}
    assert {f"claim-{c.id}" for c in report.claims} <= items


def test_html_has_landmarks_and_a_language(report: Report) -> None:
    parsed = parse(report.to_html())
    tags = {tag for tag, _ in parsed.elements}
    assert {"header", "nav", "main", "footer"} <= tags
    html_attrs = next(attrs for tag, attrs in parsed.elements if tag == "html")
    assert html_attrs["lang"] == "en"


def test_html_marks_anomalies_in_the_text(report: Report) -> None:
    parsed = parse(report.to_html())
    anomaly_ids = [
        attrs["id"]
        for tag, attrs in parsed.elements
        if tag == "span" and "anomaly" in (attrs.get("class") or "").split() and attrs.get("id")
    ]
    assert anomaly_ids == [f"anomaly-{i}" for i in range(len(report.anomalies))]


def text_of(html: str) -> str:
    """The characters a reader sees, without the claim reference links."""
    html = re.sub(r'<a class="claim-ref[^>]*>[^<]*</a>', "", html)
    chunks: list[str] = []

    class Collect(HTMLParser):
        def handle_data(self, data: str) -> None:
            chunks.append(data)

    Collect(convert_charrefs=True).feed(html)
    return "".join(chunks)


class MarkedText(HTMLParser):
    """The text inside the marks of each claim, gathered over all of a claim's pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str | None] = []
        self.text: dict[str, str] = {}
        self.in_ref = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.open.append(dict(attrs).get("data-claim"))
        self.in_ref = self.in_ref or (tag == "a")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open.pop()
        if tag == "a":
            self.in_ref = False

    def handle_data(self, data: str) -> None:
        if self.in_ref:
            return
        for claim_id in set(self.open) - {None}:
            self.text[claim_id] = self.text.get(claim_id, "") + data


def test_highlight_covers_exactly_each_claims_words(report: Report) -> None:
    parser = MarkedText()
    parser.feed(str(highlight(report.text, report.claims, report.anomalies)))
    assert parser.text == {c.id: report.text[c.span.start : c.span.end] for c in report.claims}


# (spans of claims as (start, end); every pair of overlapping kinds)
SPAN_CASES = [
    [(0, 10)],
    [(0, 10), (2, 5)],  # nested
    [(0, 6), (3, 10)],  # overlapping
    [(0, 10), (0, 10)],  # identical
    [(0, 4), (4, 8)],  # touching
    [(2, 2)],  # empty
    [(0, 8), (2, 9), (4, 12), (1, 3)],  # a tangle
    [(5, 500)],  # past the end
]


@pytest.mark.parametrize("spans", SPAN_CASES)
def test_highlighter_keeps_text_and_balance_for_any_spans(report: Report, spans) -> None:
    claims = []
    for i, (start, end) in enumerate(spans):
        claim = Report.from_dict(report.to_dict()).claims[0]
        claim.id, claim.span.start, claim.span.end = f"k{i}", start, end
        claims.append(claim)
    text = "a <b> & c\nd e f g"
    html = str(highlight(text, claims, report.anomalies[:0]))
    parsed = parse(html)
    assert parsed.errors == [] and parsed.stack == []
    assert text_of(html) == text


# -- Markdown and text ------------------------------------------------------------------------


def test_markdown_lists_every_claim_with_its_verdict(report: Report) -> None:
    markdown = report.to_markdown()
    for claim in report.claims:
        assert f"### `{claim.id}` `{claim.verdict or 'unchecked'}`" in markdown
    assert "\\<script\\>" in markdown
    assert "<script>" not in markdown
    assert "misleading" in markdown


def test_text_view_lists_every_claim_with_its_verdict(report: Report) -> None:
    text = report.to_text(console_width=100)
    for claim in report.claims:
        assert re.search(rf"\[{claim.id}\] {claim.verdict or 'unchecked'}\b", text)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "\x1b[" not in text


def test_terminal_rendering_prints_to_a_console(report: Report) -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system="truecolor")
    render_terminal(report, console)
    assert "\x1b[" in out.getvalue()
    assert "[c1] " in out.getvalue()


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_format_report_renders_every_format(report: Report, fmt: str) -> None:
    rendered = format_report(report, fmt)
    assert "c1" in rendered


def test_format_report_matches_the_json_view(report: Report) -> None:
    assert json.loads(format_report(report, "json")) == report.to_dict()


def test_format_report_rejects_an_unknown_format(report: Report) -> None:
    with pytest.raises(NewsvetError, match="unknown report format 'pdf'"):
        format_report(report, "pdf")
