"""Textual evidence: the trained verifier's stances on passages, combined into a verdict.

The combination is the one newsvet's Climate-FEVER evaluation measures: a claim is
supported when some passage supports it strongly, refuted when some passage refutes it
strongly, conflicting when both happen, and left without enough evidence otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsvet.document import Stance, Verdict


@dataclass(frozen=True)
class StanceThresholds:
    support: float
    refute: float


# Fitted on the Climate-FEVER dev claims the verifier trained on, so that the claims it
# never saw stay clean for reporting: `newsvet eval climate-fever --fit`.
DEFAULT_THRESHOLDS = StanceThresholds(support=0.35, refute=0.5)


def stance_of(
    probabilities: dict[str, float], thresholds: StanceThresholds
) -> tuple[Stance, float]:
    """One passage's stance and its strength."""
    if (
        probabilities["refutes"] >= thresholds.refute
        and probabilities["refutes"] >= probabilities["supports"]
    ):
        return Stance.REFUTES, probabilities["refutes"]
    if probabilities["supports"] >= thresholds.support:
        return Stance.SUPPORTS, probabilities["supports"]
    return Stance.UNRELATED, probabilities["unrelated"]


def verdict_from_stances(
    stances: Sequence[dict[str, float]], thresholds: StanceThresholds = DEFAULT_THRESHOLDS
) -> Verdict:
    """A verdict from the verifier's probabilities for each passage about one claim."""
    supported = any(p["supports"] >= thresholds.support for p in stances)
    refuted = any(p["refutes"] >= thresholds.refute for p in stances)
    if supported and refuted:
        return Verdict.CONFLICTING
    if refuted:
        return Verdict.REFUTED
    if supported:
        return Verdict.SUPPORTED
    return Verdict.NOT_ENOUGH_EVIDENCE
