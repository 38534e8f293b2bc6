import json

import pytest

from newsvet.assess import assess, make_assess
from newsvet.document import (
    Attribution,
    AttributionKind,
    Certainty,
    Claim,
    Document,
    Evidence,
    Sentence,
    Span,
    Stance,
    Verdict,
)
from newsvet.pipeline import get_stage
from newsvet.pipeline.resources import Resources

HEADLINE = "Confession reveals crackdown"
BODY = "A body sentence that holds every claim of this article, one after another."
TEXT = f"{HEADLINE}\n{BODY}"
HEADLINE_SPAN = Span(0, len(HEADLINE))
BODY_SPAN = Span(len(HEADLINE) + 1, len(TEXT))


def support(source: str = "Reuters, 2025-05-07") -> Evidence:
    return Evidence(kind="corpus", text="x", source=source, stance=Stance.SUPPORTS)


def refute() -> Evidence:
    return Evidence(kind="kb", text="y", source="UN press release", stance=Stance.REFUTES)


def claim(
    cid: str,
    verdict: Verdict,
    *,
    kind: AttributionKind = AttributionKind.AUTHOR,
    speaker: str | None = None,
    cue: str | None = None,
    certainty: Certainty = Certainty.ASSERTED,
    evidence: list[Evidence] | None = None,
    headline: bool = False,
) -> Claim:
    span = Span(0, 10) if headline else Span(BODY_SPAN.start, BODY_SPAN.start + 10)
    return Claim(
        id=cid,
        span=span,
        sentence=0 if headline else 1,
        text=f"claim {cid}",
        attribution=Attribution(kind=kind, speaker=speaker, cue=cue),
        certainty=certainty,
        verdict=verdict,
        confidence=0.8,
        reason="because",
        evidence=evidence or [],
    )


def document(claims: list[Claim]) -> Document:
    return Document(
        text=TEXT,
        headline=HEADLINE_SPAN,
        body=BODY_SPAN,
        sentences=[Sentence(HEADLINE_SPAN, -1, is_headline=True), Sentence(BODY_SPAN, 0)],
        claims=claims,
    )


def signals_of(claims: list[Claim]) -> dict:
    return assess(document(claims)).signals


def test_verdict_counts_and_refuted_share_count_only_checkable_claims() -> None:
    signals = signals_of(
        [
            claim("c1", Verdict.REFUTED, evidence=[refute()]),
            claim("c2", Verdict.REFUTED, evidence=[refute()]),
            claim("c3", Verdict.SUPPORTED, evidence=[support()]),
            claim("c4", Verdict.NOT_ENOUGH_EVIDENCE),
            claim("c5", Verdict.NOT_CHECKABLE, certainty=Certainty.SPECULATIVE),
        ]
    )
    assert signals["verdict_counts"] == {
        "supported": 1,
        "refuted": 2,
        "conflicting": 0,
        "not_enough_evidence": 1,
        "not_checkable": 1,
    }
    assert signals["claims_total"] == 5
    assert signals["checkable_claims"] == 4
    assert signals["refuted_share"] == 0.5


# (attribution kind, speaker, cue, evidence, verdict, rests on one interested source?)
SINGLE_SOURCE_CASES = [
    (AttributionKind.NAMED_SPEAKER, "Qasim", "said", [], Verdict.NOT_ENOUGH_EVIDENCE, True),
    (AttributionKind.DOCUMENT, None, "according to the video", [], Verdict.REFUTED, True),
    (AttributionKind.UNNAMED_SPEAKER, "officials", "said", [], Verdict.NOT_ENOUGH_EVIDENCE, True),
    (AttributionKind.NAMED_SPEAKER, "Qasim", "said", [support()], Verdict.SUPPORTED, False),
    # Support that comes from the speaker himself is not independent.
    (
        AttributionKind.NAMED_SPEAKER,
        "Qasim",
        "said",
        [support("Qasim's video")],
        Verdict.SUPPORTED,
        True,
    ),
    (AttributionKind.AUTHOR, None, None, [], Verdict.NOT_ENOUGH_EVIDENCE, False),
    (AttributionKind.REPORTED, None, "reportedly", [], Verdict.NOT_ENOUGH_EVIDENCE, False),
    # Opinion given no truth verdict is not a factual claim resting on anyone.
    (AttributionKind.NAMED_SPEAKER, "Qasim", "said", [], Verdict.NOT_CHECKABLE, False),
]


@pytest.mark.parametrize(
    ("kind", "speaker", "cue", "evidence", "verdict", "single"), SINGLE_SOURCE_CASES
)
def test_single_interested_source_signal(kind, speaker, cue, evidence, verdict, single) -> None:
    signals = signals_of(
        [claim("c1", verdict, kind=kind, speaker=speaker, cue=cue, evidence=evidence)]
    )
    listed = signals["single_source"]["claims"]
    if single:
        assert listed == [{"id": "c1", "speaker": speaker or cue, "kind": kind.value}]
        assert signals["single_source"]["count"] == 1
    else:
        assert listed == []


def test_hedged_and_unattributed_shares() -> None:
    signals = signals_of(
        [
            claim("c1", Verdict.NOT_ENOUGH_EVIDENCE),  # asserted by the author, unsupported
            claim("c2", Verdict.SUPPORTED, evidence=[support()]),  # asserted but supported
            claim("c3", Verdict.NOT_ENOUGH_EVIDENCE, certainty=Certainty.HEDGED),
            claim("c4", Verdict.NOT_CHECKABLE, certainty=Certainty.SPECULATIVE),
        ]
    )
    assert signals["unattributed"] == {"count": 1, "share": round(1 / 3, 3), "claims": ["c1"]}
    assert signals["hedged"] == {"count": 2, "share": 0.5, "claims": ["c3", "c4"]}


# (headline claim's verdict, its certainty, flagged?)
HEADLINE_CASES = [
    (Verdict.REFUTED, Certainty.ASSERTED, True),
    (Verdict.REFUTED, Certainty.HEDGED, True),
    (Verdict.NOT_ENOUGH_EVIDENCE, Certainty.ASSERTED, True),
    (Verdict.CONFLICTING, Certainty.ASSERTED, True),
    (Verdict.NOT_ENOUGH_EVIDENCE, Certainty.HEDGED, False),
    (Verdict.SUPPORTED, Certainty.ASSERTED, False),
    (Verdict.NOT_CHECKABLE, Certainty.SPECULATIVE, False),
]


@pytest.mark.parametrize(("verdict", "certainty", "flagged"), HEADLINE_CASES)
def test_headline_flag(verdict: Verdict, certainty: Certainty, flagged: bool) -> None:
    signals = signals_of(
        [
            claim("h1", verdict, certainty=certainty, headline=True),
            claim("c1", Verdict.REFUTED, evidence=[refute()]),  # a body claim never flags it
        ]
    )
    headline = signals["headline"]
    assert [c["id"] for c in headline["claims"]] == ["h1"]
    assert headline["claims"][0]["verdict"] == verdict.value
    assert headline["flag"] is flagged
    assert headline["flagged"] == (["h1"] if flagged else [])
    assert (headline["message"] is not None) is flagged


def test_rating_summarises_refuted_claims_and_headline() -> None:
    signals = signals_of(
        [
            claim("h1", Verdict.REFUTED, evidence=[refute()], headline=True),
            claim("c1", Verdict.REFUTED, evidence=[refute()]),
            *[claim(f"s{i}", Verdict.SUPPORTED, evidence=[support()]) for i in range(7)],
        ]
    )
    assert signals["rating"] == {
        "label": "misleading",
        "summary": "misleading: 2 of 9 checkable claims refuted; the headline's claim is refuted",
    }


@pytest.mark.parametrize(
    ("verdicts", "label"),
    [
        ([Verdict.SUPPORTED] * 4, "credible"),
        ([Verdict.SUPPORTED] + [Verdict.REFUTED] + [Verdict.SUPPORTED] * 3, "questionable"),
        ([Verdict.SUPPORTED] * 4 + [Verdict.CONFLICTING], "questionable"),
        ([Verdict.SUPPORTED] + [Verdict.NOT_ENOUGH_EVIDENCE] * 3, "unverified"),
        ([Verdict.REFUTED] * 2 + [Verdict.SUPPORTED] * 2, "misleading"),
        ([Verdict.NOT_CHECKABLE], "unrated"),
        ([], "unrated"),
    ],
)
def test_rating_label(verdicts: list[Verdict], label: str) -> None:
    signals = signals_of([claim(f"c{i}", v) for i, v in enumerate(verdicts)])
    assert signals["rating"]["label"] == label
    assert signals["rating"]["summary"].startswith(f"{label}: ")


def test_signals_are_plain_json() -> None:
    signals = signals_of([claim("c1", Verdict.REFUTED, kind=AttributionKind.DOCUMENT, cue="video")])
    assert json.loads(json.dumps(signals)) == signals


def test_assess_stage_is_registered_with_its_needs() -> None:
    stage = get_stage("newsvet.assess.v1")
    assert (stage.step, stage.requires, stage.assigns) == (
        "assess",
        ("claims",),
        ("signals", "anomalies"),
    )
    run = make_assess(Resources())
    doc = run(document([claim("c1", Verdict.SUPPORTED, evidence=[support()])]))
    assert doc.signals["verdict_counts"]["supported"] == 1


def test_an_unconfirmed_headline_caps_the_rating_at_unverified() -> None:
    signals = signals_of(
        [
            claim("h1", Verdict.NOT_ENOUGH_EVIDENCE, headline=True),
            *[claim(f"s{i}", Verdict.SUPPORTED, evidence=[support()]) for i in range(7)],
        ]
    )
    assert signals["headline"]["flag"] is True
    assert signals["rating"]["label"] == "unverified"
    assert "the headline states as fact" in signals["rating"]["summary"]
