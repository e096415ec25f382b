"""passwordChange (issue 10 §4, issue 12 §8): the current password is checked through
the sign-in guards, the new one follows NIST SP 800-63B, every earlier token stops
working and a new one is returned; a refused change changes nothing."""

from __future__ import annotations

import pytest

from models.actions.seed import DEMO_PASSWORD
from models.staff import Staff
from models.system import AuditEntry
from tests.conftest import COACH, Api
from tests.schema.staff.signin_kit import LOGIN, codes

PASSWORD_CHANGE = """
mutation($current: String!, $new: String!) {
  passwordChange(currentPassword: $current, newPassword: $new) {
    token
    errors { field code message }
    retryAfterSeconds
  }
}
"""
ME = "query { me { email } }"
NEW = "correct horse battery staple 7"


async def test_a_change_ends_every_earlier_token_and_returns_a_new_one(api: Api) -> None:
    old = await api.token(COACH)
    other_device = (await api.post(LOGIN, {"email": COACH, "password": DEMO_PASSWORD}))["data"][
        "login"
    ]["token"]
    payload = (await api.post(PASSWORD_CHANGE, {"current": DEMO_PASSWORD, "new": NEW}, token=old))[
        "data"
    ]["passwordChange"]
    assert payload["errors"] == [] and payload["token"]
    for token in (old, other_device):
        body = await api.post(ME, token=token)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await api.post(ME, token=payload["token"]))["data"]["me"]["email"] == COACH
    login = await api.post(LOGIN, {"email": COACH, "password": NEW})
    assert login["data"]["login"]["token"]
    refused = await api.post(LOGIN, {"email": COACH, "password": DEMO_PASSWORD})
    assert codes(refused["data"]["login"]) == ["INVALID_CREDENTIALS"]
    entry = await AuditEntry.get(action="staff.password_change")
    assert entry.changes == {"password_hash": [None, "***"]}


@pytest.mark.parametrize(
    ("new", "why"),
    [
        ("short-1", "at least 12"),
        ("password1234", "common"),
        ("qwertyuiopas", "sequential"),
        ("aaaaaaaaaaaa", "repetitive"),
        ("abcdefghijklmn", "sequential"),
        ("coach.eop-portland-irco-2024", "e-mail"),
        ("my rent-assist pass", "service"),
    ],
)
async def test_a_weak_new_password_is_refused_and_nothing_changes(
    api: Api, new: str, why: str
) -> None:
    token = await api.token(COACH)
    before = await Staff.get(email=COACH)
    payload = (
        await api.post(PASSWORD_CHANGE, {"current": DEMO_PASSWORD, "new": new}, token=token)
    )["data"]["passwordChange"]
    assert payload["token"] is None
    assert {e["field"] for e in payload["errors"]} == {"newPassword"}
    assert why in " ".join(e["message"] for e in payload["errors"])
    after = await Staff.get(email=COACH)
    assert (after.password_hash, after.token_version) == (
        before.password_hash,
        before.token_version,
    )
    assert (await api.post(ME, token=token))["data"]["me"]["email"] == COACH
    assert not await AuditEntry.filter(action="staff.password_change").exists()


async def test_a_wrong_current_password_is_refused_and_counted(api: Api) -> None:
    token = await api.token(COACH)
    for _ in range(5):
        payload = (
            await api.post(PASSWORD_CHANGE, {"current": "nope-nope-nope", "new": NEW}, token=token)
        )["data"]["passwordChange"]
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [
            ("currentPassword", "INVALID_CREDENTIALS")
        ]
    payload = (
        await api.post(PASSWORD_CHANGE, {"current": DEMO_PASSWORD, "new": NEW}, token=token)
    )["data"]["passwordChange"]
    assert codes(payload) == ["LOCKED_OUT"] and payload["retryAfterSeconds"] >= 1
    assert (await api.post(ME, token=token))["data"]["me"]["email"] == COACH


async def test_password_change_needs_a_signed_in_staff_member(api: Api) -> None:
    body = await api.post(PASSWORD_CHANGE, {"current": DEMO_PASSWORD, "new": NEW})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
