"""Frames: who did what to whom, when, where, how many, read off one clause unit.

The action is the main predicate's lemma, or the event noun's when the predicate only
carries it ("saw a vote", "reveals Peru's purge"). Agents come from the subject of
an active verb, the "by" phrase of a passive, a possessive or a demonym on an event noun,
or a "by" phrase after it; kb ids come from the mentions inside each argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsvet.claims.clauses import Groups, Unit, is_reporting, is_verbal, whole_groups
from newsvet.claims.lexicon import Lexicon
from newsvet.document import Frame, Mention


@dataclass
class SentenceMentions:
    """The mentions of one sentence, with token lookups the frame rules need."""

    mentions: list[Mention]
    # Word groups of the sentence (see clauses.word_groups): an argument never ends inside one.
    groups: Groups = field(default_factory=dict)

    def whole(self, tokens: Iterable[Token]) -> list[Token]:
        return whole_groups(tokens, self.groups)

    def overlapping(self, tokens: Iterable[Token]) -> list[Mention]:
        ranges = [(t.idx, t.idx + len(t.text)) for t in tokens if not t.is_space]
        return [
            m
            for m in self.mentions
            if any(m.span.start < end and start < m.span.end for start, end in ranges)
        ]

    def at(self, token: Token) -> Mention | None:
        for m in self.mentions:
            if m.span.start <= token.idx < m.span.end:
                return m
        return None


def kb_ids(mentions: Iterable[Mention]) -> list[str]:
    return list(dict.fromkeys(m.kb_id for m in mentions if m.kb_id))


def phrase_text(tokens: Sequence[Token]) -> str:
    """The words of ``tokens`` as they stand in the text. Where words of another clause were
    cut out, the gap closes with one space and the punctuation that framed it goes."""
    words = [t for t in tokens if not t.is_space]
    keep: list[Token] = []
    for n, tok in enumerate(words):
        gap_before = n > 0 and words[n - 1].i + 1 != tok.i
        gap_after = n + 1 < len(words) and words[n + 1].i != tok.i + 1
        if tok.is_punct and not tok.is_quote and (gap_before or gap_after):
            continue
        keep.append(tok)
    parts: list[str] = []
    for n, tok in enumerate(keep):
        parts.append(tok.text)
        if n + 1 < len(keep):
            touching = keep[n + 1].i == tok.i + 1 and not tok.whitespace_
            parts.append("" if touching else " ")
    return "".join(parts).strip()


def _trim(tokens: list[Token]) -> list[Token]:
    keep = [t for t in tokens if not t.is_space]
    while keep and ((keep[0].is_punct and not keep[0].is_quote) or keep[0].dep_ in ("cc", "case")):
        keep.pop(0)
    while keep and ((keep[-1].is_punct and not keep[-1].is_quote) or keep[-1].dep_ == "cc"):
        keep.pop()
    return keep


def _argument(token: Token, own: set[int]) -> list[Token]:
    return _trim([t for t in token.subtree if t.i in own])


def _child(token: Token, *deps: str) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _prep_object(token: Token, preps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = _child(child, "pobj")
            if obj is not None:
                return obj
    return None


def is_event_noun(token: Token, lex: Lexicon) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.lemma_.lower() in lex.event_nouns or token.lower_ in lex.event_nouns:
        return True
    return any(c.dep_ == "poss" and c.pos_ != "PRON" for c in token.children) or (
        _prep_object(token, {"by"}) is not None
    )


def predicate(unit: Unit, lex: Lexicon) -> Token:
    """The token that names the unit's event (see module docstring)."""
    head = unit.head
    own = {t.i for t in unit.tokens}
    if head.lemma_ == "be":
        attr = _child(head, "attr")
        if attr is not None and attr.i in own and attr.pos_ in ("NOUN", "PROPN"):
            return attr
    if is_verbal(head) or is_reporting(head, lex):
        lemma = head.lemma_.lower()
        if lemma in lex.light_lemmas or lemma in lex.reporting_lemmas or lemma in lex.aspect_lemmas:
            obj = _child(head, "dobj")
            if obj is not None and obj.i in own and is_event_noun(obj, lex):
                return obj
        if lemma in lex.aspect_lemmas:
            subject = _child(head, "nsubj")
            if subject is not None and subject.i in own and is_event_noun(subject, lex):
                return subject
    return head


def _noun_agent(
    noun: Token, own: set[int], sm: SentenceMentions
) -> tuple[list[Token], Mention | None]:
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and child.i in own:
            return [t for t in _argument(child, own) if t.dep_ != "case"], None
    by = _prep_object(noun, {"by"})
    if by is not None and by.i in own:
        return _argument(by, own), None
    for child in noun.children:  # a demonym or a country name before the noun
        if child.dep_ in ("amod", "compound", "nmod") and child.i in own:
            mention = sm.at(child)
            if mention is not None and mention.label in ("NORP", "GPE", "ORG"):
                return [child], mention
    return [], None


def _noun_patient(noun: Token, own: set[int], lex: Lexicon) -> list[Token]:
    obj = _prep_object(noun, lex.patient_preps)
    if obj is not None and obj.i in own:
        return _argument(obj, own)
    for child in noun.children:
        if child.dep_ != "acl" or child.i not in own:
            continue
        infinitive = _child(child, "aux")
        if noun.lemma_.lower() in lex.attempt_nouns and infinitive is not None:
            target = _child(child, "dobj")
            if target is not None:
                return _argument(target, own)
        obj = _prep_object(child, lex.patient_preps)
        if obj is not None:
            return _argument(obj, own)
    return []


def _verb_arguments(unit: Unit, verb: Token, own: set[int]) -> tuple[list[Token], list[Token]]:
    passive = unit.kind == "participle" or any(
        c.dep_ in ("nsubjpass", "auxpass") for c in verb.children
    )
    # The unit's own subject: a dateline or another clause may hang a second one on the verb,
    # and the parser may hang each part of a hyphenated name on it as a subject of its own.
    subjects = [
        c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.i in own
    ]
    subject = next((c for c in subjects if not c.is_punct), subjects[0] if subjects else None)
    words = {t.i: t for c in subjects for t in c.subtree if t.i in own}
    subject_tokens = _trim([words[i] for i in sorted(words)])
    if (unit.relative is not None and subject is not None and subject.i == unit.relative.i) or (
        not subject_tokens and unit.kind != "participle"
    ):
        subject_tokens = unit.restored
    obj = _child(verb, "dobj", "attr", "oprd")
    object_tokens = _argument(obj, own) if obj is not None else []
    if unit.kind == "repaired" and not object_tokens:
        object_tokens = _trim([t for t in unit.tokens if t.i > verb.i])
    if not passive:
        if not object_tokens:
            pobj = next(
                (_child(c, "pobj") for c in verb.children if c.dep_ == "prep" and c.i in own),
                None,
            )
            object_tokens = _argument(pobj, own) if pobj is not None else []
        return subject_tokens, object_tokens
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    by_obj = _child(by, "pobj") if by is not None else None
    agent = _argument(by_obj, own) if by_obj is not None else []
    patient = unit.restored if unit.kind == "participle" else subject_tokens
    return agent, patient


def _negated(unit: Unit, pred: Token, lex: Lexicon) -> bool:
    for tok in (unit.head, pred):
        for child in tok.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ == "det" and child.lower_ in ("no", "neither"):
                return True
    return False


def _number(mention: Mention, tokens: Sequence[Token]) -> float | None:
    if mention.number is not None:
        return mention.number
    for tok in tokens:
        if mention.span.start <= tok.idx < mention.span.end and tok.like_num:
            try:
                return float(tok.text.replace(",", ""))
            except ValueError:
                continue
    return None


def _named_modifier(noun: Token, own: set[int], sm: SentenceMentions) -> list[Token]:
    """A name that qualifies the noun ("the Y stronghold" is Y's): the noun's patient."""
    for child in noun.children:
        if (
            child.dep_ in ("compound", "nmod", "amod", "poss")
            and child.i in own
            and child.i < noun.i
        ):
            mention = sm.at(child)
            if mention is not None and mention.kb_id:
                return [t for t in noun.doc[child.left_edge.i : child.i + 1] if t.i in own]
    return []


def _place_named(tokens: Sequence[Token], sm: SentenceMentions, lex: Lexicon) -> Mention | None:
    """The place that the tokens name, when they are nothing but its name."""
    words = [t for t in tokens if not t.is_punct and t.dep_ != "det"]
    mentions = [m for m in sm.overlapping(words) if m.label in lex.place_labels]
    covered = all(any(m.span.start <= t.idx < m.span.end for m in mentions) for t in words)
    return mentions[0] if len(mentions) == 1 and covered else None


def _place(unit: Unit, own: set[int], sm: SentenceMentions, lex: Lexicon) -> Mention | None:
    for mention in sm.overlapping(unit.tokens):
        if mention.label not in lex.place_labels:
            continue
        first = next((t for t in unit.tokens if t.idx >= mention.span.start), None)
        previous = first.doc[first.i - 1] if first is not None and first.i > 0 else None
        if previous is not None and previous.i in own and previous.lower_ in lex.place_preps:
            return mention  # "in X" whatever the parser made of the preposition
        cur = first
        for _ in range(6):  # climb to the preposition that governs the place
            if cur is None or cur.i not in own or cur.i == unit.head.i:
                break
            if cur.dep_ == "prep" and cur.lower_ in lex.place_preps:
                return mention
            cur = cur.head if cur.head.i != cur.i else None
    return None


def build_frame(
    unit: Unit, sm: SentenceMentions, lex: Lexicon, parent_frame: Frame | None
) -> Frame:
    own = {t.i for t in unit.tokens}
    pred = predicate(unit, lex)
    frame = Frame(action=pred.lemma_.lower())
    agent: list[Token]
    demonym: Mention | None
    if unit.kind == "appositive":  # "X, the Y of Z": X is the Y of Z
        agent, demonym = unit.restored, None
        patient = _noun_patient(pred, own, lex) or _named_modifier(pred, own, sm)
    elif pred.pos_ in ("NOUN", "PROPN") and pred.i != unit.head.i and unit.head.lemma_ == "be":
        subject = _child(unit.head, "nsubj")
        agent = _argument(subject, own) if subject is not None else unit.restored
        patient = _noun_patient(pred, own, lex)
        demonym = None
    elif pred.pos_ in ("NOUN", "PROPN"):
        agent, demonym = _noun_agent(pred, own, sm)
        patient = _noun_patient(pred, own, lex)
        subject = _child(unit.head, "nsubj")
        aspectual = unit.head.lemma_.lower() in lex.aspect_lemmas
        if not agent and aspectual and subject is not None and subject.i != pred.i:
            agent = _argument(subject, own)  # "the union continues its strike"
    else:
        agent, patient = _verb_arguments(unit, pred, own)
        demonym = None
    agent, patient = sm.whole(agent), sm.whole(patient)
    if agent:
        frame.agent = demonym.text if demonym is not None else phrase_text(agent)
        frame.agent_ids = kb_ids([demonym] if demonym is not None else sm.overlapping(agent))
    if patient:
        frame.patient = phrase_text(patient)
        frame.patient_ids = kb_ids(sm.overlapping(patient))
    own_mentions = sm.overlapping(unit.tokens)
    dates = [m.date for m in own_mentions if m.label in lex.date_labels and m.date is not None]
    frame.time = dates[0] if dates else (parent_frame.time if parent_frame else None)
    place = _place(unit, own, sm, lex)
    if place is None and unit.kind == "appositive":
        place = _place_named(unit.restored, sm, lex)  # "X, the Y": X is where the Y is
    if place is not None:
        frame.place = place.text
        frame.place_ids = [place.kb_id] if place.kb_id else []
    elif unit.kind in ("participle", "appositive") and parent_frame is not None:
        # A phrase hung on a noun shares its setting ("Inside X, the Y rebuilt after Z").
        frame.place, frame.place_ids = parent_frame.place, list(parent_frame.place_ids)
    for mention in own_mentions:
        if mention.label in lex.number_labels:
            value = _number(mention, unit.tokens)
            if value is not None:
                frame.quantity = value
                break
    frame.negated = _negated(unit, pred, lex)
    return frame
