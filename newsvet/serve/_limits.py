"""Request size and rate limits, as ASGI middleware in front of every route.

Both answer before any route runs, so a flood of requests or one huge body costs the
server almost nothing: no body is parsed and no check is queued.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsvet.serve._errors import ApiError

Reject = Callable[[Scope, ApiError], ASGIApp]

# The icon and style sheets come with every page view: they are not requests of their own.
_EXEMPT = ("/api/v1/health", "/static/", "/favicon.ico")
_MAX_CLIENTS = 10_000


class BodyLimit:
    """413 for a body over ``max_bytes``: by its Content-Length at once, else while reading.

    The body is read here, whole (it is small by then), and handed on to the route, so no
    route ever sees a body over the limit whether or not the client announced its length.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, reject: Reject) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.reject = reject

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = ApiError(
            413,
            f"request body over the limit of {self.max_bytes} bytes",
            detail={"max_bytes": self.max_bytes},
        )
        await self.reject(scope, error)(scope, receive, send)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimit:
    """A token bucket per client: ``per_minute`` requests a minute, in bursts up to the same.

    A client is its API token when it sends one (so one newsroom system behind a proxy gets
    its own allowance), else its address.
    """

    def __init__(
        self, app: ASGIApp, per_minute: int, reject: Reject, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.per_minute = per_minute
        self.reject = reject
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.per_minute <= 0 or scope["path"].startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        wait = self._take(_client_key(scope))
        if wait > 0:
            retry = str(max(1, math.ceil(wait)))
            error = ApiError(
                429,
                f"too many requests: the limit is {self.per_minute} a minute; retry in {retry} s",
                detail={"limit_per_minute": self.per_minute, "retry_after": int(retry)},
                headers={"Retry-After": retry},
            )
            await self.reject(scope, error)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _take(self, key: str) -> float:
        """0 if the request may go on, else the seconds until it may."""
        rate = self.per_minute / 60.0
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= _MAX_CLIENTS:
                    self._forget_full(now, rate)
                bucket = self._buckets[key] = _Bucket(float(self.per_minute), now)
            bucket.tokens = min(self.per_minute, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / rate

    def _forget_full(self, now: float, rate: float) -> None:
        # A bucket that has refilled is the same as no bucket: dropping it bounds memory.
        self._buckets = {
            k: b
            for k, b in self._buckets.items()
            if b.tokens + (now - b.updated) * rate < self.per_minute
        }


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1")).strip()
    return None


def _client_key(scope: Scope) -> str:
    auth = _header(scope, b"authorization") or ""
    scheme, _, secret = auth.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        return "token:" + hashlib.sha256(secret.strip().encode()).hexdigest()[:24]
    client = scope.get("client")
    return f"addr:{client[0] if client else 'unknown'}"
