"""Errors of the fact-check store: bad input files (exit 2) and a broken store file, and the
parts of input files that an import skips."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsvet.errors import InputError, NewsvetError


@dataclass(frozen=True)
class ImportProblem:
    """A file, or a part of one (a line, a JSON-LD block, a record), that an import skipped,
    and why. ``str()`` names the place once: ``file:line: reason``, or ``file: reason`` where
    the line is not known."""

    path: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.reason}"


class FactCheckImportError(InputError):
    """Fact-checks cannot be imported: a path that does not exist, an unknown format, or files
    of which nothing could be read. ``problems`` holds what was skipped, where known."""

    def __init__(self, message: str, problems: Sequence[ImportProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)

    @classmethod
    def from_problems(cls, problems: Sequence[ImportProblem]) -> FactCheckImportError:
        """One message for a read that failed: the problem itself where there is one, else
        the first and how many more."""
        if not problems:
            return cls("no fact-checks could be read")
        if len(problems) == 1:
            return cls(str(problems[0]), problems)
        more = len(problems) - 1
        return cls(
            f"no fact-checks could be read; {problems[0]} (and {more} more "
            f"problem{'s' if more != 1 else ''})",
            problems,
        )


class FactCheckStoreError(NewsvetError):
    """The fact-check store file is not a readable SQLite database of this schema."""

    exit_code = 3
