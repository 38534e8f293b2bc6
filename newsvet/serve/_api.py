"""The REST API, ``/api/v1``. Its answers are the same objects the pages render."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

import newsvet
from newsvet.report import Report
from newsvet.serve import _views
from newsvet.serve._context import ServeContext, context, reader, require_token
from newsvet.serve._errors import ApiError
from newsvet.serve._pool import CheckJob
from newsvet.store import MAX_PER_PAGE, VERDICTS, ReportQuery

router = APIRouter(prefix="/api/v1")

# The media types an article may be posted as, and how each is read.
MEDIA_FORMATS = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "jsonl",
}
_ARTICLE_FIELDS = ("title", "url", "published", "outlet", "byline", "language")

_CHECK_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string"},
                        **{f: {"type": "string"} for f in _ARTICLE_FIELDS},
                    },
                }
            },
        },
    }
}

Page = Annotated[int, Query(ge=1)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
VerdictParam = Annotated[str | None, Query(pattern="^(" + "|".join(VERDICTS) + ")$")]
SinceParam = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")]


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def article_job(request: Request, max_bytes: int) -> CheckJob:
    """The posted article as a job for the pool, or the 4xx that says what is wrong."""
    kind = media_type(request)
    fmt = MEDIA_FORMATS.get(kind)
    if fmt is None:
        raise ApiError(
            415,
            f"unsupported content type {kind or '(none)'!r}; post text/plain, text/html "
            "or application/json",
            detail={"accepted": sorted(MEDIA_FORMATS)},
        )
    body = await request.body()
    if not body.strip():
        raise ApiError(400, "the request body is empty; post the article", code="empty_body")
    if fmt == "jsonl":
        body = json_article(body)
    return CheckJob(body, fmt, "request body", max_bytes)


def json_article(body: bytes) -> bytes:
    try:
        record = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ApiError(400, f"the body is not valid JSON: {err}", code="malformed_json") from None
    if not isinstance(record, dict):
        raise ApiError(422, f"expected a JSON object with 'text', got {type(record).__name__}")
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise ApiError(422, "the JSON object needs a non-empty string 'text'")
    for key in _ARTICLE_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ApiError(422, f"'{key}' must be a string or null")
    article = {k: record[k] for k in ("text", *_ARTICLE_FIELDS) if record.get(k) is not None}
    return json.dumps(article, ensure_ascii=False).encode("utf-8")


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
