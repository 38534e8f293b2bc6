"""newsvet's own curated YAML of sourced facts (format: ``newsvet/kb/data/README.md``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import EntityRecord, ImportResult, PropertySpec, Source
from newsvet.kb._properties import default_properties
from newsvet.kb.importers._io import is_iso_date, read_text

# Shortcut keys for names -> the property their values become.
NAME_KEYS = {
    "name": "name",
    "names": "name",
    "aliases": "alias",
    "weak_aliases": "weakAlias",
    "acronyms": "abbreviation",
    "demonyms": "demonym",
}
ENTITY_KEYS = frozenset({"schema", "same_as", "source", "facts", "identifiers", *NAME_KEYS})
FACT_KEYS = frozenset({"prop", "value", "start", "end", "source", "sources", "contested", "note"})
SOURCE_KEYS = frozenset({"title", "outlet", "date", "url"})
_NUMBER = re.compile(r"^(?:[<>]?\d+(?:\.\d+)?|\d+(?:\.\d+)?-\d+(?:\.\d+)?)$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Context:
    def __init__(
        self,
        path: Path,
        dataset: str,
        sources: dict[str, Source],
        keys: set[str],
        properties: dict[str, PropertySpec],
    ) -> None:
        self.path, self.dataset, self.sources, self.keys = path, dataset, sources, keys
        self.properties = properties

    def error(self, where: str, why: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{self.path}: {where}: {why}")


def _date(ctx: _Context, where: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):  # YAML reads 2025-05-07 as a date
        return value.isoformat()
    text = str(value).strip()
    if not is_iso_date(text):
        raise ctx.error(where, f"bad date {value!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def _sources(path: Path, dataset: str, raw: Any) -> dict[str, Source]:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{path}: `sources` must be a mapping of source keys")
    out: dict[str, Source] = {}
    for key, spec in raw.items():
        if not isinstance(spec, dict) or "title" not in spec:
            raise KnowledgeBaseError(f"{path}: source {key!r}: needs at least a title")
        unknown = set(spec) - SOURCE_KEYS
        if unknown:
            raise KnowledgeBaseError(f"{path}: source {key!r}: unknown keys {sorted(unknown)}")
        date = spec.get("date")
        date = date.isoformat() if isinstance(date, dt.date) else (str(date) if date else None)
        if date and not is_iso_date(date):
            raise KnowledgeBaseError(f"{path}: source {key!r}: bad date {date!r}")
        out[str(key)] = Source(
            key=str(key),
            dataset=dataset,
            title=str(spec["title"]),
            outlet=spec.get("outlet"),
            date=date,
            url=spec.get("url"),
        )
    return out


def _source_keys(ctx: _Context, where: str, fact: dict[str, Any], default: str) -> list[str]:
    keys = fact.get("sources", fact.get("source", default))
    keys = [keys] if isinstance(keys, str) else list(keys or [])
    if not keys:
        raise ctx.error(where, "a fact needs a source")
    for key in keys:
        if key not in ctx.sources:
            raise ctx.error(where, f"unknown source key {key!r}; define it under `sources`")
    return keys


def _value(ctx: _Context, where: str, spec: PropertySpec, raw: Any) -> tuple[str, str | None]:
    """The value text and, for entity and place values that name an entity, the record id."""
    if isinstance(raw, dt.date):
        raw = raw.isoformat()
    if raw is None or isinstance(raw, (dict, list)):
        raise ctx.error(where, f"{spec.name}: a value must be a single scalar, not {raw!r}")
    text = str(raw).strip()
    if spec.type == "date" and not is_iso_date(text):
        raise ctx.error(where, f"{spec.name}: bad date {raw!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
    if spec.type == "number" and not _NUMBER.match(text):
        raise ctx.error(where, f"{spec.name}: bad number {raw!r}: write 26, >70 or 26-31")
    if spec.type in ("entity", "place"):
        if text in ctx.keys:
            return text, f"{ctx.dataset}:{text}"
        if ":" in text:  # an id from another dataset, checked when records are merged
            return text, text
        if spec.type == "entity":
            raise ctx.error(
                where,
                f"{spec.name}: {text!r} is no entity key in this file "
                "and no dataset id such as un-sc:QDe.118",
            )
    return text, None


def _fact(ctx: _Context, rec: EntityRecord, where: str, fact: Any, default_source: str) -> None:
    if not isinstance(fact, dict):
        raise ctx.error(where, f"a fact must be a mapping, not {fact!r}")
    unknown = set(fact) - FACT_KEYS
    if unknown:
        raise ctx.error(where, f"unknown fact keys {sorted(unknown)}")
    prop = fact.get("prop")
    spec = ctx.properties.get(str(prop))
    if spec is None:
        raise ctx.error(
            where, f"unknown property {prop!r}; properties are defined in properties.yaml"
        )
    value, ref = _value(ctx, where, spec, fact.get("value"))
    start = _date(ctx, where, fact.get("start"))
    end = _date(ctx, where, fact.get("end"))
    for key in _source_keys(ctx, where, fact, default_source):
        rec.add(
            spec.name,
            value,
            ref=ref,
            start=start,
            end=end,
            source=key,
            contested=bool(fact.get("contested", False)),
            note=fact.get("note"),
        )


def _entity(ctx: _Context, key: str, raw: Any, default_source: str) -> EntityRecord:
    where = f"entity {key!r}"
    if not isinstance(raw, dict):
        raise ctx.error(where, "expected a mapping")
    unknown = set(raw) - ENTITY_KEYS
    if unknown:
        raise ctx.error(where, f"unknown keys {sorted(unknown)}")
    schema = model.get(str(raw.get("schema")))
    if schema is None:
        raise ctx.error(where, f"unknown FollowTheMoney schema {raw.get('schema')!r}")
    if "name" not in raw and "names" not in raw:
        raise ctx.error(where, "needs a name")
    rec = EntityRecord(
        id=f"{ctx.dataset}:{key}",
        schema=schema.name,
        dataset=ctx.dataset,
        origin=f"{ctx.path}: {where}",
    )
    source = str(raw.get("source", default_source))
    if source not in ctx.sources:
        raise ctx.error(where, f"unknown source key {source!r}; define it under `sources`")
    for name_key, prop in NAME_KEYS.items():
        values = raw.get(name_key) or []
        for value in [values] if isinstance(values, str) else values:
            rec.add(prop, str(value), source=source)
    for scheme, values in (raw.get("identifiers") or {}).items():
        if scheme not in ctx.properties or not ctx.properties[scheme].identifier:
            raise ctx.error(where, f"unknown identifier scheme {scheme!r}")
        for value in [values] if isinstance(values, str) else values:
            rec.add(scheme, str(value), source=source)
    same_as = raw.get("same_as") or []
    rec.same_as = [same_as] if isinstance(same_as, str) else [str(s) for s in same_as]
    for number, fact in enumerate(raw.get("facts") or [], 1):
        _fact(
            ctx,
            rec,
            f"{where}, fact {number} ({fact.get('prop') if isinstance(fact, dict) else '?'})",
            fact,
            source,
        )
    return rec


def import_curated(
    path: str | Path, dataset: str | None = None, properties: dict[str, PropertySpec] | None = None
) -> ImportResult:
    path = Path(path)
    try:
        raw = yaml.safe_load(read_text(path))
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(raw, dict) or not isinstance(raw.get("entities"), dict):
        raise KnowledgeBaseError(
            f"{path}: expected a mapping with `dataset`, `sources` and `entities`"
        )
    dataset = dataset or str(raw.get("dataset") or path.stem)
    sources = _sources(path, dataset, raw.get("sources") or {})
    # The file itself is the source of names and facts that cite nothing else.
    own = Source(
        key="_file",
        dataset=dataset,
        title=str(raw.get("title") or path.name),
        outlet=raw.get("outlet"),
    )
    sources[own.key] = own
    keys = {str(k) for k in raw["entities"]}
    for key in keys:
        if not _KEY.match(key):
            raise KnowledgeBaseError(
                f"{path}: entity {key!r}: keys are lowercase letters, digits and hyphens"
            )
    ctx = _Context(path, dataset, sources, keys, properties or default_properties())
    records = [_entity(ctx, str(k), v, own.key) for k, v in raw["entities"].items()]
    return ImportResult(dataset=dataset, entities=records, sources=list(sources.values()))
