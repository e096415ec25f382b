"""enrollmentExit (R-OUT-3): a Hub Final Rent Exit and every plan ended; the exit date is
that service's date."""

from __future__ import annotations

from datetime import date

import pytest

from models import clock
from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from models.system import AuditEntry
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.ids import gid
from tests.schema import moneykit as k

ENROLLMENT_EXIT = """
mutation($id: ID!) {
  enrollmentExit(enrollmentId: $id) {
    enrollment { id programStatus exitDate stage }
    errors { field code message }
  }
}
"""


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(k.TODAY)


async def test_exit_takes_the_final_rent_exit_date(api: Api) -> None:
    row = await k.enrolled()
    await k.plan(row, end=date(2025, 2, 28))
    await k.final_rent_exit(row, date(2025, 2, 28))
    data = await api.ok(ENROLLMENT_EXIT, {"id": gid(row)}, as_=HUB)
    assert data["enrollmentExit"] == {
        "enrollment": {
            "id": gid(row),
            "programStatus": "EXIT",
            "exitDate": "2025-02-28",
            "stage": "CLOSED",
        },
        "errors": [],
    }
    entry = await AuditEntry.get(action="enrollment.exit")
    assert entry.changes == {"program_status": ["OPEN", "EXIT"], "exit_date": [None, "2025-02-28"]}


async def test_both_conditions_reported_at_once(api: Api) -> None:
    row = await k.enrolled()
    await k.plan(row)
    before = await k.snapshot(row)
    data = await api.ok(ENROLLMENT_EXIT, {"id": gid(row)}, as_=HUB)
    assert k.codes(data["enrollmentExit"]) == [
        ("FINAL_RENT_EXIT_REQUIRED", None),
        ("PLANS_NOT_ENDED", None),
    ]
    assert data["enrollmentExit"]["enrollment"] is None
    assert await k.snapshot(row) == before


async def test_plans_not_ended(api: Api) -> None:
    row = await k.enrolled()
    await k.plan(row, end=date(2025, 2, 1))
    await k.plan(row)
    await k.final_rent_exit(row, date(2025, 2, 28))
    before = await k.snapshot(row)
    data = await api.ok(ENROLLMENT_EXIT, {"id": gid(row)}, as_=HUB)
    assert k.codes(data["enrollmentExit"]) == [("PLANS_NOT_ENDED", None)]
    assert await k.snapshot(row) == before


async def test_wrong_stage_when_closed_or_not_accepted(api: Api) -> None:
    exited = await k.exited()
    sent = await f.sent_referral(await f.staff(COACH), application_date=k.APPLIED)
    before = (await k.snapshot(exited), await k.snapshot(sent))
    for row in (exited, sent):
        data = await api.ok(ENROLLMENT_EXIT, {"id": gid(row)}, as_=HUB)
        assert k.codes(data["enrollmentExit"]) == [("WRONG_STAGE", None)]
    assert (await k.snapshot(exited), await k.snapshot(sent)) == before
    assert (await Enrollment.get(id=sent.id)).program_status is ProgramStatus.OPEN


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_denied(api: Api, who: str) -> None:
    row = await k.enrolled()
    await k.plan(row, end=date(2025, 2, 28))
    await k.final_rent_exit(row, date(2025, 2, 28))
    before = await k.snapshot(row)
    body = await api.post(ENROLLMENT_EXIT, {"id": gid(row)}, as_=who)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before
