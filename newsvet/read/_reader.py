"""Reading articles from files, folders, streams and strings, with every check a user's
bad input needs: missing, a folder, empty, binary, too large, not UTF-8, malformed."""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal

from newsvet.document import ArticleMeta, Document
from newsvet.errors import InputError
from newsvet.read._bytes import (
    DEFAULT_MAX_BYTES,
    bytes_to_text,
    check_not_binary,
    check_not_blank,
    format_size,
    normalise_newlines,
    read_limited,
    too_large,
)
from newsvet.read._formats import (
    EXTENSIONS,
    canonical_format,
    detect_format,
    format_from_name,
    json_records,
    line_error,
    parse_html,
    parse_plain,
    parse_record,
)

log = logging.getLogger(__name__)

Errors = Literal["raise", "skip"]
STDIN = "-"


def read_article(
    source: str | os.PathLike[str],
    *,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read one article from a file (``"-"`` reads standard input).

    ``format`` is ``"text"``, ``"html"`` or ``"jsonl"``; by default the extension decides,
    or the content when the extension is unknown. ``name`` replaces the path in messages
    and in ``meta.source_path`` (for an upload, its original file name).
    """
    if str(source) == STDIN:
        return read_stream(sys.stdin.buffer, format=format, name=name, max_bytes=max_bytes)
    path = Path(source)
    where = name or str(path)
    info = _stat(path, where)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            f"{where} is a directory, not a file; add a folder of articles with `newsvet corpus add`"
        )
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise too_large(where, info.st_size, max_bytes)
    try:
        with path.open("rb") as stream:
            data = read_limited(stream, where, max_bytes)
    except OSError as err:
        raise InputError(f"cannot read {where}: {err.strerror or err}") from err
    text = bytes_to_text(data, where)
    return _build(text, format, name or path.name, where, source_path=where)


def read_stream(
    stream: BinaryIO,
    *,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read one article from a binary stream (standard input, an upload) with the same
    checks as a file; at most ``max_bytes + 1`` bytes are ever read."""
    where = name or "<stdin>"
    data = read_limited(stream, where, max_bytes)
    text = bytes_to_text(data, where)
    return _build(text, format, name, where, source_path=name)


def read_text(
    text: str,
    *,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read one article from text already in memory (a pasted article, an API request)."""
    where = name or "<text>"
    if not isinstance(text, str):
        raise InputError(f"{where}: expected text (str), got {type(text).__name__}")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise too_large(where, size, max_bytes)
    if "\x00" in text:
        raise InputError(f"{where} looks like binary data, not an article: it holds NUL characters")
    text = normalise_newlines(text)
    check_not_blank(text, where)
    return _build(text, format, name, where, source_path=name)


def _stat(path: Path, where: str) -> os.stat_result:
    try:
        return path.stat()
    except FileNotFoundError:
        raise InputError(f"no such file: {where}") from None
    except OSError as err:
        raise InputError(f"cannot read {where}: {err.strerror or err}") from err


def _build(
    text: str, format: str | None, name: str | None, where: str, *, source_path: str | None
) -> Document:
    fmt = canonical_format(format, where) if format else detect_format(name, text)
    meta = ArticleMeta(source_path=source_path, format=fmt)
    if fmt == "html":
        return parse_html(text, meta, where)
    if fmt == "jsonl":
        records = list(json_records(text, where))
        if len(records) != 1:
            raise InputError(
                f"{where} holds {len(records)} JSON records, not one article; check them one "
                "at a time, or add them to the corpus with `newsvet corpus add`"
            )
        record_where, record = records[0]
        return parse_record(record, meta, record_where)
    return parse_plain(text, meta)


# --- several articles --------------------------------------------------------------------


def iter_articles(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    errors: Errors = "raise",
) -> Iterator[Document]:
    """Every article in a JSON-lines file, a JSON array, or a folder (searched recursively
    for .txt, .html and .jsonl files; hidden files skipped), in a stable order.

    JSON lines are streamed, so a file of any length can be read; ``max_bytes`` limits each
    line and each single-article file. With ``errors="skip"`` an unreadable article is logged
    and skipped instead of ending the iteration. The path is checked at once, not on the
    first ``next()``.
    """
    root = Path(path)
    info = _stat(root, str(root))
    if stat.S_ISDIR(info.st_mode):
        files = _article_files(root)
        if not files:
            known = ", ".join(sorted(EXTENSIONS))
            raise InputError(f"{root} holds no article files ({known})")
    else:
        files = [root]
    return _iter_files(files, format, max_bytes, errors)


def _article_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in EXTENSIONS
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _iter_files(
    files: list[Path], format: str | None, max_bytes: int, errors: Errors
) -> Iterator[Document]:
    for file in files:
        fmt = canonical_format(format, str(file)) if format else format_from_name(file.name)
        if fmt is None:
            fmt = _sniff_file(file)
        if fmt == "jsonl":
            yield from _guarded(partial(_iter_json_file, file, max_bytes, errors), errors)
        else:
            read = partial(read_article, file, format=fmt, max_bytes=max_bytes)
            yield from _guarded(partial(_one, read), errors)


def _guarded(make: Callable[[], Iterator[Document]], errors: Errors) -> Iterator[Document]:
    """Run ``make`` and yield its documents; with ``errors="skip"`` an InputError is logged
    and ends only this source."""
    try:
        yield from make()
    except InputError as err:
        if errors == "raise":
            raise
        log.warning("skipped: %s", err)


def _one(read: Callable[[], Document]) -> Iterator[Document]:
    yield read()


def _sniff_file(file: Path) -> str:
    try:
        with file.open("rb") as stream:
            head = stream.read(4096)
    except OSError as err:
        raise InputError(f"cannot read {file}: {err.strerror or err}") from err
    return detect_format(None, head.decode("utf-8", errors="replace"))


def _iter_json_file(file: Path, max_bytes: int, errors: Errors) -> Iterator[Document]:
    where = str(file)
    with file.open("rb") as stream:
        head = stream.read(64).lstrip()
        stream.seek(0)
        if head.startswith((b"[", b"\xef\xbb\xbf[")):
            yield from _iter_json_whole(file, max_bytes, errors)
            return
        first = True
        for number, line in _limited_lines(stream, where, max_bytes):
            if not line.strip():
                continue
            is_first, first = first, False
            try:
                record = _decode_json_line(line, where, number)
            except InputError as err:
                if is_first and _is_one_json_object(file, max_bytes):
                    # One pretty-printed object spread over lines.
                    yield from _iter_json_whole(file, max_bytes, errors)
                    return
                if errors == "raise":
                    raise
                log.warning("skipped: %s", err)
                continue
            read = partial(_record_document, record, file, f"{where}, line {number}")
            yield from _guarded(partial(_one, read), errors)


def _is_one_json_object(file: Path, max_bytes: int) -> bool:
    if file.stat().st_size > max_bytes:
        return False
    try:
        value = json.loads(file.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(value, dict)


def _iter_json_whole(file: Path, max_bytes: int, errors: Errors) -> Iterator[Document]:
    where = str(file)
    info = _stat(file, where)
    if info.st_size > max_bytes:
        raise too_large(where, info.st_size, max_bytes)
    with file.open("rb") as stream:
        text = bytes_to_text(read_limited(stream, where, max_bytes), where)
    for record_where, record in json_records(text, where):
        read = partial(_record_document, record, file, record_where)
        yield from _guarded(partial(_one, read), errors)


def _limited_lines(stream: BinaryIO, where: str, max_bytes: int) -> Iterator[tuple[int, bytes]]:
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes:
            raise InputError(f"{where}, line {number} is too large: over {format_size(max_bytes)}")
        yield number, line


def _decode_json_line(line: bytes, where: str, number: int) -> object:
    here = f"{where}, line {number}"
    if number == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    check_not_binary(line, here)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{here} is not valid UTF-8: byte 0x{line[err.start : err.start + 1].hex()} "
            f"at column {err.start + 1}"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise line_error(where, number, err) from None


def _record_document(record: object, file: Path, where: str) -> Document:
    meta = ArticleMeta(source_path=str(file), format="jsonl")
    return parse_record(record, meta, where)
