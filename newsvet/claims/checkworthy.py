"""Check-worthiness: how much a statement is worth checking, 0..1.

A scorer is a function from :class:`CheckworthinessFeatures` to a score, registered under
a versioned name, so a learned model can replace the rules without touching the stage and
old results stay reproducible under the old name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsvet.errors import PipelineError

DEFAULT_SCORER = "newsvet.checkworthy.rules.v1"


@dataclass(frozen=True)
class CheckworthinessFeatures:
    n_entities: int  # named things mentioned (people, groups, places, ...)
    n_linked: int  # of those, how many the link stage tied to the knowledge base
    n_proper_nouns: int  # proper nouns no mention covers (names the recogniser missed)
    has_number: bool
    has_date: bool
    has_factual_verb: bool  # a predicate that reports something that happened
    has_event_noun: bool
    n_content_words: int  # nouns, verbs, adjectives, numbers
    n_subjective: int  # background or scene-setting words
    n_opinion: int  # evaluative words
    is_question: bool


Scorer = Callable[[CheckworthinessFeatures], float]

_SCORERS: dict[str, Scorer] = {}


def register_scorer(name: str) -> Callable[[Scorer], Scorer]:
    def decorate(fn: Scorer) -> Scorer:
        if name in _SCORERS:
            raise PipelineError(f"check-worthiness scorer {name!r} is registered twice")
        _SCORERS[name] = fn
        return fn

    return decorate


def get_scorer(name: str) -> Scorer:
    try:
        return _SCORERS[name]
    except KeyError:
        known = ", ".join(sorted(_SCORERS))
        raise PipelineError(f"unknown check-worthiness scorer {name!r} (known: {known})") from None


@register_scorer(DEFAULT_SCORER)
def score_rules_v1(f: CheckworthinessFeatures) -> float:
    """Hand-set weights: named things, numbers, dates and factual verbs make a statement
    checkable; feelings, scene-setting and very short statements make it background."""
    score = 0.1
    score += min(f.n_entities, 2) * 0.2
    score += 0.1 if f.n_linked else 0.0
    score += min(f.n_proper_nouns, 2) * 0.1
    score += 0.2 if f.has_number else 0.0
    score += 0.15 if f.has_date else 0.0
    score += 0.15 if f.has_factual_verb else 0.0
    score += 0.1 if f.has_event_noun else 0.0
    score -= 0.15 * min(f.n_subjective, 2)
    score -= 0.1 * min(f.n_opinion, 2)
    score -= 0.2 if f.n_content_words < 3 else 0.0
    score -= 0.1 if f.is_question else 0.0
    return round(max(0.0, min(1.0, score)), 3)
