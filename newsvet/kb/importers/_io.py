"""Opening source files, plain or gzip-compressed, with errors that name the file."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from typing import IO

from newsvet.errors import KnowledgeBaseError

_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def open_binary(path: Path) -> IO[bytes]:
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as err:
        raise KnowledgeBaseError(f"{path}: cannot open source file: {err}") from err


def read_text(path: Path, encoding: str = "utf-8") -> str:
    try:
        with open_binary(path) as fh:
            return fh.read().decode(encoding)
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise KnowledgeBaseError(f"{path}: cannot read source file: {err}") from err


def date_in_name(path: Path) -> str | None:
    match = _DATE_IN_NAME.search(path.name)
    return match.group(1) if match else None


def is_iso_date(value: str) -> bool:
    """ISO 8601 date of year, month or day precision ("2025", "2025-05", "2025-05-07")."""
    return bool(_ISO_DATE.match(value))


def stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".json", ".ftm", ".xml", ".csv", ".yaml", ".yml"):
        name = name.removesuffix(suffix)
    return name.removesuffix(".ftm")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
