"""The test harness.

Fast tier: a fresh SQLite file, the outbox drained in-process, and a real aiosmtpd
server on a free port. Service tier: the same suite on PostgreSQL and Redis when
TEST_DATABASE_URL / TEST_REDIS_URL are set (the schema is dropped and migrated anew).
The database is built once per session by running the real migrations, and emptied
before every test.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from workers.mailsink import MailSink

if TYPE_CHECKING:
    from models.config import Settings

SINK = MailSink()
_TMP = Path(os.environ.get("PYTEST_TMPDIR", "/tmp")) / f"rent-assist-tests-{os.getpid()}"
_TMP.mkdir(parents=True, exist_ok=True)

# pytest-xdist runs the suite in several processes ("gw0", "gw1", …): each gets its own
# database (SQLite: its own file; PostgreSQL: TEST_DATABASE_URL's name + "_gw0", …) and
# its own Redis database number (TEST_REDIS_URL's number + the worker's index).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_INDEX = int(XDIST_WORKER.removeprefix("gw")) if XDIST_WORKER.startswith("gw") else 0


def _per_worker_database(url: str) -> str:
    if not XDIST_WORKER or not url.startswith(("postgres", "asyncpg")):
        return url
    base, _, name = url.rpartition("/")
    return f"{base}/{name}_{XDIST_WORKER}"


def _per_worker_redis(url: str | None, offset: int = 0) -> str | None:
    if not url:
        return None
    base, _, number = url.rpartition("/")
    if not number.isdigit() or base.endswith(":/"):
        base, number = url.rstrip("/"), "0"
    return f"{base}/{int(number) + offset + WORKER_INDEX}"


TEST_DATABASE_ADMIN_URL = os.environ.get("TEST_DATABASE_URL") or ""
TEST_DATABASE_URL = (
    _per_worker_database(TEST_DATABASE_ADMIN_URL) or f"sqlite://{_TMP / 'test.sqlite3'}"
)
TEST_REDIS_URL = _per_worker_redis(os.environ.get("TEST_REDIS_URL") or None)


def scratch_redis_url(offset: int) -> str | None:
    """A Redis database of this worker's own, `offset` numbers above TEST_REDIS_URL's."""
    return _per_worker_redis(os.environ.get("TEST_REDIS_URL") or None, offset)


if TEST_DATABASE_URL.startswith("sqlite://"):  # a fresh file for every session
    Path(TEST_DATABASE_URL.removeprefix("sqlite://")).unlink(missing_ok=True)

os.environ.update(
    {
        "ENVIRONMENT": "test",
        "DATABASE_URL": TEST_DATABASE_URL,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(SINK.port),
        "UPLOAD_DIR": str(_TMP / "uploads"),
        "PUBLIC_BASE_URL": "http://testserver",
        "SECRET_KEY": "test-secret-key-0123456789abcdef0123456789",
        "MAIL_FROM": "rent-assist@example.org",
    }
)
os.environ.pop("REDIS_URL", None)
os.environ.pop("FROZEN_TODAY", None)


def _shift_clock_to(at: str) -> None:
    """TEST_CLOCK_AT=HH:MM runs the suite, and every server it starts, as if the program's
    local time were HH:MM now (TEST_CLOCK_SHIFT_SECONDS, inherited by xdist workers and child
    processes): .ci/run runs the two tiers at two hours either side of the daily sweep,
    so no test can depend on the hour it happens to run at (issue 11 §8)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    hour, _, minute = at.partition(":")
    zone = ZoneInfo(os.environ.get("PROGRAM_TIMEZONE", "America/Los_Angeles"))
    now = datetime.now(zone)
    target = now.replace(hour=int(hour), minute=int(minute or 0), second=0, microsecond=0)
    os.environ["TEST_CLOCK_SHIFT_SECONDS"] = str((target - now).total_seconds())


if os.environ.get("TEST_CLOCK_AT") and "TEST_CLOCK_SHIFT_SECONDS" not in os.environ:
    _shift_clock_to(os.environ["TEST_CLOCK_AT"])


def settings_for(environment: str, **values: object) -> Settings:
    """Settings of an environment for a test; prod refuses a shifted clock, so a prod
    process in a test runs on the real one (the suite's CLOCK_SHIFT_SECONDS is dropped)."""
    from models.config import Settings

    if environment == "prod":
        values.setdefault("clock_shift_seconds", 0)
    return Settings(environment=environment, **values)  # type: ignore[arg-type]


def pytest_report_header() -> list[str]:
    from models import clock
    from models.config import get_settings

    db = "PostgreSQL" if TEST_DATABASE_URL.startswith(("postgres", "asyncpg")) else "SQLite"
    clock.configure_from(get_settings())
    local = clock.now().astimezone(clock._zone).strftime("%Y-%m-%d %H:%M %Z")
    return [
        f"rent-assist: database {db}, redis {'yes' if TEST_REDIS_URL else 'no (stub)'}, "
        f"program clock {local} (shifted {os.environ.get('TEST_CLOCK_SHIFT_SECONDS', 0)} s)"
    ]


async def _reset_postgres(url: str) -> None:
    import asyncpg

    if url != TEST_DATABASE_ADMIN_URL:  # this xdist worker's own database
        admin = await asyncpg.connect(
            TEST_DATABASE_ADMIN_URL.replace("asyncpg://", "postgres://", 1)
        )
        try:
            name = url.rpartition("/")[2]
            exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
    conn = await asyncpg.connect(url.replace("asyncpg://", "postgres://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def mail_sink() -> Iterator[MailSink]:
    SINK.start()
    yield SINK
    SINK.stop()


@pytest_asyncio.fixture(scope="session")
async def database(mail_sink: MailSink) -> AsyncIterator[str]:
    """The test database, built by the real migrations, ORM open for the session."""
    from models.config import reset_settings
    from models.db import close_orm, init_orm, migrate_database

    reset_settings()
    if TEST_DATABASE_URL.startswith(("postgres", "asyncpg")):
        await _reset_postgres(TEST_DATABASE_URL)
    await migrate_database(TEST_DATABASE_URL)
    await init_orm(TEST_DATABASE_URL)
    yield TEST_DATABASE_URL
    await close_orm()


@pytest.fixture(autouse=True)
def _reset_process_state() -> Iterator[None]:
    """Real clock, no queue hand-off and fresh rate limits unless a test sets them."""
    from models import clock, ratelimit
    from models.actions import outbox
    from models.config import get_settings

    clock.configure_from(get_settings())
    clock.freeze(None)
    outbox.set_dispatcher(None)
    ratelimit.reset()
    yield
    clock.freeze(None)
    outbox.set_dispatcher(None)
    ratelimit.reset()


@pytest_asyncio.fixture
async def db(database: str) -> AsyncIterator[str]:
    """An empty database (every table truncated) and an empty mailbox."""
    from tortoise.contrib.test import truncate_all_models

    await truncate_all_models()
    SINK.clear()
    yield database


# --- the API as a client sees it -------------------------------------------------------

import httpx  # noqa: E402


class Api:
    """A GraphQL client over httpx's ASGITransport (or a live server's base URL)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    async def post(
        self,
        query: str,
        variables: dict | None = None,
        *,
        as_: str | None = None,
        token: str | None = None,
    ) -> dict:
        headers = {}
        if as_ is not None:
            token = await self.token(as_)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code in (200, 400), response.text
        return response.json()

    async def token(self, email: str) -> str:
        from models.actions.seed import DEMO_PASSWORD

        if email not in self.tokens:
            body = await self.post(
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) "
                "{ token errors { code } } }",
                {"e": email, "p": DEMO_PASSWORD},
            )
            token = body["data"]["login"]["token"]
            assert token, body
            self.tokens[email] = token
        return self.tokens[email]

    async def ok(self, query: str, variables: dict | None = None, *, as_: str) -> dict:
        """Run a document that must succeed with no top-level errors; its data."""
        body = await self.post(query, variables, as_=as_)
        assert "errors" not in body, body
        return body["data"]


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set settings through the environment for one test (call reset_settings() after
    setenv; forgotten afterwards)."""
    from models.config import reset_settings

    reset_settings()
    yield monkeypatch
    monkeypatch.undo()
    reset_settings()


@pytest_asyncio.fixture
async def seeded(db: str) -> str:
    """The demo reference data and accounts (seed-demo) on an empty database."""
    from models.actions.seed import seed_demo

    await seed_demo()
    return db


@pytest_asyncio.fixture
async def api(seeded: str) -> AsyncIterator[Api]:
    """A client of the app (no lifespan: the session opened the ORM)."""
    from api.app import create_app
    from models.config import get_settings, reset_settings

    reset_settings()
    app = create_app(get_settings(), init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client)


COACH = "coach.eop-portland-irco@example.org"  # EOP Portland - IRCO → Latino Network
COACH_OJF = "coach.eop-portland-trash-for-peace@example.org"  # → Our Just Future
HUB = "hub.latino-network@example.org"
HUB_ADVOCATE = "advocate.latino-network@example.org"
HUB_OJF = "hub.our-just-future@example.org"
MANAGER = "manager@example.org"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/e2e `e2e`, and start those slow tests first, so that
    pytest-xdist's workers run them beside the fast ones and finish together."""
    for item in items:
        if "/e2e/" in f"/{item.nodeid}":
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: 0 if item.get_closest_marker("e2e") else 1)
