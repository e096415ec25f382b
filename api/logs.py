"""Logging: structlog, JSON lines in prod, readable console in dev.

Every line carries the request id and GraphQL operation name bound for the request
(structlog contextvars). Never log variables, bodies or any participant's personal
data: ids and kinds only. An exception is logged as its type and its stack (files,
lines, functions), never its message, which can quote a value (issue 10 §6): a
database error quoting an over-long name, a validation error quoting an e-mail.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
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
    final: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta, safe_exception]
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


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _exc_info(value: Any) -> ExcInfo | None:
    if value is True:
        value = sys.exc_info()
    elif isinstance(value, BaseException):
        value = (type(value), value, value.__traceback__)
    if isinstance(value, tuple) and len(value) == 3 and value[1] is not None:
        return value  # type: ignore[return-value]
    return None


def describe(error: BaseException) -> str:
    """An exception chain as types and stack frames only: no message, no values."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__} (message withheld)")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        current = current.__cause__ or current.__context__
    return "\n".join(lines)


def safe_exception(logger: Any, method: str, event: dict[str, Any]) -> dict[str, Any]:
    """Replace exc_info by `exception`: the chain's types and frames (describe)."""
    info = _exc_info(event.pop("exc_info", None))
    if info is not None:
        event["exception"] = describe(info[1])
    event.pop("exception_message", None)
    return event


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
