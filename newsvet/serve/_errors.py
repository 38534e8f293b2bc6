"""One error shape for every failed request: ``{"error": {"code", "message", "detail"}}``.

Pages get the same error as an HTML page; the API and every ``.json`` URL get the JSON.
Nothing a client sends may end as a 500: bad input is a 4xx with a message saying what was
wrong, and an unexpected failure is logged and answered in the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from newsvet.corpus import CorpusError
from newsvet.errors import InputError, KnowledgeBaseError
from newsvet.store import StoreError

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
    504: "timeout",
}


class ApiError(Exception):
    """A request that cannot be served, with its status and a message for the client."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.detail = detail
        self.headers = headers or {}


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "detail": detail}}


def wants_html(path: str, method: str = "GET") -> bool:
    """Pages answer errors as HTML; the API and ``.json`` views answer JSON."""
    return not (path.startswith(("/api/", "/openapi", "/static/")) or path.endswith(".json"))


HtmlRenderer = Callable[[int, dict[str, Any]], str]


def error_response(
    path: str, err: ApiError, render_html: HtmlRenderer | None = None
) -> Response:
    body = error_body(err.code, err.message, err.detail)
    if render_html is not None and wants_html(path):
        return HTMLResponse(render_html(err.status, body), err.status, headers=err.headers)
    return JSONResponse(body, err.status, headers=err.headers)


def install(app: FastAPI, render_html: HtmlRenderer) -> None:
    """Route every kind of failure into the one error shape."""

    def answer(request: Request, err: ApiError) -> Response:
        return error_response(request.url.path, err, render_html)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return answer(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = {404: "no such page or resource", 405: "method not allowed here"}.get(
            exc.status_code, str(exc.detail)
        )
        return answer(
            request, ApiError(exc.status_code, message, headers=dict(exc.headers or {}))
        )

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        detail = [
            {"loc": [str(p) for p in e.get("loc", ())], "message": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        where = ", ".join(".".join(d["loc"]) for d in detail)
        return answer(request, ApiError(422, f"invalid request: {where}", detail=detail))

    async def input_error(request: Request, exc: Exception) -> Response:
        return answer(request, ApiError(422, str(exc)))

    async def kb_error(request: Request, exc: Exception) -> Response:
        log.error("knowledge base error: %s", exc)
        return answer(request, ApiError(503, f"knowledge base unavailable: {exc}"))

    async def store_error(request: Request, exc: Exception) -> Response:
        log.error("store error: %s", exc)
        return answer(request, ApiError(503, "the report store is unavailable", code="store_unavailable"))

    async def corpus_error(request: Request, exc: Exception) -> Response:
        log.error("corpus error: %s", exc)
        return answer(
            request, ApiError(503, "the corpus is unavailable; the server log says why", code="corpus_unavailable")
        )

    async def unexpected(request: Request, exc: Exception) -> Response:
        # The one logged fallback: the client still gets the error shape, never a traceback.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return answer(request, ApiError(500, "internal error; it has been logged"))

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(KnowledgeBaseError, kb_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(CorpusError, corpus_error)
    app.add_exception_handler(Exception, unexpected)
