"""Short references ("the group", "the operation", "its offensive") resolved to the
entity they stand for.

A noun refers back to the nearest earlier entity of a kind it can name. Which nouns can
name which entities is read from the knowledge base, not listed per entity: an event noun
such as "crackdown" can name an event that has a statement whose property the noun
expresses (the cues of ``conductedBy`` include "crackdown"), or whose name contains it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from newsvet.document import Document, Mention, Span

# Head nouns that refer to an organisation or a person. Events are found through the
# knowledge base's property cues instead, so new kinds of event need no code.
GROUP_NOUNS = frozenset(
    {"group", "organisation", "organization", "outfit", "movement", "militia", "faction",
     "network", "party", "body", "council", "committee"}
)  # fmt: skip
PERSON_NOUNS = frozenset(
    {"leader", "chief", "commander", "founder", "spokesman", "spokesperson", "cleric",
     "militant", "operative", "minister", "president"}
)  # fmt: skip
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})
_NON_PERSON = frozenset({"Person", "Event", "Address"})
# How far back an antecedent may lie, in characters (about three paragraphs).
_WINDOW = 2500


@dataclass(frozen=True)
class Referent:
    kb_id: str
    schema: str
    start: int
    text: str


def _kind(token: Token, event_nouns: frozenset[str]) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in event_nouns or token.lower_ in event_nouns:
        return "event"
    if lemma in GROUP_NOUNS:
        return "group"
    if lemma in PERSON_NOUNS:
        return "person"
    return None


def _determiner(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "det":
            return child.lower_
        if child.dep_ == "poss":
            return "poss"
    return None


def _compatible(kind: str, schema: str, kb_id: str, event_ids: frozenset[str]) -> bool:
    if kind == "event":
        return kb_id in event_ids
    if kind == "person":
        return schema == "Person"
    return schema not in _NON_PERSON


def resolve_references(
    doc: Document,
    parsed: SpacyDoc,
    referents: list[Referent],
    event_ids_for: dict[str, frozenset[str]],
    events_of: Callable[[str, list[str]], list[Referent]],
) -> list[Mention]:
    """Mentions for short references, each linked to the entity it stands for.

    ``event_ids_for`` maps an event noun to the ids of linked events it can name;
    ``events_of(noun, entity_ids)`` gives knowledge-base events that noun can name and that
    involve one of the entities, so that "the bombing near Kandahar" names the bombing
    at Kandahar even when no earlier sentence named it.
    """
    taken = [m.span for m in doc.mentions]
    found: list[Mention] = []
    event_nouns = frozenset(event_ids_for)
    for token in parsed:
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        kind = _kind(token, event_nouns)
        if kind is None:
            continue
        span = Span(token.idx, token.idx + len(token.text))
        if any(span.overlaps(t) for t in taken):
            continue
        determiner = _determiner(token)
        event_ids = event_ids_for.get(token.lemma_.lower(), frozenset()) | event_ids_for.get(
            token.lower_, frozenset()
        )
        referent = None
        if kind == "event":
            modifiers = [
                m.kb_id for m in doc.mentions
                if m.kb_id and any(m.span.start <= t.idx < m.span.end for t in _setting(token))
            ]  # fmt: skip
            local = events_of(token.lemma_.lower(), modifiers) if modifiers else []
            referent = local[0] if len(local) == 1 else None
        if referent is None:
            candidates = [r for r in referents if _compatible(kind, r.schema, r.kb_id, event_ids)]
            referent = _pick(
                candidates, span.start, definite=determiner in _DEFINITE or determiner == "poss"
            )
        if referent is None:
            continue
        found.append(
            Mention(
                span,
                token.text,
                "EVENT" if kind == "event" else ("PERSON" if kind == "person" else "ORG"),
                "coref",
                kb_id=referent.kb_id,
                link_score=0.7,
                link_reason=f"refers to {referent.text!r}",
            )
        )
    return found


def _setting(token: Token) -> list[Token]:
    """Words that place an event noun ("the Kandahar bombing", "the bombing near Kandahar"),
    leaving out its possessor and its "by" agent: finding the event through its claimed
    agent would confirm the claim by construction."""
    words: list[Token] = []
    for child in token.children:
        if child.dep_ in {"poss", "agent", "det"}:
            continue
        if child.dep_ == "prep" and child.lower_ == "by":
            continue
        words.extend(child.subtree)
    return words


def _pick(candidates: Iterable[Referent], position: int, *, definite: bool) -> Referent | None:
    candidates = list(candidates)
    distinct = {c.kb_id for c in candidates}
    before = [c for c in candidates if position - _WINDOW <= c.start < position]
    if definite and before:
        return max(before, key=lambda c: c.start)
    # An indefinite noun, or one before any antecedent (a headline), can only stand for
    # the one entity of its kind the article is about.
    if len(distinct) == 1:
        return candidates[0]
    return None
