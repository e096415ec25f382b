"""GraphQL hardening: depth, alias and token limits; introspection and suggestions
only in dev; unexpected errors masked while our codes come through."""

from __future__ import annotations

import pytest

from models.config import Settings
from schema.root import build_schema
from tests.conftest import MANAGER, Api, settings_for


async def test_depth_limit_refuses_a_deep_query(api: Api) -> None:
    nested = "query { auditLog { edges { node { actor { provider { id } } } } } }"
    assert "errors" not in await api.post(nested, as_=MANAGER)
    schema = build_schema(Settings(environment="test", graphql_max_depth=3))
    result = await schema.execute(nested)
    assert result.errors and "exceeds maximum operation depth" in result.errors[0].message


async def test_alias_limit() -> None:
    schema = build_schema(Settings(environment="test", graphql_max_aliases=3))
    query = "query { " + " ".join(f"a{i}: me {{ id }}" for i in range(5)) + " }"
    result = await schema.execute(query)
    assert result.errors and "aliases" in result.errors[0].message


async def test_token_limit() -> None:
    schema = build_schema(Settings(environment="test", graphql_max_tokens=50))
    query = "query { " + " ".join("me { id name email }" for _ in range(20)) + " }"
    result = await schema.execute(query)
    assert result.errors and "token" in result.errors[0].message.lower()


@pytest.mark.parametrize(
    ("environment", "allowed"), [("dev", True), ("prod", False), ("test", False)]
)
async def test_introspection_only_in_dev(environment: str, allowed: bool) -> None:
    settings = settings_for(environment, secret_key="k" * 40)
    result = await build_schema(settings).execute("query { __schema { queryType { name } } }")
    assert (result.errors is None) is allowed


@pytest.mark.parametrize(("environment", "suggests"), [("dev", True), ("prod", False)])
async def test_field_suggestions_only_in_dev(environment: str, suggests: bool) -> None:
    settings = settings_for(environment, secret_key="k" * 40)
    result = await build_schema(settings).execute("query { mee { id } }")
    assert result.errors
    assert ("Did you mean" in result.errors[0].message) is suggests


async def test_unexpected_errors_are_masked_and_ours_are_not(api: Api, monkeypatch) -> None:
    from models.actions import signin

    async def boom(*args, **kwargs):
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(signin, "authenticate", boom)
    body = await api.post('mutation { login(email: "a@example.org", password: "x") { token } }')
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "secret" not in str(body)
    body = await api.post("query { me { id } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
