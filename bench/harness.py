"""Shared bench plumbing: a fresh migrated database, timing, and the result table."""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import date
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
    from models.db import close_orm, init_orm, migrate_database

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


class _Counter(logging.Handler):
    """Counts the SQL statements Tortoise logs on "tortoise.db_client"."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        words = record.getMessage().lstrip()[:6].upper()
        if words.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.count += 1


@contextmanager
def count_statements() -> Iterator[_Counter]:
    """`with count_statements() as c: ...` then `c.count`."""
    logger = logging.getLogger("tortoise.db_client")
    counter = _Counter()
    level, disabled, propagate = logger.level, logger.disabled, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.disabled, logger.propagate = False, False
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.disabled, logger.propagate = disabled, propagate


def is_postgres() -> bool:
    """Whether the open ORM connection is PostgreSQL."""
    from tortoise import connections

    return connections.get("default").capabilities.dialect == "postgres"


def sql_date(day: date) -> str:
    """A date literal for the open connection's dialect."""
    return f"DATE '{day.isoformat()}'" if is_postgres() else f"'{day.isoformat()}'"


def sql_date_minus(day: date, days_expr: str) -> str:
    """`day - days_expr` (an integer SQL expression) as a date, in either dialect."""
    if is_postgres():
        return f"(DATE '{day.isoformat()}' - ({days_expr})::int)"
    return f"date('{day.isoformat()}', '-' || ({days_expr}) || ' days')"


def placeholders(count: int, start: int = 1) -> list[str]:
    """Bind placeholders for the open connection ($1… on PostgreSQL, ? on SQLite)."""
    if is_postgres():
        return [f"${i}" for i in range(start, start + count)]
    return ["?"] * count


@dataclass
class People:
    """The providers and staff a benchmark's rows hang on."""

    agency_id: int
    hub_id: int
    coach_id: int
    hub_staff_id: int
    manager_id: int


async def people() -> People:
    """An agency routed to a hub, a coach, a hub staff member and a contract manager."""
    from models.rules.enums import ProviderKind, Role
    from models.staff import Provider, ReferralRoute, Staff

    agency = await Provider.create(name="Bench agency", kind=ProviderKind.PROGRAM, program="EOP")
    hub = await Provider.create(
        name="Bench hub", kind=ProviderKind.RENT_ASSISTANCE_HUB, referral_email="hub@example.org"
    )
    await ReferralRoute.create(agency=agency, hub=hub)
    rows = {}
    for key, role, provider in (
        ("coach", Role.CAREER_COACH, agency),
        ("hub", Role.HUB_STAFF, hub),
        ("manager", Role.CONTRACT_MANAGER, None),
    ):
        rows[key] = await Staff.create(
            email=f"bench.{key}@example.org",
            name=f"Bench {key}",
            role=role,
            provider=provider,
            password_hash="-",
        )
    return People(agency.id, hub.id, rows["coach"].id, rows["hub"].id, rows["manager"].id)


@asynccontextmanager
async def app_client(app: object | None = None) -> AsyncIterator[object]:
    """An httpx client over ASGITransport: the real app (ORM already open) by default."""
    import httpx

    if app is None:
        from api.app import create_app
        from models.config import get_settings, reset_settings

        reset_settings()
        app = create_app(get_settings(), init_db=False)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        yield client


def bearer_headers(staff_id: int) -> dict[str, str]:
    """An Authorization header for a staff member (a token as `login` issues it)."""
    from models.actions.tokens import issue_token
    from models.staff import Staff

    return {"Authorization": f"Bearer {issue_token(Staff(id=staff_id, token_version=0))}"}


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = ["| id | what | ours | baseline | ratio |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(
            f"| {r.id} | {r.what} | {r.ours:.4g} {r.unit} | {r.baseline:.4g} {r.unit} "
            f"| {r.ratio:.2f}× |"  # noqa: RUF001 - the times sign is meant
        )
        lines += [f"|  | {n} |  |  |  |" for n in r.notes]
    return "\n".join(lines)
