"""Turning decoded text into a Document: plain text, HTML and JSON records.

Every builder sets ``Document.text`` to the exact text later stages analyse and the
headline and body spans into it; metadata goes to ``Document.meta``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from newsvet.document import ArticleMeta, Document, Span
from newsvet.errors import InputError
from newsvet.read._bytes import normalise_newlines

log = logging.getLogger(__name__)

FORMATS = ("text", "html", "jsonl")
_FORMAT_ALIASES = {
    "text": "text",
    "txt": "text",
    "plain": "text",
    "html": "html",
    "htm": "html",
    "jsonl": "jsonl",
    "json": "jsonl",
    "ndjson": "jsonl",
}
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p|h1)\b", re.I)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", re.I)
_BYLINE = re.compile(r"^\s*by\s+(\S.{1,80}?)\s*$", re.I)


def canonical_format(fmt: str, where: str) -> str:
    try:
        return _FORMAT_ALIASES[fmt.lower()]
    except KeyError:
        raise InputError(
            f"unknown format {fmt!r} for {where}; use one of {', '.join(FORMATS)}"
        ) from None


def format_from_name(name: str | None) -> str | None:
    if not name:
        return None
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return EXTENSIONS.get(suffix)


def sniff_format(text: str) -> str:
    """Guess the format from the first characters: markup is HTML, a brace is JSON."""
    head = text[:4096].lstrip()
    if head.startswith("<") and _HTML_TAG.search(head):
        return "html"
    if head.startswith(("{", "[")):
        return "jsonl"
    return "text"


def detect_format(name: str | None, text: str) -> str:
    """The extension decides when it is a known one, the content otherwise."""
    return format_from_name(name) or sniff_format(text)


# --- spans -------------------------------------------------------------------------------


def strip_span(text: str, start: int, end: int) -> Span:
    """The span ``start..end`` without leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _with_headline(headline: str, body: str, meta: ArticleMeta) -> Document:
    """A document whose text is ``headline + "\\n\\n" + body``."""
    headline = headline.strip()
    text = f"{headline}\n\n{body}"
    body_start = len(headline) + 2
    return Document(
        text=text,
        meta=meta,
        headline=Span(0, len(headline)),
        body=strip_span(text, body_start, len(text)),
    )


# --- plain text --------------------------------------------------------------------------


def parse_plain(text: str, meta: ArticleMeta) -> Document:
    """First non-empty line is the headline, the rest the body; a lone line is all body.
    A byline line ("By Jane Roe") right after the headline goes to ``meta.byline``."""
    lines = _nonblank_lines(text)
    if len(lines) < 2:
        start, end = lines[0]
        return Document(text=text, meta=meta, body=strip_span(text, start, end))
    head_start, head_end = lines[0]
    headline = strip_span(text, head_start, head_end)
    meta.title = meta.title or headline.slice(text)
    body_line = 1
    byline = _BYLINE.match(text[lines[1][0] : lines[1][1]])
    if byline and len(lines) > 2:
        # A "By ..." line is metadata, not a statement of the article: keep it out of the body.
        meta.byline = meta.byline or byline.group(1)
        body_line = 2
    body = strip_span(text, lines[body_line][0], len(text))
    return Document(text=text, meta=meta, headline=headline, body=body)


def _nonblank_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


# --- HTML --------------------------------------------------------------------------------


def parse_html(html: str, meta: ArticleMeta, where: str) -> Document:
    """Main-text extraction with trafilatura; text is ``title + "\\n\\n" + body``."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=meta.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    fields: dict[str, Any] = {}
    if isinstance(result, dict):
        fields = result
    elif result is not None:
        fields = result.as_dict()
    extracted = fields.get("text")
    if not isinstance(extracted, str) or not extracted.strip():
        raise InputError(
            f"no article text could be extracted from the HTML in {where}: "
            "the page is malformed or has no main text"
        )
    title = _clean(fields.get("title"))
    body = _drop_repeated_title(normalise_newlines(extracted).strip(), title)
    meta.title = title
    meta.byline = _clean(fields.get("author"))
    meta.outlet = _clean(fields.get("sitename")) or _clean(fields.get("hostname"))
    meta.url = _clean(fields.get("url")) or meta.url
    meta.language = _clean(fields.get("language")) or _html_lang(html)
    date = _clean(fields.get("date"))
    meta.published = parse_date(date, where, meta.language) if date else None
    if not body:
        raise InputError(f"no article text could be extracted from the HTML in {where}")
    if title:
        return _with_headline(title, body, meta)
    return Document(text=body, meta=meta, body=Span(0, len(body)))


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _drop_repeated_title(body: str, title: str | None) -> str:
    """Extractors often keep the page's <h1> as the body's first line; the headline is kept
    apart, so a copy of it in the body would count every headline claim twice."""
    if not title:
        return body
    first, _, rest = body.partition("\n")
    if " ".join(first.split()).casefold() == title.casefold():
        return rest.strip()
    return body


def _html_lang(html: str) -> str | None:
    match = _HTML_LANG.search(html[:4096])
    return match.group(1).lower() if match else None


# --- JSON --------------------------------------------------------------------------------


def parse_record(record: Any, meta: ArticleMeta, where: str) -> Document:
    """One article from a JSON object with ``text`` and optional ``title``, ``url``,
    ``published``, ``outlet``, ``byline``, ``language``."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    if "text" not in record:
        keys = ", ".join(sorted(map(str, record))) or "none"
        raise InputError(f"{where}: the JSON object has no 'text' field (its keys: {keys})")
    body = record["text"]
    if not isinstance(body, str):
        raise InputError(f"{where}: 'text' must be a string, not {type(body).__name__}")
    body = normalise_newlines(body)
    if not body.strip():
        raise InputError(f"{where}: 'text' is empty")
    meta.title = _string_field(record, "title", where)
    meta.url = _string_field(record, "url", where)
    meta.outlet = _string_field(record, "outlet", where)
    meta.byline = _string_field(record, "byline", where)
    meta.language = _string_field(record, "language", where)
    published = _string_field(record, "published", where)
    meta.published = parse_date(published, where, meta.language) if published else None
    if meta.title:
        return _with_headline(meta.title, body, meta)
    # Without a title the text is all body: a record's text is the article body, never
    # prefixed by its headline.
    return Document(text=body, meta=meta, body=strip_span(body, 0, len(body)))


def _string_field(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: '{key}' must be a string, not {type(value).__name__}")
    return _clean(value)


def json_records(text: str, where: str) -> Iterator[tuple[str, Any]]:
    """Records of JSON-lines text, a JSON array or one (pretty-printed) JSON object, each with
    where it came from (``"FILE, line 3"``)."""
    stripped = text.strip()
    if stripped.startswith("["):
        for index, record in enumerate(_load_whole(text, where)):
            yield f"{where}, item {index + 1}", record
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            whole = _whole_object(text) if number == _first_nonblank_line(text) else None
            if whole is None:
                raise line_error(where, number, err) from None
            # A pretty-printed single object spans lines.
            yield where, whole
            return
        yield f"{where}, line {number}", record


def _first_nonblank_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            return number
    return 0


def _whole_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _load_whole(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{where} is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}"
        ) from None


def line_error(where: str, number: int, err: json.JSONDecodeError) -> InputError:
    return InputError(f"{where}, line {number}: invalid JSON: {err.msg} (column {err.colno})")


# --- dates -------------------------------------------------------------------------------


def parse_date(value: str, where: str, language: str | None = None) -> dt.date | None:
    """ISO 8601 first (fast, exact); dateparser for anything else. An unreadable date is
    logged and dropped: a bad date line should not make an article unreadable."""
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass  # not ISO 8601; try the general parser
    import dateparser

    # Naming the languages keeps dateparser from trying every language it knows, which
    # takes seconds on a string that is no date at all.
    languages = ["en"]
    if language and language.split("-")[0].lower() != "en":
        languages.append(language.split("-")[0].lower())
    try:
        parsed = dateparser.parse(
            value, languages=languages, settings={"PREFER_DAY_OF_MONTH": "first"}
        )
    except ValueError:  # a language dateparser does not know
        parsed = dateparser.parse(
            value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"}
        )
    if parsed is None:
        log.warning("%s: cannot read the publication date %r; leaving it empty", where, value)
        return None
    return parsed.date()
