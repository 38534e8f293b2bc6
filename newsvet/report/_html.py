"""The HTML view of a report: one standalone, accessible page with the article highlighted.

Claims may nest or overlap ("X said that Y blocked Z" holds the claim "Y blocked Z"), so the
highlighter cuts the text at every span boundary and wraps each piece, on its own, in the
marks of all the spans that cover it. Every piece closes what it opens, which keeps the markup
well formed however the spans overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from newsvet.report import _summary
from newsvet.report._markdown import template_context
from newsvet.report._templates import environment

if TYPE_CHECKING:
    from newsvet.report._model import Report, ReportAnomaly, ReportClaim


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    anchor: str  # id of the mark's first piece in the text
    key: str  # the claim id or the anomaly's index, on every piece of the mark
    css: str
    title: str
    is_claim: bool


def render_html(report: Report) -> str:
    context = template_context(report)
    context["article_html"] = highlight(report.text, report.claims, report.anomalies)
    context["verdicts"] = (*_summary.VERDICT_ORDER, _summary.UNCHECKED)
    return environment().get_template("report.html").render(**context)


def claim_anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def text_anchor(claim_id: str) -> str:
    return f"text-{claim_id}"


def highlight(text: str, claims: list[ReportClaim], anomalies: list[ReportAnomaly]) -> Markup:
    """``text`` as HTML with claims marked in their verdict's colour and anomalies underlined."""
    marks = [_claim_mark(c, len(text)) for c in claims]
    marks += [_anomaly_mark(i, a, len(text)) for i, a in enumerate(anomalies)]
    # Outer marks first: earlier starts, then longer spans; anomalies always innermost.
    marks.sort(key=lambda m: (not m.is_claim, m.start, -m.end))
    refs_at: dict[int, list[ReportClaim]] = {}
    for claim in claims:
        refs_at.setdefault(min(max(claim.span.end, 0), len(text)), []).append(claim)
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    pieces: list[str] = []
    for start, end in pairwise(bounds):
        pieces.extend(_claim_ref(c) for c in refs_at.get(start, []))
        covering = [m for m in marks if m.start <= start and end <= m.end]
        pieces.append(_wrap(escape(text[start:end]), covering, start))
    pieces.extend(_claim_ref(c) for c in refs_at.get(len(text), []) if len(text) > 0)
    return Markup("".join(pieces))


def _clip(start: int, end: int, length: int) -> tuple[int, int]:
    start = min(max(start, 0), length)
    return start, min(max(end, start), length)


def _claim_mark(claim: ReportClaim, length: int) -> _Mark:
    start, end = _clip(claim.span.start, claim.span.end, length)
    verdict = _summary.verdict_of(claim)
    return _Mark(
        start,
        end,
        anchor=text_anchor(claim.id),
        key=claim.id,
        css=f"claim verdict-{verdict}",
        title=f"{claim.id}: {verdict.replace('_', ' ')}",
        is_claim=True,
    )


def _anomaly_mark(index: int, anomaly: ReportAnomaly, length: int) -> _Mark:
    start, end = _clip(anomaly.start, anomaly.end, length)
    return _Mark(
        start,
        end,
        anchor=f"anomaly-{index}",
        key=str(index),
        css=f"anomaly anomaly-{anomaly.kind}",
        title=anomaly.message,
        is_claim=False,
    )


def _wrap(inner: Markup, covering: list[_Mark], start: int) -> str:
    html = str(inner)
    for mark in reversed(covering):
        tag, key_name = ("mark", "claim") if mark.is_claim else ("span", "anomaly")
        # Only the first piece of a mark carries its id, so each id appears once.
        anchor = Markup(' id="{}"').format(mark.anchor) if mark.start == start else ""
        opening = Markup('<{} class="{}"{} data-{}="{}" title="{}">').format(
            Markup(tag), mark.css, anchor, Markup(key_name), mark.key, mark.title
        )
        html = f"{opening}{html}</{tag}>"
    return html


def _claim_ref(claim: ReportClaim) -> str:
    verdict = _summary.verdict_of(claim)
    return Markup(
        '<a class="claim-ref verdict-{}" href="#{}" aria-label="claim {}, {}">{}</a>'
    ).format(verdict, claim_anchor(claim.id), claim.id, verdict.replace("_", " "), claim.id)
