"""The Tortoise configuration: one app "models", migrations in models/migrations."""

from __future__ import annotations

from typing import Any

from tortoise import timezone as _tortoise_time

from models import clock
from models.config import get_settings

# The columns Tortoise stamps itself (auto_now_add: created_at) take their time from the
# one clock, like every timestamp the actions write (modified_at, uploaded_at, ...), so that
# FROZEN_TODAY fixes their date too and "created" never comes after "last modified".
_tortoise_time.now = clock.now

MODEL_MODULES = [
    "models.staff",
    "models.customers",
    "models.enrollments",
    "models.reference",
    "models.services",
    "models.payments",
    "models.system",
]


def connection_config(url: str) -> str | dict[str, Any]:
    """A database URL as Tortoise's connection config; SQLite files get our engine
    (models/sqlite.py: WAL, a busy timeout and write transactions that take the lock
    up front), so the API, the in-process worker and the CLI share one file safely."""
    if not url.startswith("sqlite://"):
        return url
    from tortoise.backends.base.config_generator import expand_db_url

    config = expand_db_url(url)
    config["engine"] = "models.sqlite"
    config["credentials"].setdefault("busy_timeout", get_settings().sqlite_busy_timeout_ms)
    return config


def tortoise_config(db_url: str | None = None) -> dict[str, Any]:
    """The Tortoise config for a database URL (default: DATABASE_URL)."""
    url = db_url or get_settings().database_url
    return {
        "connections": {"default": connection_config(url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# for the `tortoise` command line (makemigrations): `tortoise -c models.db.TORTOISE_ORM ...`
TORTOISE_ORM = tortoise_config()


async def migrate_database(db_url: str | None = None) -> None:
    """Apply every migration in models/migrations to the database (idempotent)."""
    from tortoise.context import TortoiseContext
    from tortoise.migrations.api import migrate

    config = tortoise_config(db_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        await migrate(config=config)


async def init_orm(db_url: str | None = None) -> None:
    """Open the ORM for this process (API, worker, CLI), usable from any task."""
    from tortoise import Tortoise

    await Tortoise.init(config=tortoise_config(db_url), _enable_global_fallback=True)


async def close_orm() -> None:
    """Close the ORM's connections."""
    from tortoise import Tortoise

    await Tortoise.close_connections()
