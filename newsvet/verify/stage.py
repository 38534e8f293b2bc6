"""The verify stage: evidence for each checkable claim, and its verdict."""

from __future__ import annotations

from collections.abc import Callable

from newsvet.document import Claim, Document, Verdict
from newsvet.pipeline import register_stage
from newsvet.pipeline.resources import Resources
from newsvet.verify.aggregate import decide, decide_with_coverage
from newsvet.verify.coverage import CoverageFinding, fact_checks_for, passages_for
from newsvet.verify.structured import StructuredVerifier, claim_lemmas

# Entities a passage must name to be evidence about a claim: the groups, people and
# events it is about (states and places are too often named in passing to require).
_REQUIRED_SCHEMATA = frozenset({"Organization", "Person", "Event", "LegalEntity"})


def _required_names(resources: Resources, claim: Claim) -> list[list[str]]:
    required = []
    for entity_id in dict.fromkeys(claim.entity_ids):
        entity = resources.kb.entity(entity_id)
        if entity is not None and entity.schema in _REQUIRED_SCHEMATA:
            required.append([n for n in entity.names if len(n) >= 3] or [entity.caption])
    return required


def _link_confidence(doc: Document, entity_ids: set[str]) -> float:
    """How sure the links are that the evidence hangs on (a fuzzy or short-reference
    link makes a verdict about the wrong entity possible)."""
    scores = [m.link_score for m in doc.mentions if m.kb_id in entity_ids]
    return min(1.0, max(scores)) if scores else 1.0


@register_stage(
    "newsvet.verify.v1", step="verify", requires=("claims", "entities"), assigns=("verdicts",)
)
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


@register_stage(
    "newsvet.verify.v2", step="verify", requires=("claims", "entities"), assigns=("verdicts",)
)
def make_coverage_verifier(resources: Resources) -> Callable[[Document], Document]:
    """The knowledge base first; then other coverage (the trained textual verifier on
    retrieved passages) and earlier fact-checks, for whatever the knowledge base leaves open."""
    structured = StructuredVerifier(resources.kb)
    corpus, factchecks = resources.corpus, resources.factchecks
    verifier = resources.verifier if corpus is not None or factchecks is not None else None

    def verify(doc: Document) -> Document:
        for claim in doc.claims:
            if claim.verdict is Verdict.NOT_CHECKABLE:
                continue
            findings = structured.check(doc, claim, claim_lemmas(doc, claim))
            decide(claim, findings, _link_confidence(doc, {f.subject for f in findings}))
            coverage: list[CoverageFinding] = []
            if factchecks is not None and verifier is not None:
                coverage += fact_checks_for(claim, factchecks, verifier)
            if corpus is not None and verifier is not None:
                coverage += passages_for(
                    doc, claim, corpus, verifier, _required_names(resources, claim)
                )
            decide_with_coverage(claim, coverage)
        return doc

    return verify
