"""Reports built by hand (and by Hypothesis) for the store's tests: no pipeline needed."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from newsvet.report import (
    ArticleSource,
    Report,
    ReportArticle,
    ReportAttribution,
    ReportClaim,
    ReportEntity,
    ReportEvidence,
    ReportMention,
    ReportSpan,
)
from newsvet.store import VERDICTS


def claim(
    cid: str,
    text: str,
    verdict: str | None,
    start: int = 0,
    frame: dict[str, Any] | None = None,
) -> ReportClaim:
    return ReportClaim(
        id=cid,
        text=text,
        sentence=text,
        span=ReportSpan(start, start + len(text)),
        type="event",
        attribution=ReportAttribution("author"),
        certainty="asserted",
        frame=frame or {},
        verdict=verdict,
        confidence=0.9,
        reason=f"{verdict} because of the evidence",
        evidence=[ReportEvidence("kb", "a statement", "A source, 2025-05-07", "refutes", 0.9, "st1", "newsvet")],
    )


def report(
    title: str,
    claims: list[tuple[str, str | None]],
    *,
    published: str | None = None,
    entities: dict[str, str] | None = None,
) -> Report:
    """A report whose text is its claims, one a line; ``entities`` maps kb id to a name that
    is mentioned wherever it occurs in the text."""
    lines = [text for text, _ in claims]
    text = "\n".join(lines)
    built = []
    offset = 0
    for i, (words, verdict) in enumerate(claims):
        built.append(claim(f"c{i + 1}", words, verdict, offset))
        offset += len(words) + 1
    found = []
    for kb_id, name in (entities or {}).items():
        mentions = []
        start = text.find(name)
        while start >= 0:
            mentions.append(ReportMention(name, start, start + len(name)))
            start = text.find(name, start + 1)
        found.append(ReportEntity(name, "Organization", kb_id, {}, mentions))
    return Report(
        article=ReportArticle(title=title, published=published, source=ArticleSource("Outlet")),
        text=text,
        entities=found,
        claims=built,
        signals={"rating": {"label": "misleading", "summary": "misleading: x"}},
    )


_text = st.text(max_size=60)
_small = st.integers(min_value=0, max_value=500)
_score = st.floats(min_value=0, max_value=1, allow_nan=False)
_ids = st.sampled_from(["newsvet:a", "newsvet:b", "Q1", "NK-x/y"])
_json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _score | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """Any report the schema allows, with odd text: NUL, quotes, FTS syntax, any script."""
    n = draw(st.integers(0, 4))
    claims = []
    for i in range(n):
        start = draw(_small)
        claims.append(
            ReportClaim(
                id=f"c{i + 1}",
                text=draw(_text),
                sentence=draw(_text),
                span=ReportSpan(start, start + draw(_small)),
                type=draw(st.sampled_from(["event", "opinion", "quantity"])),
                attribution=ReportAttribution(
                    draw(st.sampled_from(["author", "named_speaker"])), draw(st.none() | _text), None
                ),
                certainty=draw(st.sampled_from(["asserted", "hedged"])),
                frame={"agent_ids": draw(st.lists(_ids, max_size=2)), "time": None},
                verdict=draw(st.none() | st.sampled_from(VERDICTS)),
                confidence=draw(_score),
                reason=draw(_text),
                evidence=draw(
                    st.lists(
                        st.builds(
                            ReportEvidence,
                            kind=st.sampled_from(["kb", "corpus"]),
                            text=_text,
                            source=_text,
                            stance=st.sampled_from(["supports", "refutes", "unrelated"]),
                            score=_score,
                            ref=st.none() | _text,
                            dataset=st.none() | _text,
                        ),
                        max_size=2,
                    )
                ),
            )
        )
    entities = draw(
        st.lists(
            st.builds(
                ReportEntity,
                name=_text,
                type=st.just("Organization"),
                kb_id=_ids,
                identifiers=st.dictionaries(_text, st.lists(_text, max_size=2), max_size=2),
                mentions=st.lists(st.builds(ReportMention, _text, _small, _small), max_size=2),
            ),
            max_size=3,
        )
    )
    return Report(
        article=ReportArticle(
            title=draw(st.none() | _text),
            published=draw(st.none() | st.dates().map(lambda d: d.isoformat()) | _text),
            source=ArticleSource(draw(st.none() | _text), draw(st.none() | _text), None),
            byline=draw(st.none() | _text),
        ),
        text=draw(st.text(max_size=300)),
        entities=entities,
        claims=claims,
        signals=draw(st.dictionaries(_text, _json_value, max_size=4)),
        generated_at=draw(_text),
    )
