"""Building a KB file: run the importers, merge records that stand for the same thing, write the
result into a temporary file beside the target and rename it, so a failed build leaves the old KB."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import EntityRecord, ImportResult, NameRecord, Source, Statement
from newsvet.kb._normalise import looks_like_acronym, normalise
from newsvet.kb._properties import DATA_DIR, default_properties
from newsvet.kb._store import Database
from newsvet.kb.importers import IMPORTERS

if TYPE_CHECKING:
    from newsvet.kb._kb import KnowledgeBase

log = logging.getLogger(__name__)

IMPORTER_VERSION = "1"
SOURCES_DIR = DATA_DIR / "sources"
COUNTRY_PROPS = ("country", "nationality")
# Only organisations are merged by name alone: two people or places sharing a name are common.
_ORG_SCHEMATA = ("Organization",)


@dataclass(frozen=True)
class ImportSource:
    kind: str  # a key of IMPORTERS: curated | un-sc | us-ofac | ftm
    path: Path
    dataset: str | None = None


def default_sources() -> list[ImportSource]:
    """The shipped sources, curated facts first: the first dataset of a merged entity gives its
    id and caption."""
    found = [ImportSource("curated", p) for p in sorted(SOURCES_DIR.glob("*.yaml"))]
    found += [ImportSource("un-sc", p) for p in sorted(SOURCES_DIR.glob("*.xml.gz"))]
    found += [ImportSource("us-ofac", p) for p in sorted(SOURCES_DIR.glob("*.csv.gz"))]
    found += [ImportSource("ftm", p) for p in sorted(SOURCES_DIR.glob("*.ftm.json.gz"))]
    return found


def fingerprint(sources: Iterable[ImportSource] | None = None) -> str:
    """Covers the shipped files and the importer version, so any change makes a new KB."""
    digest = hashlib.sha256(IMPORTER_VERSION.encode())
    files = [s.path for s in (sources or default_sources())] + [DATA_DIR / "properties.yaml"]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_kb_path() -> Path:
    home = os.environ.get("NEWSVET_HOME")
    if home:
        return Path(home) / "kb.sqlite"
    return Path.home() / ".local" / "share" / "newsvet" / f"kb-{fingerprint()}.sqlite"


# --- merging ------------------------------------------------------------------------------------


class _Clusters:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _is_org(schema: str) -> bool:
    s = model.get(schema)
    return s is not None and any(s.is_a(o) for o in _ORG_SCHEMATA)


def _merge_by_name(records: list[EntityRecord], clusters: _Clusters) -> None:
    """Organisations whose normalised strong names (FtM ``name``) match exactly across datasets
    are one entity. A name that two records of one dataset share is ambiguous and merges nothing."""
    by_name: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rec in records:
        if _is_org(rec.schema):
            for st in rec.statements:
                if st.prop == "name":
                    by_name[normalise(st.value)][rec.dataset].add(rec.id)
    for norm, per_dataset in by_name.items():
        if len(per_dataset) < 2 or not norm:
            continue
        if any(len(ids) > 1 for ids in per_dataset.values()):
            log.info("name %r is ambiguous within a dataset; not merged by name", norm)
            continue
        ids = [next(iter(v)) for v in per_dataset.values()]
        for other in ids[1:]:
            clusters.union(ids[0], other)


def _cluster(records: list[EntityRecord]) -> dict[str, list[EntityRecord]]:
    index = {r.id: r for r in records}
    clusters = _Clusters(index)
    for rec in records:
        for other in rec.same_as:
            if other not in index:
                raise KnowledgeBaseError(
                    f"{rec.origin}: same_as {other!r} names no imported record"
                )
            clusters.union(rec.id, other)
    _merge_by_name(records, clusters)
    groups: dict[str, list[EntityRecord]] = defaultdict(list)
    for rec in records:  # records keep import order, so the first member is the canonical one
        groups[clusters.find(rec.id)].append(rec)
    return {members[0].id: members for members in groups.values()}


def _schema(members: list[EntityRecord]) -> str:
    schema = model.get(members[0].schema)
    for rec in members[1:]:
        try:
            schema = model.common_schema(schema, rec.schema)
        except InvalidData as err:
            raise KnowledgeBaseError(
                f"{rec.origin}: cannot merge {rec.id} ({rec.schema}) with {members[0].id} "
                f"({members[0].schema}): {err}"
            ) from err
    if schema is None:
        raise KnowledgeBaseError(f"{members[0].origin}: unknown schema {members[0].schema!r}")
    return schema.name


def _caption(members: list[EntityRecord]) -> str:
    for rec in members:
        for st in rec.statements:
            if st.prop == "name":
                return st.value
    schema = model.get(members[0].schema)
    return str(schema.label) if schema is not None else members[0].id


def statement_id(*parts: str | None) -> str:
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:20]


@dataclass
class _Built:
    entities: list[tuple[str, str, str, str, str]]
    entity_ids: list[tuple[str, str]]
    statements: list[Statement]
    names: list[tuple[str, str, str, str, str, str]]
    sources: list[Source]


def _names(
    entity_id: str, schema: str, statements: list[Statement]
) -> list[tuple[str, str, str, str, str, str]]:
    props = default_properties()
    indexed = model.get(schema)
    if indexed is None or not indexed.is_a("Thing"):
        return []  # sanctions, ownerships and other links have no names of their own
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str, str, str, str]] = []
    for st in statements:
        spec = props.get(st.prop)
        kind = spec.name_kind if spec else None
        if kind is None:
            continue
        if kind == "alias" and looks_like_acronym(st.value):
            kind = "acronym"
        if (st.value, kind) not in seen:
            seen.add((st.value, kind))
            out.append((st.value, entity_id, schema, kind, st.dataset, normalise(st.value)))
    return out


def merge(results: list[ImportResult]) -> _Built:
    sources = {(s.dataset, s.key): s for r in results for s in r.sources}
    records = [rec for r in results for rec in r.entities]
    seen: set[str] = set()
    for rec in records:
        if rec.id in seen:
            raise KnowledgeBaseError(f"{rec.origin}: duplicate entity id {rec.id!r}")
        seen.add(rec.id)
    clusters = _cluster(records)
    canonical = {rec.id: cid for cid, members in clusters.items() for rec in members}
    captions = {cid: _caption(members) for cid, members in clusters.items()}
    built = _Built(
        [], [(sid, cid) for sid, cid in canonical.items()], [], [], list(sources.values())
    )
    for cid, members in clusters.items():
        schema = _schema(members)
        statements: dict[str, Statement] = {}
        for rec in members:
            for st in rec.statements:
                target = canonical.get(st.ref) if st.ref else None
                if st.ref and target is None and rec.dataset in _strict_datasets(results):
                    raise KnowledgeBaseError(
                        f"{rec.origin}: {st.prop} refers to {st.ref!r}, "
                        "which no imported record has"
                    )
                value = captions[target] if target else st.value
                src = sources.get((rec.dataset, st.source))
                sid = statement_id(
                    cid, st.prop, value, target, st.start, st.end, rec.dataset, st.source, st.note
                )
                statements[sid] = Statement(
                    id=sid,
                    subject=cid,
                    prop=st.prop,
                    value=value,
                    value_entity=target,
                    start=st.start,
                    end=st.end,
                    source=src.citation if src else st.source,
                    source_url=src.url if src else None,
                    dataset=rec.dataset,
                    contested=st.contested,
                    note=st.note,
                )
        stmts = list(statements.values())
        countries = sorted(
            {
                c
                for st in stmts
                if st.prop in COUNTRY_PROPS
                for c in [registry.country.clean(st.value)]
                if c
            }
        )
        datasets = list(dict.fromkeys(rec.dataset for rec in members))
        built.entities.append(
            (cid, schema, captions[cid], json.dumps(datasets), json.dumps(countries))
        )
        built.statements.extend(stmts)
        built.names.extend(_names(cid, schema, stmts))
    return built


def _strict_datasets(results: list[ImportResult]) -> set[str]:
    """Curated files must not refer to records that do not exist; FtM exports often do."""
    return {r.dataset for r in results if any(s.key == "_file" for s in r.sources)}


# --- writing ------------------------------------------------------------------------------------


def _write(path: Path, built: _Built, meta: dict[str, str]) -> None:
    db = Database(path)
    try:
        db.insert_rows("entities", built.entities)
        db.insert_rows("entity_ids", built.entity_ids)
        db.insert_statements(built.statements)
        db.insert_rows(
            "sources", [(s.key, s.dataset, s.title, s.outlet, s.date, s.url) for s in built.sources]
        )
        db.insert_rows("names", built.names)
        db.insert_rows("names_fts", [(n[0], n[1]) for n in built.names])
        db.set_meta(meta)
        with db.transaction() as conn:
            conn.execute("ANALYZE")
    finally:
        db.close()


def build_kb(
    path: str | Path,
    sources: list[ImportSource] | None = None,
    progress: Callable[[str], None] | None = None,
) -> KnowledgeBase:
    from newsvet.kb._kb import KnowledgeBase

    path = Path(path)
    sources = list(sources) if sources is not None else default_sources()
    if not sources:
        raise KnowledgeBaseError("no sources to build a knowledge base from")
    results: list[ImportResult] = []
    for source in sources:
        importer = IMPORTERS.get(source.kind)
        if importer is None:
            raise KnowledgeBaseError(
                f"{source.path}: unknown importer {source.kind!r}; known: {sorted(IMPORTERS)}"
            )
        if progress:
            progress(f"importing {source.path.name}")
        kwargs = {"dataset": source.dataset} if source.dataset else {}
        results.append(importer(source.path, **kwargs))
    if progress:
        progress("merging")
    built = merge(results)
    meta = {
        "importer_version": IMPORTER_VERSION,
        "fingerprint": fingerprint(sources),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sources": json.dumps([str(s.path) for s in sources]),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        if progress:
            progress(f"writing {path}")
        _write(tmp, built, meta)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return KnowledgeBase(path)


def build_default_kb(path: str | Path | None = None) -> KnowledgeBase:
    return build_kb(path if path is not None else default_kb_path())


def names_of(rows: Iterable[tuple[str, str, str, str]]) -> list[NameRecord]:
    return [NameRecord(*row) for row in rows]
