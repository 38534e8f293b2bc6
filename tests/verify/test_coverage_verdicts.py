"""Verdicts from other coverage and fact-checks when the knowledge base settles nothing."""

import pytest

from newsvet.document import Claim, Evidence, Span, Stance, Verdict
from newsvet.verify.aggregate import decide_with_coverage
from newsvet.verify.coverage import CoverageFinding, _names_all


def _claim(verdict: Verdict = Verdict.NOT_ENOUGH_EVIDENCE) -> Claim:
    return Claim(
        id="c1", span=Span(0, 10), sentence=0, text="x", verdict=verdict, reason="No statement."
    )


def _finding(stance: Stance, score: float, story: str, copies: int = 1) -> CoverageFinding:
    evidence = Evidence(
        kind="corpus", text="passage", source=f"Outlet {story}", stance=stance, score=score
    )
    return CoverageFinding(evidence, story, copies)


@pytest.mark.parametrize(
    ("stances", "verdict"),
    [
        ([(Stance.SUPPORTS, 0.8)], Verdict.SUPPORTED),
        ([(Stance.REFUTES, 0.8)], Verdict.REFUTED),
        ([(Stance.SUPPORTS, 0.8), (Stance.REFUTES, 0.8)], Verdict.CONFLICTING),
        ([(Stance.SUPPORTS, 0.3)], Verdict.NOT_ENOUGH_EVIDENCE),  # weak: abstain
        ([(Stance.SUPPORTS, 0.3), (Stance.SUPPORTS, 0.3)], Verdict.SUPPORTED),  # two sources add up
        ([], Verdict.NOT_ENOUGH_EVIDENCE),
    ],
)
def test_coverage_decides_open_claims(
    stances: list[tuple[Stance, float]], verdict: Verdict
) -> None:
    claim = _claim()
    decide_with_coverage(claim, [_finding(s, p, str(i)) for i, (s, p) in enumerate(stances)])
    assert claim.verdict is verdict
    assert len(claim.evidence) == len(stances)


def test_knowledge_base_verdict_stands_and_coverage_is_listed() -> None:
    claim = _claim(Verdict.REFUTED)
    decide_with_coverage(claim, [_finding(Stance.SUPPORTS, 0.9, "a")])
    assert claim.verdict is Verdict.REFUTED
    assert [e.kind for e in claim.evidence] == ["corpus"]


def test_reason_counts_syndicated_copies_once() -> None:
    claim = _claim()
    decide_with_coverage(claim, [_finding(Stance.SUPPORTS, 0.9, "story-1", copies=3)])
    assert "1 independent source" in claim.reason
    assert "3 syndicated copies counted once" in claim.reason


@pytest.mark.parametrize(
    ("text", "required", "named"),
    [
        (
            "The United States designated Lashkar-e-Tayyiba in 2001.",
            [["Lashkar-e-Tayyiba", "LET"]],
            True,
        ),
        (
            "Let us see what the committee does.",
            [["Lashkar-e-Tayyiba", "LET"]],
            False,
        ),  # not the acronym
        ("LET was listed in 2005.", [["Lashkar-e-Tayyiba", "LET"]], True),
        (
            "JeM and LeT were listed.",
            [["Jaish-e-Mohammed", "JeM"], ["Lashkar-e-Tayyiba", "LeT"]],
            True,
        ),
        ("JeM was listed.", [["Jaish-e-Mohammed", "JeM"], ["Lashkar-e-Tayyiba", "LeT"]], False),
        ("Anything at all.", [], True),
    ],
)
def test_passages_must_name_the_claims_groups(
    text: str, required: list[list[str]], named: bool
) -> None:
    assert _names_all(text, required) is named
