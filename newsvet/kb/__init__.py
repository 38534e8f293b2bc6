"""newsvet's knowledge base: FollowTheMoney-compatible entities and sourced statements in SQLite,
built from the UN and OFAC sanctions lists, FtM exports and curated YAML."""

from newsvet.kb._build import (
    IMPORTER_VERSION,
    ImportSource,
    build_default_kb,
    build_kb,
    default_kb_path,
    default_sources,
)
from newsvet.kb._format import format_candidates, format_entity
from newsvet.kb._kb import KnowledgeBase
from newsvet.kb._model import Candidate, KBEntity, NameRecord, PropertySpec, Source, Statement
from newsvet.kb._properties import load_properties

__all__ = [
    "IMPORTER_VERSION",
    "Candidate",
    "ImportSource",
    "KBEntity",
    "KnowledgeBase",
    "NameRecord",
    "PropertySpec",
    "Source",
    "Statement",
    "build_default_kb",
    "build_kb",
    "default_kb_path",
    "default_sources",
    "format_candidates",
    "format_entity",
    "load_properties",
]
