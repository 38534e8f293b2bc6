"""What every view shows the same way: verdict names and the rows of the signals summary.

Signals are plain JSON written by the assess stage; a report made without that stage has
none, so every lookup here tolerates a missing key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsvet.report._model import Report, ReportClaim

# Strongest finding first, so lists read from what matters most.
VERDICT_ORDER = ("refuted", "conflicting", "not_enough_evidence", "supported", "not_checkable")
UNCHECKED = "unchecked"  # a claim no verify stage has judged


def verdict_of(claim: ReportClaim) -> str:
    return claim.verdict or UNCHECKED


def percent(share: Any) -> str:
    return f"{float(share):.0%}" if isinstance(share, int | float) else "-"


def signal_rows(signals: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows summarising the signals, in reading order."""
    rows: list[tuple[str, str]] = []
    if "claims_total" in signals:
        rows.append(
            (
                "Claims",
                f"{signals['claims_total']} ({signals.get('checkable_claims', 0)} checkable)",
            )
        )
    counts = signals.get("verdict_counts") or {}
    rows.extend(
        (verdict.replace("_", " ").capitalize(), str(counts[verdict]))
        for verdict in VERDICT_ORDER
        if counts.get(verdict)
    )
    if "refuted_share" in signals:
        rows.append(("Refuted (of checkable)", percent(signals["refuted_share"])))
    for key, label in (
        ("single_source", "Resting on one interested source"),
        ("unattributed", "Asserted without source or support"),
        ("hedged", "Hedged or speculative"),
    ):
        part = signals.get(key)
        if isinstance(part, dict):
            rows.append((label, f"{part.get('count', 0)} ({percent(part.get('share'))})"))
    headline = signals.get("headline")
    if isinstance(headline, dict) and headline.get("message"):
        rows.append(("Headline", str(headline["message"])))
    return rows


def rating_of(signals: dict[str, Any]) -> tuple[str, str] | None:
    """The rating's label and its summary without the leading label, if there is a rating."""
    rating = signals.get("rating")
    if isinstance(rating, dict) and rating.get("label"):
        label = str(rating["label"])
        return label, str(rating.get("summary", "")).removeprefix(f"{label}: ")
    return None


def single_source_speakers(signals: dict[str, Any]) -> list[tuple[str, str]]:
    """(claim id, speaker) for each claim that rests on one interested source."""
    part = signals.get("single_source")
    claims = part.get("claims", []) if isinstance(part, dict) else []
    return [(str(c.get("id")), str(c.get("speaker") or "unnamed")) for c in claims]


def source_line(report: Report) -> str:
    source = report.article.source
    return " · ".join(part for part in (source.outlet, source.url or source.path) if part)
