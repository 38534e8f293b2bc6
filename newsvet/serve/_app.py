"""The application: the REST API, the web pages and their static files, in one ASGI app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

import newsvet
from newsvet.serve import _api, _errors, _pages
from newsvet.serve._context import ServeContext, templates
from newsvet.serve._corpus import CorpusWriter
from newsvet.serve._errors import ApiError, error_response
from newsvet.serve._limits import BodyLimit, RateLimit
from newsvet.serve._pool import CheckPool
from newsvet.serve._settings import Settings
from newsvet.store import ReportStore, open_store

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, *, store: ReportStore | None = None, warm: bool = True
) -> FastAPI:
    """The app for ``settings`` (default: from the environment). The store is opened (and
    migrated) now; worker processes start, and load their models, when the app starts."""
    from newsvet.corpus import default_corpus_path

    settings = settings if settings is not None else Settings.from_env()
    corpus_path = settings.corpus_path or default_corpus_path()
    queue_limit = max(1, settings.workers) * settings.queue_per_worker
    ctx = ServeContext(
        settings=settings,
        store=store if store is not None else open_store(settings.database_url),
        pool=CheckPool(
            settings.workers,
            settings.kb_path,
            queue_limit=queue_limit,
            timeout=settings.check_timeout,
            corpus_path=corpus_path,
        ),
        corpus=CorpusWriter(corpus_path, queue_limit),
        templates=templates(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            ctx.pool.warm()
        log.info("newsvet serving from the %s store %s", ctx.store.backend, ctx.store.location)
        yield
        ctx.close()

    app = FastAPI(
        title="newsvet",
        version=newsvet.__version__,
        description="Vets news articles: claims, verdicts and the evidence for them.",
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.ctx = ctx

    def render_error(status: int, body: dict[str, Any]) -> str:
        return ctx.templates.get_template("error.html").render(
            status=status, error=body["error"], request_path=""
        )

    def reject(scope: Scope, err: ApiError) -> ASGIApp:
        return error_response(scope["path"], err, render_error)

    _errors.install(app, render_error)
    app.include_router(_api.router)
    app.include_router(_pages.router)
    static = resources.files("newsvet.serve").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    # The outermost middleware runs first: the rate limit, then the body size.
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes, reject=reject)
    app.add_middleware(RateLimit, per_minute=settings.rate_limit, reject=reject)
    return app
