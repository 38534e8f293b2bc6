"""The link stage: each mention to a knowledge-base entity, or to nothing.

Order matters: names first (they carry the most evidence), then acronyms defined in the
text (they take their long form's entity), then short references, which need the entities
already linked before them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc as SpacyDoc

from newsvet.document import Document, LinkedEntity, Mention
from newsvet.kb import Candidate, KBEntity, KnowledgeBase
from newsvet.link.coref import Referent, resolve_references
from newsvet.pipeline import register_stage
from newsvet.pipeline.resources import Resources

# Which knowledge-base schemata a recogniser label can name. The small statistical model
# often mislabels rare names ("Op Desert Storm" as WORK_OF_ART), so a mismatch costs score
# instead of ruling a candidate out, except between people and everything else.
_LABEL_SCHEMATA: dict[str, frozenset[str]] = {
    "PERSON": frozenset({"Person"}),
    "ORG": frozenset({"Organization", "LegalEntity", "Company", "PublicBody"}),
    "NORP": frozenset({"Organization", "LegalEntity", "PublicBody", "Country", "Territory"}),
    "GPE": frozenset({"Country", "Territory", "Address", "PublicBody"}),
    "LOC": frozenset({"Country", "Territory", "Address"}),
    "FAC": frozenset({"Address", "Organization"}),
    "EVENT": frozenset({"Event"}),
}
_LINKABLE = frozenset({*_LABEL_SCHEMATA, "WORK_OF_ART", "PRODUCT", "LAW"})
_MISMATCH_PENALTY = 0.15
_THRESHOLD = 0.86
# A looser fuzzy match ("Tamil Tiger" for "Tamil Tigers") is accepted only when the recogniser's
# label agrees with the candidate's schema.
_FUZZY_THRESHOLD = 0.78


def _type_score(label: str, candidate: Candidate) -> float | None:
    """The candidate's score after type agreement, or None when it cannot be linked."""
    allowed = _LABEL_SCHEMATA.get(label)
    is_person = candidate.entity.schema == "Person"
    if (label == "PERSON") != is_person and label in _LABEL_SCHEMATA:
        return None
    if allowed is not None and candidate.entity.schema in allowed:
        return candidate.score if candidate.score >= _FUZZY_THRESHOLD else None
    score = candidate.score - (_MISMATCH_PENALTY if allowed is not None else 0.0)
    return score if score >= _THRESHOLD else None


class Linker:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._event_props = self._event_vocabulary(kb)
        self._candidates = lru_cache(maxsize=50_000)(self._lookup)

    @staticmethod
    def _event_vocabulary(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
        """Words that can name an event, from the cues of the properties that say who did
        it: "crackdown" expresses ``conductedBy``, so it can name an event conducted by
        someone. Cues of other properties name its parts ("camp" is a target, "death" a
        toll), not the event itself."""
        by_word: dict[str, set[str]] = {}
        for spec in kb.properties().values():
            if not (spec.type == "entity" and spec.name.endswith("By")):
                continue
            for cue in spec.cues:
                for word in cue.lower().split():
                    if word not in STOP_WORDS and word.isalpha():
                        by_word.setdefault(word, set()).add(spec.name)
        return {k: frozenset(v) for k, v in by_word.items()}

    def _lookup(self, text: str) -> tuple[Candidate, ...]:
        return tuple(self.kb.candidates(text, limit=5))

    def best(self, mention: Mention) -> tuple[Candidate, float] | None:
        scored = []
        for candidate in self._candidates(mention.text):
            score = _type_score(mention.label, candidate)
            if score is not None:
                # Ties go to the entity more sources know about (a merged entity).
                scored.append((score, len(candidate.entity.datasets), candidate))
        if not scored:
            return None
        score, _, candidate = max(scored, key=lambda item: (item[0], item[1]))
        return candidate, score

    def _events_for_nouns(self, linked_events: list[str]) -> dict[str, frozenset[str]]:
        """For each noun that can name an event, the linked events it can name: through
        a property the event has, or a word of the event's own name ("the attack")."""
        result: dict[str, set[str]] = {}
        for kb_id in linked_events:
            props = {s.prop for s in self.kb.statements(kb_id)}
            for noun, noun_props in self._event_props.items():
                if noun_props & props:
                    result.setdefault(noun, set()).add(kb_id)
            entity = self.kb.entity(kb_id)
            for name in entity.names if entity else ():
                for word in name.lower().split():
                    if word.isalpha() and word not in STOP_WORDS:
                        result.setdefault(word, set()).add(kb_id)
        return {k: frozenset(v) for k, v in result.items()}

    def _surname(self, mention: Mention, people: dict[str, str]) -> bool:
        """A one-word personal name ("Azhar") stands for the person named in full earlier
        in the article, never for a stranger in the knowledge base who shares the word."""
        word = mention.text.lower()
        for kb_id, name in people.items():
            if word in name.lower().replace("-", " ").split():
                mention.kb_id, mention.link_score = kb_id, 0.85
                mention.link_reason = f"short form of {name!r} named earlier"
                return True
        return False

    def __call__(self, doc: Document) -> Document:
        people: dict[str, str] = {}  # kb id -> full name, as linked so far
        for mention in doc.mentions:
            if mention.kb_id and mention.label == "PERSON":
                people.setdefault(mention.kb_id, mention.text)
            if (
                mention.kb_id is not None
                or mention.label not in _LINKABLE
                or mention.source != "ner"
            ):
                continue
            if mention.label == "PERSON" and " " not in mention.text.strip():
                self._surname(mention, people)
                continue
            found = self.best(mention)
            if found:
                candidate, score = found
                mention.kb_id, mention.link_score = candidate.entity.id, score
                mention.link_reason = f"{candidate.method} match on {candidate.matched!r}"
                if mention.label == "PERSON":
                    people.setdefault(candidate.entity.id, mention.text)
        self._link_acronyms(doc)
        referents = [
            Referent(m.kb_id, self._schema(m.kb_id), m.span.start, m.text)
            for m in doc.mentions
            if m.kb_id is not None
        ]
        events = sorted({r.kb_id for r in referents if r.schema == "Event"})
        parsed: SpacyDoc = doc.annotations["spacy"]
        doc.mentions = sorted(
            doc.mentions
            + resolve_references(
                doc, parsed, referents, self._events_for_nouns(events), self._events_involving
            ),
            key=lambda m: (m.span.start, m.span.end),
        )
        doc.entities = self._entities(doc)
        return doc

    def _names_event(self, noun: str, event: KBEntity) -> bool:
        """Whether the noun can name this event: a word of its name, or a property it has
        that the noun expresses."""
        words = {w for n in event.names for w in n.lower().split()}
        has_props = {s.prop for s in self.kb.statements(event.id)}
        return noun in words or bool(self._event_props.get(noun, frozenset()) & has_props)

    def _events_involving(self, noun: str, entity_ids: list[str]) -> list[Referent]:
        """The event the noun names through the words around it: an event named there
        itself ("a military operation dubbed X"), else the events in the knowledge base
        that involve one of the entities named there ("the bombing near Kandahar")."""
        named = [self.kb.entity(e) for e in entity_ids]
        direct = [
            e for e in named if e is not None and e.schema == "Event" and self._names_event(noun, e)
        ]
        if direct:
            return [Referent(e.id, "Event", -1, e.caption) for e in direct]
        found: dict[str, Referent] = {}
        for entity_id in entity_ids:
            for statement in self.kb.statements_with_value(entity_id):
                if statement.prop.endswith("By"):
                    continue  # an agent does not identify its event (see coref._setting)
                event = self.kb.entity(statement.subject)
                if event is None or event.schema != "Event" or event.id in found:
                    continue
                if self._names_event(noun, event):
                    found[event.id] = Referent(event.id, "Event", -1, event.caption)
        return list(found.values())

    def _link_acronyms(self, doc: Document) -> None:
        long_forms = {m.text: m for m in doc.mentions if m.source != "acronym" and m.kb_id}
        for mention in doc.mentions:
            if mention.source == "acronym" and mention.kb_id is None:
                long_form = long_forms.get(mention.link_reason or "")
                if long_form is not None:
                    mention.kb_id, mention.link_score = long_form.kb_id, long_form.link_score
                    mention.link_reason = f"acronym defined in the text for {long_form.text!r}"

    def _schema(self, kb_id: str) -> str:
        entity = self.kb.entity(kb_id)
        return entity.schema if entity else "Thing"

    def _entities(self, doc: Document) -> dict[str, LinkedEntity]:
        entities: dict[str, LinkedEntity] = {}
        for mention in doc.mentions:
            if mention.kb_id is None or mention.kb_id in entities:
                continue
            entity = self.kb.entity(mention.kb_id)
            if entity is None:
                mention.kb_id = None
                continue
            mention.kb_id = entity.id  # a merged record's id resolves to the canonical one
            entities[entity.id] = LinkedEntity(
                kb_id=entity.id,
                name=entity.caption,
                schema=entity.schema,
                identifiers={k: list(v) for k, v in entity.identifiers.items()},
                datasets=list(entity.datasets),
            )
        for mention in doc.mentions:
            if mention.kb_id is not None and mention.kb_id not in entities:
                entity = self.kb.entity(mention.kb_id)
                mention.kb_id = entity.id if entity else None
        return entities


@register_stage("newsvet.link.v1", step="link", requires=("mentions",), assigns=("entities",))
def make_linker(resources: Resources) -> Callable[[Document], Document]:
    return Linker(resources.kb)
