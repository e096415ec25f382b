"""The migrations apply to an empty database (the session fixture builds the test
database by running them) and agree with the models: no pending changes."""

from __future__ import annotations

from models.db import tortoise_config
from tests.conftest import TEST_DATABASE_URL


async def test_models_and_migrations_agree(db: str) -> None:
    from tortoise.context import TortoiseContext
    from tortoise.migrations.autodetector import MigrationAutodetector

    config = tortoise_config(TEST_DATABASE_URL)
    apps_config = config["apps"]
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        changes = await MigrationAutodetector(ctx.apps, apps_config).changes()
    assert changes == [], "models changed without a migration: run `make migrations`"


async def test_migrations_created_every_table(db: str) -> None:
    from tortoise import Tortoise

    conn = Tortoise.get_connection("default")
    for model in Tortoise.apps["models"].values():  # type: ignore[index]
        rows = await conn.execute_query_dict(
            f'SELECT COUNT(*) AS n FROM "{model._meta.db_table}"'  # noqa: S608 - table names from the models
        )
        assert rows[0]["n"] == 0
