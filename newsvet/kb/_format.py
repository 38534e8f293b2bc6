"""Plain-data views of KB entities for the CLI and the API (`newsvet kb show ID`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from newsvet.errors import KnowledgeBaseError
from newsvet.kb._kb import KnowledgeBase


def format_entity(kb: KnowledgeBase, kb_id: str) -> dict[str, Any]:
    entity = kb.entity(kb_id)
    if entity is None:
        raise KnowledgeBaseError(f"no entity {kb_id!r} in the knowledge base {kb.path}")
    statements = []
    for st in kb.statements(entity.id):
        row = asdict(st)
        row["label"] = kb.property(st.prop).label
        statements.append(row)
    referenced_by = [
        {
            "subject": st.subject,
            "caption": (kb.entity(st.subject) or entity).caption,
            "prop": st.prop,
            "label": kb.property(st.prop).label,
            "source": st.source,
            "start": st.start,
        }
        for st in kb.statements_with_value(entity.id)
    ]
    return {
        "id": entity.id,
        "schema": entity.schema,
        "caption": entity.caption,
        "names": list(entity.names),
        "weak_names": list(entity.weak_names),
        "identifiers": {k: list(v) for k, v in entity.identifiers.items()},
        "datasets": list(entity.datasets),
        "countries": list(entity.countries),
        "statements": statements,
        "referenced_by": referenced_by,
    }


def format_candidates(candidates: list[Any]) -> list[dict[str, Any]]:
    """Rows for `newsvet kb search NAME`."""
    return [
        {
            "id": c.entity.id,
            "caption": c.entity.caption,
            "schema": c.entity.schema,
            "score": c.score,
            "method": c.method,
            "matched": c.matched,
            "datasets": list(c.entity.datasets),
        }
        for c in candidates
    ]
