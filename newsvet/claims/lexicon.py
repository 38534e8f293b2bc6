"""The cue lexicons of the claims stage, read once from ``cues.yaml``.

The rules in this package are generic; the words they look for are data. A different
lexicon (another language, a stricter opinion list) is a different YAML file passed to
:func:`load_lexicon`, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsvet.errors import NewsvetError

Phrase = tuple[str, ...]


class LexiconError(NewsvetError):
    """The cue lexicon file is missing a section or holds a value of the wrong kind."""


@dataclass(frozen=True)
class Lexicon:
    # attribution
    reporting_lemmas: frozenset[str]
    reporting_forms: frozenset[str]
    content_openers: frozenset[str]
    source_phrases: tuple[Phrase, ...]
    document_nouns: frozenset[str]
    unnamed_nouns: frozenset[str]
    group_nouns: frozenset[str]
    unnamed_determiners: frozenset[str]
    reported_words: frozenset[str]
    reported_phrases: tuple[Phrase, ...]
    report_nouns: frozenset[str]
    # certainty
    speculative_words: frozenset[str]
    speculative_phrases: tuple[Phrase, ...]
    hedge_words: frozenset[str]
    hedge_phrases: tuple[Phrase, ...]
    # types
    designation_lemmas: frozenset[str]
    designation_phrases: tuple[Phrase, ...]
    causal_phrases: tuple[Phrase, ...]
    prediction_words: frozenset[str]
    prediction_phrases: tuple[Phrase, ...]
    opinion_words: frozenset[str]
    opinion_phrases: tuple[Phrase, ...]
    question_openers: frozenset[str]
    # frames
    light_lemmas: frozenset[str]
    aspect_lemmas: frozenset[str]
    event_nouns: frozenset[str]
    attempt_nouns: frozenset[str]
    patient_preps: frozenset[str]
    place_preps: frozenset[str]
    relative_pronouns: frozenset[str]
    negations: frozenset[str]
    # split
    separate_adverbial_marks: frozenset[str]
    consequence_lemmas: frozenset[str]
    # check-worthiness
    factual_lemmas: frozenset[str]
    subjective_words: frozenset[str]
    entity_labels: frozenset[str]
    number_labels: frozenset[str]
    date_labels: frozenset[str]
    place_labels: frozenset[str]
    threshold: float


DEFAULT_LEXICON = "cues.yaml"

# Which YAML section each field lives in; the field's kind follows from its name.
_SECTIONS = {
    "attribution": (
        "reporting_lemmas", "reporting_forms", "content_openers", "source_phrases",
        "document_nouns", "unnamed_nouns", "group_nouns", "unnamed_determiners", "reported_words",
        "reported_phrases", "report_nouns",
    ),
    "certainty": ("speculative_words", "speculative_phrases", "hedge_words", "hedge_phrases"),
    "types": (
        "designation_lemmas", "designation_phrases", "causal_phrases", "prediction_words",
        "prediction_phrases", "opinion_words", "opinion_phrases", "question_openers",
    ),
    "frames": (
        "light_lemmas", "aspect_lemmas", "event_nouns", "attempt_nouns", "patient_preps", "place_preps",
        "relative_pronouns", "negations",
    ),
    "split": ("separate_adverbial_marks", "consequence_lemmas"),
    "checkworthiness": (
        "factual_lemmas", "subjective_words", "entity_labels", "number_labels", "date_labels",
        "place_labels", "threshold",
    ),
}  # fmt: skip


def _words(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"cue lexicon: {where} must be a list of strings")
    return [v.strip() for v in value]


def _convert(name: str, value: Any, where: str) -> Any:
    if name == "threshold":
        if not isinstance(value, int | float):
            raise LexiconError(f"cue lexicon: {where} must be a number")
        return float(value)
    words = _words(value, where)
    if name.endswith("_phrases"):
        return tuple(tuple(w.lower().split()) for w in words if w)
    if name.endswith("_labels"):
        return frozenset(w.upper() for w in words)
    return frozenset(w.lower() for w in words)


def parse_lexicon(data: Any, source: str = "<lexicon>") -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML mapping; ``source`` names it in errors."""
    if not isinstance(data, dict):
        raise LexiconError(f"cue lexicon {source}: expected a mapping of sections")
    fields: dict[str, Any] = {}
    for section, names in _SECTIONS.items():
        block = data.get(section)
        if not isinstance(block, dict):
            raise LexiconError(f"cue lexicon {source}: section {section!r} is missing")
        for name in names:
            if name not in block:
                raise LexiconError(f"cue lexicon {source}: {section}.{name} is missing")
            fields[name] = _convert(name, block[name], f"{source}: {section}.{name}")
    return Lexicon(**fields)


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon at ``path``, or the one shipped with the package. Cached per path."""
    if path is None:
        text = resources.files("newsvet.claims").joinpath(DEFAULT_LEXICON).read_text("utf-8")
        source = DEFAULT_LEXICON
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as err:
            raise LexiconError(f"cannot read cue lexicon {path}: {err.strerror}") from err
        source = str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise LexiconError(f"cue lexicon {source} is not valid YAML: {err}") from err
    return parse_lexicon(data, source)
