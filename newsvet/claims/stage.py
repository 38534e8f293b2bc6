"""The claims stage: check-worthy statements of fact, split into atomic claims, each with
its frame, type, attribution and certainty.

Opinion, speculation, predictions and questions are kept as claims too, marked
``not_checkable`` with the cue that makes them so, because a reader needs to see which
parts of an article cannot be checked at all. Background sentences that name nothing and
report nothing are dropped; the scores of dropped units are kept in
``doc.annotations["claims"]`` so the threshold can be tuned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from newsvet.claims.checkworthy import DEFAULT_SCORER, CheckworthinessFeatures, Scorer, get_scorer
from newsvet.claims.clauses import Unit, is_reporting, is_verbal, split_sentence, word_groups
from newsvet.claims.cues import (
    certainty,
    claim_type,
    covers,
    reporting_cues,
    sentence_source,
    unit_attribution,
    words_of,
)
from newsvet.claims.frames import SentenceMentions, build_frame, is_event_noun, kb_ids, phrase_text
from newsvet.claims.lexicon import Lexicon, load_lexicon
from newsvet.document import (
    Certainty,
    Claim,
    ClaimType,
    Document,
    Frame,
    Span,
    Verdict,
)
from newsvet.errors import PipelineError
from newsvet.pipeline.registry import register_stage
from newsvet.pipeline.resources import Resources

log = logging.getLogger(__name__)

STAGE_NAME = "newsvet.claims.v1"

# Why a claim cannot be checked, by what made it so; "{cue}" is the words in the text.
_NOT_CHECKABLE = {
    ClaimType.QUESTION: ("The sentence asks a question, it does not state a fact.", 0.9),
    Certainty.SPECULATIVE: (
        'The sentence is speculation ("{cue}"), not a statement of fact.',
        0.8,
    ),
    ClaimType.PREDICTION: (
        'The sentence is a prediction ("{cue}"), which cannot be checked yet.',
        0.75,
    ),
    ClaimType.OPINION: (
        'The sentence is an opinion or evaluation ("{cue}"), not a statement of fact.',
        0.7,
    ),
}


@dataclass
class _Draft:
    unit: Unit
    claim: Claim
    not_checkable: bool


def _sentence_tokens(parsed: SpacyDoc, span: Span) -> list[Token]:
    chars = parsed.char_span(span.start, span.end, alignment_mode="contract")
    if chars is None:
        return []
    return [t for t in chars if not t.is_space]


def _has_predicate(unit: Unit, lex: Lexicon) -> bool:
    if (
        unit.kind in ("repaired", "appositive")
        or is_event_noun(unit.head, lex)
        or is_reporting(unit.head, lex)
    ):
        return True
    return any(is_verbal(t) and t.tag_.startswith("VB") for t in unit.tokens)


def _past(lemma: str) -> str:
    """Past tense of a regular verb, for restating "…, resulting in X" as "Y resulted in X"."""
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _span_tokens(unit: Unit, source: tuple[int, int] | None) -> list[Token]:
    """The unit's own words without its relative pronoun and without a source phrase
    ("According to the court filing,"), which is the claim's attribution, not its content."""
    skip = unit.relative.i if unit.relative is not None else -1
    lo, hi = source if source is not None else (-1, -2)
    keep = [t for t in unit.tokens if t.i != skip and not lo <= t.i <= hi]
    while keep and (
        (keep[0].is_punct and not keep[0].is_quote) or keep[0].dep_ in ("cc", "mark", "case")
    ):
        keep.pop(0)
    while keep and ((keep[-1].is_punct and not keep[-1].is_quote) or keep[-1].dep_ == "cc"):
        keep.pop()
    return keep


def _claim_text(unit: Unit, words: list[Token]) -> str:
    restored = phrase_text(unit.restored)
    if unit.kind == "consequence" and words and words[0].i == unit.head.i:
        rest = phrase_text(words[1:])
        text = (
            f"{restored} {_past(unit.head.lemma_.lower())} {rest}"
            if restored
            else phrase_text(words)
        )
    elif unit.relative is not None and restored:
        if unit.relative.dep_ == "dobj":  # "which the army destroyed" -> "the army destroyed X"
            text = f"{phrase_text(words)} {restored}"
        else:
            text = f"{restored} {phrase_text(words)}"
    elif unit.kind in ("participle", "appositive") and restored:
        text = f"{restored} {unit.restored_aux} {phrase_text(words)}"
    elif unit.kind in ("conj", "consequence") and restored:
        text = f"{restored} {phrase_text(words)}"
    else:
        text = phrase_text(words)
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _features(
    unit: Unit, sm: SentenceMentions, lex: Lexicon, is_question: bool, date_tokens: set[int]
) -> CheckworthinessFeatures:
    tokens = unit.tokens
    mentions = sm.overlapping(tokens)
    named = [m for m in mentions if m.label in lex.entity_labels or m.kb_id]
    words = words_of(tokens)
    return CheckworthinessFeatures(
        n_entities=len(named),
        n_linked=len({m.kb_id for m in named if m.kb_id}),
        n_proper_nouns=sum(
            t.pos_ == "PROPN" and not any(m.span.start <= t.idx < m.span.end for m in mentions)
            for t in tokens
        ),
        has_number=any(m.label in lex.number_labels for m in mentions)
        or any(t.like_num and t.i not in date_tokens for t in tokens),
        has_date=any(m.label in lex.date_labels for m in mentions),
        has_factual_verb=any(
            is_verbal(t) and t.lemma_.lower() in lex.factual_lemmas for t in tokens
        ),
        has_event_noun=any(is_event_noun(t, lex) for t in tokens),
        n_content_words=sum(t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") for t in tokens),
        n_subjective=sum(w in lex.subjective_words for w in words),
        n_opinion=sum(w in lex.opinion_words for w in words),
        is_question=is_question,
    )


def _frames(units: Sequence[Unit], sm: SentenceMentions, lex: Lexicon) -> list[Frame]:
    """Frames of all units, parents first, so a unit can take its parent's time."""
    frames: dict[int, Frame] = {}

    def frame_of(index: int) -> Frame:
        if index not in frames:
            parent = units[index].parent
            parent_frame = frame_of(parent) if parent is not None else None
            frames[index] = build_frame(units[index], sm, lex, parent_frame)
        return frames[index]

    return [frame_of(i) for i in range(len(units))]


# A dash that closes a dateline ("PARIS, May 3 — …", "OSLO (Wire) - …").
_DATELINE_DASHES = frozenset({"—", "–", "-", "--"})
_DATELINE_MAX = 10  # words before the dash: a dateline is a place, an agency and a date


def _without_dateline(tokens: list[Token]) -> list[Token]:
    """The sentence without a leading dateline: the place and date of the report are not
    part of what the sentence claims, and the date is not the date of its event."""
    for n, tok in enumerate(tokens[: _DATELINE_MAX + 1]):
        if tok.text in _DATELINE_DASHES and tok.whitespace_ and n > 0 and tokens[n - 1].whitespace_:
            before = tokens[:n]
            if any(is_verbal(t) for t in before) or not any(t.pos_ == "PROPN" for t in before):
                return tokens
            return tokens[n + 1 :]
        if is_verbal(tok):
            return tokens
    return tokens


def _verb_count(tokens: list[Token]) -> int:
    return sum(is_verbal(t) for t in tokens)


def _crosses(tokens: list[Token]) -> bool:
    """Whether the parse joined the sentence to words outside it: its tokens are not
    exactly one parser sentence (a headline run into the first paragraph, a break the
    segmenter restored in "network.Both")."""
    sent = tokens[0].sent
    own = [t for t in sent if not t.is_space]
    return len(own) != len(tokens) or own[0].i != tokens[0].i or own[-1].i != tokens[-1].i


def parse_alone(nlp: Language, text: str, span: Span) -> SpacyDoc:
    """``text[span]`` parsed on its own, its token offsets those of ``text``: whitespace
    stands in for everything before it. Named entities are not needed (mentions carry them)."""
    parsed = nlp.make_doc(" " * span.start + span.slice(text))
    for name, component in nlp.pipeline:
        if name != "ner":
            parsed = component(parsed)
    return parsed


def _sentence_claims(
    doc: Document,
    index: int,
    parsed: SpacyDoc,
    lex: Lexicon,
    scorer: Scorer,
    dropped: list[dict[str, object]],
    nlp: Language | None = None,
) -> list[_Draft]:
    sentence = doc.sentences[index]
    tokens = _sentence_tokens(parsed, sentence.span)
    if tokens and nlp is not None and _crosses(tokens):
        # Arcs across the sentence's edge would hand its words to another sentence's clauses,
        # so it is parsed alone, unless only the joined parse finds its verbs: a headline
        # without articles can read as one long noun phrase when the parser sees it alone.
        alone = _sentence_tokens(parse_alone(nlp, doc.text, sentence.span), sentence.span)
        if _verb_count(alone) >= _verb_count(tokens):
            tokens = alone
    tokens = _without_dateline(tokens)
    if not tokens:
        return []
    mentions = doc.mentions_in(sentence.span)
    sm = SentenceMentions(
        mentions, word_groups(tokens, [(m.span.start, m.span.end) for m in mentions])
    )
    date_tokens = {
        t.i for m in sm.mentions if m.label in lex.date_labels for t in tokens
        if m.span.start <= t.idx < m.span.end
    }  # fmt: skip
    units = split_sentence(tokens, lex, date_tokens, sm.groups)
    cues = reporting_cues(units, sm, lex)
    source = sentence_source(tokens, sm, lex)
    frames = _frames(units, sm, lex)
    is_question = doc.sentence_text(index).rstrip().rstrip("\"'”’)").endswith("?")
    consumed = {
        cue.unit
        for cue in cues
        if any(cue.unit != n and covers(cue, n, units) for n in range(len(units)))
    }
    headline = doc.sentences[index].is_headline
    drafts: list[_Draft] = []
    fallback: list[_Draft] = []  # a headline's verbless units, should no unit make a claim
    for n, unit in enumerate(units):
        has_predicate = _has_predicate(unit, lex)
        if n in consumed or not (has_predicate or headline):
            continue
        attribution = unit_attribution(n, units, cues, source, lex)
        words = _span_tokens(unit, source.region if source is not None else None)
        if not words:
            continue
        hedge_scope = list(unit.tokens)
        if unit.parent in consumed:  # "officials suggested that …" hedges the content
            hedge_scope += units[unit.parent].tokens
        level, certainty_cue = certainty(hedge_scope, attribution, lex)
        kind, type_cue = claim_type(unit, sm, lex, is_question, date_tokens)
        features = _features(unit, sm, lex, is_question, date_tokens)
        score = scorer(features)
        frame = frames[n]
        claim = Claim(
            id="",
            span=Span(words[0].idx, words[-1].idx + len(words[-1].text)),
            sentence=index,
            text=_claim_text(unit, words),
            type=kind,
            frame=frame,
            attribution=attribution,
            certainty=level,
            checkworthiness=score,
            entity_ids=list(
                dict.fromkeys(
                    kb_ids(sm.overlapping(unit.tokens))
                    + frame.agent_ids + frame.patient_ids + frame.place_ids
                )
            ),
        )  # fmt: skip
        not_checkable = _mark_not_checkable(claim, type_cue, certainty_cue)
        named = features.n_entities > 0 or features.n_content_words >= 4
        # A headline is checked like any claim whenever it names something: it is the part
        # of an article most read, and often the only part.
        headline_claim = headline and _names_something(unit, sm, lex)
        if not has_predicate:
            if headline_claim:
                fallback.append(_Draft(unit, claim, not_checkable))
        elif score >= lex.threshold or (not_checkable and named) or headline_claim:
            drafts.append(_Draft(unit, claim, not_checkable))
        else:
            dropped.append({"sentence": index, "text": claim.text, "score": score})
    return drafts or fallback[:1]


def _names_something(unit: Unit, sm: SentenceMentions, lex: Lexicon) -> bool:
    """Whether the unit, with the words restored to it, names an entity and says something
    about it (two content words at least)."""
    tokens = [*unit.tokens, *unit.restored]
    content = {t.i for t in tokens if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")}
    named = any(m.label in lex.entity_labels or m.kb_id for m in sm.overlapping(tokens))
    return named and len(content) >= 2


def _mark_not_checkable(claim: Claim, type_cue: str | None, certainty_cue: str | None) -> bool:
    reasons: list[tuple[object, str | None]] = [
        (ClaimType.QUESTION, type_cue if claim.type == ClaimType.QUESTION else None),
        (
            Certainty.SPECULATIVE,
            certainty_cue if claim.certainty == Certainty.SPECULATIVE else None,
        ),
        (ClaimType.PREDICTION, type_cue if claim.type == ClaimType.PREDICTION else None),
        (ClaimType.OPINION, type_cue if claim.type == ClaimType.OPINION else None),
    ]
    for key, cue in reasons:
        if cue is None:
            continue
        template, confidence = _NOT_CHECKABLE[key]  # type: ignore[index]
        claim.verdict = Verdict.NOT_CHECKABLE
        claim.confidence = confidence
        claim.reason = template.format(cue=cue)
        return True
    return False


def extract_claims(
    doc: Document,
    parsed: SpacyDoc,
    lexicon: Lexicon | None = None,
    scorer: str = DEFAULT_SCORER,
    nlp: Language | None = None,
) -> list[Claim]:
    """The claims of ``doc``, given the spaCy parse of exactly ``doc.text``.

    With ``nlp``, a sentence the parse joined to its neighbours (see ``doc.sentences``) is
    parsed again on its own. Ids are "c1", "c2", … in document order. Scores of units
    dropped as not check-worthy go to ``doc.annotations["claims"]["dropped"]``.
    """
    if parsed.text != doc.text:
        raise PipelineError(
            "claims: the spaCy parse in doc.annotations['spacy'] is not of doc.text "
            f"({len(parsed.text)} vs {len(doc.text)} characters)"
        )
    lex = lexicon if lexicon is not None else load_lexicon()
    score = get_scorer(scorer)
    dropped: list[dict[str, object]] = []
    drafts: list[_Draft] = []
    for index in range(len(doc.sentences)):
        drafts.extend(_sentence_claims(doc, index, parsed, lex, score, dropped, nlp))
    drafts.sort(key=lambda d: (d.claim.sentence, d.claim.span.start, d.claim.span.end))
    claims = [d.claim for d in drafts]
    for n, claim in enumerate(claims, start=1):
        claim.id = f"c{n}"
    doc.annotations["claims"] = {"scorer": scorer, "dropped": dropped}
    return claims


@register_stage(STAGE_NAME, step="claims", requires=("sentences", "mentions"), assigns=("claims",))
def make_claims_stage(resources: Resources) -> Callable[[Document], Document]:
    lexicon = load_lexicon()

    def claims_stage(doc: Document) -> Document:
        parsed = doc.annotations.get("spacy")
        if not isinstance(parsed, SpacyDoc):
            # An earlier stage normally leaves its parse; parsing again is correct, only slower.
            log.debug("claims: no spaCy parse in annotations, parsing the text")
            parsed = resources.nlp(doc.text)
            doc.annotations["spacy"] = parsed
        doc.claims = extract_claims(doc, parsed, lexicon, nlp=resources.nlp)
        return doc

    return claims_stage
