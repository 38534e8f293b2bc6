"""Reading the knowledge base: entities, statements, property semantics and name candidates."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from followthemoney import model
from rapidfuzz import fuzz, process

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._model import Candidate, KBEntity, NameRecord, PropertySpec, Source, Statement
from newsvet.kb._normalise import initials, looks_like_acronym, normalise
from newsvet.kb._properties import default_properties, ftm_property_spec
from newsvet.kb._store import Database

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

log = logging.getLogger(__name__)

FUZZY_CUTOFF = 85.0  # rapidfuzz ratio (0-100) of normalised names
# Scores by how a name matched and what kind of name it is; a strong name beats an alias,
# an alias beats an acronym read from initials, and everything beats a fuzzy match.
_EXACT = {
    "name": (1.0, "exact"),
    "alias": (0.97, "alias"),
    "acronym": (0.96, "acronym"),
    "demonym": (0.9, "alias"),
    "weak": (0.8, "alias"),
}
_NORMALISED = {
    "name": (0.95, "normalised"),
    "alias": (0.92, "alias"),
    "acronym": (0.9, "acronym"),
    "demonym": (0.85, "alias"),
    "weak": (0.75, "alias"),
}
_INITIALS_SCORE = 0.8
_FUZZY_MAX = 0.88


@dataclass
class _NameIndex:
    records: list[NameRecord]
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    normalised: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    initials: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    norms: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, rows: list[tuple[str, str, str, str, str]]) -> _NameIndex:
        """From (name, entity_id, schema, kind, normalised name) rows."""
        index = cls([NameRecord(*row[:4]) for row in rows])
        people = frozenset({"Person"})
        for i, (rec, row) in enumerate(zip(index.records, rows, strict=True)):
            norm = row[4]
            index.norms.append(norm)
            index.exact[rec.name].append(i)
            index.normalised[norm].append(i)
            # Initials of people's names are no acronyms anyone uses ("JeM" is no "J. E. M.").
            if rec.kind in ("name", "alias") and not _schema_matches(rec.schema, people):
                abbrev = initials(norm)
                if len(abbrev) >= 2:
                    index.initials[abbrev].append(i)
        return index


@lru_cache(maxsize=4096)
def _schema_matches(schema: str, wanted: frozenset[str]) -> bool:
    s = model.get(schema)
    return s is not None and any(s.is_a(w) for w in wanted if model.get(w) is not None)


class KnowledgeBase:
    """A built KB file, opened read-only. Use ``KnowledgeBase.open``; build with ``build_kb``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = Database(self.path, read_only=True)
        self._properties = default_properties()
        self._entities: dict[str, KBEntity | None] = {}
        self._index: _NameIndex | None = None
        self._fuzzy_choices: dict[frozenset[str] | None, tuple[list[str], list[list[int]]]] = {}

    @classmethod
    def open(cls, path: str | Path | None = None) -> KnowledgeBase:
        """``None`` opens the default KB, building it first when it is missing or stale."""
        from newsvet.kb._build import build_default_kb, default_kb_path, fingerprint

        if path is not None:
            return cls(path)
        default = default_kb_path()
        if default.is_file():
            kb = cls(default)
            if kb.meta().get("fingerprint") == fingerprint():
                return kb
            kb.close()
            log.info("the default knowledge base at %s is stale; rebuilding", default)
        else:
            log.info("building the default knowledge base at %s", default)
        return build_default_kb(default)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        return self._db.meta()

    # --- entities -----------------------------------------------------------------------
    def resolve(self, kb_id: str) -> str | None:
        """The canonical id of an entity, given its own id or the id of a merged source record."""
        rows = self._db.query("SELECT entity_id FROM entity_ids WHERE source_id = ?", (kb_id,))
        return rows[0][0] if rows else None

    def entity(self, kb_id: str) -> KBEntity | None:
        if kb_id not in self._entities:
            self._entities[kb_id] = self._load_entity(kb_id)
        return self._entities[kb_id]

    def _load_entity(self, kb_id: str) -> KBEntity | None:
        canonical = self.resolve(kb_id)
        if canonical is None:
            return None
        if canonical != kb_id:
            return self.entity(canonical)
        rows = self._db.query(
            "SELECT schema, caption, datasets, countries FROM entities WHERE id = ?", (kb_id,)
        )
        if not rows:
            return None
        schema, caption, datasets, countries = rows[0]
        strong: list[str] = [caption]
        weak: list[str] = []
        for name, kind in self._db.query(
            "SELECT name, kind FROM names WHERE entity_id = ? ORDER BY rowid", (kb_id,)
        ):
            bucket = strong if kind in ("name", "alias", "acronym") else weak
            if name not in bucket:
                bucket.append(name)
        identifiers: dict[str, list[str]] = defaultdict(list)
        id_props = [p.name for p in self._properties.values() if p.identifier]
        marks = ", ".join("?" for _ in id_props)
        for prop, value in self._db.query(
            f"SELECT prop, value FROM statements WHERE subject = ? AND prop IN ({marks}) "
            "ORDER BY rowid",
            (kb_id, *id_props),
        ):
            if value not in identifiers[prop]:
                identifiers[prop].append(value)
        return KBEntity(
            id=kb_id,
            schema=schema,
            caption=caption,
            names=tuple(strong),
            weak_names=tuple(weak),
            identifiers={k: tuple(v) for k, v in identifiers.items()},
            datasets=tuple(json.loads(datasets)),
            countries=tuple(json.loads(countries)),
        )

    def statements(self, subject: str, prop: str | None = None) -> list[Statement]:
        return self._db.statements(self.resolve(subject) or subject, prop)

    def statements_with_value(self, entity_id: str, prop: str | None = None) -> list[Statement]:
        return self._db.statements_with_value(self.resolve(entity_id) or entity_id, prop)

    # --- names --------------------------------------------------------------------------
    def names(self) -> Iterator[NameRecord]:
        for row in self._db.query("SELECT name, entity_id, schema, kind FROM names ORDER BY rowid"):
            yield NameRecord(*row)

    def _name_index(self) -> _NameIndex:
        if self._index is None:
            self._index = _NameIndex.build(
                self._db.query(
                    "SELECT name, entity_id, schema, kind, norm FROM names ORDER BY rowid"
                )
            )
        return self._index

    def _choices(self, schemas: frozenset[str] | None) -> tuple[list[str], list[list[int]]]:
        """Unique normalised names (of the wanted schemata) for fuzzy matching, with the
        name records behind each."""
        if schemas not in self._fuzzy_choices:
            index = self._name_index()
            grouped: dict[str, list[int]] = defaultdict(list)
            for i, rec in enumerate(index.records):
                if rec.kind == "demonym":
                    continue
                if schemas is None or _schema_matches(rec.schema, schemas):
                    grouped[index.norms[i]].append(i)
            self._fuzzy_choices[schemas] = (list(grouped), list(grouped.values()))
        return self._fuzzy_choices[schemas]

    def candidates(
        self, text: str, *, schemas: Collection[str] | None = None, limit: int = 10
    ) -> list[Candidate]:
        """Entities a name may stand for, best first: exact, normalised and alias matches,
        acronyms read as initials, then fuzzy matches of the normalised name."""
        text = text.strip()
        norm = normalise(text)
        if not norm:
            return []
        wanted = frozenset(schemas) if schemas is not None else None
        index = self._name_index()
        best: dict[str, tuple[float, str, str]] = {}

        def offer(i: int, score: float, method: str) -> None:
            rec = index.records[i]
            if wanted is not None and not _schema_matches(rec.schema, wanted):
                return
            if rec.entity_id not in best or best[rec.entity_id][0] < score:
                best[rec.entity_id] = (score, method, rec.name)

        for i in index.exact.get(text, ()):
            offer(i, *_EXACT[index.records[i].kind])
        lowercase_query = text.islower()
        for i in index.normalised.get(norm, ()):
            score, method = _NORMALISED[index.records[i].kind]
            # "let" in running text is a verb, not "LeT": acronyms need their capitals.
            if index.records[i].kind == "acronym" and lowercase_query:
                score = 0.4
            offer(i, score, method)
        if looks_like_acronym(text):
            for i in index.initials.get(norm.replace(" ", ""), ()):
                offer(i, _INITIALS_SCORE, "acronym")
        if len(norm) >= 4:
            self._fuzzy(norm, wanted, limit, offer)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        out: list[Candidate] = []
        for entity_id, (score, method, matched) in ranked:
            entity = self.entity(entity_id)
            if entity is not None:
                out.append(Candidate(entity, round(score, 4), method, matched))
        # Equal scores: prefer the entity more sources agree on.
        out.sort(key=lambda c: (-c.score, -len(c.entity.datasets), c.entity.id))
        return out[:limit]

    def _fuzzy(
        self,
        norm: str,
        wanted: frozenset[str] | None,
        limit: int,
        offer: Callable[[int, float, str], None],
    ) -> None:
        choices, members = self._choices(wanted)
        for _choice, ratio, position in process.extract(
            norm, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit * 3
        ):
            for i in members[position]:
                offer(i, _FUZZY_MAX * ratio / 100.0, "fuzzy")

    def search(self, query: str, limit: int = 20) -> list[Candidate]:
        """Candidates for the query, then names that contain all its words (full-text search)."""
        found = self.candidates(query, limit=limit)
        seen = {c.entity.id for c in found}
        words = [w for w in normalise(query).split() if w]
        if not words or len(found) >= limit:
            return found
        fts_query = " ".join(f'"{w}"*' for w in words)
        rows = self._db.query(
            "SELECT name, entity_id FROM names_fts WHERE names_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query, limit * 5),
        )
        query_length = len(" ".join(words))
        fulltext: list[Candidate] = []
        for name, entity_id in rows:
            entity = self.entity(entity_id) if entity_id not in seen else None
            if entity is None:
                continue
            seen.add(entity_id)
            # A name the query covers more of is the better match: "Lashkar" is most of
            # "Lashkar-e-Tayyiba" and little of "Lashkar-e-Tayyiba commander video".
            coverage = min(1.0, query_length / max(1, len(normalise(name))))
            fulltext.append(Candidate(entity, round(0.3 + 0.4 * coverage, 3), "fulltext", name))
        fulltext.sort(key=lambda c: -c.score)
        return (found + fulltext)[:limit]

    # --- model --------------------------------------------------------------------------
    def property(self, name: str) -> PropertySpec:
        spec = self._properties.get(name) or ftm_property_spec(name)
        if spec is None:
            raise KnowledgeBaseError(f"unknown knowledge-base property {name!r}")
        return spec

    def properties(self) -> dict[str, PropertySpec]:
        return dict(self._properties)

    def sources(self) -> list[Source]:
        return [
            Source(*row)
            for row in self._db.query(
                "SELECT key, dataset, title, outlet, date, url FROM sources ORDER BY dataset, key"
            )
        ]

    def stats(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in ("entities", "statements", "names"):
            out[table] = self._db.query(f"SELECT count(*) FROM {table}")[0][0]
        for dataset, count in self._db.query(
            "SELECT dataset, count(*) FROM statements GROUP BY dataset"
        ):
            out[f"statements.{dataset}"] = count
        for dataset, count in self._db.query(
            "SELECT dataset, count(*) FROM names GROUP BY dataset"
        ):
            out[f"names.{dataset}"] = count
        for (datasets,) in self._db.query("SELECT datasets FROM entities"):
            for dataset in json.loads(datasets):
                out[f"entities.{dataset}"] = out.get(f"entities.{dataset}", 0) + 1
        return out

    def to_ftm(self, kb_id: str) -> EntityProxy:
        """The entity as a FollowTheMoney proxy, with the properties FtM has a place for."""
        entity = self.entity(kb_id)
        if entity is None:
            raise KnowledgeBaseError(f"no entity {kb_id!r} in the knowledge base {self.path}")
        proxy = model.make_entity(entity.schema)
        proxy.id = entity.id
        for st in self.statements(entity.id):
            spec = self._properties.get(st.prop) or ftm_property_spec(st.prop)
            ftm_name = spec.ftm if spec else None
            prop = proxy.schema.get(ftm_name) if ftm_name else None
            if prop is None:
                continue
            value = st.value_entity if prop.type.name == "entity" else st.value
            if value:
                proxy.add(prop, value, quiet=True)
        return proxy
