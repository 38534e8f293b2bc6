"""The US Treasury OFAC SDN list in its legacy CSV form (no header, "-0-" for empty, latin-1).
Only the terrorism programmes are imported: the KB is about armed groups, not all sanctions."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from followthemoney.types import registry

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import EntityRecord, ImportResult, Source
from newsvet.kb.importers._io import date_in_name, read_text

DATASET = "us-ofac"
SOURCE_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
PROGRAMMES = {
    "FTO": "US Foreign Terrorist Organization",
    "SDGT": "US Specially Designated Global Terrorist",
    "SDT": "US Specially Designated Terrorist",
}
_SCHEMATA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
_ALIAS = re.compile(r"^(weak a\.k\.a\.|a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.*)'\.?$")
_ALIAS_PROPS = {
    "a.k.a.": "alias",
    "weak a.k.a.": "weakAlias",
    "f.k.a.": "previousName",
    "n.k.a.": "alias",
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_NATIONALITY = re.compile(r"^(alt\. )?(nationality|citizen) ")
_DOB = re.compile(r"^(?:(\d{1,2}) ([A-Za-z]{3}) )?(\d{4})$")


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def programmes(field: str) -> list[str]:
    return [p.strip(" []") for p in field.split("] [") if p.strip(" []")]


def person_name(name: str) -> str:
    """OFAC writes people as "SURNAME, Given names"; text writes them the other way round."""
    if "," in name:
        last, _, first = name.partition(",")
        return f"{first.strip()} {last.strip()}".strip()
    return name


def _dob(value: str) -> str | None:
    match = _DOB.match(value.strip())
    if not match:
        return None
    day, month, year = match.groups()
    if day and month and month.lower() in _MONTHS:
        return f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}"
    return year


def _remarks(rec: EntityRecord, remarks: str, person: bool, source: str) -> None:
    for part in (p.strip() for p in remarks.split("; ")):
        alias = _ALIAS.match(part)
        if alias:
            name = alias.group(2)
            rec.add(
                _ALIAS_PROPS[alias.group(1)], person_name(name) if person else name, source=source
            )
        elif part.startswith("Linked To: "):
            rec.add("linkedTo", part.removeprefix("Linked To: ").rstrip("."), source=source)
        elif part.startswith(("nationality ", "citizen ", "alt. nationality ", "alt. citizen ")):
            country = _NATIONALITY.sub("", part)
            rec.add("nationality", registry.country.clean(country.rstrip(".")), source=source)
        elif part.startswith(("DOB ", "alt. DOB ")):
            rec.add("birthDate", _dob(part.rsplit("DOB ", 1)[1].rstrip(".")), source=source)
        elif part.startswith(("POB ", "alt. POB ")):
            rec.add("birthPlace", part.rsplit("POB ", 1)[1].rstrip("."), source=source)


def _record(row: list[str], path: Path, line: int, dataset: str, source: str) -> EntityRecord:
    fields = dict(zip(COLUMNS, (_clean(v) for v in row), strict=True))
    sdn_type = fields["SDN_Type"].lower()
    person = sdn_type == "individual"
    rec = EntityRecord(
        id=f"{dataset}:{fields['ent_num']}",
        schema=_SCHEMATA.get(sdn_type, "LegalEntity"),
        dataset=dataset,
        origin=f"{path}, line {line}",
    )
    name = fields["SDN_Name"]
    rec.add("name", person_name(name) if person else name, source=source)
    rec.add("ofacId", fields["ent_num"], source=source)
    rec.add("title", fields["Title"], source=source)
    for programme in programmes(fields["Program"]):
        # The legacy file carries no designation dates, so start stays empty.
        rec.add(
            "designation",
            PROGRAMMES.get(programme, f"US OFAC {programme} programme"),
            source=source,
        )
    _remarks(rec, fields["Remarks"], person, source)
    return rec


def import_ofac_sdn(
    path: str | Path,
    dataset: str = DATASET,
    programmes_wanted: frozenset[str] = frozenset(PROGRAMMES),
) -> ImportResult:
    path = Path(path)
    date = date_in_name(path)
    source = Source(
        key=f"us-ofac-{date or 'sdn'}",
        dataset=dataset,
        title=f"Specially Designated Nationals and Blocked Persons List{', ' + date if date else ''}",
        outlet="US Treasury OFAC",
        date=date,
        url=SOURCE_URL,
    )
    reader = csv.reader(io.StringIO(read_text(path, encoding="latin-1")))
    records: list[EntityRecord] = []
    try:
        for row in reader:
            if not row or row == ["\x1a"]:  # the DOS end-of-file marker the file ends with
                continue
            if len(row) != len(COLUMNS):
                raise KnowledgeBaseError(
                    f"{path}, line {reader.line_num}: expected {len(COLUMNS)} SDN columns, "
                    f"found {len(row)}"
                )
            if not programmes_wanted.intersection(programmes(row[3])):
                continue
            if not _clean(row[0]).isdigit():
                raise KnowledgeBaseError(
                    f"{path}, line {reader.line_num}: ent_num {row[0]!r} is not a number"
                )
            records.append(_record(row, path, reader.line_num, dataset, source.key))
    except csv.Error as err:
        raise KnowledgeBaseError(f"{path}, line {reader.line_num}: malformed CSV: {err}") from err
    return ImportResult(dataset=dataset, entities=records, sources=[source])
