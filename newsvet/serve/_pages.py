"""The web pages. Each page renders one object, and the same URL with ``.json`` returns that
object; the API answers with it too."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from newsvet.errors import InputError
from newsvet.report import Report, highlight
from newsvet.report._summary import (
    VERDICT_ORDER,
    rating_of,
    signal_rows,
    single_source_speakers,
    source_line,
    verdict_of,
)
from newsvet.serve import _api
from newsvet.serve._bodies import article_record, record_job
from newsvet.serve._context import (
    TOKEN_COOKIE,
    ServeContext,
    context,
    presented_token,
    reader,
    token_name,
    unauthorized,
)
from newsvet.serve._errors import ApiError
from newsvet.serve._pool import CheckJob
from newsvet.serve._timeline import timeline_svg
from newsvet.store import VERDICTS, ReportQuery

router = APIRouter(include_in_schema=False)

PageNo = _api.Page
PerPage = _api.PerPage
VerdictParam = _api.VerdictParam
SinceParam = _api.SinceParam


def render(
    request: Request, template: str, status: int = 200, *, json: bool = True, **values: Any
) -> HTMLResponse:
    ctx = context(request)
    if json:
        path = request.url.path
        query = request.url.query
        values["json_href"] = ("/index" if path == "/" else path) + ".json" + (f"?{query}" if query else "")
    html = ctx.templates.get_template(template).render(
        request_path=request.url.path,
        **values,
    )
    return HTMLResponse(html, status)


def json_view(data: dict[str, Any]) -> JSONResponse:
    return JSONResponse(data)


# --- the check form ------------------------------------------------------------------------


@router.get("/", dependencies=[Depends(reader)])
async def index(request: Request) -> Response:
    return render(request, "index.html", **await _index_data(context(request)))


@router.get("/index.json", dependencies=[Depends(reader)])
async def index_json(request: Request) -> Response:
    return json_view(await _index_data(context(request)))


async def _index_data(ctx: ServeContext) -> dict[str, Any]:
    return {"recent": await _api.reports_page(ctx, ReportQuery(per_page=10))}


@router.post("/check")
async def check_form(request: Request) -> Response:
    """The paste-or-upload form: check, store, and show the new report."""
    ctx = context(request)
    form = await request.form()
    typed = str(form.get("token") or "").strip()
    secret = typed or presented_token(request, cookie=True)
    if await token_name(ctx, secret) is None:
        return await _form_error(request, unauthorized(secret, web=True), form)
    try:
        job = await _form_job(form, ctx.settings.max_request_bytes)
        data = await _api.check_and_store(ctx, job)
    except ApiError as err:
        return await _form_error(request, err, form)
    except InputError as err:
        return await _form_error(request, ApiError(422, str(err)), form)
    response = RedirectResponse(f"/reports/{data['id']}", status_code=303)
    if typed:
        response.set_cookie(
            TOKEN_COOKIE, typed, httponly=True, samesite="strict", max_age=30 * 24 * 3600
        )
    return response


async def _form_job(form: Any, max_bytes: int) -> CheckJob:
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        if data.strip():
            return CheckJob(data, None, upload.filename, max_bytes)
    text = str(form.get("text") or "")
    if not text.strip():
        raise ApiError(400, "paste the article's text or choose a file", code="empty_body")
    meta = {k: str(form.get(k) or "").strip() for k in ("title", "url", "published")}
    if any(meta.values()):
        record = {"text": text, **{k: v for k, v in meta.items() if v}}
        checked = await run_in_threadpool(article_record, record, "the form")
        return record_job(checked, "form", max_bytes)
    return CheckJob(text.encode("utf-8"), "text", "pasted article", max_bytes)


async def _form_error(request: Request, err: ApiError, form: Any) -> Response:
    values = {k: str(form.get(k) or "") for k in ("text", "title", "url", "published")}
    data = await _index_data(context(request))
    return render(request, "index.html", err.status, json=False, error=err, form=values, **data)


# --- reports -------------------------------------------------------------------------------


@router.get("/reports.json", dependencies=[Depends(reader)])
async def reports_json(
    request: Request,
    q: str | None = None,
    verdict: VerdictParam = None,
    entity: str | None = None,
    since: SinceParam = None,
    page: PageNo = 1,
    per_page: PerPage = 20,
) -> Response:
    query = ReportQuery(q or None, verdict or None, entity or None, since, page, per_page)
    return json_view(await _api.reports_page(context(request), query))


@router.get("/reports", dependencies=[Depends(reader)])
async def reports(
    request: Request,
    q: str | None = None,
    verdict: Annotated[str | None, Query(pattern="^(|" + "|".join(VERDICTS) + ")$")] = None,
    entity: str | None = None,
    since: Annotated[str | None, Query(pattern=r"^(|\d{4}-\d{2}-\d{2})$")] = None,
    page: PageNo = 1,
    per_page: PerPage = 20,
) -> Response:
    # The filter form sends empty fields; an empty filter is no filter.
    query = ReportQuery(q or None, verdict or None, entity or None, since or None, page, per_page)
    data = await _api.reports_page(context(request), query)
    return render(request, "reports.html", data=data)


@router.get("/reports/{report_id:int}.json", dependencies=[Depends(reader)])
async def report_json(request: Request, report_id: int) -> Response:
    return json_view(await _api.report_by_id(context(request), report_id))


@router.get("/reports/{report_id:int}", dependencies=[Depends(reader)])
async def report(request: Request, report_id: int) -> Response:
    ctx = context(request)
    data = await _api.report_by_id(ctx, report_id)
    view = Report.from_dict({k: v for k, v in data.items() if k not in ("id", "stored_at")})
    sources = await run_in_threadpool(_statement_sources, ctx, view)
    return render(
        request,
        "report.html",
        data=data,
        report=view,
        article_html=highlight(view.text, view.claims, view.anomalies),
        rating=rating_of(view.signals),
        signal_rows=signal_rows(view.signals),
        single_source=single_source_speakers(view.signals),
        source_line=source_line(view),
        verdict_of=verdict_of,
        legend=(*VERDICT_ORDER, "unchecked"),
        claim_entities=_claim_entities(view),
        sources=sources,
    )


def _claim_entities(report: Report) -> dict[str, list[tuple[str, str]]]:
    """(kb id, name) of the entities each claim's words mention or its frame names."""
    names = {e.kb_id: e.name for e in report.entities}
    found: dict[str, list[tuple[str, str]]] = {}
    for claim in report.claims:
        ids: list[str] = []
        for entity in report.entities:
            if any(claim.span.start <= m.start and m.end <= claim.span.end for m in entity.mentions):
                ids.append(entity.kb_id)
        for key in ("agent_ids", "patient_ids", "place_ids"):
            ids.extend(i for i in claim.frame.get(key) or [] if isinstance(i, str))
        unique = list(dict.fromkeys(ids))
        found[claim.id] = [(i, names.get(i, i)) for i in unique]
    return found


def _statement_sources(ctx: ServeContext, report: Report) -> dict[str, dict[str, str | None]]:
    """For knowledge-base evidence: the statement's subject and its source's URL, by id."""
    wanted = {e.ref for c in report.claims for e in c.evidence if e.kind == "kb" and e.ref}
    if not wanted:
        return {}
    subjects = {e.kb_id for e in report.entities}
    subjects.update(i for c in report.claims for k in ("agent_ids", "patient_ids", "place_ids")
                    for i in c.frame.get(k) or [] if isinstance(i, str))

    def collect(kb: Any) -> dict[str, dict[str, str | None]]:
        found: dict[str, dict[str, str | None]] = {}
        for subject in sorted(subjects):
            for st in (*kb.statements(subject), *kb.statements_with_value(subject)):
                if st.id in wanted:
                    found[st.id] = {"subject": st.subject, "url": st.source_url}
        return found

    try:
        return ctx.with_kb(collect)
    except InputError:
        return {}


# --- claims and entities -------------------------------------------------------------------


@router.get("/claims.json", dependencies=[Depends(reader)])
async def claims_json(
    request: Request,
    q: str | None = None,
    verdict: VerdictParam = None,
    page: PageNo = 1,
    per_page: PerPage = 20,
) -> Response:
    return json_view(await _api.claims_page(context(request), q or None, verdict, page, per_page))


@router.get("/claims", dependencies=[Depends(reader)])
async def claims(
    request: Request,
    q: str | None = None,
    verdict: Annotated[str | None, Query(pattern="^(|" + "|".join(VERDICTS) + ")$")] = None,
    page: PageNo = 1,
    per_page: PerPage = 20,
) -> Response:
    data = await _api.claims_page(context(request), q or None, verdict or None, page, per_page)
    return render(request, "claims.html", data=data)


@router.get("/entities/{entity_id:path}", dependencies=[Depends(reader)])
async def entity(request: Request, entity_id: str) -> Response:
    ctx = context(request)
    if entity_id.endswith(".json"):
        return json_view(await _api.entity_by_id(ctx, entity_id.removesuffix(".json")))
    data = await _api.entity_by_id(ctx, entity_id)
    hits = await run_in_threadpool(ctx.store.entity_claims, {entity_id, data["id"]})
    svg: Markup = timeline_svg(hits, f"Claims about {data['caption']} over time")
    return render(request, "entity.html", data=data, timeline=svg)


# --- the site's icon -----------------------------------------------------------------------


# A tick on the header's navy; kept here rather than as a file so that it needs no
# packaging rule. Browsers ask for /favicon.ico whatever a page links, so it answers there.
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>newsvet</title>'
    '<rect width="32" height="32" rx="6" fill="#0f2d52"/><path d="M8 17l5 5 11-12" '
    'fill="none" stroke="#ffffff" stroke-width="4" stroke-linecap="round" '
    'stroke-linejoin="round"/></svg>'
)


@router.get("/favicon.ico")
async def favicon() -> Response:
    return Response(
        FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


# --- the token for the browser -------------------------------------------------------------


@router.get("/token")
async def token_form(request: Request) -> Response:
    return render(request, "token.html", json=False)


@router.post("/token")
async def token_save(request: Request) -> Response:
    ctx = context(request)
    form = await request.form()
    secret = str(form.get("token") or "").strip()
    if await token_name(ctx, secret) is None:
        err = unauthorized(secret, web=True)
        return render(request, "token.html", err.status, json=False, error=err)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(TOKEN_COOKIE, secret, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
    return response
