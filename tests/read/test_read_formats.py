"""Reading every supported format: text, headline and body spans, and metadata."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from newsvet.document import Document
from newsvet.read import detect_format, iter_articles, read_article, read_stream, read_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

HTML_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <title>Group vows to rebuild compound | Daily Example</title>
  <meta property="og:title" content="Group vows to rebuild compound">
  <meta property="og:site_name" content="Daily Example">
  <meta name="author" content="Jane Roe">
  <meta property="article:published_time" content="2025-09-20T08:00:00+05:00">
  <link rel="canonical" href="https://daily.example.org/world/rebuild">
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
  <article>
    <h1>Group vows to rebuild compound</h1>
    <p>ISLAMABAD - The group said on Friday that it would rebuild the compound that was struck
    in May, according to a video released by its media wing this week.</p>
    <p>Officials in the provincial government did not respond to requests for comment on the
    video, which could not be independently verified.</p>
  </article>
  <footer>Copyright 2025 Daily Example. All rights reserved.</footer>
</body>
</html>
"""


def check_spans(doc: Document) -> None:
    """Headline and body spans point at trimmed, non-empty text and do not overlap."""
    assert doc.body is not None
    body = doc.span_text(doc.body)
    assert body and body == body.strip()
    if doc.headline is not None:
        headline = doc.span_text(doc.headline)
        assert headline and headline == headline.strip()
        assert doc.headline.end <= doc.body.start


# --- plain text ---------------------------------------------------------------------------

PLAIN_CASES = [
    # (name, raw bytes, expected headline, expected body start, expected byline)
    (
        "headline then one paragraph per line",
        b"Talks stall at the UN\nThe bid was put on hold.\nIt may last months.\n",
        "Talks stall at the UN",
        "The bid was put on hold.",
        None,
    ),
    (
        "blank lines before the headline and between paragraphs",
        b"\n\n  Talks stall at the UN  \n\nThe bid was put on hold.\n\nIt may last months.",
        "Talks stall at the UN",
        "The bid was put on hold.",
        None,
    ),
    (
        "byline line after the headline",
        b"Talks stall at the UN\nBy Jane Roe\n\nThe bid was put on hold.",
        "Talks stall at the UN",
        "The bid was put on hold.",
        "Jane Roe",
    ),
    (
        "UTF-8 byte-order mark",
        b"\xef\xbb\xbfTalks stall at the UN\nThe bid was put on hold.",
        "Talks stall at the UN",
        "The bid was put on hold.",
        None,
    ),
    (
        "Windows newlines",
        b"Talks stall at the UN\r\nThe bid was put on hold.\r\nIt may last.\r\n",
        "Talks stall at the UN",
        "The bid was put on hold.",
        None,
    ),
]


@pytest.mark.parametrize(
    ("raw", "headline", "body_start", "byline"),
    [case[1:] for case in PLAIN_CASES],
    ids=[case[0] for case in PLAIN_CASES],
)
def test_plain_text_first_line_is_headline(
    tmp_path: Path, raw: bytes, headline: str, body_start: str, byline: str | None
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    doc = read_article(path)
    check_spans(doc)
    assert doc.headline is not None and doc.body is not None
    assert doc.span_text(doc.headline) == headline
    assert doc.span_text(doc.body).startswith(body_start)
    assert doc.meta.title == headline
    assert doc.meta.byline == byline
    assert doc.meta.format == "text"
    assert doc.meta.source_path == str(path)
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")


def test_plain_text_keeps_the_text_exactly_apart_from_newlines(tmp_path: Path) -> None:
    raw = "Headline  here\r\n\r\n  Body\twith  odd   spacing,glued.Text “quotes” – dashes \r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    assert read_article(path).text == raw.replace("\r\n", "\n")


def test_single_line_text_is_all_body() -> None:
    doc = read_text("Lashkar-e-Tayyiba was listed by the UN in 2005.")
    assert doc.headline is None
    assert doc.body is not None
    assert doc.span_text(doc.body) == "Lashkar-e-Tayyiba was listed by the UN in 2005."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_file_with_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    bom = "\ufeff" if encoding != "utf-16" else ""  # the "utf-16" codec writes its own
    path.write_bytes((bom + "Headline “quoted”\r\nBody text.").encode(encoding))
    assert read_article(path).text == "Headline “quoted”\nBody text."


def test_windows_1252_file_without_utf8_sequences_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Caf\xe9 owner speaks\nHe said \x93no comment\x94 \x96 twice.")
    doc = read_article(path)
    assert doc.text == "Café owner speaks\nHe said “no comment” – twice."


# --- HTML ---------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    doc = read_article(path)
    check_spans(doc)
    assert doc.meta.format == "html"
    assert doc.meta.title == "Group vows to rebuild compound"
    assert doc.meta.byline == "Jane Roe"
    assert doc.meta.outlet == "Daily Example"
    assert doc.meta.url == "https://daily.example.org/world/rebuild"
    assert doc.meta.published == dt.date(2025, 9, 20)
    assert doc.meta.language == "en-gb"
    assert doc.headline is not None and doc.body is not None
    assert doc.span_text(doc.headline) == "Group vows to rebuild compound"
    assert doc.text.startswith("Group vows to rebuild compound\n\n")
    body = doc.span_text(doc.body)
    assert body.startswith("ISLAMABAD - The group said on Friday")
    assert "independently verified" in body
    # Navigation and footer are not article text, and the <h1> is not repeated in the body.
    assert "Sport" not in doc.text and "Copyright" not in doc.text
    assert "Group vows" not in body


# --- JSON ---------------------------------------------------------------------------------

RECORD = {
    "title": "Bid put on hold",
    "text": "UNITED NATIONS - The bid was put on hold.\n\nIt may last six months.",
    "url": "https://example.org/hold",
    "published": "2025-09-19",
    "outlet": "Example Wire",
    "byline": "A. Reporter",
}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("one.jsonl", json.dumps(RECORD) + "\n"),
        ("pretty.json", json.dumps(RECORD, indent=2)),
        ("array.json", json.dumps([RECORD])),
        ("noext", "\n" + json.dumps(RECORD)),
    ],
)
def test_json_record_text_and_metadata(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    doc = read_article(path)
    check_spans(doc)
    assert doc.meta.format == "jsonl"
    assert doc.text == RECORD["title"] + "\n\n" + RECORD["text"]
    assert doc.headline is not None and doc.body is not None
    assert doc.span_text(doc.headline) == RECORD["title"]
    assert doc.span_text(doc.body) == RECORD["text"]
    assert doc.meta.title == RECORD["title"]
    assert doc.meta.url == RECORD["url"]
    assert doc.meta.outlet == RECORD["outlet"]
    assert doc.meta.byline == RECORD["byline"]
    assert doc.meta.published == dt.date(2025, 9, 19)


def test_json_record_without_title_is_all_body() -> None:
    doc = read_text(json.dumps({"text": "The bid was put on hold."}))
    assert doc.headline is None
    assert doc.body is not None and doc.span_text(doc.body) == "The bid was put on hold."


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-09-19", dt.date(2025, 9, 19)),
        ("2025-09-19T23:30:00Z", dt.date(2025, 9, 19)),
        ("2025-09-19T08:00:00+05:30", dt.date(2025, 9, 19)),
        ("19 September 2025", dt.date(2025, 9, 19)),
        ("Sep 19, 2025", dt.date(2025, 9, 19)),
        ("Friday, September 19, 2025 10:15 AM", dt.date(2025, 9, 19)),
        ("not a date at all", None),
    ],
)
def test_publication_date_is_parsed(published: str, expected: dt.date | None) -> None:
    doc = read_text(json.dumps({"text": "Body.", "published": published}))
    assert doc.meta.published == expected


# --- format detection, overrides, streams ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.txt", "<html><body><p>x</p></body></html>", "text"),  # a known extension wins
        ("a.HTM", "plain words", "html"),
        ("a.ndjson", "x", "jsonl"),
        ("a.dat", "  <!DOCTYPE html><html><p>x</p></html>", "html"),
        ("a.dat", '{"text": "x"}', "jsonl"),
        ("a.dat", "[{}]", "jsonl"),
        ("a.dat", "Headline\nBody < 5 and > 2.", "text"),
        (None, "<p>Only a paragraph</p>", "html"),
        (None, "Plain words.", "text"),
    ],
)
def test_format_is_detected_from_extension_then_content(
    name: str | None, text: str, expected: str
) -> None:
    assert detect_format(name, text) == expected


def test_format_argument_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(HTML_PAGE, encoding="utf-8")
    assert read_article(path).meta.format == "text"
    doc = read_article(path, format="html")
    assert doc.meta.format == "html"
    assert doc.meta.title == "Group vows to rebuild compound"


def test_name_replaces_path_in_metadata(tmp_path: Path) -> None:
    path = tmp_path / "upload-123"
    path.write_text(HTML_PAGE, encoding="utf-8")
    doc = read_article(path, name="story.html")
    assert doc.meta.format == "html"
    assert doc.meta.source_path == "story.html"


def test_read_stream_reads_binary_stream() -> None:
    doc = read_stream(io.BytesIO(b"Headline\r\nBody text here."), name="upload.txt")
    assert doc.text == "Headline\nBody text here."
    assert doc.meta.source_path == "upload.txt"


def test_read_article_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin = io.TextIOWrapper(io.BytesIO(b"Headline\nBody text here."))
    monkeypatch.setattr("sys.stdin", fake_stdin)
    doc = read_article("-")
    assert doc.headline is not None and doc.span_text(doc.headline) == "Headline"


def test_read_text_sniffs_html() -> None:
    doc = read_text(HTML_PAGE)
    assert doc.meta.format == "html"
    assert doc.meta.outlet == "Daily Example"


# --- several articles -----------------------------------------------------------------------


def test_iter_articles_streams_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({**RECORD, "title": f"Story {i}"}) for i in range(3)]
    path.write_text("\n".join(lines[:2]) + "\n\n" + lines[2] + "\n", encoding="utf-8")
    titles = [doc.meta.title for doc in iter_articles(path)]
    assert titles == ["Story 0", "Story 1", "Story 2"]


def test_iter_articles_reads_folder_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("First story\nBody one.", encoding="utf-8")
    (tmp_path / "b" / "c.html").write_text(HTML_PAGE, encoding="utf-8")
    (tmp_path / "b" / "d.jsonl").write_text(
        json.dumps({"title": "Third", "text": "x."})
        + "\n"
        + json.dumps({"title": "Fourth", "text": "y."}),
        encoding="utf-8",
    )
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden" / "e.txt").write_text("Hidden\nstory.", encoding="utf-8")
    titles = [doc.meta.title for doc in iter_articles(tmp_path)]
    assert titles == ["First story", "Group vows to rebuild compound", "Third", "Fourth"]


def test_iter_articles_can_skip_bad_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Good one\nBody.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_text(
        '{"title": "Good two", "text": "x."}\n{broken\n{"title": "No text"}\n'
        '{"title": "Good three", "text": "y."}\n',
        encoding="utf-8",
    )
    titles = [doc.meta.title for doc in iter_articles(tmp_path, errors="skip")]
    assert titles == ["Good one", "Good two", "Good three"]


# --- the shipped examples -------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_text_example_reads_with_headline_and_body(path: Path) -> None:
    doc = read_article(path)
    check_spans(doc)
    assert doc.headline is not None
    assert 250 <= len(doc.text.split()) <= 520


def test_html_example_matches_its_text_version() -> None:
    html = read_article(EXAMPLES / "let-un-listing-faithful.html")
    text = read_article(EXAMPLES / "let-un-listing-faithful.txt")
    assert html.meta.title == text.meta.title
    assert (html.meta.outlet, html.meta.byline) == ("Example Wire", "Staff Reporter")
    assert html.meta.published == dt.date(2025, 9, 22)
    assert html.meta.language == "en"
    assert html.body is not None and text.body is not None
    assert text.meta.byline == "Staff Reporter"
    # Same words, whatever the paragraph spacing.
    assert html.span_text(html.body).split() == text.span_text(text.body).split()


def test_jsonl_example_holds_every_text_example() -> None:
    docs = list(iter_articles(EXAMPLES / "articles.jsonl"))
    titles = {read_article(path).meta.title for path in EXAMPLES.glob("*.txt")}
    assert {doc.meta.title for doc in docs} == titles
    assert all(doc.meta.published is not None and doc.meta.url for doc in docs)
