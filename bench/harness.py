"""Shared bench plumbing: a fresh migrated database, timing, and the result table."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Result:
    id: str
    what: str
    ours: float
    baseline: float
    unit: str = "s"
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")


def database_url() -> str:
    """BENCH_DATABASE_URL (PostgreSQL recommended) or a temporary SQLite file."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    return f"sqlite://{Path(tempfile.mkdtemp(prefix='rent-assist-bench-')) / 'bench.sqlite3'}"


@asynccontextmanager
async def fresh_database(url: str) -> AsyncIterator[str]:
    """Migrate an empty database (PostgreSQL: the public schema is dropped first)."""
    from api.db import close_orm, init_orm, migrate_database

    if url.startswith(("postgres", "asyncpg")):
        import asyncpg

        conn = await asyncpg.connect(url)
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()
    await migrate_database(url)
    await init_orm(url)
    try:
        yield url
    finally:
        await close_orm()


async def best_of(runs: int, fn: Callable[[], Awaitable[object]]) -> float:
    """The median wall time of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = ["| id | what | ours | baseline | ratio |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(
            f"| {r.id} | {r.what} | {r.ours:.4g} {r.unit} | {r.baseline:.4g} {r.unit} "
            f"| {r.ratio:.2f}× |"
        )
        lines += [f"|  | {n} |  |  |  |" for n in r.notes]
    return "\n".join(lines)
