"""The ASGI app: GraphQL, health, staff downloads, participant pages, the dev mailbox."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api.devmail import dev_mail_routes
from api.downloads import download_routes
from api.graphiql import graphiql_routes
from api.graphql import GraphQLApp
from api.observability import ObservabilityMiddleware, metrics, serve_metrics
from api.pages import MULTIPART_OVERHEAD, page_routes
from api.security import GraphQLGate, SecurityHeaders, metrics_guard
from models import clock
from models.config import Settings, get_settings
from models.db import close_orm, init_orm


async def healthz(request: Request) -> Response:
    """Alive: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Ready: the database (and the broker, when Redis is configured) answer."""
    from tortoise import connections

    checks: dict[str, str] = {}
    try:
        await connections.get("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    settings = get_settings()
    if settings.redis_url:
        try:
            import redis.asyncio as aioredis

            client = aioredis.from_url(settings.redis_url, socket_timeout=2)
            try:
                await client.ping()
            finally:
                await client.aclose()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
    else:
        checks["broker"] = "ok (in-process)"
    ready = all(v.startswith("ok") for v in checks.values())
    return JSONResponse({"ready": ready, **checks}, status_code=200 if ready else 503)


def create_app(
    settings: Settings | None = None, *, init_db: bool = True, with_scheduler: bool = False
) -> Starlette:
    """Build the app. `init_db=False` when the caller (tests) has opened the ORM.

    The lifespan also connects the process to the broker (REDIS_URL); in dev without it,
    it runs an in-process Dramatiq worker, and the scheduler only with `with_scheduler`
    (`rent-assist dev`; `serve` never sweeps at start-up, R-OUT-5 runs belong to the one
    scheduler) (workers/process.py).
    """
    settings = settings or get_settings()
    clock.configure_from(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runtime = None
        if init_db:
            await init_orm(settings.database_url)
            from workers.process import start_for_api

            runtime = await asyncio.to_thread(
                start_for_api, settings, with_scheduler=with_scheduler
            )
            if settings.metrics_port:
                serve_metrics(settings.metrics_host, settings.metrics_port)
        try:
            yield
        finally:
            if runtime is not None:
                await asyncio.to_thread(runtime.stop)
            if init_db:
                await close_orm()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_guard(settings, metrics)),
        Route(
            "/graphql",
            GraphQLGate(GraphQLApp(settings), settings),
            methods=["GET", "POST"],
            # R-DOC-1: the real upload cap, enforced while the body streams in (413)
            max_body_size=settings.max_upload_bytes + MULTIPART_OVERHEAD,
        ),
        *download_routes(),
        *page_routes(settings),
    ]
    if settings.is_dev:
        routes += dev_mail_routes() + graphiql_routes()
    middleware = [Middleware(ObservabilityMiddleware), Middleware(SecurityHeaders)]
    if settings.allowed_origins:
        middleware.insert(0, cors_middleware(settings.allowed_origins))
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)


# what a browser client sends: the bearer token, JSON, and the CSRF rule's headers
CORS_HEADERS = (
    "Authorization",
    "Content-Type",
    "Apollo-Require-Preflight",
    "X-Apollo-Operation-Name",
)


def cors_middleware(origins: tuple[str, ...]) -> Middleware:
    """CORS for the configured origins only (CORS_ORIGINS): preflights answered, bearer
    tokens rather than cookies (no credentials), so a page on any other origin cannot
    read an answer."""
    return Middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=["GET", "POST"],
        allow_headers=list(CORS_HEADERS),
        expose_headers=["Content-Disposition", "X-Request-Id"],
        allow_credentials=False,
        max_age=600,
    )
