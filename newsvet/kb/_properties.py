"""Property semantics, loaded from ``data/properties.yaml``: the KB's model is data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import PropertySpec

DATA_DIR = Path(__file__).parent / "data"
PROPERTIES_FILE = DATA_DIR / "properties.yaml"
TYPES = frozenset({"entity", "date", "string", "number", "place"})
CARDINALITIES = frozenset({"one", "many"})
NAME_KINDS = frozenset({"name", "alias", "weak", "demonym", "acronym"})
_KNOWN_KEYS = frozenset(
    {
        "label",
        "type",
        "cardinality",
        "temporal",
        "complete",
        "tolerance",
        "ftm",
        "cues",
        "identifier",
        "name_kind",
    }
)


def _spec(path: Path, name: str, raw: Any) -> PropertySpec:
    def fail(why: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{path}: property {name!r}: {why}")

    if not isinstance(raw, dict):
        raise fail("expected a mapping")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}")
    if raw.get("type") not in TYPES:
        raise fail(f"type must be one of {sorted(TYPES)}, not {raw.get('type')!r}")
    if raw.get("cardinality") not in CARDINALITIES:
        raise fail(f"cardinality must be one or many, not {raw.get('cardinality')!r}")
    kind = raw.get("name_kind")
    if kind is not None and kind not in NAME_KINDS:
        raise fail(f"name_kind must be one of {sorted(NAME_KINDS)}")
    tolerance = raw.get("tolerance")
    return PropertySpec(
        name=name,
        label=str(raw.get("label", name)),
        type=raw["type"],
        cardinality=raw["cardinality"],
        temporal=bool(raw.get("temporal", False)),
        complete=bool(raw.get("complete", False)),
        tolerance=float(tolerance) if tolerance is not None else None,
        ftm=raw.get("ftm"),
        cues=tuple(str(c) for c in raw.get("cues") or ()),
        identifier=bool(raw.get("identifier", False)),
        name_kind=kind,
    )


def load_properties(path: Path = PROPERTIES_FILE) -> dict[str, PropertySpec]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeBaseError(f"{path}: cannot read property definitions: {err}") from err
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{path}: expected a mapping of property names")
    return {str(name): _spec(path, str(name), spec) for name, spec in raw.items()}


@lru_cache(maxsize=1)
def default_properties() -> dict[str, PropertySpec]:
    return load_properties()


_FTM_TYPES = {
    "entity": "entity",
    "date": "date",
    "number": "number",
    "country": "place",
    "address": "place",
}


def ftm_property_spec(name: str) -> PropertySpec | None:
    """A spec for a FollowTheMoney property the KB does not define itself, so that any
    FtM export can be imported as it is. Such properties carry no cues."""
    from followthemoney import model

    for schema in model.schemata.values():
        prop = schema.properties.get(name)
        if prop is not None and not prop.stub:
            return PropertySpec(
                name=name,
                label=str(prop.label),
                type=_FTM_TYPES.get(prop.type.name, "string"),
                cardinality="many",
                temporal=False,
                complete=False,
                tolerance=None,
                ftm=name,
                cues=(),
            )
    return None
