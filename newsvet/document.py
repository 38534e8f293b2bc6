"""The article document: the one object that flows through every pipeline stage.

Each stage reads the fields earlier stages filled and adds its own. Every span is a
pair of character offsets into ``Document.text``, the exact text newsvet analyses,
so a claim, a mention or an anomaly can always be shown in its original context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    SUPPORTED = "supported"
    REFUTED = "refuted"
    CONFLICTING = "conflicting"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence"
    NOT_CHECKABLE = "not_checkable"


class Stance(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    UNRELATED = "unrelated"


class Certainty(StrEnum):
    ASSERTED = "asserted"  # the author states it as fact
    ATTRIBUTED = "attributed"  # stated as someone else's statement
    HEDGED = "hedged"  # "reportedly", "allegedly", "appears to"
    SPECULATIVE = "speculative"  # "may", "could", "raise questions whether"


class ClaimType(StrEnum):
    EVENT = "event"
    ATTRIBUTION = "attribution"  # a claim about who said something
    QUANTITY = "quantity"
    DESIGNATION = "designation"  # listings, sanctions, terrorist designations
    CAUSAL = "causal"
    PREDICTION = "prediction"
    OPINION = "opinion"
    QUESTION = "question"


class AttributionKind(StrEnum):
    AUTHOR = "author"  # no other source given: the outlet vouches for it
    NAMED_SPEAKER = "named_speaker"  # "the minister said"
    UNNAMED_SPEAKER = "unnamed_speaker"  # "officials said", "a source"
    DOCUMENT = "document"  # "according to the video", "the report says"
    REPORTED = "reported"  # "reportedly", "reports say"


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class ArticleMeta:
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    language: str | None = None
    source_path: str | None = None  # file the article was read from, if any
    format: str = "text"  # text | html | jsonl


@dataclass
class Sentence:
    span: Span
    paragraph: int  # index into Document.paragraphs; -1 for the headline
    is_headline: bool = False


@dataclass(frozen=True)
class DateValue:
    """A date as the text gives it: ``precision`` says how much of ``value`` is meant."""

    value: dt.date
    precision: str  # "day" | "month" | "year"

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year}"
        if self.precision == "month":
            return self.value.strftime("%B %Y")
        return self.value.isoformat()


@dataclass
class Mention:
    span: Span
    text: str
    label: str  # PERSON | ORG | GPE | NORP | LOC | EVENT | DATE | QUANTITY | CARDINAL | ...
    source: str  # "ner" | "kb" (pattern from knowledge-base names) | "coref" | "acronym"
    date: DateValue | None = None  # for DATE mentions, normalised against the publication date
    number: float | None = None  # for QUANTITY / CARDINAL mentions
    kb_id: str | None = None  # set by the link stage
    link_score: float = 0.0
    link_reason: str | None = None


@dataclass
class LinkedEntity:
    kb_id: str
    name: str
    schema: str  # FollowTheMoney schema name: Organization, Person, Event, Country, ...
    identifiers: dict[str, list[str]] = field(default_factory=dict)  # e.g. {"unscId": ["QDe.118"]}
    datasets: list[str] = field(default_factory=list)


@dataclass
class Frame:
    """Who did what to whom, when, where, how many."""

    action: str | None = None  # lemma of the main predicate, e.g. "block"
    agent: str | None = None
    agent_ids: list[str] = field(default_factory=list)  # kb ids of the agent
    patient: str | None = None
    patient_ids: list[str] = field(default_factory=list)
    time: DateValue | None = None
    place: str | None = None
    place_ids: list[str] = field(default_factory=list)
    quantity: float | None = None
    negated: bool = False


@dataclass
class Attribution:
    kind: AttributionKind = AttributionKind.AUTHOR
    speaker: str | None = None
    speaker_id: str | None = None
    cue: str | None = None  # the words that mark the attribution ("according to", "claims")


@dataclass
class Evidence:
    kind: str  # "kb" | "corpus" | "factcheck"
    text: str
    source: str  # a citable source: title, outlet, date, or a URL
    stance: Stance
    score: float = 1.0  # how strongly this piece bears on the claim, 0..1
    ref: str | None = None  # statement id, passage id or fact-check id
    dataset: str | None = None


@dataclass
class Claim:
    id: str
    span: Span  # the claim's own words
    sentence: int  # index into Document.sentences
    text: str
    type: ClaimType = ClaimType.EVENT
    frame: Frame = field(default_factory=Frame)
    attribution: Attribution = field(default_factory=Attribution)
    certainty: Certainty = Certainty.ASSERTED
    checkworthiness: float = 1.0
    entity_ids: list[str] = field(default_factory=list)  # kb ids of entities the claim mentions
    verdict: Verdict | None = None
    confidence: float = 0.0
    reason: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Anomaly:
    kind: str  # e.g. "missing_space"
    span: Span
    text: str
    message: str


@dataclass
class Document:
    text: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    headline: Span | None = None
    body: Span | None = None
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, LinkedEntity] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    signals: dict[str, Any] = field(default_factory=dict)
    # Per-stage scratch that is not part of the report (e.g. the spaCy Doc).
    # Keys are the stage names that own them.
    annotations: dict[str, Any] = field(default_factory=dict)

    def span_text(self, span: Span) -> str:
        return span.slice(self.text)

    def sentence_text(self, index: int) -> str:
        return self.sentences[index].span.slice(self.text)

    def mentions_in(self, span: Span) -> list[Mention]:
        return [m for m in self.mentions if span.contains(m.span)]
