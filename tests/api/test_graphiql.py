"""GraphiQL in dev from the repository's own copy of its files (issue 12 §1): the page
names no other host, every file it loads is served here with the integrity hash the page
states, and the IDE is absent outside dev."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from api.graphiql import ASSETS, INTEGRITY
from models.config import Settings, get_settings
from tests.conftest import Api


@pytest_asyncio.fixture
async def dev_client(seeded: str) -> AsyncIterator[httpx.AsyncClient]:
    from api.app import create_app

    settings = Settings(**{**get_settings().model_dump(), "environment": "dev"})
    app = create_app(settings, init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def _sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


async def test_the_page_loads_only_local_files_with_their_hashes(
    dev_client: httpx.AsyncClient,
) -> None:
    page = await dev_client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "GraphiQL" in page.text
    assert "://" not in page.text  # no other host: no CDN
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(u.startswith("/graphiql-assets/") for u in urls), urls
    for url in urls:
        response = await dev_client.get(url)
        assert response.status_code == 200, url
        name = url.rsplit("/", 1)[1]
        if name in INTEGRITY:
            assert _sri(response.content) == INTEGRITY[name], name
            assert f'integrity="{INTEGRITY[name]}"' in page.text


def test_the_checked_in_files_match_their_hashes_and_carry_licences() -> None:
    for name, expected in INTEGRITY.items():
        assert _sri((ASSETS / name).read_bytes()) == expected, name
    for licence in ("LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom"):
        assert "MIT License" in (ASSETS / licence).read_text()


async def test_no_ide_outside_dev(api: Api) -> None:
    page = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert "GraphiQL" not in page.text
    assert (await api.client.get("/graphiql-assets/graphiql.min.js")).status_code == 404
