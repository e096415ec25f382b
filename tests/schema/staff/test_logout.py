"""logout and token versions (issue 10 §4): logout, a deactivation and a role change
each end every token the staff member holds."""

from __future__ import annotations

from models.actions.seed import DEMO_PASSWORD
from models.actions.staff import set_active, set_role
from models.rules.enums import Role
from models.staff import Provider, Staff
from models.system import AuditEntry
from tests.conftest import COACH, HUB, MANAGER, Api
from tests.schema.staff.signin_kit import LOGIN

LOGOUT = "mutation { logout { errors { code } } }"
ME = "query { me { email role } }"


def unauthenticated(body: dict) -> bool:
    return body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def _second_token(api: Api, email: str) -> str:
    body = await api.post(LOGIN, {"email": email, "password": DEMO_PASSWORD})
    return str(body["data"]["login"]["token"])


async def test_logout_ends_every_token_of_that_staff_member_only(api: Api) -> None:
    token, other_device = await api.token(COACH), await _second_token(api, COACH)
    hub_token = await api.token(HUB)
    assert (await api.post(LOGOUT, token=token))["data"]["logout"] == {"errors": []}
    assert unauthenticated(await api.post(ME, token=token))
    assert unauthenticated(await api.post(ME, token=other_device))
    assert (await api.post(ME, token=hub_token))["data"]["me"]["email"] == HUB
    assert (await api.post(ME, token=await _second_token(api, COACH)))["data"]["me"]


async def test_logout_without_a_token_is_unauthenticated(api: Api) -> None:
    assert unauthenticated(await api.post(LOGOUT))


async def test_deactivation_ends_every_token_and_sign_in(api: Api) -> None:
    token = await api.token(COACH)
    manager = await Staff.get(email=MANAGER)
    await set_active(actor_id=manager.id, staff=await Staff.get(email=COACH), active=False)
    assert unauthenticated(await api.post(ME, token=token))
    body = await api.post(LOGIN, {"email": COACH, "password": DEMO_PASSWORD})
    assert body["data"]["login"]["token"] is None
    await set_active(actor_id=manager.id, staff=await Staff.get(email=COACH), active=True)
    assert unauthenticated(await api.post(ME, token=token))  # the old token stays dead
    assert await AuditEntry.filter(action="staff.deactivate").count() == 1


async def test_a_role_change_ends_every_token(api: Api) -> None:
    token = await api.token(HUB)
    manager = await Staff.get(email=MANAGER)
    staff = await Staff.get(email=HUB)
    agency = await Provider.get(name="EOP Portland - IRCO")
    await set_role(actor_id=manager.id, staff=staff, role=Role.CAREER_COACH, provider=agency)
    assert unauthenticated(await api.post(ME, token=token))
    me = (await api.post(ME, token=await _second_token(api, HUB)))["data"]["me"]
    assert me["role"] == "CAREER_COACH"
    assert await AuditEntry.filter(action="staff.role_change").count() == 1


async def test_a_token_without_a_version_is_refused(api: Api) -> None:
    import jwt

    from models import clock
    from models.config import get_settings

    staff = await Staff.get(email=COACH)
    old_style = jwt.encode(
        {"sub": str(staff.id), "aud": "rent-assist", "exp": int(clock.now().timestamp()) + 600},
        get_settings().secret_key,
        "HS256",
    )
    assert unauthenticated(await api.post(ME, token=old_style))
