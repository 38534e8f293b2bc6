"""What every route shares: the settings, the store, the checking pool, the knowledge base,
the templates, and the token checks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool

from newsvet.serve._corpus import CorpusWriter
from newsvet.serve._errors import ApiError, wants_html
from newsvet.serve._pool import CheckPool
from newsvet.serve._settings import Settings
from newsvet.serve._views import entity_href
from newsvet.store import VERDICTS, ReportStore

if TYPE_CHECKING:
    from newsvet.kb import KnowledgeBase

T = TypeVar("T")
TOKEN_COOKIE = "newsvet_token"


@dataclass
class ServeContext:
    settings: Settings
    store: ReportStore
    pool: CheckPool
    corpus: CorpusWriter
    templates: Environment
    _kb: KnowledgeBase | None = None
    _kb_lock: threading.Lock = field(default_factory=threading.Lock)

    def with_kb(self, use: Callable[[KnowledgeBase], T]) -> T:
        """Run ``use`` on the knowledge base, opened on first use; one caller at a time,
        because the knowledge base keeps one SQLite connection and a cache."""
        from newsvet.kb import KnowledgeBase

        with self._kb_lock:
            if self._kb is None:
                self._kb = KnowledgeBase.open(self.settings.kb_path)
            return use(self._kb)

    def close(self) -> None:
        self.pool.close()
        self.corpus.close()
        self.store.close()
        with self._kb_lock:
            if self._kb is not None:
                self._kb.close()
                self._kb = None


def context(request: Request) -> ServeContext:
    ctx: ServeContext = request.app.state.ctx
    return ctx


def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("newsvet.serve", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Globals, not render arguments: imported macros see globals but not a page's values.
    env.globals["verdict_label"] = verdict_label
    env.globals["entity_href"] = entity_href
    env.globals["verdicts"] = VERDICTS
    return env


def verdict_label(verdict: str | None) -> str:
    return (verdict or "unchecked").replace("_", " ")


def presented_token(request: Request, *, cookie: bool) -> str | None:
    """The token a request carries: ``Authorization: Bearer``, else (pages only) the cookie."""
    auth = request.headers.get("authorization", "")
    scheme, _, secret = auth.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        return secret.strip()
    if cookie:
        return request.cookies.get(TOKEN_COOKIE) or None
    return None


async def token_name(ctx: ServeContext, secret: str | None) -> str | None:
    if not secret:
        return None
    return await run_in_threadpool(ctx.store.token_name, secret)


def unauthorized(secret: str | None, *, web: bool = False, to: str = "check articles") -> ApiError:
    """401 with a message for its reader: an API client learns the header to send; a person
    in the browser, what to type (the page says how to make a token)."""
    if web:
        message = (
            "That API token is not valid or was revoked; enter another one."
            if secret
            else f"Enter an API token to {to}."
        )
    elif secret:
        message = "the API token is not valid or was revoked"
    else:
        message = (
            "this needs an API token: send `Authorization: Bearer <token>` "
            "(create one with `newsvet token create NAME`)"
        )
    return ApiError(401, message, headers={"WWW-Authenticate": 'Bearer realm="newsvet"'})


async def require_token(
    request: Request, *, cookie: bool = False, to: str = "check articles"
) -> str:
    ctx = context(request)
    secret = presented_token(request, cookie=cookie)
    name = await token_name(ctx, secret)
    if name is None:
        raise unauthorized(secret, web=wants_html(request.url.path), to=to)
    return name


async def reader(request: Request) -> None:
    """Reads are open unless the settings close them to holders of a token."""
    if context(request).settings.reads_need_token:
        await require_token(request, cookie=True, to="read the reports on this server")


def page_context(request: Request, **values: Any) -> dict[str, Any]:
    return {"request_path": request.url.path, **values}
