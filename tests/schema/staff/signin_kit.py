"""Sign-in from chosen client addresses, and settings changed for one test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import pytest_asyncio

from models.config import reset_settings

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    errors { field code message }
    retryAfterSeconds
  }
}
"""


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set settings through the environment for one test (forgotten afterwards)."""
    reset_settings()
    yield monkeypatch
    monkeypatch.undo()
    reset_settings()


class Client:
    """An HTTP client of the app from one client address."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def login(self, email: str, password: str) -> dict:
        response = await self.http.post(
            "/graphql", json={"query": LOGIN, "variables": {"email": email, "password": password}}
        )
        assert response.status_code == 200, response.text
        payload = dict(response.json()["data"]["login"])
        payload["retry_header"] = response.headers.get("retry-after")
        return payload

    async def post(self, query: str, variables: dict | None = None, token: str = "") -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


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


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]
