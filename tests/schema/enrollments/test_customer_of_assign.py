"""customerOfAssign (R-ENR-2): after acceptance, hub staff move Customer Of to a staff
member of that hub only; hubStaff lists who."""

from __future__ import annotations

import pytest

from models.enrollments import Enrollment
from models.system import AuditEntry
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, Api
from tests.hubkit import APPLIED, errors, forbidden, people
from tests.ids import gid, ref
from tests.snapshot import snapshot

ASSIGN = """
mutation Assign($id: ID!, $staff: ID!) {
  customerOfAssign(enrollmentId: $id, staffId: $staff) {
    enrollment { id customerOf { email role } referredBy { email } }
    errors { field code message }
  }
}
"""
HUB_STAFF = "query Who($hub: ID!) { hubStaff(hubId: $hub) { id email } }"


async def assign(api: Api, row: Enrollment, staff_id: object, as_: str = HUB) -> dict:
    body = await api.post(ASSIGN, {"id": gid(row), "staff": ref("Staff", staff_id)}, as_=as_)
    return body["data"]["customerOfAssign"]


async def test_hub_takes_over_customer_of_from_the_hub_staff_list(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    listed = await api.ok(HUB_STAFF, {"hub": ref("Provider", ra.provider_id)}, as_=HUB)  # type: ignore[attr-defined]
    advocate = next(s for s in listed["hubStaff"] if s["email"] == HUB_ADVOCATE)

    payload = await assign(api, ra, advocate["id"])

    assert payload["errors"] == []
    assert payload["enrollment"]["customerOf"] == {"email": HUB_ADVOCATE, "role": "HUB_STAFF"}
    assert payload["enrollment"]["referredBy"] == {"email": COACH}  # for good (R-ENR-1)
    entry = await AuditEntry.get(action="enrollment.customer_of")
    assert entry.changes == {"customer_of_id": [p.coach.id, p.advocate.id]}


async def _refused(api: Api, row: Enrollment, staff_id: object, expected: list) -> None:
    before = await snapshot()
    payload = await assign(api, row, staff_id)
    assert payload["enrollment"] is None
    assert errors(payload) == expected
    assert await snapshot() == before


async def test_not_before_acceptance(api: Api) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    await _refused(api, ra, p.advocate.id, [("CUSTOMER_OF_NOT_ALLOWED", "enrollmentId")])


@pytest.mark.parametrize("target", ["hub_ojf", "coach", "coach_ojf", "manager", "unknown"])
async def test_only_to_a_staff_member_of_that_hub(api: Api, target: str) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    staff_id = 999999 if target == "unknown" else getattr(p, target).id
    await _refused(api, ra, staff_id, [("CUSTOMER_OF_NOT_ALLOWED", "staffId")])


async def test_not_to_an_inactive_account(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    p.advocate.is_active = False
    await p.advocate.save(update_fields=["is_active"])
    await _refused(api, ra, p.advocate.id, [("CUSTOMER_OF_NOT_ALLOWED", "staffId")])


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_only_the_records_hub_assigns(api: Api, who: str) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    before = await snapshot()
    body = await api.post(ASSIGN, {"id": gid(ra), "staff": gid(p.hub_ojf)}, as_=who)
    assert forbidden(body)
    assert await snapshot() == before
