"""Counting SQL statements (the no-N+1 tests): a handler on Tortoise's db_client logger.

with count_queries() as counter:
    ... run a request ...
assert counter.count == ...
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

_SQL = (
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "WITH",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
)


class QueryCounter(logging.Handler):
    """Collects every SQL statement the ORM logs."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg % record.args if record.args else record.msg).lstrip()
        if text.upper().startswith(_SQL):
            self.statements.append(text.split(":", 1)[0])

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Count the SQL statements issued inside the block."""
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    old_level, old_disabled = logger.level, logger.disabled
    logger.setLevel(logging.DEBUG)
    logger.disabled = False
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(old_level)
        logger.disabled = old_disabled
