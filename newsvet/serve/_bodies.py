"""Request bodies to articles: media type, declared charset, JSON articles and lists of them.

Everything here answers a bad body with an ``ApiError`` that names what is wrong, before
any article is read, checked or stored.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsvet.serve._errors import ApiError
from newsvet.serve._pool import CheckJob

# The media types one article may be posted as, and the reader's format for each.
MEDIA_FORMATS = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "jsonl",
}
# JSON lines (one article per line) goes by several names; the corpus takes each of them.
JSON_LINES_TYPES = (
    "application/x-ndjson",
    "application/jsonl",
    "application/jsonlines",
    "application/json-lines",
    "application/x-jsonlines",
)
ARTICLE_FIELDS = ("title", "url", "published", "outlet", "byline", "language")

ARTICLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string"},
        **{f: {"type": "string"} for f in ARTICLE_FIELDS},
        "published": {"type": "string", "description": "a date: ISO 8601 or e.g. '9 May 2025'"},
    },
}


@dataclass(frozen=True)
class Body:
    """A request's body with its media type and the charset it declares (lower case)."""

    media_type: str
    charset: str | None
    data: bytes


def parse_content_type(header: str) -> tuple[str, str | None]:
    """``"text/plain; charset=ISO-8859-1"`` -> ``("text/plain", "iso-8859-1")``."""
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return kind.strip().lower(), charset


def unsupported_type(kind: str, accepted: list[str]) -> ApiError:
    return ApiError(
        415,
        f"unsupported content type {kind or '(none)'!r}; post {', '.join(accepted)}",
        detail={"accepted": accepted},
    )


def utf8_body(body: Body) -> bytes:
    """The body re-encoded as UTF-8 when it declares another charset; else as sent, so that
    the readers' decoding policy (UTF-8, or legacy Windows-1252) applies to it."""
    if body.charset is None:
        return body.data
    try:
        codec = codecs.lookup(body.charset).name
    except LookupError:
        raise ApiError(
            415,
            f"unknown charset {body.charset!r} in the Content-Type; send UTF-8 or name a "
            "standard charset such as iso-8859-1 or windows-1252",
            code="unsupported_charset",
            detail={"charset": body.charset},
        ) from None
    if codec == "utf-8":
        return body.data
    try:
        text = body.data.decode(codec)
    except UnicodeDecodeError as err:
        bad = body.data[err.start : err.start + 1].hex()
        raise ApiError(
            422,
            f"the body is not valid {body.charset}, the charset its Content-Type declares: "
            f"byte 0x{bad} at offset {err.start} ({err.reason})",
            detail={"charset": body.charset, "offset": err.start},
        ) from None
    except LookupError:  # a codec that is no text encoding (base64, rot13, ...)
        raise ApiError(
            415,
            f"{body.charset!r} is not a text charset",
            code="unsupported_charset",
            detail={"charset": body.charset},
        ) from None
    return text.encode("utf-8")


def require_body(body: Body) -> None:
    if not body.data.strip():
        raise ApiError(400, "the request body is empty; post the article", code="empty_body")


# --- JSON articles -------------------------------------------------------------------------


def load_json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ApiError(400, f"the body is not valid JSON: {err}", code="malformed_json") from None


def json_lines(data: bytes) -> Iterator[tuple[str, Any]]:
    """Each non-blank line's JSON value, with where it is (``"request body, line 3"``)."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            yield f"request body, line {number}", json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise ApiError(
                400,
                f"request body, line {number} is not valid JSON: {err}",
                code="malformed_json",
                detail={"line": number},
            ) from None


def article_record(record: Any, where: str = "the JSON body") -> dict[str, Any]:
    """A JSON article checked field by field: a non-empty string ``text``, string or null
    metadata, and a ``published`` that reads as a date."""
    if not isinstance(record, dict):
        raise ApiError(
            422, f"{where}: expected a JSON object with 'text', got {type(record).__name__}"
        )
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise ApiError(
            422, f"{where}: the JSON object needs a non-empty string 'text'", detail={"field": "text"}
        )
    for key in ARTICLE_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ApiError(422, f"{where}: '{key}' must be a string or null", detail={"field": key})
    published = record.get("published")
    if published is not None and published.strip():
        check_date(published, where)
    return {k: record[k] for k in ("text", *ARTICLE_FIELDS) if record.get(k) is not None}


def check_date(value: str, where: str) -> None:
    """A publication date that the reader cannot read is refused, not silently dropped:
    the report's dates and the 'later than the article' test depend on it."""
    from newsvet.read._formats import parse_date

    if parse_date(value, where) is None:
        raise ApiError(
            422,
            f"{where}: 'published' is not a date: {value!r}; use ISO 8601 (2025-05-09) "
            "or a written date (9 May 2025)",
            detail={"field": "published", "value": value},
        )


def record_job(record: dict[str, Any], name: str, max_bytes: int) -> CheckJob:
    data = json.dumps(record, ensure_ascii=False).encode("utf-8")
    return CheckJob(data, "jsonl", name, max(max_bytes, len(data)))


# --- whole bodies --------------------------------------------------------------------------


def article_job(body: Body, max_bytes: int) -> CheckJob:
    """One article (text, HTML or a JSON object) as a job for the reader."""
    fmt = MEDIA_FORMATS.get(body.media_type)
    if fmt is None:
        raise unsupported_type(body.media_type, sorted(MEDIA_FORMATS))
    require_body(body)
    data = utf8_body(body)
    if fmt == "jsonl":
        return record_job(article_record(load_json(data)), "request body", max_bytes)
    # A body re-encoded as UTF-8 may outgrow the limit that its sent bytes met.
    return CheckJob(data, fmt, "request body", max(max_bytes, len(data)))


def article_jobs(body: Body, max_bytes: int) -> list[CheckJob]:
    """One or many articles: what ``article_job`` takes, a JSON array of articles, or JSON
    lines (as ``application/x-ndjson``, or several lines posted as JSON)."""
    if body.media_type in JSON_LINES_TYPES:
        require_body(body)
        records = list(json_lines(utf8_body(body)))
    elif body.media_type == "application/json":
        require_body(body)
        records = _json_records(utf8_body(body))
    elif body.media_type in MEDIA_FORMATS:
        return [article_job(body, max_bytes)]
    else:
        raise unsupported_type(body.media_type, sorted([*MEDIA_FORMATS, *JSON_LINES_TYPES]))
    if not records:
        raise ApiError(422, "the body holds no articles", code="invalid_input")
    return [record_job(article_record(record, where), where, max_bytes) for where, record in records]


def _json_records(data: bytes) -> list[tuple[str, Any]]:
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        if len([line for line in data.split(b"\n") if line.strip()]) > 1:
            return list(json_lines(data))
        raise ApiError(400, f"the body is not valid JSON: {err}", code="malformed_json") from None
    if isinstance(value, list):
        return [(f"request body, item {i}", record) for i, record in enumerate(value, start=1)]
    return [("request body", value)]
