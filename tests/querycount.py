"""Counting SQL statements (no N+1, architecture.md): a handler on Tortoise's
"tortoise.db_client" logger, which logs every statement it executes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

_SQL = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class QueryCounter(logging.Handler):
    """Collects the SQL statements logged while installed."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.upper().startswith(_SQL):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """`with count_queries() as q: ...` then `q.count` (and `q.statements`)."""
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    level, disabled = logger.level, logger.disabled
    logger.setLevel(logging.DEBUG)
    logger.disabled = False
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.disabled = disabled
