"""HTTP-level protections (issue 10 §4, §5, §6).

- Security headers on every response: nosniff, no framing (X-Frame-Options and CSP
  frame-ancestors), no Referer, not cached (Cache-Control: no-store) unless the route
  set its own.
- /graphql: a POST that is not `application/json` must carry a non-empty
  `Apollo-Require-Preflight` or `X-Apollo-Operation-Name` header, as Apollo Server
  requires: a browser cannot send one cross-site without a CORS preflight, so a page on
  another site cannot make a visitor's browser post a form or an upload (CSRF).
- /graphql: a body that is not an upload is capped at MAX_REQUEST_BYTES (413), on top
  of the upload cap of the route.
- /metrics on the public port only with `Authorization: Bearer <METRICS_TOKEN>`; else
  Prometheus reads the metrics server on METRICS_HOST:METRICS_PORT (127.0.0.1:9100).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.config import Settings

HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")
CSRF_MESSAGE = (
    "This request has been blocked as a possible cross-site request forgery (CSRF): a POST "
    "to /graphql whose Content-Type is not application/json must carry a non-empty "
    "Apollo-Require-Preflight or X-Apollo-Operation-Name header."
)


class SecurityHeaders:
    """Pure ASGI middleware: adds the security headers a response does not set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in HEADERS if n not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", b"frame-ancestors 'none'"))
                if b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def media_type(headers: Headers) -> str:
    """The request's media type, lower case, without parameters."""
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


class GraphQLGate:
    """In front of the GraphQL app: the CSRF header rule and the JSON body cap."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.capped = RequestBodyLimitMiddleware(app, settings.max_request_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        kind = media_type(headers)
        if kind != "application/json" and not any(
            headers.get(name, "").strip() for name in PREFLIGHT_HEADERS
        ):
            response = JSONResponse(
                {"errors": [{"message": CSRF_MESSAGE, "extensions": {"code": "BAD_REQUEST"}}]},
                status_code=400,
            )
            await response(scope, receive, send)
            return
        if kind == "multipart/form-data":
            await self.app(scope, receive, send)  # the route's upload cap applies
        else:
            await self.capped(scope, receive, send)


def metrics_guard(
    settings: Settings, endpoint: Callable[[Request], Awaitable[Response]]
) -> Callable[[Request], Awaitable[Response]]:
    """/metrics on the public port: only with the METRICS_TOKEN bearer, else 404."""

    async def guarded(request: Request) -> Response:
        token = settings.metrics_token
        given = request.headers.get("authorization", "").encode()
        if token and hmac.compare_digest(given, f"Bearer {token}".encode()):
            return await endpoint(request)
        return PlainTextResponse("Not Found", status_code=404)

    return guarded
