"""A client of the app from a chosen address, and the login document."""

from __future__ import annotations

import httpx

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    errors { field code message }
    retryAfterSeconds
  }
}
"""


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


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]
