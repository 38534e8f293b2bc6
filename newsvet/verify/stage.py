"""The verify stage: evidence for each checkable claim, and its verdict."""

from __future__ import annotations

from collections.abc import Callable

from newsvet.document import Document, Verdict
from newsvet.pipeline import register_stage
from newsvet.pipeline.resources import Resources
from newsvet.verify.aggregate import decide
from newsvet.verify.structured import StructuredVerifier, claim_lemmas


def _link_confidence(doc: Document, entity_ids: set[str]) -> float:
    """How sure the links are that the evidence hangs on (a fuzzy or short-reference
    link makes a verdict about the wrong entity possible)."""
    scores = [m.link_score for m in doc.mentions if m.kb_id in entity_ids]
    return min(1.0, max(scores)) if scores else 1.0


@register_stage("newsvet.verify.v1", step="verify", requires=("claims", "entities"), assigns=("verdicts",))
def make_verifier(resources: Resources) -> Callable[[Document], Document]:
    structured = StructuredVerifier(resources.kb)

    def verify(doc: Document) -> Document:
        for claim in doc.claims:
            if claim.verdict is Verdict.NOT_CHECKABLE:
                continue
            findings = structured.check(doc, claim, claim_lemmas(doc, claim))
            subjects = {f.subject for f in findings}
            decide(claim, findings, _link_confidence(doc, subjects))
        return doc

    return verify
