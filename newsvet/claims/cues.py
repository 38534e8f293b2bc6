"""Who asserts a claim, how firmly, and what kind of claim it is, from the cue lexicon.

Attribution has three sources, innermost first: a reporting verb whose content the unit
is ("the mayor claims …", "X describes how …"); a source phrase that covers the whole
sentence ("According to the court filing, …"); a reporting adverb inside the unit ("reportedly").
Without any, the outlet itself vouches for the claim (AUTHOR).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from newsvet.claims.clauses import Unit, is_reporting, left_noun_phrase, relative_subject
from newsvet.claims.frames import SentenceMentions, phrase_text, predicate
from newsvet.claims.lexicon import Lexicon, Phrase
from newsvet.document import Attribution, AttributionKind, Certainty, ClaimType

_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_SOURCE_STOP = frozenset({",", ";", ".", ":", "–", "—"})


@dataclass
class ReportingCue:
    unit: int  # the reporting unit
    attribution: Attribution
    region: tuple[int, int]  # token indices of the speaker phrase: units inside are not covered


@dataclass
class SentenceSource:
    attribution: Attribution
    region: tuple[int, int]


def words_of(tokens: Sequence[Token]) -> list[str]:
    return [t.lower_.replace("’", "'") for t in tokens if not t.is_space]


def find_phrase(words: Sequence[str], phrases: tuple[Phrase, ...]) -> Phrase | None:
    """The phrase listed first (in lexicon order) that occurs in ``words`` as a run."""
    index = _phrase_index(phrases)
    best: tuple[int, Phrase] | None = None
    for i, word in enumerate(words):
        for rank, phrase in index.get(word, ()):
            if (best is None or rank < best[0]) and tuple(words[i : i + len(phrase)]) == phrase:
                best = (rank, phrase)
    return best[1] if best is not None else None


@lru_cache(maxsize=64)
def _phrase_index(phrases: tuple[Phrase, ...]) -> dict[str, list[tuple[int, Phrase]]]:
    # Phrases by first word, so a sentence is scanned once rather than once per phrase.
    index: dict[str, list[tuple[int, Phrase]]] = {}
    for rank, phrase in enumerate(phrases):
        if phrase:
            index.setdefault(phrase[0], []).append((rank, phrase))
    return index


def _source_head(tokens: Sequence[Token]) -> Token:
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in inside or tok.head.i == tok.i:
            return tok
    return tokens[-1]


def _generic(words: Sequence[str], lex: Lexicon) -> bool:
    """Whether the words only say what kind of source speaks ("the police", "Officials")."""
    common = lex.unnamed_nouns | lex.group_nouns | lex.unnamed_determiners
    return all(w in common or w in ("the", "'s") for w in words)


def _has_naming_qualifier(
    tokens: Sequence[Token], head: Token, sm: SentenceMentions, lex: Lexicon
) -> bool:
    """A name that says which body a group noun stands for ("Ohio police", "the Chilean
    army"): a named mention over a word other than the head, or a proper noun that is not
    itself a generic word ("Police" opening a sentence)."""
    for tok in tokens:
        if tok.i == head.i or tok.is_space:
            continue
        mention = sm.at(tok)
        if mention is not None and mention.label in _NAMED_LABELS:
            if not _generic(mention.text.lower().split(), lex):
                return True
        elif tok.pos_ == "PROPN" and not _generic([tok.lower_], lex):
            return True
    return False


def classify_source(tokens: Sequence[Token], sm: SentenceMentions, lex: Lexicon) -> Attribution:
    """Attribution to the source the noun phrase ``tokens`` names (not yet given a cue).

    People the text does not name ("officials", "a source", "US diplomats") are unnamed; a
    body of people is unnamed unless a name says which one ("police" but "Ohio police")."""
    head = _source_head(tokens)
    speaker = phrase_text(tokens)
    word, lemma = head.lower_, head.lemma_.lower()
    mention = sm.at(head)
    if (
        mention is not None
        and mention.label in _NAMED_LABELS
        and not _generic(mention.text.lower().split(), lex)
    ):
        return Attribution(AttributionKind.NAMED_SPEAKER, mention.text, mention.kb_id)
    if word in lex.report_nouns:
        return Attribution(AttributionKind.REPORTED, speaker)
    if word in lex.document_nouns or lemma in lex.document_nouns:
        return Attribution(AttributionKind.DOCUMENT, speaker)
    first = tokens[0].lower_
    if word in lex.unnamed_nouns or lemma in lex.unnamed_nouns or first in lex.unnamed_determiners:
        return Attribution(AttributionKind.UNNAMED_SPEAKER, speaker)
    if word in lex.group_nouns or lemma in lex.group_nouns:
        # The qualifier's kb id is the place or state, not the body: no speaker id.
        named = _has_naming_qualifier(tokens, head, sm, lex)
        kind = AttributionKind.NAMED_SPEAKER if named else AttributionKind.UNNAMED_SPEAKER
        return Attribution(kind, speaker)
    return Attribution(AttributionKind.NAMED_SPEAKER, speaker)


def sentence_source(
    tokens: Sequence[Token], sm: SentenceMentions, lex: Lexicon
) -> SentenceSource | None:
    """A source phrase such as "according to the filing", which covers the sentence."""
    words = words_of(tokens)
    content = [t for t in tokens if not t.is_space]
    phrase = find_phrase(words, lex.source_phrases)
    if phrase is None:
        return None
    at = next(i for i in range(len(words)) if tuple(words[i : i + len(phrase)]) == phrase)
    np: list[Token] = []
    for tok in content[at + len(phrase) :]:
        if tok.text in _SOURCE_STOP or (tok.pos_ in ("VERB", "AUX") and tok.tag_ != "VBN"):
            break
        np.append(tok)
        if len(np) == 12:
            break
    if not np:
        return None
    attribution = classify_source(np, sm, lex)
    attribution.cue = " ".join(phrase)
    return SentenceSource(attribution, (content[at].i, np[-1].i))


def reporting_cues(units: Sequence[Unit], sm: SentenceMentions, lex: Lexicon) -> list[ReportingCue]:
    cues: list[ReportingCue] = []
    inside = {t.i for u in units for t in u.tokens}
    for index, unit in enumerate(units):
        head = unit.head
        if not is_reporting(head, lex):
            continue
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        pronoun = relative_subject(head, lex)
        if subject is not None and pronoun is not None and subject.i == pronoun.i:
            subject = None  # "who said …": the speaker is the restored antecedent
        if subject is not None:
            speaker = [t for t in head.doc[subject.left_edge.i : subject.i + 1] if not t.is_space]
            end = subject.right_edge.i
        else:
            speaker = unit.restored or left_noun_phrase(head, inside, lex)
            end = speaker[-1].i if speaker else head.i
        if not speaker:
            continue
        attribution = classify_source(speaker, sm, lex)
        attribution.cue = head.text
        cues.append(ReportingCue(index, attribution, (speaker[0].i, end)))
    return cues


def covers(cue: ReportingCue, unit_index: int, units: Sequence[Unit]) -> bool:
    """Whether the unit is content of the reporting unit (a descendant outside the speaker)."""
    unit = units[unit_index]
    lo, hi = cue.region
    if lo <= unit.head.i <= hi:
        return False
    parent = unit.parent
    while parent is not None:
        if parent == cue.unit:
            return True
        parent = units[parent].parent
    return False


def unit_attribution(
    unit_index: int,
    units: Sequence[Unit],
    cues: Sequence[ReportingCue],
    source: SentenceSource | None,
    lex: Lexicon,
) -> Attribution:
    unit = units[unit_index]
    covering = [c for c in cues if c.unit == unit_index or covers(c, unit_index, units)]
    if covering:  # the innermost: the reporting unit nearest to this one
        best = max(covering, key=lambda c: _depth(c.unit, units))
        return best.attribution
    if source is not None and not (source.region[0] <= unit.head.i <= source.region[1]):
        return source.attribution
    words = words_of(unit.tokens)
    phrase = find_phrase(words, lex.reported_phrases)
    if phrase is not None:
        return Attribution(AttributionKind.REPORTED, cue=" ".join(phrase))
    word = next((w for w in words if w in lex.reported_words), None)
    if word is not None:
        return Attribution(AttributionKind.REPORTED, cue=word)
    return Attribution()


def _depth(index: int, units: Sequence[Unit]) -> int:
    depth, parent = 0, units[index].parent
    while parent is not None:
        depth, parent = depth + 1, units[parent].parent
    return depth


def certainty(
    tokens: Sequence[Token], attribution: Attribution, lex: Lexicon
) -> tuple[Certainty, str | None]:
    """How firmly the claim is put, with the words that say so."""
    words = words_of(tokens)
    phrase = find_phrase(words, lex.speculative_phrases)
    if phrase is not None:
        return Certainty.SPECULATIVE, " ".join(phrase)
    for tok in tokens:
        word = tok.lower_
        if word in lex.speculative_words and (
            tok.tag_ == "MD" or word not in ("may", "might", "could")
        ):
            return Certainty.SPECULATIVE, tok.text
    phrase = find_phrase(words, lex.hedge_phrases)
    if phrase is not None:
        return Certainty.HEDGED, " ".join(phrase)
    hedge = next((t.text for t in tokens if t.lower_ in lex.hedge_words), None)
    if hedge is not None:
        return Certainty.HEDGED, hedge
    if attribution.kind == AttributionKind.REPORTED:
        return Certainty.HEDGED, attribution.cue
    if attribution.kind != AttributionKind.AUTHOR:
        return Certainty.ATTRIBUTED, attribution.cue
    return Certainty.ASSERTED, None


def claim_type(
    unit: Unit,
    sm: SentenceMentions,
    lex: Lexicon,
    is_question: bool,
    date_tokens: set[int],
) -> tuple[ClaimType, str | None]:
    """The claim's type and the cue that decided it (None for a plain event)."""
    # A restored subject is part of what the claim says ("a motion to censure X was rejected").
    tokens = sorted([*unit.tokens, *unit.restored], key=lambda t: t.i)
    words = words_of(tokens)
    if is_question:
        return ClaimType.QUESTION, "?"
    phrase = find_phrase(words, lex.opinion_phrases)
    if phrase is not None:
        return ClaimType.OPINION, " ".join(phrase)
    opinion = next((t.text for t in tokens if t.lower_ in lex.opinion_words), None)
    if opinion is not None:
        return ClaimType.OPINION, opinion
    future = next(
        (t.text for t in tokens if t.lower_ in lex.prediction_words and t.tag_ == "MD"), None
    )
    phrase = find_phrase(words, lex.prediction_phrases)
    if future is not None or phrase is not None:
        return ClaimType.PREDICTION, future or " ".join(phrase or ())
    designation = next((t.text for t in tokens if t.lemma_.lower() in lex.designation_lemmas), None)
    phrase = find_phrase(words, lex.designation_phrases)
    if designation is not None or phrase is not None:
        return ClaimType.DESIGNATION, designation or " ".join(phrase or ())
    phrase = find_phrase(words, lex.causal_phrases)
    if phrase is not None:
        return ClaimType.CAUSAL, " ".join(phrase)
    numbers = [m for m in sm.overlapping(tokens) if m.label in lex.number_labels]
    if numbers or any(t.like_num and t.i not in date_tokens for t in tokens):
        return ClaimType.QUANTITY, numbers[0].text if numbers else None
    if predicate(unit, lex).i == unit.head.i and is_reporting(unit.head, lex):
        return ClaimType.ATTRIBUTION, unit.head.text
    return ClaimType.EVENT, None
