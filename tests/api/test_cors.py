"""CORS (issue 12 §1): the configured origins only, preflights answered with the headers a
browser client sends (the bearer token and the CSRF rule's headers), nothing for any
other origin; the setting's defaults and its validation. The real browser's proof is
tests/e2e/test_cors_browser.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from pydantic import ValidationError

from models.config import DEV_CLIENT_ORIGINS, Settings, get_settings
from tests.conftest import COACH, Api

CLIENT = "https://app.example.org"
OTHER = "https://evil.example.org"
ME = "query Me { me { email } }"


@pytest_asyncio.fixture
async def cors_api(seeded: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Api]:
    from api.app import create_app
    from models.config import reset_settings

    monkeypatch.setenv("CORS_ORIGINS", f"{CLIENT}, http://127.0.0.1:5173")
    reset_settings()
    app = create_app(get_settings(), init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client)
    monkeypatch.delenv("CORS_ORIGINS")
    reset_settings()


def _preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": (
            "authorization, content-type, apollo-require-preflight, x-apollo-operation-name"
        ),
    }


async def test_a_configured_origin_gets_its_preflight_answered(cors_api: Api) -> None:
    response = await cors_api.client.options("/graphql", headers=_preflight(CLIENT))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == CLIENT
    allowed = response.headers["access-control-allow-headers"].lower()
    for header in ("authorization", "content-type", "apollo-require-preflight"):
        assert header in allowed
    assert "x-apollo-operation-name" in allowed
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in response.headers  # bearer, no cookies


async def test_a_configured_origin_reads_the_answer(cors_api: Api) -> None:
    token = await cors_api.token(COACH)
    response = await cors_api.client.post(
        "/graphql",
        json={"query": ME},
        headers={"Origin": CLIENT, "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["me"]["email"] == COACH
    assert response.headers["access-control-allow-origin"] == CLIENT
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_any_other_origin_gets_nothing(cors_api: Api) -> None:
    response = await cors_api.client.options("/graphql", headers=_preflight(OTHER))
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    # a simple request still runs (as without CORS), but the browser may not read it
    response = await cors_api.client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": OTHER}
    )
    assert "access-control-allow-origin" not in response.headers
    # an origin differing only by scheme or port is another origin
    for near in ("http://app.example.org", "https://app.example.org:8443"):
        response = await cors_api.client.options("/graphql", headers=_preflight(near))
        assert "access-control-allow-origin" not in response.headers, near


async def test_without_origins_there_is_no_cors_at_all(api: Api) -> None:
    response = await api.client.options("/graphql", headers=_preflight(CLIENT))
    assert response.status_code == 405
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    ("environment", "value", "expected"),
    [
        ("dev", None, DEV_CLIENT_ORIGINS),
        ("prod", None, ()),
        ("test", None, ()),
        ("dev", "none", ()),
        (
            "prod",
            "https://a.example.org,https://b.example.org:8443",
            ("https://a.example.org", "https://b.example.org:8443"),
        ),
        ("prod", " https://a.example.org , ", ("https://a.example.org",)),
    ],
)
def test_origins_default_by_environment(
    environment: str, value: str | None, expected: tuple[str, ...]
) -> None:
    settings = Settings(
        environment=environment,  # type: ignore[arg-type]
        cors_origins=value,
        secret_key="s" * 40,
    )
    assert settings.allowed_origins == expected


@pytest.mark.parametrize(
    "value",
    ["*", "https://a.example.org/", "https://a.example.org/app", "a.example.org", "ftp://x"],
)
def test_anything_but_an_origin_is_refused_at_start_up(value: str) -> None:
    with pytest.raises(ValidationError, match="CORS_ORIGINS"):
        Settings(environment="prod", cors_origins=value, secret_key="s" * 40)
