"""servicePointIdSet (R-PAY-1): hub staff, once the record is fully enrolled."""

from __future__ import annotations

import pytest

from models import clock
from models.enrollments import Enrollment
from models.system import AuditEntry
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.ids import gid
from tests.schema import moneykit as k

SERVICE_POINT_ID_SET = """
mutation($id: ID!, $spid: String!) {
  servicePointIdSet(enrollmentId: $id, servicePointId: $spid) {
    enrollment { id servicePointId }
    errors { field code message }
  }
}
"""


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(k.TODAY)


async def test_set_on_a_fully_enrolled_record(api: Api) -> None:
    row = await k.enrolled()
    data = await api.ok(SERVICE_POINT_ID_SET, {"id": gid(row), "spid": " SP-1234 "}, as_=HUB)
    assert data["servicePointIdSet"] == {
        "enrollment": {"id": gid(row), "servicePointId": "SP-1234"},
        "errors": [],
    }
    assert (await Enrollment.get(id=row.id)).service_point_id == "SP-1234"
    entry = await AuditEntry.get(action="service_point_id.set")
    assert entry.changes == {"service_point_id": [None, "SP-1234"]}


async def test_refused_before_full_enrollment(api: Api) -> None:
    row = await f.accepted_referral(
        await f.staff(COACH), await f.staff(HUB), application_date=k.APPLIED
    )
    before = await k.snapshot(row)
    data = await api.ok(SERVICE_POINT_ID_SET, {"id": gid(row), "spid": "SP-1"}, as_=HUB)
    assert k.codes(data["servicePointIdSet"]) == [("NOT_FULLY_ENROLLED", "servicePointId")]
    assert data["servicePointIdSet"]["enrollment"] is None
    assert await k.snapshot(row) == before


async def test_blank_is_required(api: Api) -> None:
    row = await k.enrolled()
    before = await k.snapshot(row)
    data = await api.ok(SERVICE_POINT_ID_SET, {"id": gid(row), "spid": "  "}, as_=HUB)
    assert k.codes(data["servicePointIdSet"]) == [("REQUIRED", "servicePointId")]
    assert await k.snapshot(row) == before


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_denied(api: Api, who: str) -> None:
    row = await k.enrolled()
    before = await k.snapshot(row)
    body = await api.post(SERVICE_POINT_ID_SET, {"id": gid(row), "spid": "SP-1"}, as_=who)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before
