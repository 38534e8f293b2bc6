"""The UN Security Council Consolidated Sanctions List (XML, schema sc-sanctions.xsd)."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from followthemoney.types import registry

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import EntityRecord, ImportResult, Source
from newsvet.kb.importers._io import date_in_name, is_iso_date, open_binary

log = logging.getLogger(__name__)

DATASET = "un-sc"
SOURCE_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

# UN_LIST_TYPE -> the committee that lists the entry (named by its founding resolution).
COMMITTEES = {
    "Al-Qaida": "UN Security Council 1267 Committee (ISIL (Da'esh) and Al-Qaida sanctions)",
    "Taliban": "UN Security Council 1988 Committee (Taliban sanctions)",
    "DPRK": "UN Security Council 1718 Committee (DPRK sanctions)",
    "Iraq": "UN Security Council 1518 Committee (Iraq sanctions)",
    "Libya": "UN Security Council 1970 Committee (Libya sanctions)",
    "Somalia": "UN Security Council 2713 Committee (Al-Shabaab sanctions)",
    "DRC": "UN Security Council 1533 Committee (DR Congo sanctions)",
    "Sudan": "UN Security Council 1591 Committee (Sudan sanctions)",
    "SouthSudan": "UN Security Council 2206 Committee (South Sudan sanctions)",
    "CAR": "UN Security Council 2127 Committee (Central African Republic sanctions)",
    "Yemen": "UN Security Council 2140 Committee (Yemen sanctions)",
    "GB": "UN Security Council 2048 Committee (Guinea-Bissau sanctions)",
    "Haiti": "UN Security Council 2653 Committee (Haiti sanctions)",
}
_ALIAS_PROPS = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _text(el: ET.Element | None) -> str:
    return " ".join((el.text or "").split()) if el is not None else ""


def committee(list_type: str) -> str:
    return COMMITTEES.get(list_type, f"UN Security Council {list_type} sanctions committee")


def _country_code(name: str) -> str | None:
    return registry.country.clean(name) if name else None


def _address(el: ET.Element) -> str:
    parts = [_text(el.find(tag)) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
    return ", ".join(p for p in parts if p)


def _record(el: ET.Element, path: Path, source_key: str, dataset: str) -> EntityRecord | None:
    ref = _text(el.find("REFERENCE_NUMBER"))
    if not ref:
        log.warning(
            "%s: entry DATAID %s has no reference number; skipped", path, _text(el.find("DATAID"))
        )
        return None
    person = el.tag == "INDIVIDUAL"
    rec = EntityRecord(
        id=f"{dataset}:{ref}",
        schema="Person" if person else "Organization",
        dataset=dataset,
        origin=f"{path}: {ref}",
    )

    def add(prop: str, value: str | None, **kw: object) -> None:
        rec.add(prop, value, source=source_key, **kw)

    add("name", " ".join(p for p in (_text(el.find(t)) for t in _NAME_PARTS) if p))
    add("unscId", ref)
    listed = _text(el.find("LISTED_ON"))
    add(
        "designation",
        committee(_text(el.find("UN_LIST_TYPE"))),
        start=listed if is_iso_date(listed) else None,
    )
    add("alias", _text(el.find("NAME_ORIGINAL_SCRIPT")))
    add("notes", _text(el.find("COMMENTS1")))
    for alias in el.findall("INDIVIDUAL_ALIAS") + el.findall("ENTITY_ALIAS"):
        quality = _text(alias.find("QUALITY")).lower()
        add(_ALIAS_PROPS.get(quality, "alias"), _text(alias.find("ALIAS_NAME")))
    for value in el.findall("TITLE/VALUE"):
        add("title", _text(value))
    for value in el.findall("DESIGNATION/VALUE"):
        add("position", _text(value))
    for value in el.findall("NATIONALITY/VALUE"):
        add("nationality", _country_code(_text(value)))
    for addr in el.findall("INDIVIDUAL_ADDRESS") + el.findall("ENTITY_ADDRESS"):
        add("address", _address(addr), note=_text(addr.find("NOTE")) or None)
        add("country", _country_code(_text(addr.find("COUNTRY"))))
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        date = _text(dob.find("DATE")) or _text(dob.find("YEAR"))
        if is_iso_date(date):
            add("birthDate", date, note=_text(dob.find("TYPE_OF_DATE")).lower() or None)
    for pob in el.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        add("birthPlace", _address(pob))
    return rec


def import_un_sc(path: str | Path, dataset: str = DATASET) -> ImportResult:
    """Read the consolidated list; entries are parsed one at a time and then freed."""
    path = Path(path)
    generated = date_in_name(path)
    source_key = f"un-sc-{generated or 'list'}"
    records: list[EntityRecord] = []
    with open_binary(path) as fh:
        try:
            for event, el in ET.iterparse(fh, events=("start", "end")):
                if event == "start":
                    if el.tag == "CONSOLIDATED_LIST" and el.get("dateGenerated"):
                        generated = el.get("dateGenerated", "")[:10]
                        source_key = f"un-sc-{generated}"
                    continue
                if el.tag in ("INDIVIDUAL", "ENTITY"):
                    rec = _record(el, path, source_key, dataset)
                    if rec is not None:
                        records.append(rec)
                    el.clear()
        except ET.ParseError as err:
            line, column = err.position
            raise KnowledgeBaseError(
                f"{path}, line {line}, column {column}: malformed UN sanctions list XML: {err.msg}"
            ) from err
        except (OSError, EOFError) as err:
            raise KnowledgeBaseError(f"{path}: cannot read UN sanctions list: {err}") from err
    if not records:
        raise KnowledgeBaseError(f"{path}: no INDIVIDUAL or ENTITY entries; is this a UN list?")
    source = Source(
        key=source_key,
        dataset=dataset,
        title=f"UN Security Council Consolidated Sanctions List, generated {generated}",
        outlet="UN Security Council",
        date=generated,
        url=SOURCE_URL,
    )
    return ImportResult(dataset=dataset, entities=records, sources=[source])
