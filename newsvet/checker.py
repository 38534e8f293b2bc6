"""The default pipeline and the one function most users need: ``check``."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

# Importing the stage modules registers their stages.
import newsvet.assess
import newsvet.claims
import newsvet.link
import newsvet.mentions
import newsvet.segment
import newsvet.verify  # noqa: F401
from newsvet.document import Document
from newsvet.pipeline import Pipeline
from newsvet.pipeline.resources import Resources
from newsvet.read import read_article, read_text
from newsvet.report import Report

# Why this order: sentences bound every later span; names must be found before they can be
# linked; claims need linked entities for their frames; verdicts need claims; the article's
# signals summarise verdicts.
DEFAULT_STAGES: tuple[str, ...] = (
    "newsvet.segment.v1",
    "newsvet.mentions.v1",
    "newsvet.link.v1",
    "newsvet.claims.v1",
    "newsvet.verify.v2",
    "newsvet.assess.v1",
)


class Checker:
    """A pipeline with its models and knowledge base loaded once, for many articles."""

    def __init__(
        self,
        kb_path: str | Path | None = None,
        stages: Sequence[str] = DEFAULT_STAGES,
        resources: Resources | None = None,
        *,
        corpus_path: str | Path | None = None,
        factchecks_path: str | Path | None = None,
    ) -> None:
        self.resources = resources or Resources(
            kb_path, corpus_path=corpus_path, factchecks_path=factchecks_path
        )
        self.pipeline = Pipeline(stages, self.resources)

    def run(self, doc: Document) -> Document:
        return self.pipeline(doc)

    def check_document(self, doc: Document) -> Report:
        return Report.from_document(self.run(doc))

    def check(self, text_or_path: str | Path) -> Report:
        return self.check_document(load(text_or_path))


def load(text_or_path: str | Path) -> Document:
    """A path (a ``Path``, or a one-line string naming an existing file) is read as a
    file; any other string is the article's text."""
    if isinstance(text_or_path, Path):
        return read_article(text_or_path)
    if "\n" not in text_or_path and len(text_or_path) < 4096 and Path(text_or_path).is_file():
        return read_article(Path(text_or_path))
    return read_text(text_or_path)


_default: dict[tuple[str | None, ...], Checker] = {}
_lock = threading.Lock()


def default_checker(
    kb_path: str | Path | None = None,
    *,
    corpus_path: str | Path | None = None,
    factchecks_path: str | Path | None = None,
) -> Checker:
    """One checker per set of stores, kept for the life of the process."""
    key = tuple(str(p) if p is not None else None for p in (kb_path, corpus_path, factchecks_path))
    with _lock:
        if key not in _default:
            _default[key] = Checker(
                kb_path, corpus_path=corpus_path, factchecks_path=factchecks_path
            )
        return _default[key]


def check(text_or_path: str | Path, *, kb_path: str | Path | None = None) -> Report:
    """Vet one article (its text, or the path of a text, HTML or JSON-lines file)."""
    return default_checker(kb_path).check(text_or_path)
