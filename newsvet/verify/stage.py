"""The verify stage: evidence for each checkable claim, and its verdict."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newsvet.corpus import content_id
from newsvet.document import Claim, Document, Verdict
from newsvet.pipeline import register_stage
from newsvet.pipeline.resources import Resources
from newsvet.verify.aggregate import decide, decide_with_coverage
from newsvet.verify.coverage import (
    PASSAGES_PER_CLAIM,
    CoverageFinding,
    fact_checks_for,
    passages_for,
)
from newsvet.verify.structured import StructuredVerifier, claim_lemmas

if TYPE_CHECKING:
    from newsvet.corpus import Hit
    from newsvet.nli import TextualVerifier

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


class _Judgements:
    """The verifier's answers for one article, so that a passage met again for the same
    claim (a syndicated copy, a repeated query) is judged once."""

    def __init__(self, verifier: TextualVerifier) -> None:
        self.verifier = verifier
        self.seen: dict[tuple[str, str], dict[str, float]] = {}

    def __call__(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        new = list(dict.fromkeys(p for p in pairs if p not in self.seen))
        self.seen.update(zip(new, self.verifier.predict(new), strict=True))
        return [self.seen[p] for p in pairs]


@register_stage(
    "newsvet.verify.v2", step="verify", requires=("claims", "entities"), assigns=("verdicts",)
)
def make_coverage_verifier(resources: Resources) -> Callable[[Document], Document]:
    """The knowledge base first; then other coverage (the trained textual verifier on
    retrieved passages) and earlier fact-checks, for the claims the knowledge base leaves
    open."""
    structured = StructuredVerifier(resources.kb)
    corpus, factchecks = resources.corpus, resources.factchecks
    verifier = resources.verifier if corpus is not None or factchecks is not None else None

    def verify(doc: Document) -> Document:
        checkable = [c for c in doc.claims if c.verdict is not Verdict.NOT_CHECKABLE]
        for claim in checkable:
            findings = structured.check(doc, claim, claim_lemmas(doc, claim))
            decide(claim, findings, _link_confidence(doc, {f.subject for f in findings}))
        open_claims = [c for c in checkable if c.verdict is Verdict.NOT_ENOUGH_EVIDENCE]
        if verifier is None or not open_claims:
            return doc
        judge = _Judgements(verifier)
        passages: list[list[Hit]] = [[] for _ in open_claims]
        if corpus is not None:
            # Only passages close in meaning are judged, so the dense ranking alone finds
            # them; the article under check (and its copies) is no evidence about itself.
            passages = corpus.search_many(
                [c.text for c in open_claims], PASSAGES_PER_CLAIM, before=doc.meta.published,
                exclude_article=content_id(doc), mode="dense",
            )  # fmt: skip
        for claim, hits in zip(open_claims, passages, strict=True):
            coverage: list[CoverageFinding] = []
            if factchecks is not None:
                coverage += fact_checks_for(claim, factchecks, verifier)
            coverage += passages_for(claim, hits, judge, _required_names(resources, claim))
            decide_with_coverage(claim, coverage)
        return doc

    return verify
