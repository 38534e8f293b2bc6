"""The service's settings, read from the environment (``NEWSVET_*``) or given directly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from newsvet.errors import InputError

# Every environment variable the service reads: (name, field, what it does). The README's
# "Serving" section documents each one; a test fails when one is missing there.
ENVIRONMENT: tuple[tuple[str, str, str], ...] = (
    ("NEWSVET_DATABASE_URL", "database_url", "postgresql://... or a SQLite file; default $NEWSVET_HOME/newsvet.sqlite"),
    ("NEWSVET_KB", "kb_path", "knowledge-base file; default the built-in knowledge base"),
    ("NEWSVET_CORPUS", "corpus_path", "corpus of coverage that checks search and POST /api/v1/corpus adds to; default $NEWSVET_HOME/corpus.sqlite"),
    ("NEWSVET_READS_NEED_TOKEN", "reads_need_token", "1: reading reports also needs a token"),
    ("NEWSVET_MAX_REQUEST_BYTES", "max_request_bytes", "largest request body (default 2000000)"),
    ("NEWSVET_RATE_LIMIT", "rate_limit", "requests a minute per token or address (default 120; 0: none)"),
    ("NEWSVET_WORKERS", "workers", "checking processes (default 2; 0: one thread in the server)"),
    ("NEWSVET_CHECK_TIMEOUT", "check_timeout", "seconds one check may take (default 120)"),
)


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # None: NEWSVET_HOME's SQLite file
    kb_path: Path | None = None  # None: the default knowledge base
    corpus_path: Path | None = None  # None: newsvet.corpus.default_corpus_path()
    reads_need_token: bool = False
    max_request_bytes: int = 2_000_000
    rate_limit: int = 120  # requests a minute per client; 0 turns the limit off
    workers: int = 2  # checking processes; 0 checks in one thread of the server process
    check_timeout: float = 120.0
    queue_per_worker: int = 16  # waiting checks beyond this answer 503

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, key, _doc in ENVIRONMENT:
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            values[key] = _parse(name, raw, str(types[key]))
        settings = cls(**values)
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings


def _parse(name: str, raw: str, kind: str) -> Any:
    try:
        if kind.startswith("bool"):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if kind.startswith("int"):
            value: Any = int(raw)
        elif kind.startswith("float"):
            value = float(raw)
        elif kind.startswith("Path"):
            return Path(raw)
        else:
            return raw
    except ValueError as err:
        raise InputError(f"{name}={raw!r} is not a valid {kind.split()[0]}") from err
    if value < 0:
        raise InputError(f"{name}={raw!r} must not be negative")
    return value
