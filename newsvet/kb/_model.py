"""Plain data objects of the knowledge base: what readers get back and what importers produce."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KBEntity:
    id: str
    schema: str
    caption: str
    names: tuple[str, ...]  # strong names and aliases, caption first
    weak_names: tuple[str, ...]
    identifiers: dict[str, tuple[str, ...]]
    datasets: tuple[str, ...]
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One sourced fact. Dates are ISO 8601 strings whose length is their precision
    ("2025", "2025-05", "2025-05-07")."""

    id: str
    subject: str
    prop: str
    value: str
    value_entity: str | None
    start: str | None
    end: str | None
    source: str
    source_url: str | None
    dataset: str
    contested: bool
    note: str | None


@dataclass(frozen=True)
class PropertySpec:
    name: str
    label: str
    type: str  # entity | date | string | number | place
    cardinality: str  # one | many
    temporal: bool
    complete: bool
    tolerance: float | None
    ftm: str | None
    cues: tuple[str, ...]
    identifier: bool = False  # values are identifiers in a scheme (KBEntity.identifiers)
    name_kind: str | None = None  # values are names of this kind (name, alias, weak, ...)


@dataclass(frozen=True)
class Candidate:
    entity: KBEntity
    score: float
    method: str  # exact | normalised | alias | acronym | fuzzy
    matched: str


@dataclass(frozen=True)
class NameRecord:
    name: str
    entity_id: str
    schema: str
    kind: str  # name | alias | weak | demonym | acronym


@dataclass(frozen=True)
class Source:
    key: str
    dataset: str
    title: str
    outlet: str | None = None
    date: str | None = None
    url: str | None = None

    @property
    def citation(self) -> str:
        parts = [p for p in (self.outlet, self.date, self.title) if p]
        return ", ".join(parts)


# --- what importers produce, before records are merged into entities -------------------------


@dataclass
class StatementRecord:
    prop: str
    value: str
    ref: str | None = None  # id of another source record, for entity-valued properties
    start: str | None = None
    end: str | None = None
    source: str = ""  # key into the sources table
    contested: bool = False
    note: str | None = None


@dataclass
class EntityRecord:
    id: str  # "<dataset>:<local id>", unique across all sources
    schema: str
    dataset: str
    statements: list[StatementRecord] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    origin: str = ""  # file and position, for error messages

    def add(self, prop: str, value: str | None, **kwargs: object) -> None:
        value = (value or "").strip()
        if value:
            self.statements.append(StatementRecord(prop, value, **kwargs))  # type: ignore[arg-type]


@dataclass
class ImportResult:
    """Everything one source file contributes."""

    dataset: str
    entities: list[EntityRecord]
    sources: list[Source]
