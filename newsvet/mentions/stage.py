"""The mentions stage: named entities, knowledge-base names, acronyms, dates and numbers.

The statistical recogniser finds names the knowledge base lacks; the knowledge-base patterns
find the spellings the recogniser misses or mislabels. Where both cover the same words, the
knowledge-base match wins, because it already knows which entity it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc as SpacyDoc

from newsvet.document import Document, Mention, Span
from newsvet.mentions.dates import normalise_date
from newsvet.mentions.kbpatterns import KBNameMatcher, NameMatch, is_acronym
from newsvet.mentions.numbers import parse_number
from newsvet.pipeline import register_stage
from newsvet.pipeline.resources import Resources

# spaCy labels kept as mentions; others (ORDINAL, PERCENT, MONEY...) carry no entity.
_NER_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "DATE", "QUANTITY", "CARDINAL",
     "WORK_OF_ART", "PRODUCT", "LAW", "MONEY", "PERCENT"}
)  # fmt: skip
_NUMERIC_LABELS = frozenset({"QUANTITY", "CARDINAL", "MONEY", "PERCENT"})
_SCHEMA_LABELS = {
    "Person": "PERSON",
    "Event": "EVENT",
    "Address": "LOC",
    "Country": "GPE",
    "Territory": "GPE",
}
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(['’]s|['’])$")


def label_for_schema(schema: str, kind: str) -> str:
    if kind == "demonym":
        return "NORP"
    return _SCHEMA_LABELS.get(schema, "ORG")


def _trim(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive so the mention is the bare name."""
    text = doc.text[start:end]
    lead = _LEADING.match(text)
    if lead and end - start > lead.end():
        start += lead.end()
        text = text[lead.end() :]
    trail = _TRAILING.search(text)
    if trail and trail.start() > 0:
        end -= len(trail.group())
    return start, end


def _choose_kb_matches(matches: list[NameMatch]) -> list[NameMatch]:
    """Longest matches first; among equal spans prefer a full name over an alias."""
    rank = {"name": 0, "alias": 1, "acronym": 2, "demonym": 3}
    ordered = sorted(matches, key=lambda m: (-(m.end - m.start), m.start, rank.get(m.kind, 4)))
    taken: list[NameMatch] = []
    for match in ordered:
        if all(match.end <= t.start or match.start >= t.end for t in taken):
            taken.append(match)
    return sorted(taken, key=lambda m: m.start)


def _ner_mentions(doc: Document, parsed: SpacyDoc, blocked: list[Span]) -> list[Mention]:
    found: list[Mention] = []
    sentence_of = {s.span: s for s in doc.sentences}
    for ent in parsed.ents:
        if ent.label_ not in _NER_LABELS:
            continue
        # A recognised name never crosses a sentence (or headline) boundary.
        for sentence in sentence_of:
            start, end = max(ent.start_char, sentence.start), min(ent.end_char, sentence.end)
            if start >= end:
                continue
            start, end = _trim(doc, start, end)
            span = Span(start, end)
            if not doc.text[start:end].strip() or any(span.overlaps(b) for b in blocked):
                continue
            found.append(Mention(span, doc.text[start:end], ent.label_, "ner"))
    return found


def _acronym_mentions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """ "Liberation Tigers of Tamil Eelam (LTTE)" defines LTTE: every later LTTE stands for
    that name."""
    defined: dict[str, Mention] = {}
    for mention in mentions:
        after = re.match(
            r"\s*\(([A-Za-z]{2,7})\)", doc.text[mention.span.end : mention.span.end + 12]
        )
        if after and is_acronym(after.group(1)) and mention.label not in {"DATE", *_NUMERIC_LABELS}:
            defined.setdefault(after.group(1), mention)
    found: list[Mention] = []
    taken = [m.span for m in mentions]
    for acronym, long_form in defined.items():
        for hit in re.finditer(rf"\b{re.escape(acronym)}\b", doc.text):
            span = Span(hit.start(), hit.end())
            if any(span.overlaps(t) for t in taken):
                continue
            mention = Mention(span, acronym, long_form.label, "acronym", link_reason=long_form.text)
            found.append(mention)
            taken.append(span)
    return found


def find_mentions(doc: Document, parsed: SpacyDoc, matcher: KBNameMatcher) -> list[Mention]:
    kb_matches = _choose_kb_matches(matcher(parsed))
    mentions = [
        Mention(
            Span(m.start, m.end),
            doc.text[m.start : m.end],
            label_for_schema(m.schema, m.kind),
            "kb",
            kb_id=m.entity_id,
            link_score=1.0,
            link_reason=f"knowledge-base {m.kind}",
        )
        for m in kb_matches
    ]
    mentions += _ner_mentions(doc, parsed, [m.span for m in mentions])
    mentions += _acronym_mentions(doc, mentions)
    for mention in mentions:
        if mention.label == "DATE":
            mention.date = normalise_date(mention.text, doc.meta.published)
        elif mention.label in _NUMERIC_LABELS:
            mention.number = parse_number(mention.text)
    return sorted(mentions, key=lambda m: (m.span.start, m.span.end))


@register_stage(
    "newsvet.mentions.v1", step="mentions", requires=("sentences",), assigns=("mentions",)
)
def make_mentions(resources: Resources) -> Callable[[Document], Document]:
    matcher = KBNameMatcher(resources.nlp, resources.kb)

    def mentions(doc: Document) -> Document:
        parsed: SpacyDoc = doc.annotations["spacy"]
        doc.mentions = find_mentions(doc, parsed, matcher)
        return doc

    return mentions
