"""Bad input: each case is refused with an InputError (exit code 2) that says what and where."""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsvet.errors import InputError
from newsvet.read import iter_articles, read_article, read_stream, read_text

MB = 1024 * 1024


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


def missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.txt"


def directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder.txt"
    path.mkdir()
    return path


def sparse_50mb(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * MB)
    return path


RECORD = json.dumps({"title": "T", "text": "Body."})

# (id, file factory, words the message must contain)
BAD_FILES: list[tuple[str, Callable[[Path], Path], list[str]]] = [
    ("missing file", missing, ["no such file", "nowhere.txt"]),
    ("directory", directory, ["is a directory", "folder.txt"]),
    ("empty file", write("empty.txt", b""), ["empty.txt", "is empty"]),
    ("whitespace only", write("blank.txt", b" \n\t\r\n  \n"), ["blank.txt", "only whitespace"]),
    (
        "NUL bytes",
        write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ["image.txt", "binary", "NUL byte at offset 8"],
    ),
    (
        "control characters",
        write("ctl.txt", bytes(range(1, 9)) * 20 + b"some text"),
        ["ctl.txt", "binary", "control characters"],
    ),
    ("over the size limit", sparse_50mb, ["huge.txt", "too large", "50.0 MB", "5.0 MB"]),
    (
        "damaged UTF-8",
        write("bad.txt", "Headline “quoted”\nBody".encode() + b" \xff more"),
        ["bad.txt", "not valid UTF-8", "0xff", "offset 27"],
    ),
    (
        "byte undefined in Windows-1252",
        write("legacy.txt", b"Headline\nBody \x81 text"),
        ["legacy.txt", "not valid UTF-8", "0x81", "offset 14"],
    ),
    (
        "HTML without text",
        write(
            "empty.html",
            b"<html><head><title>x</title></head><body><script>var a;</script></body></html>",
        ),
        ["empty.html", "no article text could be extracted"],
    ),
    (
        "markup soup",
        write("soup.html", b"<<<>>> <p <div </ ><<"),
        ["soup.html", "no article text could be extracted"],
    ),
    (
        "malformed JSON line",
        write("feed.jsonl", (RECORD + "\n" + '{"title": "x", "text": }' + "\n").encode()),
        ["feed.jsonl", "line 2", "invalid JSON", "Expecting value", "column 24"],
    ),
    (
        "malformed first JSON line",
        write("first.jsonl", b'{"text": "x"\n' + RECORD.encode()),
        ["first.jsonl", "line 1", "invalid JSON"],
    ),
    (
        "JSON without text",
        write("notext.jsonl", json.dumps({"title": "T", "body": "x"}).encode()),
        ["notext.jsonl", "no 'text' field", "body, title"],
    ),
    (
        "JSON text not a string",
        write("num.jsonl", json.dumps({"text": 42}).encode()),
        ["num.jsonl", "'text' must be a string"],
    ),
    (
        "JSON text empty",
        write("emptytext.jsonl", json.dumps({"text": "  "}).encode()),
        ["emptytext.jsonl", "'text' is empty"],
    ),
    (
        "JSON not an object",
        write("list.jsonl", b'"just a string"'),
        ["list.jsonl", "expected a JSON object"],
    ),
    (
        "several records where one article is expected",
        write("two.jsonl", (RECORD + "\n" + RECORD).encode()),
        ["two.jsonl", "holds 2 JSON records", "newsvet corpus add"],
    ),
]


@pytest.mark.parametrize(
    ("make", "words"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_bad_file_is_refused_with_clear_message(
    tmp_path: Path, make: Callable[[Path], Path], words: list[str]
) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert caught.value.exit_code == 2
    for word in words:
        assert word in str(caught.value)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # a real 50 MB write, not only a sparse file
        stream.write(b"a" * (50 * MB))
    started = time.perf_counter()
    with pytest.raises(InputError, match="too large"):
        read_article(path)
    # Refused from its size alone: reading and scanning 50 MB would take far longer.
    assert time.perf_counter() - started < 0.05


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Headline\n" + b"word " * 300)
    with pytest.raises(InputError, match=r"1\.0 KB"):
        read_article(path, max_bytes=1024)
    assert read_article(path, max_bytes=10_000).text.startswith("Headline")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_is_refused_without_hanging() -> None:
    with pytest.raises(InputError, match="too large"):
        read_article("/dev/zero", max_bytes=1024)


class EndlessStream(io.RawIOBase):
    """A stream that never ends, like a pipe from a runaway process."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"a" * len(buffer)
        return len(buffer)


@pytest.mark.parametrize(
    ("stream", "words"),
    [
        (io.BytesIO(b""), ["<stdin>", "is empty"]),
        (io.BytesIO(b"\x00\x01binary"), ["<stdin>", "binary"]),
        (io.BufferedReader(EndlessStream()), ["<stdin>", "too large"]),
    ],
    ids=["empty", "binary", "endless"],
)
def test_bad_stream_is_refused(stream: io.IOBase, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        read_stream(stream, max_bytes=4096)  # type: ignore[arg-type]
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("text", "kwargs", "words"),
    [
        ("", {}, ["<text>", "is empty"]),
        (" \n\n\t", {}, ["<text>", "only whitespace"]),
        ("a\x00b", {}, ["<text>", "binary"]),
        ("x" * 2000, {"max_bytes": 1000}, ["<text>", "too large"]),
        ("Headline\nBody.", {"format": "pdf"}, ["unknown format 'pdf'", "text, html, jsonl"]),
    ],
    ids=["empty", "whitespace", "NUL", "too large", "unknown format"],
)
def test_bad_text_is_refused(text: str, kwargs: dict[str, object], words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        read_text(text, **kwargs)  # type: ignore[arg-type]
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (missing, ["no such file"]),
        (lambda tmp: tmp, ["holds no article files"]),
        (
            write("feed.jsonl", (RECORD + "\n\n" + "{oops}\n").encode()),
            ["feed.jsonl", "line 3", "invalid JSON"],
        ),
        (
            write("feed.jsonl", (RECORD + "\n" + json.dumps({"title": "x"}) + "\n").encode()),
            ["feed.jsonl, line 2", "no 'text' field"],
        ),
        (
            write("feed.jsonl", RECORD.encode() + b"\n" + b'{"text": "caf\xe9"}\n'),
            ["feed.jsonl, line 2", "not valid UTF-8"],
        ),
    ],
    ids=["missing", "empty folder", "malformed line", "no text", "bad UTF-8"],
)
def test_iter_articles_names_the_bad_line(
    tmp_path: Path, make: Callable[[Path], Path], words: list[str]
) -> None:
    with pytest.raises(InputError) as caught:
        list(iter_articles(make(tmp_path)))
    for word in words:
        assert word in str(caught.value)


def test_iter_articles_checks_the_path_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        iter_articles(tmp_path / "missing.jsonl")  # no next() needed
