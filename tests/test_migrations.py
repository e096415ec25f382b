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


async def test_the_api_migration_folds_stored_names_again(db: str) -> None:
    """0003_api_fields refolds every stored search key with the current fold (apostrophes
    dropped, hyphens as spaces: issue 11 §6), so old customers are found like new ones."""
    import importlib
    from datetime import date

    from tortoise import Tortoise

    from models.customers import Customer

    row = await Customer.create(
        legal_first_name="Zoë",
        legal_last_name="O'Brien-Smith",
        date_of_birth=date(1990, 1, 2),
        search_name="zoe o'brien-smith",  # as the earlier fold stored it
    )
    migration = importlib.import_module("models.migrations.0003_api_fields")

    class Editor:
        client = Tortoise.get_connection("default")

    await migration.refold_search_names(None, Editor())
    await row.refresh_from_db()
    assert row.search_name == "zoe obrien smith"
