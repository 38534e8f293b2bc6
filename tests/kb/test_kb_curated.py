"""The curated YAML format: what it accepts and how it reports mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsvet.errors import KnowledgeBaseError
from newsvet.kb.importers import import_curated

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "curated-mini.yaml"


def write_variant(tmp_path: Path, fact: dict[str, object]) -> Path:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["entities"]["operation-sindoor"]["facts"].append(fact)
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_curated_facts_become_statements_with_their_sources() -> None:
    result = import_curated(MINI)
    sindoor = next(r for r in result.entities if r.id == "mini:operation-sindoor")
    [conducted] = [st for st in sindoor.statements if st.prop == "conductedBy"]
    assert conducted.ref == "mini:indian-armed-forces"
    assert conducted.start == "2025-05-07"
    assert conducted.source == "S1"
    [deaths] = [st for st in sindoor.statements if st.prop == "deaths"]
    assert deaths.contested is True and deaths.value == ">70"


def test_several_sources_give_one_statement_each(tmp_path: Path) -> None:
    path = write_variant(tmp_path, {"prop": "targetCount", "value": 9, "sources": ["S1", "S3"]})
    sindoor = next(r for r in import_curated(path).entities if r.id == "mini:operation-sindoor")
    assert sorted(st.source for st in sindoor.statements if st.prop == "targetCount") == [
        "S1",
        "S3",
    ]


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        (
            {"prop": "conductedByy", "value": "india", "source": "S1"},
            "unknown property 'conductedByy'",
        ),
        ({"prop": "startDate", "value": "2025-05-07", "source": "S99"}, "unknown source key 'S99'"),
        ({"prop": "startDate", "value": "7 May 2025", "source": "S1"}, "bad date"),
        ({"prop": "target", "value": "india", "start": "2025-13", "source": "S1"}, "bad date"),
        ({"prop": "conductedBy", "value": "nobody-here", "source": "S1"}, "no entity key"),
        ({"prop": "deaths", "value": "dozens", "source": "S1"}, "bad number"),
    ],
)
def test_curated_errors_name_file_and_entity(
    tmp_path: Path, fact: dict[str, object], message: str
) -> None:
    path = write_variant(tmp_path, fact)
    with pytest.raises(KnowledgeBaseError) as err:
        import_curated(path)
    text = str(err.value)
    assert str(path) in text
    assert "entity 'operation-sindoor'" in text
    assert message in text


def test_unknown_schema_is_rejected(tmp_path: Path) -> None:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["entities"]["india"]["schema"] = "Country"
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="entity 'india': unknown FollowTheMoney schema"):
        import_curated(path)


def test_shipped_curated_file_is_valid() -> None:
    from newsvet.kb._build import SOURCES_DIR

    [path] = SOURCES_DIR.glob("*.yaml")
    result = import_curated(path)
    assert {s.key for s in result.sources} >= {f"S{i}" for i in range(1, 17)}
