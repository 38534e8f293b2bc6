"""The report: one object holding everything newsvet found about one article.

JSON, Markdown, the terminal and HTML are views of it. The report carries plain values
(strings, numbers, lists) rather than the pipeline's objects so that a report read back
from JSON is the same report, and so it can be stored and served without the models.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Any

from newsvet.document import Claim, Document, Evidence, Frame, LinkedEntity
from newsvet.errors import InputError
from newsvet.report import _html, _markdown, _terminal

REPORT_SCHEMA = "newsvet.report/1"


@dataclass
class ArticleSource:
    outlet: str | None = None
    url: str | None = None
    path: str | None = None


@dataclass
class ReportArticle:
    title: str | None = None
    published: str | None = None  # ISO date
    source: ArticleSource = field(default_factory=ArticleSource)
    byline: str | None = None
    language: str | None = None
    format: str = "text"


@dataclass
class ReportMention:
    text: str
    start: int
    end: int


@dataclass
class ReportEntity:
    name: str
    type: str  # FollowTheMoney schema
    kb_id: str
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    mentions: list[ReportMention] = field(default_factory=list)


@dataclass
class ReportSpan:
    start: int
    end: int


@dataclass
class ReportAttribution:
    kind: str
    speaker: str | None = None
    cue: str | None = None


@dataclass
class ReportEvidence:
    kind: str
    text: str
    source: str
    stance: str
    score: float
    ref: str | None = None
    dataset: str | None = None


@dataclass
class ReportClaim:
    id: str
    text: str
    sentence: str  # the source sentence, exactly as in the text
    span: ReportSpan
    type: str
    attribution: ReportAttribution
    certainty: str
    frame: dict[str, Any]
    verdict: str | None  # None when no verify stage ran
    confidence: float
    reason: str
    evidence: list[ReportEvidence] = field(default_factory=list)


@dataclass
class ReportAnomaly:
    kind: str
    start: int
    end: int
    text: str
    message: str


@dataclass
class Report:
    article: ReportArticle
    text: str
    entities: list[ReportEntity] = field(default_factory=list)
    claims: list[ReportClaim] = field(default_factory=list)
    signals: dict[str, Any] = field(default_factory=dict)
    anomalies: list[ReportAnomaly] = field(default_factory=list)
    generated_at: str = field(default_factory=lambda: _now())
    newsvet_version: str = field(default_factory=lambda: _version())
    schema: str = REPORT_SCHEMA

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_document(cls, doc: Document) -> Report:
        return cls(
            article=_article(doc),
            text=doc.text,
            entities=[_entity(doc, e) for e in doc.entities.values()],
            claims=[_claim(doc, c) for c in doc.claims],
            # A copy, so later changes to the document do not leak into the report.
            signals=json.loads(json.dumps(doc.signals)),
            anomalies=[
                ReportAnomaly(a.kind, a.span.start, a.span.end, a.text, a.message)
                for a in doc.anomalies
            ],
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        schema = data.get("schema") if isinstance(data, dict) else None
        if schema != REPORT_SCHEMA:
            raise InputError(f"unsupported report schema {schema!r}; expected {REPORT_SCHEMA!r}")
        try:
            return _report_from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(f"malformed report: {type(err).__name__}: {err}") from err

    @classmethod
    def from_json(cls, text: str) -> Report:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"report is not valid JSON: {err}") from err
        return cls.from_dict(data)

    # -- views --------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # The schema key leads so that a reader sees at once what it holds.
        return {"schema": data.pop("schema"), **data}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_markdown(self) -> str:
        return _markdown.render_markdown(self)

    def to_text(self, console_width: int = 100) -> str:
        return _terminal.render_text(self, console_width)

    def to_html(self) -> str:
        return _html.render_html(self)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _version() -> str:
    try:
        return metadata.version("newsvet")
    except metadata.PackageNotFoundError:
        # Running from a source checkout that was never installed.
        return "0+unknown"


def _article(doc: Document) -> ReportArticle:
    meta = doc.meta
    return ReportArticle(
        title=meta.title,
        published=meta.published.isoformat() if meta.published else None,
        source=ArticleSource(outlet=meta.outlet, url=meta.url, path=meta.source_path),
        byline=meta.byline,
        language=meta.language,
        format=meta.format,
    )


def _entity(doc: Document, entity: LinkedEntity) -> ReportEntity:
    mentions = [
        ReportMention(m.text, m.span.start, m.span.end)
        for m in doc.mentions
        if m.kb_id == entity.kb_id
    ]
    return ReportEntity(
        name=entity.name,
        type=entity.schema,
        kb_id=entity.kb_id,
        identifiers={k: list(v) for k, v in entity.identifiers.items()},
        mentions=mentions,
    )


def _claim(doc: Document, claim: Claim) -> ReportClaim:
    if 0 <= claim.sentence < len(doc.sentences):
        sentence = doc.sentence_text(claim.sentence)
    else:
        sentence = doc.span_text(claim.span)
    return ReportClaim(
        id=claim.id,
        text=claim.text,
        sentence=sentence,
        span=ReportSpan(claim.span.start, claim.span.end),
        type=claim.type.value,
        attribution=ReportAttribution(
            kind=claim.attribution.kind.value,
            speaker=claim.attribution.speaker,
            cue=claim.attribution.cue,
        ),
        certainty=claim.certainty.value,
        frame=_frame(claim.frame),
        verdict=claim.verdict.value if claim.verdict is not None else None,
        confidence=claim.confidence,
        reason=claim.reason,
        evidence=[_evidence(e) for e in claim.evidence],
    )


def _frame(frame: Frame) -> dict[str, Any]:
    data = asdict(frame)
    data["time"] = (
        {
            "value": frame.time.value.isoformat(),
            "precision": frame.time.precision,
            "text": str(frame.time),
        }
        if frame.time is not None
        else None
    )
    return data


def _evidence(evidence: Evidence) -> ReportEvidence:
    return ReportEvidence(
        kind=evidence.kind,
        text=evidence.text,
        source=evidence.source,
        stance=evidence.stance.value,
        score=evidence.score,
        ref=evidence.ref,
        dataset=evidence.dataset,
    )


def _report_from_dict(data: dict[str, Any]) -> Report:
    article = dict(data["article"])
    article["source"] = ArticleSource(**article.get("source") or {})
    return Report(
        article=ReportArticle(**article),
        text=data["text"],
        entities=[
            ReportEntity(**{**e, "mentions": [ReportMention(**m) for m in e.get("mentions", [])]})
            for e in data.get("entities", [])
        ],
        claims=[_claim_from_dict(c) for c in data.get("claims", [])],
        signals=dict(data.get("signals", {})),
        anomalies=[ReportAnomaly(**a) for a in data.get("anomalies", [])],
        generated_at=data["generated_at"],
        newsvet_version=data["newsvet_version"],
        schema=data["schema"],
    )


def _claim_from_dict(data: dict[str, Any]) -> ReportClaim:
    return ReportClaim(
        **{
            **data,
            "span": ReportSpan(**data["span"]),
            "attribution": ReportAttribution(**data["attribution"]),
            "evidence": [ReportEvidence(**e) for e in data.get("evidence", [])],
        }
    )
