"""Building, merging, name candidates and property semantics of the knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsvet.errors import KnowledgeBaseError
from newsvet.kb import ImportSource, KnowledgeBase, build_kb, format_entity

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = [
    ImportSource("curated", FIXTURES / "curated-mini.yaml"),
    ImportSource("un-sc", FIXTURES / "un-sc-excerpt-2025-04-19.xml"),
    ImportSource("us-ofac", FIXTURES / "sdn-excerpt-2024-05-03.csv"),
    ImportSource("ftm", FIXTURES / "opensanctions-excerpt.ftm.json"),
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return build_kb(tmp_path_factory.mktemp("kb") / "kb.sqlite", SOURCES)


def test_let_from_un_ofac_and_curated_is_one_entity(kb: KnowledgeBase) -> None:
    let = kb.entity("mini:lashkar-e-tayyiba")
    assert let is not None
    assert kb.entity("un-sc:QDe.118") == let
    assert kb.entity("us-ofac:7140") == let  # merged by its normalised name, no same_as
    assert let.identifiers["unscId"] == ("QDe.118",)
    assert let.identifiers["ofacId"] == ("7140",)
    assert set(let.datasets) == {"mini", "un-sc", "us-ofac"}
    assert let.caption == "Lashkar-e-Tayyiba"
    props = {st.prop for st in kb.statements("un-sc:QDe.118")}
    assert {"headquarters", "designation", "alias", "notes"} <= props


def test_entity_references_resolve_to_merged_entities(kb: KnowledgeBase) -> None:
    [leader] = kb.statements("mini:lashkar-e-tayyiba", "leader")
    assert leader.value_entity == "un-sc:QDi.263"
    assert leader.value == "HAFIZ MUHAMMAD SAEED"
    reverse = kb.statements_with_value("mini:markaz-taiba")
    assert {(s.subject, s.prop) for s in reverse} == {
        ("mini:operation-sindoor", "target"),
        ("mini:lashkar-e-tayyiba", "headquarters"),
    }


def test_people_are_not_merged_by_name_alone(kb: KnowledgeBase) -> None:
    assert kb.entity("us-ofac:17270") != kb.entity("un-sc:QDi.263")


def test_statements_carry_source_citations(kb: KnowledgeBase) -> None:
    [conducted] = kb.statements("mini:operation-sindoor", "conductedBy")
    assert conducted.value == "Indian Armed Forces"
    assert conducted.source == "Livemint, 2025-05-07, Operation Sindoor announcement"
    [deaths] = kb.statements("mini:operation-sindoor", "deaths")
    assert deaths.contested


@pytest.mark.parametrize(
    ("text", "expected", "methods"),
    [
        ("LeT", "mini:lashkar-e-tayyiba", {"acronym"}),
        ("Lashkar-e-Taiba", "mini:lashkar-e-tayyiba", {"alias", "fuzzy"}),
        ("lashkar e tayyiba", "mini:lashkar-e-tayyiba", {"normalised"}),
        ("Op Sindoor", "mini:operation-sindoor", {"normalised"}),
        ("Jaish-e-Mohammed", "un-sc:QDe.019", {"fuzzy", "alias"}),
        ("Baloch Liberation Army", "us-ofac:26953", {"fuzzy"}),
        ("Indian", "mini:india", {"alias"}),
    ],
)
def test_candidates_find_names_spelt_as_news_spells_them(
    kb: KnowledgeBase, text: str, expected: str, methods: set[str]
) -> None:
    [best, *_] = kb.candidates(text)
    assert best.entity.id == expected
    assert best.method in methods
    assert 0.0 < best.score <= 1.0


def test_candidates_rank_exact_name_first_and_respect_schema(kb: KnowledgeBase) -> None:
    results = kb.candidates("Lashkar-e-Tayyiba")
    assert results[0].method == "exact" and results[0].score == 1.0
    assert kb.candidates("Lashkar-e-Tayyiba", schemas=["Person"]) == [] or all(
        c.entity.schema == "Person" for c in kb.candidates("Lashkar-e-Tayyiba", schemas=["Person"])
    )
    assert kb.candidates("Markaz Taiba", schemas=["Organization"]) == []


def test_lowercase_word_is_a_weak_acronym_match(kb: KnowledgeBase) -> None:
    [weak] = kb.candidates("let")
    [strong, *_] = kb.candidates("LeT")
    assert weak.score < 0.5 < strong.score


def test_names_list_kinds(kb: KnowledgeBase) -> None:
    kinds = {(n.name, n.kind) for n in kb.names() if n.entity_id == "mini:lashkar-e-tayyiba"}
    assert ("Lashkar-e-Tayyiba", "name") in kinds
    assert ("LeT", "acronym") in kinds
    assert ("Lashkar-i-Taiba", "alias") in kinds
    assert ("Indian", "demonym") in {(n.name, n.kind) for n in kb.names()}


def test_search_finds_partial_names(kb: KnowledgeBase) -> None:
    assert "mini:lashkar-e-tayyiba" in {c.entity.id for c in kb.search("Lashkar")}


def test_to_ftm_exports_a_proxy(kb: KnowledgeBase) -> None:
    proxy = kb.to_ftm("un-sc:QDe.118")
    assert proxy.schema.name == "Organization"
    assert "Lashkar-e-Tayyiba" in proxy.get("name")
    assert "Lashkar-i-Taiba" in proxy.get("alias")


def test_format_entity_lists_identifiers_and_sourced_statements(kb: KnowledgeBase) -> None:
    shown = format_entity(kb, "un-sc:QDe.118")
    assert shown["id"] == "mini:lashkar-e-tayyiba"
    assert shown["identifiers"]["unscId"] == ["QDe.118"]
    assert all(row["source"] for row in shown["statements"])
    with pytest.raises(KnowledgeBaseError):
        format_entity(kb, "nobody:here")


def test_stats_count_per_dataset(kb: KnowledgeBase) -> None:
    stats = kb.stats()
    assert stats["entities"] > 0 and stats["entities.un-sc"] == 5
    assert stats["statements"] == sum(v for k, v in stats.items() if k.startswith("statements."))


@pytest.mark.parametrize(
    ("name", "cardinality", "cue"),
    [
        ("conductedBy", "one", "launch"),
        ("target", "many", "hit"),
        ("heldBy", "many", "veto"),
        ("headquarters", "one", "based in"),
        ("deaths", "one", "kill"),
        ("startDate", "one", "begin"),
    ],
)
def test_property_specs_load(kb: KnowledgeBase, name: str, cardinality: str, cue: str) -> None:
    spec = kb.property(name)
    assert spec.cardinality == cardinality
    assert cue in spec.cues
    assert kb.property("heldBy").complete
    assert kb.property("deaths").tolerance is not None


def test_every_stored_property_has_a_spec(kb: KnowledgeBase) -> None:
    props = {row[0] for row in kb._db.query("SELECT DISTINCT prop FROM statements")}
    for prop in props:
        kb.property(prop)
    with pytest.raises(KnowledgeBaseError):
        kb.property("noSuchProperty")


def test_failed_build_leaves_previous_kb_intact(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    build_kb(path, SOURCES).close()
    before = path.read_bytes()
    corrupt = tmp_path / "broken.xml"
    corrupt.write_text("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"broken\.xml"):
        build_kb(path, [*SOURCES[:1], ImportSource("un-sc", corrupt)])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_same_as_to_a_missing_record_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        KnowledgeBaseError, match=r"same_as 'un-sc:QDe\.118' names no imported record"
    ):
        build_kb(tmp_path / "kb.sqlite", SOURCES[:1])


def test_open_refuses_a_file_that_is_not_a_kb(tmp_path: Path) -> None:
    bogus = tmp_path / "kb.sqlite"
    bogus.write_bytes(b"not a database at all" * 100)
    with pytest.raises(KnowledgeBaseError):
        KnowledgeBase.open(bogus)
