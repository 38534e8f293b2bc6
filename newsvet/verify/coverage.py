"""Evidence beyond the knowledge base: other coverage and earlier fact-checks.

Passages from the corpus get their stance from the trained textual verifier; earlier
fact-checks get theirs from the fact-checker's rating. Syndicated copies of one story are
one source: of each story only its strongest passage counts, and the reason says how many
copies were folded in. Evidence published after the article under check is shown, marked
as later, and counts for less, since the author could not have known it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsvet.document import Claim, Evidence, Stance
from newsvet.factchecks._text import capitalised, numbers
from newsvet.verify.textual import StanceThresholds, stance_of

# Capitalised only because they start the sentence.
_SENTENCE_INITIAL = frozenset({"the", "a", "an", "in", "on", "this", "that", "it"})

if TYPE_CHECKING:
    from newsvet.corpus import Hit
    from newsvet.factchecks import FactCheckStore, Match
    from newsvet.nli import TextualVerifier

PASSAGES_PER_CLAIM = 5
# Retrieved passages below this cosine similarity to the claim are about something else;
# the verifier is not asked about them (it is the costly step).
RELATED_SIMILARITY = 0.45
# Retrieval over open coverage brings far weaker candidates than a benchmark's curated
# evidence, so a passage must be clearly for or against the claim to count.
CORPUS_THRESHOLDS = StanceThresholds(support=0.7, refute=0.7)
FACT_CHECKS_PER_CLAIM = 3
# A fact-check counts as being about the claim when the matcher is this sure (its
# re-ranker's probability that the two state the same claim).
MATCH_THRESHOLD = 0.5
LATER_WEIGHT = 0.7
# How clearly the reviewed claim must agree with (or contradict) the claim under check for
# the fact-checker's rating to bear on it, and the most one review can weigh.
FACT_CHECK_AGREEMENT = StanceThresholds(support=0.6, refute=0.6)
MAX_FACT_CHECK_SCORE = 0.9


@dataclass
class CoverageFinding:
    evidence: Evidence
    story: str  # one independent source: a corpus story id or a fact-checker
    copies: int = 1  # syndicated copies folded into this one


def _citation(hit: Hit) -> str:
    parts = [
        p
        for p in (hit.outlet, hit.published.isoformat() if hit.published else None, hit.title)
        if p
    ]
    cited = ", ".join(parts) or hit.article_id
    if hit.url:
        cited += f" <{hit.url}>"
    return cited + (" — published after the article" if hit.later else "")


def _names(text: str, name: str) -> bool:
    """A whole-word mention; acronyms ("IS", "LTTE") only as written, not as "let"."""
    flags = 0 if len(name) <= 5 and sum(c.isupper() for c in name) >= 2 else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) is not None


def _names_all(text: str, required: Sequence[Sequence[str]]) -> bool:
    """Whether the passage names each required entity by one of its names."""
    return all(any(_names(text, name) for name in names) for names in required)


def passages_for(
    claim: Claim,
    hits: Sequence[Hit],
    judge: Callable[[list[tuple[str, str]]], list[dict[str, float]]],
    required: Sequence[Sequence[str]] = (),
    thresholds: StanceThresholds = CORPUS_THRESHOLDS,
) -> list[CoverageFinding]:
    """The retrieved passages that bear on a claim, one per independent story.

    ``judge`` is the textual verifier's ``predict`` (or a cache in front of it).
    ``required`` holds, for each group, person or event the claim names, the names it goes
    by: a passage about another group ("the US designated Hezbollah") says nothing about
    this one however alike the sentences are, and the textual verifier cannot always tell."""
    hits = [
        h
        for h in hits
        if (h.similarity or 0.0) >= RELATED_SIMILARITY and _names_all(h.text, required)
    ]
    if not hits:
        return []
    probabilities = judge([(hit.text, claim.text) for hit in hits])
    best: dict[str, tuple[CoverageFinding, float]] = {}
    copies: dict[str, set[str]] = {}
    for hit, probs in zip(hits, probabilities, strict=True):
        stance, strength = stance_of(probs, thresholds)
        copies.setdefault(hit.story_id, set()).add(hit.article_id)
        if stance is Stance.UNRELATED:
            continue
        weight = strength * (LATER_WEIGHT if hit.later else 1.0)
        evidence = Evidence(
            kind="corpus", text=hit.text, source=_citation(hit), stance=stance,
            score=round(weight, 3), ref=f"passage:{hit.passage_id}", dataset="corpus",
        )  # fmt: skip
        if hit.story_id not in best or weight > best[hit.story_id][1]:
            best[hit.story_id] = (CoverageFinding(evidence, hit.story_id), weight)
    findings = []
    for story, (finding, _) in best.items():
        finding.copies = len(copies[story])
        findings.append(finding)
    return findings


def _flip(stance: Stance) -> Stance:
    return {Stance.SUPPORTS: Stance.REFUTES, Stance.REFUTES: Stance.SUPPORTS}.get(stance, stance)


def _same_particulars(reviewed: str, text: str) -> bool:
    """Whether the claim names every place, person, group and number the reviewed claim
    names. The textual verifier leans on shared words ("moved its head office to Lahore"
    reads to it much like "kept its head office in Karachi"), so a review that turns on a
    name or a number the claim does not mention is about another statement."""
    words = {w.lower() for w in re.findall(r"[\w'-]+", text)}
    names = {n.lower() for n in capitalised(reviewed)} - _SENTENCE_INITIAL
    return names <= words and numbers(reviewed) <= numbers(text)


def fact_checks_for(
    claim: Claim, store: FactCheckStore, verifier: TextualVerifier
) -> list[CoverageFinding]:
    """Earlier fact-checks of the same claim, with the stance their rating implies.

    A matcher finds reviews on the same subject, not necessarily of the same statement: a
    review rating "the head office moved to Lahore" False says nothing against "the head
    office stayed in Karachi". So the textual verifier reads the reviewed claim against this
    one: the rating carries over when the two agree, is reversed when they contradict each
    other, and is dropped otherwise."""
    matches: list[Match] = [
        m for m in store.match(claim.text, FACT_CHECKS_PER_CLAIM)
        if m.score >= MATCH_THRESHOLD and m.stance is not Stance.UNRELATED
        and _same_particulars(m.fact_check.claim, claim.text)
    ]  # fmt: skip
    if not matches:
        return []
    agreements = verifier.predict([(m.fact_check.claim, claim.text) for m in matches])
    findings = []
    for match, agreement in zip(matches, agreements, strict=True):
        relation, strength = stance_of(agreement, FACT_CHECK_AGREEMENT)
        if relation is Stance.UNRELATED:
            continue
        stance = match.stance if relation is Stance.SUPPORTS else _flip(match.stance)
        check = match.fact_check
        rating = check.rating.text or (
            f"{check.rating.value:g}" if check.rating.value is not None else "rated"
        )
        who = check.fact_checker or "a fact-checker"
        source = ", ".join(p for p in (who, check.date, check.url) if p)
        same = "the same claim" if relation is Stance.SUPPORTS else "the opposite claim"
        evidence = Evidence(
            kind="factcheck", text=f"{check.claim} — rated “{rating}” by {who} ({same})", source=source,
            stance=stance, score=round(min(MAX_FACT_CHECK_SCORE, match.score * match.weight * strength), 3),
            ref=check.id, dataset="factchecks",
        )  # fmt: skip
        findings.append(CoverageFinding(evidence, f"factcheck:{who}"))
    return findings
