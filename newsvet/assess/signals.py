"""Article-level signals computed from the checked claims.

A single refuted claim rarely makes an article misleading; what matters is the shape of the
whole: how much of it is refuted, how much rests only on the word of one interested party,
how much is hedged or asserted without any source, and whether the headline says more than
the body can back. Every value here is plain JSON so the report can carry it unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsvet.document import AttributionKind, Certainty, Claim, Document, Stance, Verdict

# Attributions that name one party as the claim's source: a speaker, an unnamed official,
# a video or a statement. "Reportedly" names nobody, so it counts as hedging instead.
SINGLE_PARTY_KINDS = frozenset(
    {AttributionKind.NAMED_SPEAKER, AttributionKind.UNNAMED_SPEAKER, AttributionKind.DOCUMENT}
)
HEDGED_CERTAINTIES = frozenset({Certainty.HEDGED, Certainty.SPECULATIVE})
# Verdicts that mean the evidence does not back a claim stated as fact.
UNSUPPORTED_VERDICTS = frozenset(
    {Verdict.REFUTED, Verdict.CONFLICTING, Verdict.NOT_ENOUGH_EVIDENCE}
)

# Rating thresholds, as shares of the checkable claims.
MISLEADING_REFUTED_SHARE = 0.25
UNVERIFIED_SUPPORTED_SHARE = 0.5


@dataclass(frozen=True)
class Rating:
    label: str  # misleading | questionable | unverified | credible | unrated
    summary: str


def compute_signals(doc: Document, headline_claim_ids: set[str]) -> dict[str, Any]:
    """The signals of ``doc``; ``headline_claim_ids`` says which claims the headline makes."""
    claims = doc.claims
    checkable = [c for c in claims if c.verdict not in (None, Verdict.NOT_CHECKABLE)]
    counts = Counter(c.verdict.value for c in claims if c.verdict is not None)
    single = [c for c in checkable if _rests_on_single_party(c)]
    unattributed = [c for c in checkable if _is_unattributed(c)]
    hedged = [c for c in claims if c.certainty in HEDGED_CERTAINTIES]
    headline = _headline_signal([c for c in claims if c.id in headline_claim_ids])
    rating = rate(len(checkable), counts, len(single), headline)
    return {
        "claims_total": len(claims),
        "checkable_claims": len(checkable),
        "verdict_counts": {v.value: counts[v.value] for v in Verdict},
        "unchecked_claims": sum(1 for c in claims if c.verdict is None),
        "refuted_share": _share(counts[Verdict.REFUTED.value], len(checkable)),
        "supported_share": _share(counts[Verdict.SUPPORTED.value], len(checkable)),
        "single_source": {
            "count": len(single),
            "share": _share(len(single), len(checkable)),
            "claims": [
                {"id": c.id, "speaker": _party(c), "kind": c.attribution.kind.value} for c in single
            ],
        },
        "hedged": {
            "count": len(hedged),
            "share": _share(len(hedged), len(claims)),
            "claims": [c.id for c in hedged],
        },
        "unattributed": {
            "count": len(unattributed),
            "share": _share(len(unattributed), len(checkable)),
            "claims": [c.id for c in unattributed],
        },
        "headline": headline,
        "rating": {"label": rating.label, "summary": rating.summary},
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _independent_support(claim: Claim) -> bool:
    """Whether some evidence supports the claim from a source other than its own speaker."""
    party = (_party(claim) or "").casefold()
    return any(
        e.stance is Stance.SUPPORTS and (not party or party not in e.source.casefold())
        for e in claim.evidence
    )


def _party(claim: Claim) -> str | None:
    return claim.attribution.speaker or claim.attribution.cue


def _rests_on_single_party(claim: Claim) -> bool:
    return claim.attribution.kind in SINGLE_PARTY_KINDS and not _independent_support(claim)


def _is_unattributed(claim: Claim) -> bool:
    return (
        claim.attribution.kind is AttributionKind.AUTHOR
        and claim.certainty is Certainty.ASSERTED
        and not _independent_support(claim)
    )


def _headline_signal(claims: list[Claim]) -> dict[str, Any]:
    flagged = [c for c in claims if _headline_overreaches(c)]
    refuted = [c for c in flagged if c.verdict is Verdict.REFUTED]
    if refuted:
        message: str | None = "the headline's claim is refuted"
    elif flagged:
        message = "the headline states as fact a claim the evidence does not support"
    else:
        message = None
    return {
        "claims": [
            {
                "id": c.id,
                "text": c.text,
                "verdict": c.verdict.value if c.verdict else None,
                "certainty": c.certainty.value,
            }
            for c in claims
        ],
        "flag": bool(flagged),
        "flagged": [c.id for c in flagged],
        "refuted": bool(refuted),
        "message": message,
    }


def _headline_overreaches(claim: Claim) -> bool:
    if claim.verdict is Verdict.REFUTED:
        return True
    return claim.verdict in UNSUPPORTED_VERDICTS and claim.certainty is Certainty.ASSERTED


def rate(
    checkable: int, counts: Mapping[str, int], single_source: int, headline: dict[str, Any]
) -> Rating:
    """A coarse overall rating with a one-line summary a reader can act on."""
    if checkable == 0:
        return Rating("unrated", "unrated: the article makes no checkable claims")
    refuted = counts.get(Verdict.REFUTED.value, 0)
    conflicting = counts.get(Verdict.CONFLICTING.value, 0)
    supported = counts.get(Verdict.SUPPORTED.value, 0)
    parts = [f"{refuted} of {checkable} checkable claims refuted"]
    if conflicting:
        parts.append(f"{conflicting} contradicted in part")
    if single_source:
        verb = "rests" if single_source == 1 else "rest"
        parts.append(f"{single_source} {verb} only on one interested source")
    if headline["message"]:
        parts.append(headline["message"])
    if headline["refuted"] or refuted / checkable >= MISLEADING_REFUTED_SHARE:
        label = "misleading"
    elif refuted or conflicting:
        label = "questionable"
    else:
        # A headline that states as fact what nothing confirms leaves the article unverified
        # at best; it is not evidence against it.
        weak = headline["flag"] or supported / checkable < UNVERIFIED_SUPPORTED_SHARE
        label = "unverified" if weak else "credible"
        parts.insert(1, f"{supported} supported")
    return Rating(label, f"{label}: " + "; ".join(parts))
