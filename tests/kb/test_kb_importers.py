"""Importers on small excerpts cut from the real UN, OFAC and OpenSanctions files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import EntityRecord
from newsvet.kb.importers import import_ftm, import_ofac_sdn, import_un_sc

FIXTURES = Path(__file__).parent / "fixtures"
UN_XML = FIXTURES / "un-sc-excerpt-2025-04-19.xml"
SDN_CSV = FIXTURES / "sdn-excerpt-2024-05-03.csv"
FTM_JSON = FIXTURES / "opensanctions-excerpt.ftm.json"


def values(rec: EntityRecord, prop: str) -> list[str]:
    return [st.value for st in rec.statements if st.prop == prop]


def by_id(records: list[EntityRecord]) -> dict[str, EntityRecord]:
    return {r.id: r for r in records}


def test_un_import_reads_entities_and_individuals() -> None:
    result = import_un_sc(UN_XML)
    records = by_id(result.entities)
    assert set(records) == {
        "un-sc:QDi.263",
        "un-sc:QDi.422",
        "un-sc:QDe.118",
        "un-sc:QDe.019",
        "un-sc:QDe.008",
    }
    assert records["un-sc:QDe.118"].schema == "Organization"
    assert records["un-sc:QDi.263"].schema == "Person"
    assert result.sources[0].date == "2025-04-19"


@pytest.mark.parametrize(
    ("record_id", "prop", "value"),
    [
        ("un-sc:QDe.118", "name", "LASHKAR-E-TAYYIBA"),
        ("un-sc:QDe.118", "alias", "Lashkar-i-Taiba"),
        ("un-sc:QDe.118", "unscId", "QDe.118"),
        ("un-sc:QDe.019", "alias", "Army of Mohammed"),
        ("un-sc:QDe.019", "country", "pk"),
        ("un-sc:QDi.263", "name", "HAFIZ MUHAMMAD SAEED"),
        ("un-sc:QDi.263", "alias", "Hafiz Saeed"),
        ("un-sc:QDi.263", "weakAlias", "Hafiz Ji"),  # quality Low
        ("un-sc:QDi.263", "nationality", "pk"),
        ("un-sc:QDi.263", "birthDate", "1950-06-05"),
    ],
)
def test_un_import_keeps_names_identifiers_and_places(
    record_id: str, prop: str, value: str
) -> None:
    records = by_id(import_un_sc(UN_XML).entities)
    assert value in values(records[record_id], prop)


def test_un_designation_names_the_committee_and_starts_on_listing_date() -> None:
    records = by_id(import_un_sc(UN_XML).entities)
    [designation] = [st for st in records["un-sc:QDe.019"].statements if st.prop == "designation"]
    assert "1267" in designation.value
    assert designation.start == "2001-10-17"


def test_un_comments_become_notes() -> None:
    records = by_id(import_un_sc(UN_XML).entities)
    assert any("Peshawar and Muzaffarabad" in n for n in values(records["un-sc:QDe.019"], "notes"))


def test_importers_read_gzip_transparently(tmp_path: Path) -> None:
    gz = tmp_path / "list.xml.gz"
    gz.write_bytes(gzip.compress(UN_XML.read_bytes()))
    assert len(import_un_sc(gz).entities) == len(import_un_sc(UN_XML).entities)


def test_malformed_un_xml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    text = UN_XML.read_text(encoding="utf-8")
    bad.write_text(text.replace("</ENTITY>", "</ENTITI>", 1), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"broken\.xml, line \d+"):
        import_un_sc(bad)


def test_ofac_import_keeps_only_terrorism_programmes() -> None:
    records = by_id(import_ofac_sdn(SDN_CSV).entities)
    assert "us-ofac:36" not in records  # a Cuba programme entry
    assert {"us-ofac:7140", "us-ofac:6935", "us-ofac:26953", "us-ofac:4696"} <= set(records)


@pytest.mark.parametrize(
    ("record_id", "prop", "value"),
    [
        ("us-ofac:7140", "name", "LASHKAR E-TAYYIBA"),
        ("us-ofac:7140", "alias", "JUD"),
        ("us-ofac:26953", "alias", "BLA"),
        ("us-ofac:4696", "alias", "HUM"),
        ("us-ofac:7140", "designation", "US Foreign Terrorist Organization"),
        ("us-ofac:7140", "designation", "US Specially Designated Global Terrorist"),
        ("us-ofac:17270", "name", "Muhammad Naeem SHEIKH"),  # "SHEIKH, Muhammad Naeem"
        ("us-ofac:17270", "alias", "Sheikh NAEEM"),
        ("us-ofac:17270", "nationality", "pk"),
        ("us-ofac:17270", "birthDate", "1950-09-04"),
        ("us-ofac:17270", "linkedTo", "LASHKAR E-TAYYIBA"),
    ],
)
def test_ofac_import_reads_names_aliases_and_remarks(record_id: str, prop: str, value: str) -> None:
    records = by_id(import_ofac_sdn(SDN_CSV).entities)
    assert value in values(records[record_id], prop)


def test_ofac_designations_have_no_date() -> None:
    records = by_id(import_ofac_sdn(SDN_CSV).entities)
    assert all(
        st.start is None for st in records["us-ofac:7140"].statements if st.prop == "designation"
    )


def test_ofac_row_with_wrong_column_count_names_line(tmp_path: Path) -> None:
    bad = tmp_path / "sdn.csv"
    bad.write_text(SDN_CSV.read_text(encoding="latin-1") + '99,"ONLY TWO"\n', encoding="latin-1")
    with pytest.raises(KnowledgeBaseError, match=r"sdn\.csv, line 9"):
        import_ofac_sdn(bad)


def test_ftm_import_keeps_schema_properties_and_references() -> None:
    records = by_id(import_ftm(FTM_JSON).entities)
    org = records["opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert org.schema == "Organization"
    assert "RAB „Inter Tobacco“" in values(org, "name")
    assert values(org, "country") == ["by"]
    [address] = [st for st in org.statements if st.prop == "addressEntity"]
    assert address.ref == f"opensanctions:{address.value}"


def test_ftm_import_rejects_a_line_that_is_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "x.ftm.json"
    bad.write_text(FTM_JSON.read_text() + "{not json\n")
    with pytest.raises(KnowledgeBaseError, match=r"x\.ftm\.json, line 5"):
        import_ftm(bad)
