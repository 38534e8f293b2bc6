"""The assess stage: article-level signals and textual anomalies."""

from __future__ import annotations

from collections.abc import Callable

from newsvet.assess.anomalies import find_anomalies
from newsvet.assess.signals import compute_signals
from newsvet.document import Claim, Document, Span
from newsvet.pipeline.registry import register_stage
from newsvet.pipeline.resources import Resources


@register_stage(
    "newsvet.assess.v1", step="assess", requires=("claims",), assigns=("signals", "anomalies")
)
def make_assess(resources: Resources) -> Callable[[Document], Document]:
    # Assessment needs no models or knowledge base: it reads what earlier stages found.
    return assess


def assess(doc: Document) -> Document:
    doc.anomalies = find_anomalies(doc.text, text_regions(doc))
    doc.signals = compute_signals(doc, {c.id for c in doc.claims if is_headline_claim(doc, c)})
    return doc


def text_regions(doc: Document) -> list[Span]:
    """The headline and the body; all of the text when the reader marked neither."""
    regions = [span for span in (doc.headline, doc.body) if span is not None]
    return regions or [Span(0, len(doc.text))]


def is_headline_claim(doc: Document, claim: Claim) -> bool:
    if doc.headline is not None and doc.headline.contains(claim.span):
        return True
    return 0 <= claim.sentence < len(doc.sentences) and doc.sentences[claim.sentence].is_headline
