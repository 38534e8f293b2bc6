"""From the paths a user names to articles: files, folders (recursively), feeds, JSON lines.

Every unit that can fail on its own (a file, a JSON line, a feed) yields either documents
or one failure with its reason, so that one bad file never hides the good ones beside it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsvet.corpus._feeds import FEED_EXTENSIONS, looks_like_feed, read_feed
from newsvet.document import Document
from newsvet.errors import InputError
from newsvet.read import DEFAULT_MAX_BYTES, detect_format, iter_articles, read_article, read_text

ARTICLE_EXTENSIONS = (
    ".txt",
    ".text",
    ".md",
    ".html",
    ".htm",
    ".xhtml",
    ".jsonl",
    ".ndjson",
    ".json",
)
JSON_EXTENSIONS = (".jsonl", ".ndjson", ".json")


@dataclass
class Item:
    """One article read, or one unit that could not be read."""

    where: str
    document: Document | None = None
    error: str | None = None


def list_files(paths: list[str | os.PathLike[str]]) -> tuple[list[Path], list[Item]]:
    """The files to read, in order, and the paths that cannot be read at all.

    Folders are searched recursively for article and feed files (hidden ones skipped); a
    file named on its own is read whatever its extension."""
    files: list[Path] = []
    missing: list[Item] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                missing.append(Item(str(path), error=f"{path} holds no article or feed files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Item(str(path), error=f"no such file or folder: {path}"))
    return files, missing


def _folder_files(root: Path) -> list[Path]:
    known = ARTICLE_EXTENSIONS + FEED_EXTENSIONS
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in known
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def read_file(path: Path) -> Iterator[Item]:
    """Every article in one file, or the failures that stopped it."""
    try:
        kind = _kind(path)
        if kind == "feed":
            for document in read_feed(path):
                yield Item(document.meta.source_path or str(path), document)
        elif kind == "jsonl":
            yield from _json_file(path)
        else:
            yield Item(str(path), read_article(path))
    except InputError as err:
        yield Item(str(path), error=str(err))


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSON_EXTENSIONS:
        return "jsonl"
    head = _head(path)
    if suffix in FEED_EXTENSIONS or (suffix not in ARTICLE_EXTENSIONS and looks_like_feed(head)):
        if not looks_like_feed(head):
            raise InputError(f"{path} is neither an RSS nor an Atom feed")
        return "feed"
    if suffix in ARTICLE_EXTENSIONS:
        return "article"
    return "jsonl" if detect_format(None, head.decode("utf-8", "replace")) == "jsonl" else "article"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(4096)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err


def _json_file(path: Path) -> Iterator[Item]:
    """JSON lines one by one, so that a bad line costs only itself; a JSON array or one
    pretty-printed object is read whole by newsvet.read."""
    if _head(path).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        yield from _whole_json(path)
        return
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            where = f"{path}, line {number}"
            if not raw.strip():
                continue
            if number == 1 and not _is_json(raw):
                yield from _whole_json(path)  # maybe one object spread over lines
                return
            yield _json_line(raw, where)


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False
    return True


def _json_line(raw: bytes, where: str) -> Item:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return Item(where, error=f"{where} is not valid UTF-8 (byte {err.start})")
    try:
        return Item(where, read_text(line, format="jsonl", name=where, max_bytes=DEFAULT_MAX_BYTES))
    except InputError as err:
        # The reader saw one line of text and calls it "line 1"; the place is ``where``.
        return Item(where, error=str(err).replace(f"{where}, line 1", where, 1))


def _whole_json(path: Path) -> Iterator[Item]:
    try:
        for document in iter_articles(path, format="jsonl"):
            yield Item(document.meta.source_path or str(path), document)
    except InputError as err:
        yield Item(str(path), error=str(err))
