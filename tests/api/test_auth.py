"""Sign-in, me, and UNAUTHENTICATED (issue: foundation)."""

from __future__ import annotations

import pytest

from models.actions.seed import DEMO_PASSWORD, demo_accounts
from models.staff import Staff
from tests.conftest import COACH, Api

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    staff { id email role provider { name kind } }
    errors { field code message }
    retryAfterSeconds
  }
}
"""
ME = "query { me { id name email role provider { name } } }"


@pytest.mark.parametrize("account", demo_accounts(), ids=lambda a: a.email)
async def test_every_demo_account_signs_in_and_me_is_that_account(api: Api, account) -> None:
    body = await api.post(LOGIN, {"email": account.email, "password": DEMO_PASSWORD})
    payload = body["data"]["login"]
    assert payload["errors"] == []
    assert payload["staff"]["email"] == account.email
    me = (await api.post(ME, token=payload["token"]))["data"]["me"]
    assert me["email"] == account.email
    assert me["role"] == account.role.value
    assert (me["provider"] or {}).get("name") == account.provider


async def test_query_without_token_is_unauthenticated(api: Api) -> None:
    body = await api.post(ME)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_garbage_and_foreign_tokens_are_unauthenticated(api: Api) -> None:
    import jwt

    forged = jwt.encode({"sub": "1", "aud": "rent-assist", "exp": 4102444800}, "x" * 40, "HS256")
    for token in ("not-a-token", forged):
        body = await api.post(ME, token=token)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_wrong_password_is_invalid_credentials_and_unknown_email_alike(api: Api) -> None:
    for email in (COACH, "nobody@example.org"):
        payload = (await api.post(LOGIN, {"email": email, "password": "wrong-password"}))["data"][
            "login"
        ]
        assert payload["token"] is None
        assert [e["code"] for e in payload["errors"]] == ["INVALID_CREDENTIALS"]


async def test_repeated_failures_delay_that_address_then_the_right_password_is_refused(
    api: Api,
) -> None:
    for _ in range(5):
        await api.post(LOGIN, {"email": COACH, "password": "wrong-password"})
    payload = (await api.post(LOGIN, {"email": COACH, "password": DEMO_PASSWORD}))["data"]["login"]
    assert payload["token"] is None
    assert [e["code"] for e in payload["errors"]] == ["LOCKED_OUT"]
    assert 1 <= payload["retryAfterSeconds"] <= 61
    assert await Staff.filter(email=COACH, is_active=True).exists()


async def test_expired_token_is_unauthenticated(api: Api) -> None:
    from datetime import timedelta

    from models import clock

    token = await api.token(COACH)
    clock.freeze(clock.today() + timedelta(days=2))
    body = await api.post(ME, token=token)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
