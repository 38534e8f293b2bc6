"""The structured verifier: a claim's frame compared with knowledge-base statements.

For every entity a claim involves, each property whose cue words the claim uses is said to
be expressed by the claim; the claim's value for it (its agent, place, date, number or other
entity, by the property's type) is compared with the statements the knowledge base holds,
using the property's semantics: a property that holds one value at a time contradicts a
different value; a complete set contradicts a claim that names only part of it; dates
compare at the precision the text gives; an actor counts as the state it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsvet.document import Claim, Document, Evidence, Stance
from newsvet.kb import KBEntity, KnowledgeBase, PropertySpec, Statement
from newsvet.verify.compare import in_range, kb_date, parse_range, same_date, valid_at

# Properties that relate an entity to a larger whole it acts for: armed forces to their
# state, a wing to its group, a person to the state of their nationality.
_BELONGS_TO = ("partOf", "nationality", "country", "location")
# Verbs whose subject is the agent of the event noun they take ("Kenya continues its
# offensive", "France launched strikes"); with any other verb the clause's subject is not
# the event's agent ("Mali called the strikes an act of war").
_LIGHT_VERBS = frozenset(
    {"continue", "wage", "launch", "conduct", "carry", "mount", "begin", "start", "step",
     "intensify", "expand", "escalate", "pursue", "lead", "order", "stage", "undertake",
     "resume", "announce", "execute"}
)  # fmt: skip
# Schemata that can fill a place.
_PLACE_SCHEMATA = frozenset({"Address", "Country", "Territory"})
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
_WORD = re.compile(r"[a-z][a-z'-]*")


@dataclass
class Finding:
    """One piece of structured evidence with what the claim said, for the reason."""

    evidence: Evidence
    subject: str
    spec: PropertySpec
    claimed: str
    known: str


def statement_text(kb: KnowledgeBase, statement: Statement, spec: PropertySpec) -> str:
    subject = kb.entity(statement.subject)
    name = subject.caption if subject else statement.subject
    when = ""
    if statement.start and statement.end:
        when = f" ({statement.start} to {statement.end})"
    elif statement.start:
        when = f" ({statement.start})"
    contested = " [contested]" if statement.contested else ""
    return f"{name} — {spec.label}: {statement.value}{when}{contested}"


class StructuredVerifier:
    name = "newsvet.verify.structured.v1"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.specs = kb.properties()
        self._cue_words = {name: self._content_cues(spec.cues) for name, spec in self.specs.items()}
        self._statements = lru_cache(maxsize=20_000)(self._load_statements)
        self._reverse = lru_cache(maxsize=20_000)(self._load_reverse)
        self._belongs = lru_cache(maxsize=20_000)(self._load_belongs)

    @staticmethod
    def _content_cues(cues: Iterable[str]) -> tuple[tuple[str, ...], ...]:
        """Cue phrases as word tuples, without phrases made only of function words
        ("by", "on", "in" would make every claim express every property)."""
        kept = []
        for cue in cues:
            words = tuple(cue.lower().split())
            if words and not all(w in STOP_WORDS for w in words):
                kept.append(words)
        return tuple(kept)

    def _load_statements(self, subject: str) -> tuple[Statement, ...]:
        return tuple(self.kb.statements(subject))

    def _load_reverse(self, entity_id: str) -> tuple[Statement, ...]:
        return tuple(self.kb.statements_with_value(entity_id))

    def _load_belongs(self, entity_id: str) -> frozenset[str]:
        """The entity and every whole it belongs to, two steps up."""
        found = {entity_id}
        frontier = {entity_id}
        for _ in range(2):
            step = set()
            for current in frontier:
                for statement in self._statements(current):
                    if statement.prop in _BELONGS_TO and statement.value_entity:
                        step.add(statement.value_entity)
            frontier = step - found
            found |= step
        return frozenset(found)

    # -- which properties a claim expresses ------------------------------------------

    def _expressed(self, claim_words: list[str], lemmas: set[str], prop: str) -> bool:
        for cue in self._cue_words.get(prop, ()):
            if len(cue) == 1:
                if cue[0] in lemmas:
                    return True
            elif _contains(claim_words, cue):
                return True
        return False

    # -- the entities a claim is about ------------------------------------------------

    def subjects(self, doc: Document, claim: Claim) -> list[str]:
        """Entities named in the claim, then events the knowledge base connects to two or
        more of the entities in the claim's sentence ("a bid by Brazil and Chile ...
        blocked by the United States" is about the listing request they all take part in)."""
        subjects = list(dict.fromkeys(claim.entity_ids + self._antecedent(doc, claim)))
        if any(self._schema(e) == "Event" for e in subjects):
            return subjects  # the claim names its event; related events are other events
        sentence = doc.sentences[claim.sentence].span
        in_sentence = {m.kb_id for m in doc.mentions_in(sentence) if m.kb_id}
        counts: dict[str, set[str]] = {}
        for entity_id in in_sentence | set(subjects):
            for statement in self._reverse(entity_id):
                counts.setdefault(statement.subject, set()).add(entity_id)
        for event_id, linked in sorted(counts.items()):
            entity = self.kb.entity(event_id)
            if (
                len(linked) >= 2
                and entity is not None
                and entity.schema == "Event"
                and event_id not in subjects
                and self._action_expresses(claim, event_id)
            ):
                subjects.append(event_id)
        return subjects

    # -- comparison --------------------------------------------------------------------

    def check(self, doc: Document, claim: Claim, lemmas: set[str]) -> list[Finding]:
        claim_words = _WORD.findall(claim.text.lower())
        findings: list[Finding] = []
        when = claim.frame.time or doc.meta.published
        for subject in self.subjects(doc, claim):
            by_prop: dict[str, list[Statement]] = {}
            for statement in self._statements(subject):
                by_prop.setdefault(statement.prop, []).append(statement)
            for prop, statements in by_prop.items():
                spec = self.specs.get(prop)
                if spec is None or not self._expressed(claim_words, lemmas, prop):
                    continue
                if spec.temporal:
                    statements = [s for s in statements if valid_at(s.start, s.end, when)]
                findings += self._compare(doc, claim, subject, spec, statements)
        return findings

    def _main_event(self, claim: Claim, subject: str) -> bool:
        """Whether the claim's time and place belong to this entity: a claim's date is
        its main event's, not that of another event it mentions ("struck ... in response
        to the bombing near Kandahar")."""
        if (
            self._schema(subject) != "Event"
            or subject in claim.frame.agent_ids + claim.frame.patient_ids
        ):
            return True
        return self._action_expresses(claim, subject)

    def _compare(
        self,
        doc: Document,
        claim: Claim,
        subject: str,
        spec: PropertySpec,
        statements: list[Statement],
    ) -> list[Finding]:
        if not statements:
            return []
        if spec.type in {"date", "place"} and not self._main_event(claim, subject):
            return []
        if spec.type == "date":
            return self._compare_dates(claim, subject, spec, statements)
        if spec.type == "number":
            return self._compare_numbers(doc, claim, subject, spec, statements)
        if spec.name == "designation":
            return self._compare_designations(doc, claim, subject, spec, statements)
        if spec.type in {"entity", "place"}:
            return self._compare_entities(doc, claim, subject, spec, statements)
        return []

    def _finding(
        self, statement: Statement, spec: PropertySpec, stance: Stance, claimed: str, score: float
    ) -> Finding:
        if statement.contested:
            score *= 0.8  # a contested fact settles less
        evidence = Evidence(
            kind="kb",
            text=statement_text(self.kb, statement, spec),
            source=statement.source,
            stance=stance,
            score=round(score, 3),
            ref=statement.id,
            dataset=statement.dataset,
        )
        return Finding(evidence, statement.subject, spec, claimed, statement.value)

    def _compare_dates(
        self, claim: Claim, subject: str, spec: PropertySpec, statements: list[Statement]
    ) -> list[Finding]:
        claimed = claim.frame.time
        if claimed is None:
            return []
        findings = []
        for statement in statements:
            known = kb_date(statement.value)
            if known is None:
                continue
            same = same_date(claimed, known)
            if same or spec.cardinality == "one":
                stance = Stance.SUPPORTS if same else Stance.REFUTES
                findings.append(
                    self._finding(statement, spec, _flip(stance, claim), str(claimed), 0.9)
                )
        return findings

    def _compare_numbers(
        self,
        doc: Document,
        claim: Claim,
        subject: str,
        spec: PropertySpec,
        statements: list[Statement],
    ) -> list[Finding]:
        """Any number the claim states may be the property's ("one of nine targets"); a
        difference refutes only when the claim states a single number."""
        numbers = [
            m.number
            for m in doc.mentions_in(claim.span)
            if m.number is not None and m.label != "DATE"
        ]
        if claim.frame.quantity is not None:
            numbers.append(claim.frame.quantity)
        numbers = list(dict.fromkeys(numbers))
        if not numbers:
            return []
        findings = []
        for statement in statements:
            known = parse_range(statement.value)
            if known is None:
                continue
            matching = [n for n in numbers if in_range(n, known, spec.tolerance or 0.0)]
            if matching:
                findings.append(
                    self._finding(
                        statement, spec, _flip(Stance.SUPPORTS, claim), f"{matching[0]:g}", 0.8
                    )
                )
            elif len(numbers) == 1:
                findings.append(
                    self._finding(
                        statement, spec, _flip(Stance.REFUTES, claim), f"{numbers[0]:g}", 0.8
                    )
                )
        return findings

    def _compare_designations(
        self,
        doc: Document,
        claim: Claim,
        subject: str,
        spec: PropertySpec,
        statements: list[Statement],
    ) -> list[Finding]:
        """A listing compares by its authority and date: "listed by the UN in 2019" is
        refuted by a UN listing of 2005, and says nothing about a US designation. Without a
        date the words may speak of a bid or a call to list, which a listing does not settle."""
        if subject not in claim.frame.patient_ids + claim.frame.agent_ids + self._antecedent(
            doc, claim
        ):
            return []  # the entity only qualifies a word ("the Al-Qaida sanctions list")
        if self._names_authority(statements[0], [subject]) if statements else False:
            return []  # the list is named after it ("the Al-Qaida sanctions list")
        others = [e for e in claim.entity_ids if e != subject]
        authorities = [s for s in statements if self._names_authority(s, others)]
        relevant = authorities or statements
        claimed = claim.frame.time
        findings = []
        for statement in relevant:
            known = kb_date(statement.start)
            if claimed is not None and known is not None:
                same = same_date(claimed, known)
                if same or authorities:
                    stance = Stance.SUPPORTS if same else Stance.REFUTES
                    findings.append(
                        self._finding(statement, spec, _flip(stance, claim), str(claimed), 0.9)
                    )
        return findings

    def _antecedent(self, doc: Document, claim: Claim) -> list[str]:
        """The entity a relative clause stands for. In "Hezbollah, the group that the
        Council listed in 2019" the patient "that" is Hezbollah, the last entity named
        before the clause in its sentence; in "the bombing near Kandahar in which 26 people
        died" the clause is about the event, the last event named before it."""
        opening = _WORD.findall(doc.text[claim.span.start : claim.span.end].lower())[:2]
        prepositional = (len(opening) == 2 and opening[1] in {"which", "whom"}) or opening[:1] == [
            "where"
        ]
        if (claim.frame.patient or "").lower() not in _RELATIVE_PRONOUNS and not prepositional:
            return []
        sentence = doc.sentences[claim.sentence].span
        before = [
            m for m in doc.mentions_in(sentence) if m.kb_id and m.span.end <= claim.span.start
        ]
        if prepositional:
            events = [m for m in before if m.kb_id and self._schema(m.kb_id) == "Event"]
            before = events or before
        return [before[-1].kb_id] if before and before[-1].kb_id else []

    def _names_authority(self, statement: Statement, entity_ids: list[str]) -> bool:
        if statement.value_entity and statement.value_entity in entity_ids:
            return True
        value = statement.value.lower()
        for entity_id in entity_ids:
            entity = self.kb.entity(entity_id)
            for name in entity.names if entity else ():
                if len(name) >= 2 and re.search(rf"\b{re.escape(name.lower())}\b", value):
                    return True
        return False

    def _claimed_entities(
        self, doc: Document, claim: Claim, subject: str, spec: PropertySpec
    ) -> list[str]:
        """The claim's value for an entity-valued property, by the slot the property fills."""
        if _is_agent_property(spec):
            if not self._action_expresses(claim, subject, spec.name):
                return []  # "X called the strikes an act of war": X did not strike
            ids = claim.frame.agent_ids
        elif spec.type == "place":
            ids = claim.frame.place_ids or [
                e for e in claim.entity_ids if self._schema(e) in _PLACE_SCHEMATA
            ]
        else:
            ids = [
                e
                for e in claim.frame.patient_ids + claim.entity_ids
                if e not in claim.frame.agent_ids
            ]
        return [e for e in dict.fromkeys(ids) if e != subject]

    def _action_expresses(self, claim: Claim, subject: str, agent_prop: str | None = None) -> bool:
        """Whether the clause's own predicate describes the event itself, so that the
        clause's subject is the agent of ``agent_prop``: the predicate is one of that
        property's cues ("block" for who blocked), a light verb ("continue its offensive"),
        or a cue of what the event did ("raze", "strike") — but not a cue of another
        actor's part ("put on hold" says nothing of who requested)."""
        action = (claim.frame.action or "").lower()
        if action in _LIGHT_VERBS:
            return True
        for prop in {s.prop for s in self._statements(subject)}:
            spec = self.specs.get(prop)
            if spec is None or spec.type == "string":
                continue
            if agent_prop is not None and _is_agent_property(spec) and prop != agent_prop:
                continue
            if any(cue[0] == action for cue in self._cue_words[spec.name]):
                return True
        return False

    def _schema(self, entity_id: str) -> str:
        entity: KBEntity | None = self.kb.entity(entity_id)
        return entity.schema if entity else ""

    def _compare_entities(
        self,
        doc: Document,
        claim: Claim,
        subject: str,
        spec: PropertySpec,
        statements: list[Statement],
    ) -> list[Finding]:
        claimed_ids = self._claimed_entities(doc, claim, subject, spec)
        known = [s for s in statements if s.value_entity]
        if not claimed_ids or not known:
            return []
        claimed_name = ", ".join(self._caption(e) for e in claimed_ids)
        claimed_up = {e: self._belongs(e) for e in claimed_ids}
        findings: list[Finding] = []
        matched_claims: set[str] = set()
        unmatched_known: list[Statement] = []
        for statement in known:
            value_up = self._belongs(statement.value_entity or "")
            hits = [
                e for e, up in claimed_up.items() if statement.value_entity in up or e in value_up
            ]
            if hits:
                matched_claims.update(hits)
                findings.append(
                    self._finding(statement, spec, _flip(Stance.SUPPORTS, claim), claimed_name, 1.0)
                )
            else:
                unmatched_known.append(statement)
        one_valued = spec.cardinality == "one"
        # A claimed value the knowledge base does not hold contradicts it when only one
        # value can hold, or when the knowledge base lists the whole set.
        if (
            (one_valued or spec.complete)
            and set(claimed_ids) - matched_claims
            and not matched_claims
        ):
            schemata = {self._schema(s.value_entity or "") for s in known}
            if self._comparable(claimed_ids, schemata, spec):
                for statement in known:
                    findings.append(
                        self._finding(
                            statement, spec, _flip(Stance.REFUTES, claim), claimed_name, 0.95
                        )
                    )
        elif spec.complete and matched_claims and unmatched_known and spec.name.endswith("By"):
            # The claim names part of a complete set as if it were all of it: the
            # knowledge base supports the part and refutes the "alone".
            others = ", ".join(s.value for s in unmatched_known)
            for statement in unmatched_known:
                finding = self._finding(
                    statement, spec, _flip(Stance.REFUTES, claim), claimed_name, 0.6
                )
                finding.known = f"{others} as well"
                findings.append(finding)
        return findings

    def _comparable(self, claimed_ids: list[str], schemata: set[str], spec: PropertySpec) -> bool:
        """Only values of the kind the property takes contradict it: a state does not
        contradict the group a listing concerns. An agent may be a state, its forces or a
        group, but a person is not an organisation."""
        claimed = {self._schema(e) for e in claimed_ids}
        if spec.type == "place":
            return bool(claimed & _PLACE_SCHEMATA)
        if spec.name.endswith("By"):
            return ("Person" in claimed) == ("Person" in schemata)
        return bool(claimed & schemata)

    def _caption(self, entity_id: str) -> str:
        entity = self.kb.entity(entity_id)
        return entity.caption if entity else entity_id


def _is_agent_property(spec: PropertySpec) -> bool:
    """Properties whose value is who did the event: the clause's subject fills them."""
    return spec.type == "entity" and (spec.name.endswith("By") or spec.name == "speaker")


def _flip(stance: Stance, claim: Claim) -> Stance:
    """A negated claim ("France did not conduct ...") takes the opposite stance."""
    if not claim.frame.negated or stance is Stance.UNRELATED:
        return stance
    return Stance.REFUTES if stance is Stance.SUPPORTS else Stance.SUPPORTS


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def claim_lemmas(doc: Document, claim: Claim) -> set[str]:
    parsed = doc.annotations.get("spacy")
    if parsed is None:
        return set(_WORD.findall(claim.text.lower()))
    span = parsed.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    tokens = span if span is not None else []
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}


__all__ = ["Finding", "StructuredVerifier", "claim_lemmas", "statement_text"]
