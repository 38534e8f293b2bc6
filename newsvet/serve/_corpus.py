"""Adding coverage to the corpus, off the event loop.

Reading HTML and embedding passages is CPU work, so it runs on one thread of its own; one
thread is also what the corpus wants (one writer, one connection). The corpus opens on the
first add, and the shared embedder loads then, once for the process. Checking workers see
the new passages on their next search: the corpus notices other connections' commits.
"""

from __future__ import annotations

import asyncio
import io
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsvet.serve._errors import ApiError
from newsvet.serve._pool import CheckJob

if TYPE_CHECKING:
    from newsvet.corpus import AddResult, Corpus

log = logging.getLogger(__name__)


class CorpusWriter:
    def __init__(self, path: Path, queue_limit: int) -> None:
        self.path = path
        self.queue_limit = max(1, queue_limit)
        self._corpus: Corpus | None = None
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newsvet-corpus")

    async def add(self, jobs: Sequence[CheckJob]) -> list[AddResult]:
        """Read every article, then add each; an unreadable one fails the request before
        anything is added. Each article is stored whole or not at all."""
        with self._lock:
            if self._pending >= self.queue_limit:
                raise ApiError(
                    503,
                    f"the server is busy: {self._pending} corpus additions are waiting",
                    code="busy",
                    headers={"Retry-After": "5"},
                )
            self._pending += 1
        try:
            return await asyncio.wrap_future(self._thread.submit(self._add_all, list(jobs)))
        finally:
            with self._lock:
                self._pending -= 1

    def _add_all(self, jobs: list[CheckJob]) -> list[AddResult]:
        from newsvet.read import read_stream

        docs = [
            read_stream(io.BytesIO(j.data), format=j.format, name=j.name, max_bytes=j.max_bytes)
            for j in jobs
        ]
        corpus = self._open()
        return [corpus.add_document(doc) for doc in docs]

    def _open(self) -> Corpus:
        from newsvet.corpus import Corpus

        if self._corpus is None:
            self._corpus = Corpus.open(self.path)
            log.info("adding coverage to the corpus %s", self.path)
        return self._corpus

    def close(self) -> None:
        self._thread.submit(self._close_corpus)
        self._thread.shutdown(wait=True, cancel_futures=False)

    def _close_corpus(self) -> None:
        if self._corpus is not None:
            self._corpus.close()
            self._corpus = None


def added_data(results: Sequence[AddResult]) -> dict[str, Any]:
    """The answer of ``POST /api/v1/corpus``: each article's result, and the counts."""
    articles = [asdict(r) for r in results]
    added = [r for r in results if r.status == "added"]
    return {
        "articles": articles,
        "counts": {
            "articles": len(results),
            "added": len(added),
            "duplicates": len(results) - len(added),
            "syndicated": sum(r.syndicated for r in added),
            "passages": sum(r.passages for r in added),
        },
    }
