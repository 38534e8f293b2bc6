"""Stances into one verdict per claim, with a confidence and a reason that cites evidence.

"Not enough evidence" is an honest answer: a claim that nothing in the knowledge base
bears on keeps it, and the reason says whose word it rests on.
"""

from __future__ import annotations

from newsvet.document import AttributionKind, Claim, Stance, Verdict
from newsvet.verify.coverage import CoverageFinding
from newsvet.verify.structured import Finding

_CONFLICT_CONFIDENCE = 0.5


def _combined(scores: list[float]) -> float:
    """Independent pieces of evidence for one side: 1 - prod(1 - s)."""
    remaining = 1.0
    for score in scores:
        remaining *= 1.0 - score
    return 1.0 - remaining


def _cite(finding: Finding) -> str:
    return f"{finding.evidence.text} ({finding.evidence.source})"


def _speaker(claim: Claim) -> str | None:
    attribution = claim.attribution
    if attribution.kind is AttributionKind.AUTHOR:
        return None
    return attribution.speaker or attribution.cue or attribution.kind.value.replace("_", " ")


def decide(claim: Claim, findings: list[Finding], link_confidence: float) -> None:
    """Set the claim's verdict, confidence, reason and evidence from its findings."""
    claim.evidence = [f.evidence for f in findings]
    supports = [f for f in findings if f.evidence.stance is Stance.SUPPORTS]
    refutes = [f for f in findings if f.evidence.stance is Stance.REFUTES]
    support = _combined([f.evidence.score for f in supports])
    refute = _combined([f.evidence.score for f in refutes])
    # A claim with one false part is false: evidence conflicts only where one fact (one
    # property of one entity) is both supported and contradicted, as when sources disagree
    # or the claim names part of a complete set as if it were all of it.
    facts = {(f.subject, f.spec.name) for f in findings}
    stances = {
        fact: {f.evidence.stance for f in findings if (f.subject, f.spec.name) == fact}
        for fact in facts
    }
    purely_refuted = [fact for fact, seen in stances.items() if seen == {Stance.REFUTES}]
    if purely_refuted:
        refutes = [f for f in refutes if (f.subject, f.spec.name) in purely_refuted]
        refute = _combined([f.evidence.score for f in refutes])
        supports = []
    if supports and refutes:
        claim.verdict = Verdict.CONFLICTING
        claim.confidence = round(
            _CONFLICT_CONFIDENCE * link_confidence + 0.3 * abs(support - refute), 3
        )
        # Cite the two sides of one property where there are such, as that is the
        # contradiction a reader needs to see.
        part = refutes[0]
        agreeing = [f for f in supports if f.spec.name == part.spec.name] or supports
        claim.reason = (
            f"The knowledge base supports part of the claim ({_cite(agreeing[0])}) but contradicts "
            f"the rest: {part.spec.label} is {part.known}, per {part.evidence.source}."
        )
    elif refutes:
        claim.verdict = Verdict.REFUTED
        claim.confidence = round(refute * link_confidence, 3)
        first = refutes[0]
        claim.reason = (
            f"The claim gives {first.spec.label} as {first.claimed}, but the knowledge base "
            f"records {_cite(first)}."
        )
    elif supports:
        claim.verdict = Verdict.SUPPORTED
        claim.confidence = round(support * link_confidence, 3)
        claim.reason = f"The knowledge base records {_cite(supports[0])}."
    else:
        claim.verdict = Verdict.NOT_ENOUGH_EVIDENCE
        claim.confidence = 0.0
        speaker = _speaker(claim)
        if speaker:
            claim.reason = (
                f"The claim rests on {speaker} alone; no knowledge-base statement confirms or "
                "contradicts it."
            )
        else:
            claim.reason = (
                "No knowledge-base statement about the entities in this claim bears on it."
            )


# Combined strength of one side that decides a verdict from coverage and fact-checks.
COVERAGE_DECISION = 0.5


def _cite_coverage(finding: CoverageFinding) -> str:
    copies = f", {finding.copies} syndicated copies counted once" if finding.copies > 1 else ""
    return f"{finding.evidence.source}{copies}"


def decide_with_coverage(claim: Claim, findings: list[CoverageFinding]) -> None:
    """When the knowledge base settles nothing, let other coverage and earlier
    fact-checks decide; their evidence is listed either way."""
    claim.evidence = claim.evidence + [f.evidence for f in findings]
    if claim.verdict is not Verdict.NOT_ENOUGH_EVIDENCE or not findings:
        return
    supports = sorted(
        (f for f in findings if f.evidence.stance is Stance.SUPPORTS),
        key=lambda f: -f.evidence.score,
    )
    refutes = sorted(
        (f for f in findings if f.evidence.stance is Stance.REFUTES),
        key=lambda f: -f.evidence.score,
    )
    support = _combined([f.evidence.score for f in supports])
    refute = _combined([f.evidence.score for f in refutes])
    if support >= COVERAGE_DECISION and refute >= COVERAGE_DECISION:
        claim.verdict = Verdict.CONFLICTING
        claim.confidence = round(min(support, refute), 3)
        claim.reason = (
            f"Sources disagree: {len(supports)} support it (strongest: {_cite_coverage(supports[0])}) and "
            f"{len(refutes)} contradict it (strongest: {_cite_coverage(refutes[0])})."
        )
    elif refute >= COVERAGE_DECISION and refute > support:
        claim.verdict = Verdict.REFUTED
        claim.confidence = round(refute * (1 - support), 3)
        claim.reason = (
            f"Contradicted by {_independent(refutes)}; strongest: {_cite_coverage(refutes[0])}."
        )
    elif support >= COVERAGE_DECISION:
        claim.verdict = Verdict.SUPPORTED
        claim.confidence = round(support * (1 - refute), 3)
        claim.reason = (
            f"Supported by {_independent(supports)}; strongest: {_cite_coverage(supports[0])}."
        )
    else:
        claim.reason += " Other coverage and earlier fact-checks bear on it only weakly."


def _independent(findings: list[CoverageFinding]) -> str:
    n = len(findings)
    return "1 independent source" if n == 1 else f"{n} independent sources"
