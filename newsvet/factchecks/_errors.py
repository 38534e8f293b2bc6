"""Errors of the fact-check store: bad input files (exit 2) and a broken store file."""

from __future__ import annotations

from newsvet.errors import InputError, NewsvetError


class FactCheckImportError(InputError):
    """A file of fact-checks cannot be read: malformed JSON, a ClaimReview without a claim,
    an unknown format. The message names the file and, where known, the line."""


class FactCheckStoreError(NewsvetError):
    """The fact-check store file is not a readable SQLite database of this schema."""

    exit_code = 3
