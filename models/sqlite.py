"""The embedded default's database engine: Tortoise's SQLite client, made safe for more
than one connection on one file (the API, the in-process worker and scheduler of
`rent-assist dev`, a CLI command beside a running server).

SQLite lets one writer in at a time. Tortoise opens every transaction with a deferred
`BEGIN`: it reads first and asks for the write lock only at its first write, and when
another connection wrote in between, SQLite answers "database is locked" at once —
waiting cannot help, the transaction's snapshot is stale. So every transaction here
begins with `BEGIN IMMEDIATE` (it takes the write lock up front, waiting for it up to
the busy timeout), the journal is WAL (readers never block the writer) and the busy
timeout is set explicitly (`SQLITE_BUSY_TIMEOUT_MS`). Named as the engine of a sqlite
connection by models/db.py.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError

DEFAULT_BUSY_TIMEOUT_MS = 15_000


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    """A transaction that holds SQLite's write lock from its first statement."""

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(SqliteClient):
    """Tortoise's SQLite client with WAL, a busy timeout and `BEGIN IMMEDIATE`."""

    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self.pragmas["journal_mode"] = "WAL"
        self.pragmas["busy_timeout"] = int(
            self.pragmas.get("busy_timeout", DEFAULT_BUSY_TIMEOUT_MS)
        )
        # synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commit,
        # never corrupt the file) and spares a disk flush per commit
        self.pragmas.setdefault("synchronous", "NORMAL")

    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict[str, Any]) -> type[SqliteClient]:
    """Tortoise asks the engine module for its client class."""
    return ImmediateSqliteClient
