"""Readers for files of earlier fact-checks.

- ``claimreview``: schema.org ClaimReview as fact-checkers publish it: a JSON file (one object,
  a list, an ``@graph``, a DataFeed), JSON lines, or HTML pages with the JSON-LD in
  ``<script type="application/ld+json">``. ClaimReview objects are found wherever they nest.
- ``checkthat``: the verified claims of CLEF CheckThat! 2022 task 2A (``vclaims*.jsonl``:
  ``vclaim_id``, ``vclaim``, ``title``, ``subtitle``, ``author``, ``date``, ``page_url``).

Every reader returns whole lists, so a file fails before anything of it is stored; errors
name the file and the line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from newsvet.factchecks._errors import FactCheckImportError
from newsvet.factchecks._model import FactCheck, Rating

FORMATS = ("claimreview", "checkthat")

# Publishers of the CheckThat! verified claims, by the prefix of their ids.
CHECKTHAT_PUBLISHERS = {"sno": "Snopes"}


# --- shared helpers -------------------------------------------------------------------------
def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise FactCheckImportError(f"{path}: no such file") from err
    except UnicodeDecodeError as err:
        raise FactCheckImportError(
            f"{path}: not UTF-8 text ({err.reason} at byte {err.start})"
        ) from err
    except OSError as err:
        raise FactCheckImportError(f"{path}: cannot read: {err.strerror}") from err


def _json_lines(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as err:
            raise FactCheckImportError(
                f"{path}:{lineno}: malformed JSON: {err.msg} (column {err.colno})"
            ) from err


def _whole_json(path: Path, text: str, first_line: int = 1) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise FactCheckImportError(
            f"{path}:{first_line + err.lineno - 1}: malformed JSON: {err.msg} (column {err.colno})"
        ) from err


def _str(value: Any) -> str | None:
    """A text value of JSON-LD: a string, or the name of a thing, or the first of a list."""
    if isinstance(value, list):
        for item in value:
            found = _str(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return _str(value.get("name") or value.get("alternateName") or value.get("@value"))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return None


_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")


def _date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) where the published date can be read, else the text as is."""
    text = _str(value)
    if text is None:
        return None
    head = text[:10]
    for fmt in _DATE_FORMATS:
        candidate = head if fmt in ("%Y-%m-%d", "%Y/%m/%d") else text
        try:
            return datetime.strptime(candidate, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def _record_id(prefix: str, *parts: str | None) -> str:
    key = "\x1f".join(" ".join((p or "").lower().split()) for p in parts)
    return f"{prefix}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


# --- ClaimReview ----------------------------------------------------------------------------
def _is_claimreview(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview"
        for k in kinds
    )


def find_claimreviews(value: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object in a JSON-LD value, however it nests (@graph, DataFeed)."""
    if isinstance(value, list):
        for item in value:
            yield from find_claimreviews(item)
    elif isinstance(value, dict):
        if _is_claimreview(value):
            yield value
            return
        for item in value.values():
            if isinstance(item, dict | list):
                yield from find_claimreviews(item)


def _organisation(value: Any) -> str | None:
    return _str(value)


def _language(value: Any) -> str | None:
    """``inLanguage`` is a code ("en") or a Language with a name and, as its
    ``alternateName``, the code; the code is kept where there is one."""
    if isinstance(value, dict):
        return _str(value.get("alternateName")) or _str(value.get("name"))
    return _str(value)


def claimreview_to_record(
    obj: dict[str, Any], path: Path, line: int, language: str | None = None
) -> FactCheck:
    """One ClaimReview object as a record; ``path`` and ``line`` name it in errors."""
    where = f"{path}:{line}"
    claim = _str(obj.get("claimReviewed"))
    item = obj.get("itemReviewed")
    item = item[0] if isinstance(item, list) and item else item
    item = item if isinstance(item, dict) else {}
    if not claim:
        # Some publishers put the claim's text in the reviewed item instead.
        claim = _str(item.get("text") or item.get("name"))
    if not claim:
        raise FactCheckImportError(f"{where}: ClaimReview has no claimReviewed text")
    rating_obj = obj.get("reviewRating")
    rating_obj = rating_obj[0] if isinstance(rating_obj, list) and rating_obj else rating_obj
    rating_obj = rating_obj if isinstance(rating_obj, dict) else {}
    rating = Rating(
        text=_str(rating_obj.get("alternateName") or rating_obj.get("name")),
        value=_number(rating_obj.get("ratingValue")),
        best=_number(rating_obj.get("bestRating")),
        worst=_number(rating_obj.get("worstRating")),
    )
    url = _str(obj.get("url")) or _str(obj.get("@id"))
    appearance = item.get("appearance") or item.get("firstAppearance")
    return FactCheck(
        id=_record_id("cr", url, claim),
        claim=claim,
        rating=rating,
        claimant=_str(item.get("author")),
        date=_date(obj.get("datePublished") or item.get("datePublished")),
        fact_checker=_organisation(obj.get("author") or obj.get("publisher")),
        reviewer=None,
        url=url or _str(appearance if not isinstance(appearance, dict) else appearance.get("url")),
        title=_str(obj.get("name") or obj.get("headline")),
        summary=_str(obj.get("description") or rating_obj.get("ratingExplanation")),
        language=_language(obj.get("inLanguage")) or language,
        source_format="claimreview",
        source=str(path),
    )


class _JsonLdScripts(HTMLParser):
    """Collects the text and first line of every ``<script type="application/ld+json">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[tuple[int, str]] = []
        self.lang: str | None = None
        self._open: int | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag == "html" and values.get("lang"):
            self.lang = values["lang"]
        if tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self._open = self.getpos()[0]
            self._parts = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.blocks.append((self._open, "".join(self._parts)))
            self._open = None


def read_claimreview_html(path: Path, text: str) -> list[FactCheck]:
    parser = _JsonLdScripts()
    parser.feed(text)
    parser.close()
    records: list[FactCheck] = []
    for line, block in parser.blocks:
        if not block.strip():
            continue
        value = _whole_json(path, block, first_line=line)
        for obj in find_claimreviews(value):
            records.append(claimreview_to_record(obj, path, line, parser.lang))
    return records


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<")


def read_claimreview(path: Path) -> list[FactCheck]:
    """ClaimReview records of one JSON, JSON-lines or HTML file."""
    text = _read_text(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml") or _looks_like_html(text):
        return read_claimreview_html(path, text)
    values: list[tuple[int, Any]]
    if suffix in (".jsonl", ".ndjson", ".jsonlines"):
        values = list(_json_lines(path, text))
    else:
        try:
            values = [(1, json.loads(text))]
        except json.JSONDecodeError as err:
            # JSON lines in a ``.json`` file: several values, one per line.
            if err.msg != "Extra data" or (suffix == ".json" and text.lstrip().startswith("[")):
                values = [(1, _whole_json(path, text))]
            else:
                values = list(_json_lines(path, text))
    return [
        claimreview_to_record(obj, path, lineno)
        for lineno, value in values
        for obj in find_claimreviews(value)
    ]


# --- CheckThat! verified claims -------------------------------------------------------------
def read_checkthat(path: Path) -> list[FactCheck]:
    """The verified claims of CheckThat! 2022 task 2A, one JSON object a line."""
    records: list[FactCheck] = []
    for lineno, obj in _json_lines(path, _read_text(path)):
        if not isinstance(obj, dict):
            raise FactCheckImportError(
                f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}"
            )
        vclaim_id, claim = _str(obj.get("vclaim_id")), _str(obj.get("vclaim"))
        if not vclaim_id or not claim:
            raise FactCheckImportError(
                f"{path}:{lineno}: verified claim without vclaim_id or vclaim"
            )
        prefix = vclaim_id.split("-")[1] if vclaim_id.count("-") >= 2 else ""
        records.append(
            FactCheck(
                id=vclaim_id,
                claim=claim,
                date=_date(obj.get("date")),
                fact_checker=CHECKTHAT_PUBLISHERS.get(prefix, _str(obj.get("author"))),
                reviewer=_str(obj.get("author")),
                url=_str(obj.get("page_url")),
                title=_str(obj.get("title")),
                summary=_str(obj.get("subtitle")),
                language="en",
                source_format="checkthat",
                source=str(path),
            )
        )
    return records


def sniff_format(path: Path) -> str:
    """``checkthat`` for JSON lines whose first object has a ``vclaim_id``, else
    ``claimreview``."""
    if path.suffix.lower() not in (".jsonl", ".ndjson", ".jsonlines", ".json"):
        return "claimreview"
    try:
        with path.open(encoding="utf-8-sig") as handle:
            first = next((line for line in handle if line.strip()), "")
    except (OSError, UnicodeDecodeError):
        return "claimreview"  # the reader reports what is wrong with the file
    try:
        value = json.loads(first)
    except json.JSONDecodeError:
        return "claimreview"
    return "checkthat" if isinstance(value, dict) and "vclaim_id" in value else "claimreview"


def read_path(path: Path, fmt: str | None = None) -> list[FactCheck]:
    """Records of one file in ``fmt``, or in the format its name and content suggest."""
    if fmt is None:
        fmt = sniff_format(path)
    if fmt == "claimreview":
        return read_claimreview(path)
    if fmt == "checkthat":
        return read_checkthat(path)
    raise FactCheckImportError(
        f"{path}: unknown format {fmt!r}; expected one of {', '.join(FORMATS)}"
    )


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders as the fact-check files in them (sorted, recursive)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in (".json", ".jsonl", ".ndjson", ".html", ".htm")
            )  # fmt: skip
        elif path.exists():
            files.append(path)
        else:
            raise FactCheckImportError(f"{path}: no such file or folder")
    return files
