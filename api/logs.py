"""Logging: structlog, JSON lines in prod, readable console in dev.

Every line carries the request id and GraphQL operation name bound for the request
(structlog contextvars). Never log variables, bodies or any participant's personal
data: ids and kinds only.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog
from graphql import GraphQLError

from models.config import Settings


def configure_logging(settings: Settings) -> None:
    """Route structlog and the standard library (uvicorn, dramatiq) through one formatter."""
    as_json = settings.log_json if settings.log_json is not None else settings.environment == "prod"
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if as_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    final: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if as_json:
        final.append(structlog.processors.format_exc_info)
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared, processors=[*final, renderer]
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "dramatiq", "apscheduler"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    graphql_log = logging.getLogger("strawberry.execution")
    for old in [f for f in graphql_log.filters if isinstance(f, GraphQLErrorFilter)]:
        graphql_log.removeFilter(old)
    graphql_log.addFilter(GraphQLErrorFilter())
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per relay run: noise
    # uvicorn's access log repeats what our middleware logs, with raw paths: off
    logging.getLogger("uvicorn.access").disabled = True


class GraphQLErrorFilter(logging.Filter):
    """Strawberry logs each GraphQL error with its message, which can quote a variable's
    value (a coercion error does): log its type and code only, and a traceback only for
    unexpected exceptions (ours, FORBIDDEN and the like, need none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.msg
        if isinstance(error, str):
            return True
        original = getattr(error, "original_error", None)
        extensions = getattr(original, "extensions", None) or getattr(error, "extensions", None)
        code = (extensions or {}).get("code") if isinstance(extensions, dict) else None
        kind = type(original or error).__name__
        expected = (
            original is None
            or isinstance(original, GraphQLError)  # validation and coercion errors, ours
            or kind == "AccessDenied"
        )
        record.msg = f"graphql.error type={kind}" + (f" code={code}" if code else "")
        record.args = ()
        if expected:
            record.exc_info = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True
