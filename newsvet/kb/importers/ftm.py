"""FollowTheMoney JSON lines, as OpenSanctions and Aleph publish them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import EntityRecord, ImportResult, Source
from newsvet.kb.importers._io import read_text, stem

DATASET = "opensanctions"
# FtM properties that the KB keeps under one of its own names.
_RENAMES = {
    "citizenship": "nationality",
    "jurisdiction": "country",
    "incorporationDate": "foundingDate",
    "organizer": "conductedBy",
}


def _statements(rec: EntityRecord, data: dict[str, Any], dataset: str, source: str) -> None:
    proxy = model.get_proxy(data, cleaned=False)
    rec.schema = proxy.schema.name
    rec.add("opensanctionsId", proxy.id, source=source)
    for prop, value in proxy.itervalues():
        name = _RENAMES.get(prop.name, prop.name)
        if prop.type.name == "entity":
            rec.add(name, value, ref=f"{dataset}:{value}", source=source)
        else:
            rec.add(name, value, source=source)


def import_ftm(path: str | Path, dataset: str = DATASET) -> ImportResult:
    path = Path(path)
    source = Source(
        key=f"{dataset}-{stem(path)}",
        dataset=dataset,
        title=f"FollowTheMoney entities ({path.name})",
        outlet="OpenSanctions" if dataset == DATASET else dataset,
    )
    records: list[EntityRecord] = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise KnowledgeBaseError(f"{where}: not JSON: {err.msg}") from err
        if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
            raise KnowledgeBaseError(f"{where}: an FtM entity needs an id and a schema")
        rec = EntityRecord(
            id=f"{dataset}:{data['id']}", schema=str(data["schema"]), dataset=dataset, origin=where
        )
        try:
            _statements(rec, data, dataset, source.key)
        except FollowTheMoneyException as err:
            raise KnowledgeBaseError(f"{where}: invalid FollowTheMoney entity: {err}") from err
        records.append(rec)
    return ImportResult(dataset=dataset, entities=records, sources=[source])
