"""Patterns built from the knowledge base's names and aliases, so that spellings the
statistical recogniser misses ("LTTE", "Op Desert Storm", "Hizballah") are still found."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

if TYPE_CHECKING:
    from newsvet.kb import KnowledgeBase

log = logging.getLogger(__name__)

_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,6}$")
_MIN_LENGTH = 3
# Names of kinds that are too ambiguous to search for in free text.
_SKIPPED_KINDS = frozenset({"weak"})


@dataclass(frozen=True)
class NameMatch:
    start: int  # character offsets into the parsed text
    end: int
    entity_id: str
    schema: str
    kind: str


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name)) and sum(c.isupper() for c in name) >= 2


def _variants(name: str, kind: str) -> Iterable[tuple[str, bool]]:
    """(pattern text, case-sensitive?) pairs for one knowledge-base name."""
    if kind == "acronym" or is_acronym(name) or (name.isupper() and len(name) <= 5):
        yield name, True
        return
    if " " not in name.strip() and "-" not in name:
        # A single word is only a name when written as one: "Hamas", not "hamas".
        yield name, True
        if name.isupper():
            yield name.title(), True
        return
    yield name, False


class KBNameMatcher:
    """Finds every knowledge-base name in a parsed document in one pass."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        started = time.perf_counter()
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._keys: dict[str, tuple[str, str, str]] = {}
        exact: dict[str, list[str]] = {}
        folded: dict[str, list[str]] = {}
        for record in kb.names():
            name = record.name.strip()
            if record.kind in _SKIPPED_KINDS or len(name) < _MIN_LENGTH:
                continue
            if record.schema == "Person" and " " not in name:
                continue  # one-word personal names ("Ali") match too much
            key = f"{record.entity_id}|{record.kind}"
            self._keys[key] = (record.entity_id, record.schema, record.kind)
            for text, case_sensitive in _variants(name, record.kind):
                (exact if case_sensitive else folded).setdefault(key, []).append(text)
        self._add(nlp, self._exact, exact)
        self._add(nlp, self._folded, folded)
        log.debug(
            "built name matcher over %d names in %.2fs",
            len(self._keys),
            time.perf_counter() - started,
        )

    @staticmethod
    def _add(nlp: Language, matcher: PhraseMatcher, patterns: dict[str, list[str]]) -> None:
        texts = sorted({text for values in patterns.values() for text in values})
        docs = dict(zip(texts, nlp.tokenizer.pipe(texts), strict=True))  # type: ignore[union-attr]
        for key, values in patterns.items():
            matcher.add(key, [docs[text] for text in values])

    def __call__(self, doc: Doc) -> list[NameMatch]:
        found: list[NameMatch] = []
        for matcher in (self._exact, self._folded):
            for match_id, start, end in matcher(doc):
                entity_id, schema, kind = self._keys[doc.vocab.strings[match_id]]
                span = doc[start:end]
                found.append(NameMatch(span.start_char, span.end_char, entity_id, schema, kind))
        return found
