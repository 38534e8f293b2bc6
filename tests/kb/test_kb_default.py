"""The default KB, built from the shipped sources (a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsvet.kb import KnowledgeBase, build_default_kb, default_kb_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return build_default_kb(tmp_path_factory.mktemp("default") / "kb.sqlite")


@pytest.mark.parametrize(
    ("name", "identifier"),
    [
        ("Lashkar-e-Tayyiba", ("unscId", "QDe.118")),
        ("Jaish-e-Mohammed", ("unscId", "QDe.019")),
        ("LeT", ("unscId", "QDe.118")),
        ("JeM", ("unscId", "QDe.019")),
        ("Baloch Liberation Army", ("ofacId", "26953")),
    ],
)
def test_default_kb_merges_groups_across_sources(
    kb: KnowledgeBase, name: str, identifier: tuple[str, str]
) -> None:
    [best, *_] = kb.candidates(name)
    scheme, value = identifier
    assert value in best.entity.identifiers[scheme]


def test_operation_sindoor_conducted_by_indian_armed_forces_per_s1(kb: KnowledgeBase) -> None:
    [sindoor, *_] = kb.candidates("Operation Sindoor", schemas=["Event"])
    [conducted] = kb.statements(sindoor.entity.id, "conductedBy")
    forces = kb.entity(conducted.value_entity or "")
    assert forces is not None and forces.caption == "Indian Armed Forces"
    assert "Livemint" in conducted.source and "2025-05-07" in conducted.source
    [part_of] = kb.statements(forces.id, "partOf")
    assert part_of.value == "India"


def test_contested_facts_keep_both_sides(kb: KnowledgeBase) -> None:
    [sindoor, *_] = kb.candidates("Operation Sindoor")
    deaths = kb.statements(sindoor.entity.id, "deaths")
    assert len(deaths) == 2 and all(d.contested for d in deaths)
    assert len({d.source for d in deaths}) == 2


def test_listing_hold_lists_exactly_three_states(kb: KnowledgeBase) -> None:
    [request, *_] = kb.candidates("BLA and Majeed Brigade 1267 listing request")
    holders = {
        kb.entity(s.value_entity or "").caption for s in kb.statements(request.entity.id, "heldBy")
    }  # type: ignore[union-attr]
    assert holders == {"United States", "United Kingdom", "France"}
    assert kb.property("heldBy").complete


def test_default_path_depends_on_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSVET_HOME", str(tmp_path))
    assert default_kb_path() == tmp_path / "kb.sqlite"
    monkeypatch.delenv("NEWSVET_HOME")
    assert default_kb_path().name.startswith("kb-")


def test_open_without_path_builds_the_default_kb(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NEWSVET_HOME", str(tmp_path))
    kb = KnowledgeBase.open()
    assert (tmp_path / "kb.sqlite").is_file()
    assert kb.candidates("Operation Sindoor")[0].score == 1.0
    kb.close()
