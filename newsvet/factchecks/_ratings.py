"""What a fact-checker's rating says about the claim it reviewed.

Fact-checkers publish their verdicts in their own words ("Pants on Fire", "Mostly true",
"Missing context") and sometimes as a number on their own scale. ``rating_to_stance`` maps
both onto newsvet's stance and a weight in 0..1 that says how firmly the rating takes that
stance. A mixed or non-committal rating ("half true", "unproven", "satire") gives
``UNRELATED``: it neither supports nor refutes the claim, so it must not move a verdict.

The words are matched after lower-casing and dropping punctuation: first the whole rating,
then the longest phrase of the table found in it ("False. The photo is from 2015." is
"false"; "mostly false" wins over "false"). Words win over numbers because many publishers
fill ``ratingValue`` with an arbitrary scale position while the words are what readers see.
"""

from __future__ import annotations

import re

from newsvet.document import Stance
from newsvet.factchecks._model import Rating

S, R, U = Stance.SUPPORTS, Stance.REFUTES, Stance.UNRELATED

# (phrase, stance, weight). Weights: 1.0 the claim is plainly true or false; 0.7-0.8 mostly
# so; 0.5-0.6 the claim misleads (its literal content may hold); 0.3 a weak lean.
RATING_TABLE: tuple[tuple[str, Stance, float], ...] = (
    # refutes
    ("false", R, 1.0),
    ("pants on fire", R, 1.0),
    ("fake", R, 1.0),
    ("incorrect", R, 1.0),
    ("inaccurate", R, 0.9),
    ("wrong", R, 1.0),
    ("not true", R, 1.0),
    ("untrue", R, 1.0),
    ("hoax", R, 1.0),
    ("fabricated", R, 1.0),
    ("fabrication", R, 1.0),
    ("scam", R, 1.0),
    ("not real", R, 1.0),
    ("baseless", R, 0.9),
    ("four pinocchios", R, 1.0),
    ("three pinocchios", R, 0.8),
    ("two pinocchios", R, 0.6),
    ("mostly false", R, 0.8),
    ("largely false", R, 0.8),
    ("partly false", R, 0.6),
    ("partially false", R, 0.6),
    ("manipulated", R, 0.8),
    ("altered", R, 0.8),
    ("doctored", R, 0.9),
    ("misattributed", R, 0.7),
    ("miscaptioned", R, 0.7),
    ("false context", R, 0.7),
    ("out of context", R, 0.6),
    ("misleading", R, 0.6),
    ("distorted", R, 0.6),
    ("exaggerated", R, 0.5),
    ("exaggeration", R, 0.5),
    ("missing context", R, 0.3),
    ("needs context", R, 0.3),
    ("lacks context", R, 0.3),
    # supports
    ("true", S, 1.0),
    ("correct", S, 1.0),
    ("accurate", S, 1.0),
    ("verified", S, 1.0),
    ("confirmed", S, 1.0),
    ("real", S, 0.9),
    ("geppetto checkmark", S, 1.0),
    ("mostly true", S, 0.8),
    ("mostly correct", S, 0.8),
    ("mostly accurate", S, 0.8),
    ("largely true", S, 0.8),
    ("largely accurate", S, 0.8),
    ("correct attribution", S, 0.9),
    ("one pinocchio", S, 0.3),
    # neither: mixed, unsettled or not a factual claim
    ("half true", U, 0.0),
    ("half truth", U, 0.0),
    ("mixture", U, 0.0),
    ("mixed", U, 0.0),
    ("partly true", U, 0.0),
    ("partially true", U, 0.0),
    ("unproven", U, 0.0),
    ("unverified", U, 0.0),
    ("unsupported", U, 0.0),
    ("no evidence", U, 0.0),
    ("research in progress", U, 0.0),
    ("undetermined", U, 0.0),
    ("satire", U, 0.0),
    ("labeled satire", U, 0.0),
    ("opinion", U, 0.0),
    ("legend", U, 0.0),
    ("outdated", U, 0.0),
    ("flip flop", U, 0.0),
    ("full flop", U, 0.0),
    ("half flip", U, 0.0),
    ("no flip", U, 0.0),
)

_BY_PHRASE = {phrase: (stance, weight) for phrase, stance, weight in RATING_TABLE}
# Longest phrases first, so that "mostly false" is found before "false".
_PHRASES = sorted(_BY_PHRASE, key=len, reverse=True)
_PHRASE_RES = [(p, re.compile(rf"\b{re.escape(p)}\b")) for p in _PHRASES]

# A numeric rating this close to the middle of its scale is read as mixed.
NUMERIC_DEAD_BAND = 0.15


def normalise_rating(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.lower().replace("-", " "))
    return " ".join(text.split())


def text_to_stance(text: str) -> tuple[Stance, float] | None:
    """The stance the rating's words take, or None when no phrase of the table is in them."""
    norm = normalise_rating(text)
    if not norm:
        return None
    if norm in _BY_PHRASE:
        return _BY_PHRASE[norm]
    for _phrase, pattern in _PHRASE_RES:
        if pattern.search(norm):
            return _BY_PHRASE[_phrase]
    return None


def numeric_to_stance(value: float, best: float, worst: float) -> tuple[Stance, float] | None:
    """Read a numeric rating by its position between ``worst`` (0) and ``best`` (1)."""
    if best == worst:
        return None
    position = (value - worst) / (best - worst)
    if not 0.0 <= position <= 1.0:
        return None
    lean = position - 0.5
    if abs(lean) < NUMERIC_DEAD_BAND:
        return (U, 0.0)
    weight = round(min(1.0, abs(lean) / 0.5), 3)
    return (S, weight) if lean > 0 else (R, weight)


def rating_to_stance(rating: Rating) -> tuple[Stance, float]:
    """The stance a fact-check's rating takes on the claim it reviewed, and how firmly."""
    if rating.text:
        found = text_to_stance(rating.text)
        if found is not None:
            return found
    if rating.value is not None:
        # schema.org's defaults when a publisher gives no scale: 1 (worst) to 5 (best).
        best = 5.0 if rating.best is None else rating.best
        worst = 1.0 if rating.worst is None else rating.worst
        found = numeric_to_stance(rating.value, best, worst)
        if found is not None:
            return found
    return (U, 0.0)
