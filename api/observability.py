"""Request ids, request logs and Prometheus metrics of the API (GET /metrics).

Metrics are labelled by route template and GraphQL operation name (sanitised: a name a
client made up cannot explode the label set). With several uvicorn workers, set
PROMETHEUS_MULTIPROC_DIR so /metrics sums every worker's samples.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

log = structlog.get_logger("api.request")

REQUESTS = Counter(
    "rent_assist_http_requests_total", "HTTP requests.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "rent_assist_http_request_duration_seconds", "HTTP request latency.", ["method", "route"]
)
OPERATIONS = Counter(
    "rent_assist_graphql_operations_total", "GraphQL operations.", ["operation", "result"]
)
OPERATION_LATENCY = Histogram(
    "rent_assist_graphql_operation_duration_seconds", "GraphQL latency.", ["operation"]
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def operation_label(name: str | None) -> str:
    """A safe metric label / log value for a client-supplied operation name."""
    if not name:
        return "anonymous"
    return name if _NAME.match(name) else "invalid"


class OperationName(SchemaExtension):
    """Records the GraphQL operation name on the request (for the log and the metrics)."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        name = operation_label(ctx.operation_name)
        if name == "anonymous":
            # anonymous documents: the first root field names the operation well enough
            try:
                op = ctx.graphql_document.definitions[0] if ctx.graphql_document else None
                field = op.selection_set.selections[0] if op is not None else None  # type: ignore[attr-defined]
                name = operation_label(f"_{field.name.value}") if field is not None else name
            except (AttributeError, IndexError):
                pass
        structlog.contextvars.bind_contextvars(graphql_operation=name)
        request = getattr(ctx.context, "request", None)
        if request is not None:
            request.state.graphql_operation = name
        yield


class ObservabilityMiddleware:
    """Pure ASGI middleware: request id, one log line and metrics per HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        scope.setdefault("state", {})
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "")
            operation = scope["state"].get("graphql_operation")
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(elapsed)
            if operation is not None:
                OPERATIONS.labels(operation, "ok" if status < 400 else "error").inc()
                OPERATION_LATENCY.labels(operation).observe(elapsed)
            if route != "/metrics":
                log.info(
                    "http.request",
                    method=method,
                    route=route,
                    status=status,
                    duration_ms=round(elapsed * 1000, 1),
                )
            structlog.contextvars.clear_contextvars()


def _registry() -> Any:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


async def metrics(request: Request) -> Response:
    """Prometheus exposition of this API process (or every worker, in multiprocess mode)."""
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)


def serve_metrics(host: str, port: int) -> bool:
    """Serve this process's metrics on host:port (a thread); False when the port is
    taken (in multiprocess mode another worker of the same server already serves all)."""
    from prometheus_client import start_http_server

    try:
        start_http_server(port, addr=host, registry=_registry())
    except OSError as exc:
        structlog.get_logger("api.metrics").warning(
            "metrics.not_served", port=port, error=type(exc).__name__
        )
        return False
    structlog.get_logger("api.metrics").info("metrics.serving", host=host, port=port)
    return True
