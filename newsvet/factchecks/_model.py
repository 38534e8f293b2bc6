"""Plain data for earlier fact-checks: one record per reviewed claim, and a match of a claim
against one record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from newsvet.document import Stance


@dataclass(frozen=True)
class Rating:
    """The fact-checker's verdict as published: its own words and, where given, a number on
    the fact-checker's scale (``worst`` .. ``best``)."""

    text: str | None = None
    value: float | None = None
    best: float | None = None
    worst: float | None = None


@dataclass(frozen=True)
class FactCheck:
    """One earlier fact-check of one claim."""

    id: str
    claim: str
    rating: Rating = field(default_factory=Rating)
    claimant: str | None = None
    date: str | None = None  # ISO date where it could be read, else as published
    fact_checker: str | None = None  # the organisation that published the review
    reviewer: str | None = None  # the person who wrote it, where named
    url: str | None = None
    title: str | None = None
    summary: str | None = None
    language: str | None = None
    source_format: str = "claimreview"
    source: str | None = None  # the file it was imported from

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Match:
    """An earlier fact-check that addresses the claim: ``score`` says how sure the match is
    (0..1 from the re-ranker, a fused rank score otherwise); ``stance`` and ``weight`` are
    what the fact-checker's rating says about the claim (see ``rating_to_stance``)."""

    fact_check: FactCheck
    score: float
    stance: Stance
    weight: float
    lexical: float = 0.0  # BM25 score of the record for the claim
    dense: float = 0.0  # cosine of the claim with the record's reviewed claim

    @property
    def id(self) -> str:
        return self.fact_check.id

    @property
    def claim(self) -> str:
        return self.fact_check.claim

    def to_dict(self) -> dict[str, Any]:
        data = self.fact_check.to_dict()
        data.update(
            score=round(self.score, 4),
            stance=self.stance.value,
            weight=round(self.weight, 3),
            lexical=round(self.lexical, 4),
            dense=round(self.dense, 4),
        )
        return data
