"""Fixtures of the sign-in tests: clients from chosen addresses."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from tests.schema.staff.signin_kit import Client


@pytest_asyncio.fixture
async def from_address(seeded: str) -> AsyncIterator:
    """from_address("10.0.0.1"): a client of the app from that address."""
    from api.app import create_app
    from models.config import get_settings

    clients: list[httpx.AsyncClient] = []

    def make(address: str) -> Client:
        app = create_app(get_settings(), init_db=False)
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        clients.append(http)
        return Client(http)

    yield make
    for http in clients:
        await http.aclose()
