"""Checking articles off the request path, in a pool of worker processes.

Each worker process builds one ``Checker`` when it starts (spaCy, the knowledge base and the
verifier load once per process, never per article), so a long article occupies one worker
while the server goes on answering every other request. With ``workers=0`` the server
checks in one thread of its own process instead: no process start-up, for tests and small
machines.
"""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsvet.serve._errors import ApiError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckJob:
    """One article as it arrived: its bytes, the format to read them as, a name for messages."""

    data: bytes
    format: str | None  # "text" | "html" | "jsonl"; None: by the name, else the content
    name: str = "request body"
    max_bytes: int = 5 * 1024 * 1024


# --- in the worker -----------------------------------------------------------------------

# One checker per (knowledge base, corpus) in this process; a worker process has one.
_checkers: dict[tuple[str | None, str | None], tuple[Any, bool]] = {}


def _init_worker(kb_path: str | None, corpus_path: str | None = None) -> None:
    from newsvet import Checker

    # Whether the corpus existed: a pipeline built without it checks without it for good.
    corpus_seen = corpus_path is not None and Path(corpus_path).is_file()
    _checkers[(kb_path, corpus_path)] = (Checker(kb_path, corpus_path=corpus_path), corpus_seen)


def _checker_here(kb_path: str | None, corpus_path: str | None = None) -> Any:
    built = _checkers.get((kb_path, corpus_path))
    # The first article added through the API creates the corpus file: build the
    # pipeline again so that checks search it from then on.
    corpus_appeared = (
        built is not None and not built[1] and corpus_path is not None and Path(corpus_path).is_file()
    )
    if built is None or corpus_appeared:
        if corpus_appeared:
            log.info("the corpus %s now exists; checks will search it", corpus_path)
        _init_worker(kb_path, corpus_path)
    return _checkers[(kb_path, corpus_path)][0]


def run_job(
    job: CheckJob, kb_path: str | None = None, corpus_path: str | None = None
) -> dict[str, Any]:
    """Read and check one article; the report as its JSON dict (plain data crosses processes)."""
    from newsvet.read import read_stream

    doc = read_stream(io.BytesIO(job.data), format=job.format, name=job.name, max_bytes=job.max_bytes)
    checker = _checker_here(kb_path, corpus_path)
    report: dict[str, Any] = checker.check_document(doc).to_dict()
    return report


def warm_up(kb_path: str | None = None, corpus_path: str | None = None) -> bool:
    """Load every model and the knowledge base now rather than on the first request."""
    _checker_here(kb_path, corpus_path).check("Warm-up\n\nThe server started.")
    return True


# --- in the server -----------------------------------------------------------------------


class CheckPool:
    def __init__(
        self,
        workers: int,
        kb_path: Path | None,
        queue_limit: int,
        timeout: float,
        corpus_path: Path | None = None,
    ) -> None:
        self.workers = workers
        self.kb_path = str(kb_path) if kb_path is not None else None
        self.corpus_path = str(corpus_path) if corpus_path is not None else None
        self.timeout = timeout
        self.queue_limit = max(1, queue_limit)
        self._pending = 0
        self._lock = threading.Lock()
        self._executor = self._make()

    def _make(self) -> Executor:
        if self.workers <= 0:
            # One thread: the pipeline's models are shared by one caller at a time.
            return ThreadPoolExecutor(1, thread_name_prefix="newsvet-check")
        # "spawn": the server process runs threads, and forking a threaded process is unsafe.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.kb_path, self.corpus_path),
        )

    @property
    def kind(self) -> str:
        return "thread" if self.workers <= 0 else "process"

    def warm(self) -> None:
        """Start every worker and load its models in the background."""
        for _ in range(max(1, self.workers)):
            future = self._executor.submit(warm_up, self.kb_path, self.corpus_path)
            future.add_done_callback(_log_failure)

    async def check(self, job: CheckJob) -> dict[str, Any]:
        with self._lock:
            if self._pending >= self.queue_limit:
                raise ApiError(
                    503,
                    f"the server is busy: {self._pending} articles are waiting to be checked",
                    code="busy",
                    headers={"Retry-After": "5"},
                )
            self._pending += 1
        try:
            return await self._run(job)
        finally:
            with self._lock:
                self._pending -= 1

    async def _run(self, job: CheckJob) -> dict[str, Any]:
        try:
            future = self._executor.submit(run_job, job, self.kb_path, self.corpus_path)
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            raise ApiError(
                504, f"checking the article took over {self.timeout:g} s", code="check_timeout"
            ) from None
        except BrokenProcessPool:
            log.error("a checking worker died; starting a new pool")
            self._restart()
            raise ApiError(
                503, "a checking worker failed; try again", code="worker_failed"
            ) from None

    def _restart(self) -> None:
        with self._lock:
            old, self._executor = self._executor, self._make()
        old.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _log_failure(future: Any) -> None:
    if future.cancelled():
        return
    err = future.exception()
    if err is not None:
        log.error("a checking worker could not start: %s", err)
