"""Importers: each reads one source file and returns an ``ImportResult`` of entity records.
They accept any path, plain or gzip-compressed, so users can import their own exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsvet.kb._model import ImportResult
from newsvet.kb.importers.curated import import_curated
from newsvet.kb.importers.ftm import import_ftm
from newsvet.kb.importers.ofac import import_ofac_sdn
from newsvet.kb.importers.un_sc import import_un_sc

Importer = Callable[..., ImportResult]

IMPORTERS: dict[str, Importer] = {
    "curated": import_curated,
    "un-sc": import_un_sc,
    "us-ofac": import_ofac_sdn,
    "ftm": import_ftm,
}

__all__ = [
    "IMPORTERS",
    "Importer",
    "Path",
    "import_curated",
    "import_ftm",
    "import_ofac_sdn",
    "import_un_sc",
]
