"""The REST API, ``/api/v1``. Its answers are the same objects the pages render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

import newsvet
from newsvet.report import Report
from newsvet.serve import _bodies, _views
from newsvet.serve._bodies import ARTICLE_SCHEMA, Body, parse_content_type
from newsvet.serve._context import ServeContext, context, reader, require_token
from newsvet.serve._corpus import added_data
from newsvet.serve._errors import ApiError
from newsvet.serve._pool import CheckJob
from newsvet.store import MAX_PAGE, MAX_PER_PAGE, VERDICTS, ReportQuery

router = APIRouter(prefix="/api/v1")

_ARTICLE_BODY = {
    "text/plain": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
}
_CHECK_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {**_ARTICLE_BODY, "application/json": {"schema": ARTICLE_SCHEMA}},
    }
}
_CORPUS_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One article (text, HTML or a JSON object), a JSON array of articles, "
        "or JSON lines (one article a line).",
        "content": {
            **_ARTICLE_BODY,
            "application/json": {
                "schema": {"oneOf": [ARTICLE_SCHEMA, {"type": "array", "items": ARTICLE_SCHEMA}]}
            },
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}

Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
VerdictParam = Annotated[str | None, Query(pattern="^(" + "|".join(VERDICTS) + ")$")]
SinceParam = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")]


async def request_body(request: Request) -> Body:
    kind, charset = parse_content_type(request.headers.get("content-type", ""))
    return Body(kind, charset, await request.body())


async def article_job(request: Request, max_bytes: int) -> CheckJob:
    """The posted article as a job for the pool, or the 4xx that says what is wrong."""
    body = await request_body(request)
    # Off the event loop: a written date takes the date parser, which loads on first use.
    return await run_in_threadpool(_bodies.article_job, body, max_bytes)


async def check_and_store(ctx: ServeContext, job: CheckJob) -> dict[str, Any]:
    report = Report.from_dict(await ctx.pool.check(job))
    stored = await run_in_threadpool(ctx.store.add, report)
    return _views.report_data(stored)


@router.post("/check", status_code=201, openapi_extra=_CHECK_BODY, summary="Check an article")
async def check(request: Request) -> JSONResponse:
    """Check one article (plain text, HTML, or JSON with ``text``, ``title``, ``url``,
    ``published``) and store its report; the answer is the report with its ``id``."""
    await require_token(request)
    ctx = context(request)
    job = await article_job(request, ctx.settings.max_request_bytes)
    data = await check_and_store(ctx, job)
    return JSONResponse(data, 201, headers={"Location": f"/api/v1/reports/{data['id']}"})


@router.post(
    "/corpus", status_code=201, openapi_extra=_CORPUS_BODY, summary="Add coverage to the corpus"
)
async def corpus(request: Request) -> JSONResponse:
    """Add articles of other coverage to the corpus that checks search for evidence: one
    article as for ``/check``, a JSON array of them, or JSON lines. Each article's result
    (``added`` or ``duplicate``, its passages and story) and the counts; 201 when any
    article was added, 200 when all were known."""
    await require_token(request)
    ctx = context(request)
    body = await request_body(request)
    jobs = await run_in_threadpool(_bodies.article_jobs, body, ctx.settings.max_request_bytes)
    data = added_data(await ctx.corpus.add(jobs))
    return JSONResponse(data, 201 if data["counts"]["added"] else 200)


@router.get("/reports/{report_id}", dependencies=[Depends(reader)], summary="One stored report")
async def report(request: Request, report_id: int) -> dict[str, Any]:
    return await report_by_id(context(request), report_id)


async def report_by_id(ctx: ServeContext, report_id: int) -> dict[str, Any]:
    stored = await run_in_threadpool(ctx.store.get, report_id)
    if stored is None:
        raise ApiError(404, f"no report with id {report_id}", detail={"id": report_id})
    return _views.report_data(stored)


@router.get("/reports", dependencies=[Depends(reader)], summary="Stored reports, newest first")
async def reports(
    request: Request,
    q: str | None = None,
    verdict: VerdictParam = None,
    entity: str | None = None,
    since: SinceParam = None,
    page: Page = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    query = ReportQuery(q, verdict, entity, since, page, per_page)
    return await reports_page(context(request), query)


async def reports_page(ctx: ServeContext, query: ReportQuery) -> dict[str, Any]:
    found = await run_in_threadpool(ctx.store.reports, query)
    return _views.reports_data(found, query)


@router.get("/claims", dependencies=[Depends(reader)], summary="Full-text search of claims")
async def claims(
    request: Request,
    q: str | None = None,
    verdict: VerdictParam = None,
    page: Page = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    return await claims_page(context(request), q, verdict, page, per_page)


async def claims_page(
    ctx: ServeContext, q: str | None, verdict: str | None, page: int, per_page: int
) -> dict[str, Any]:
    found = await run_in_threadpool(
        lambda: ctx.store.claims(q, verdict=verdict, page=page, per_page=per_page)
    )
    return _views.claims_data(found, q, verdict)


@router.get(
    "/entities/{entity_id:path}",
    dependencies=[Depends(reader)],
    summary="A knowledge-base entity, its sourced statements and the stored claims about it",
)
async def entity(request: Request, entity_id: str) -> dict[str, Any]:
    return await entity_by_id(context(request), entity_id)


async def entity_by_id(ctx: ServeContext, entity_id: str) -> dict[str, Any]:
    from newsvet.kb import format_entity

    def lookup() -> dict[str, Any] | None:
        return ctx.with_kb(
            lambda kb: format_entity(kb, entity_id) if kb.entity(entity_id) is not None else None
        )

    found = await run_in_threadpool(lookup)
    if found is None:
        raise ApiError(
            404, f"no entity {entity_id!r} in the knowledge base", detail={"id": entity_id}
        )
    ids = {entity_id, found["id"]}
    stored = await run_in_threadpool(ctx.store.entity_claims, ids)
    return _views.entity_data(found, stored)


@router.get("/health", summary="Liveness and what the server runs on")
async def health(request: Request) -> dict[str, Any]:
    ctx = context(request)
    count = await run_in_threadpool(ctx.store.count)
    return {
        "status": "ok",
        "version": newsvet.__version__,
        "store": ctx.store.backend,
        "reports": count,
        "workers": {"kind": ctx.pool.kind, "count": max(1, ctx.pool.workers)},
        "reads_need_token": ctx.settings.reads_need_token,
    }
