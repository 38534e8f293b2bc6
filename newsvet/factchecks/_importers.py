"""Readers for files of earlier fact-checks.

- ``claimreview``: schema.org ClaimReview as fact-checkers publish it: a JSON file (one object,
  a list, an ``@graph``, a DataFeed), JSON lines, or HTML pages with the JSON-LD in
  ``<script type="application/ld+json">``. ClaimReview objects are found wherever they nest.
- ``checkthat``: the verified claims of CLEF CheckThat! 2022 task 2A (``vclaims*.jsonl``:
  ``vclaim_id``, ``vclaim``, ``title``, ``subtitle``, ``author``, ``date``, ``page_url``).

A bad part of a file (a malformed line or JSON-LD block, a review without a claim) is skipped
and reported with the file and line, and the rest of the file is read; a file that cannot be
read at all (missing, not UTF-8, empty, malformed JSON as a whole) is skipped the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from newsvet.factchecks._errors import FactCheckImportError, ImportProblem
from newsvet.factchecks._model import FactCheck, Rating

FORMATS = ("claimreview", "checkthat")
# What a file of each format holds, for "no ... found".
FORMAT_RECORDS = {"claimreview": "ClaimReview", "checkthat": "verified claims"}

# Publishers of the CheckThat! verified claims, by the prefix of their ids.
CHECKTHAT_PUBLISHERS = {"sno": "Snopes"}


# --- shared helpers -------------------------------------------------------------------------
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FOLDER_SUFFIXES = (".json", ".jsonl", ".ndjson", ".html", ".htm")


@dataclass
class FileRead:
    """What one file gave: its records, and the parts of it that were skipped."""

    path: Path
    format: str
    records: list[FactCheck] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def skip(self, reason: str, line: int | None = None) -> None:
        self.problems.append(ImportProblem(self.path, reason, line))


def _read_text(path: Path) -> str | ImportProblem:
    """The file's text, or why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return ImportProblem(path, "no such file")
    except IsADirectoryError:
        return ImportProblem(path, "is a folder, not a file")
    except UnicodeDecodeError as err:
        return ImportProblem(path, f"not UTF-8 text ({err.reason} at byte {err.start})")
    except OSError as err:
        return ImportProblem(path, f"cannot read: {err.strerror}")


def _malformed(
    err: json.JSONDecodeError, first_line: int = 1, first_column: int = 0
) -> tuple[int, str]:
    """The file line and the reason of a JSON error in a text that starts at ``first_line``,
    ``first_column`` (0-based) of the file; the column is the file's column too."""
    column = err.colno + (first_column if err.lineno == 1 else 0)
    return first_line + err.lineno - 1, f"malformed JSON: {err.msg} (column {column})"


def _json_lines(read: FileRead, text: str) -> Iterator[tuple[int, str, Any]]:
    """(line number, line, value) of every readable line; a malformed line is skipped."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            read.skip(_malformed(err, lineno)[1], lineno)
            continue
        yield lineno, line, value


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


# ``"@type": "ClaimReview"`` (or a schema.org URL of it, or a list holding it) in JSON text.
_CLAIMREVIEW_TYPE = re.compile(r'"@type"\s*:\s*(?:\[[^\]]*?)?"(?:[^"]*[/:])?ClaimReview"')


def _claimreview_lines(text: str, first_line: int, expected: int) -> list[int] | None:
    """The file line of each ClaimReview in ``text`` (which starts at ``first_line``), in
    document order, as ``find_claimreviews`` yields them; None where the ``@type`` marks in
    the text do not pair off with the objects found, rather than a wrong line."""
    starts = [m.start() for m in _CLAIMREVIEW_TYPE.finditer(text)]
    if len(starts) != expected:
        return None
    return [first_line + text.count("\n", 0, start) for start in starts]


def _organisation(value: Any) -> str | None:
    return _str(value)


def _language(value: Any) -> str | None:
    """``inLanguage`` is a code ("en") or a Language with a name and, as its
    ``alternateName``, the code; the code is kept where there is one."""
    if isinstance(value, dict):
        return _str(value.get("alternateName")) or _str(value.get("name"))
    return _str(value)


def claimreview_to_record(
    obj: dict[str, Any], path: Path, language: str | None = None
) -> FactCheck | None:
    """One ClaimReview object as a record of the file ``path``; None where it names no
    claim, since a review of nothing cannot be matched."""
    claim = _str(obj.get("claimReviewed"))
    item = obj.get("itemReviewed")
    item = item[0] if isinstance(item, list) and item else item
    item = item if isinstance(item, dict) else {}
    if not claim:
        # Some publishers put the claim's text in the reviewed item instead.
        claim = _str(item.get("text") or item.get("name"))
    if not claim:
        return None
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


def _add_claimreviews(
    read: FileRead, value: Any, text: str, first_line: int, language: str | None = None
) -> None:
    """The ClaimReviews of one JSON value, read from ``text`` at ``first_line`` of the file.
    A review without a claim is skipped and named by its line, where it can be found, and
    by its place among the value's reviews otherwise."""
    found = list(find_claimreviews(value))
    lines = _claimreview_lines(text, first_line, len(found))
    for number, obj in enumerate(found, 1):
        record = claimreview_to_record(obj, read.path, language)
        if record is not None:
            read.records.append(record)
            continue
        line = lines[number - 1] if lines is not None else first_line
        unique = lines is not None and lines.count(line) == 1
        which = (
            "ClaimReview" if len(found) == 1 or unique else f"ClaimReview {number} of {len(found)}"
        )
        read.skip(f"{which} has no claimReviewed text", line)


class _JsonLdScripts(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">`` with the line and
    0-based column where that text starts in the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[tuple[int, int, str]] = []
        self.lang: str | None = None
        self._open: tuple[int, int] | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag == "html" and values.get("lang"):
            self.lang = values["lang"]
        if tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self._open = self.getpos()
            self._parts = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            if not self._parts:
                self._open = self.getpos()  # where the block's text starts, after the tag
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.blocks.append((*self._open, "".join(self._parts)))
            self._open = None


def _read_claimreview_html(read: FileRead, text: str) -> None:
    """A page's JSON-LD blocks: a malformed block (often an unrelated one, a breadcrumb
    list, say) is skipped and the page's other blocks are read."""
    parser = _JsonLdScripts()
    parser.feed(text)
    parser.close()
    for number, (line, column, block) in enumerate(parser.blocks, 1):
        if not block.strip():
            continue
        try:
            value = json.loads(block)
        except json.JSONDecodeError as err:
            at, reason = _malformed(err, line, column)
            read.skip(f"JSON-LD block {number}: {reason}", at)
            continue
        _add_claimreviews(read, value, block, line, parser.lang)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<")


def _read_claimreview(read: FileRead, text: str) -> None:
    """ClaimReview records of one JSON, JSON-lines or HTML file."""
    suffix = read.path.suffix.lower()
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        _read_claimreview_html(read, text)
        return
    if suffix in JSON_LINES_SUFFIXES:
        for lineno, line, value in _json_lines(read, text):
            _add_claimreviews(read, value, line, lineno)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        # JSON lines in a ``.json`` file: several values, one per line.
        if err.msg == "Extra data" and not (suffix == ".json" and text.lstrip().startswith("[")):
            for lineno, line, value in _json_lines(read, text):
                _add_claimreviews(read, value, line, lineno)
            return
        at, reason = _malformed(err)
        read.skip(reason, at)
        return
    _add_claimreviews(read, value, text, 1)


# --- CheckThat! verified claims -------------------------------------------------------------
def _checkthat_record(read: FileRead, lineno: int, obj: Any) -> FactCheck | None:
    if not isinstance(obj, dict):
        read.skip(f"expected a JSON object, got {type(obj).__name__}", lineno)
        return None
    vclaim_id, claim = _str(obj.get("vclaim_id")), _str(obj.get("vclaim"))
    if not vclaim_id or not claim:
        read.skip("verified claim without vclaim_id or vclaim", lineno)
        return None
    prefix = vclaim_id.split("-")[1] if vclaim_id.count("-") >= 2 else ""
    return FactCheck(
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
        source=str(read.path),
    )


def _read_checkthat(read: FileRead, text: str) -> None:
    """The verified claims of CheckThat! 2022 task 2A, one JSON object a line."""
    for lineno, _line, obj in _json_lines(read, text):
        record = _checkthat_record(read, lineno, obj)
        if record is not None:
            read.records.append(record)


_READERS: dict[str, Callable[[FileRead, str], None]] = {
    "claimreview": _read_claimreview,
    "checkthat": _read_checkthat,
}


def sniff_format(path: Path) -> str:
    """``checkthat`` for JSON lines whose first object has a ``vclaim_id``, else
    ``claimreview``."""
    if path.suffix.lower() not in (*JSON_LINES_SUFFIXES, ".json"):
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


def read_file(path: Path, fmt: str | None = None) -> FileRead:
    """Every readable record of one file in ``fmt`` (or the format its name and content
    suggest), and what was skipped: the whole file where it cannot be read, is empty or is
    malformed JSON; a line, a JSON-LD block or a record where only that part is bad."""
    if fmt is None:
        fmt = sniff_format(path)
    reader = _READERS.get(fmt)
    if reader is None:
        raise FactCheckImportError(
            f"{path}: unknown format {fmt!r}; expected one of {', '.join(FORMATS)}"
        )
    read = FileRead(path, fmt)
    text = _read_text(path)
    if isinstance(text, ImportProblem):
        read.problems.append(text)
    elif not text.strip():
        read.skip("empty file")
    else:
        reader(read, text)
    return read


def read_path(path: Path, fmt: str | None = None) -> list[FactCheck]:
    """Records of one file, all or nothing: the first problem of the file is raised as a
    ``FactCheckImportError``. ``read_file`` keeps the good records instead."""
    read = read_file(path, fmt)
    if read.problems:
        raise FactCheckImportError(str(read.problems[0]), read.problems)
    return read.records


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders as the fact-check files in them (sorted, recursive). A path
    that does not exist, or a folder without such files, is refused before anything is read:
    it is a mistake in the command, not in the data."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*"))
                     if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES]  # fmt: skip
            if not found:
                raise FactCheckImportError(
                    f"{path}: no fact-check files in this folder "
                    f"(looked for {', '.join(FOLDER_SUFFIXES)})"
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise FactCheckImportError(f"{path}: no such file or folder")
    return files
