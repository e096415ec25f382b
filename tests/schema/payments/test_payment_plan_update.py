"""paymentPlanUpdate (R-PAY-2, R-OUT-6): target end, end with Housing Status at Funding
End (never Received RA Again), reopen by clearing the end date."""

from __future__ import annotations

from datetime import date

import pytest

from models import clock
from models.payments import PaymentPlan
from models.rules.enums import OutcomeHousingStatus, ProgramStatus
from models.system import AuditEntry
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.ids import gid
from tests.schema import moneykit as k

PAYMENT_PLAN_UPDATE = """
mutation($input: PaymentPlanUpdateInput!) {
  paymentPlanUpdate(input: $input) {
    paymentPlan { id targetEndDate endDate housingStatusAtFundingEnd }
    errors { field code message }
  }
}
"""


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(k.TODAY)


async def test_end_then_reopen(api: Api) -> None:
    row = await k.enrolled()
    plan = await k.plan(row)
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        {
            "input": {
                "planId": gid(plan),
                "endDate": "2025-02-28",
                "housingStatusAtFundingEnd": "HOUSED",
            }
        },
        as_=HUB,
    )
    assert data["paymentPlanUpdate"] == {
        "paymentPlan": {
            "id": gid(plan),
            "targetEndDate": "2025-06-30",
            "endDate": "2025-02-28",
            "housingStatusAtFundingEnd": "HOUSED",
        },
        "errors": [],
    }
    # an omitted field is left as it is
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        {"input": {"planId": gid(plan), "targetEndDate": "2025-07-31"}},
        as_=HUB,
    )
    assert data["paymentPlanUpdate"]["paymentPlan"]["endDate"] == "2025-02-28"
    # an explicit null clears the end date: the plan is open again, without a funding end
    data = await api.ok(
        PAYMENT_PLAN_UPDATE, {"input": {"planId": gid(plan), "endDate": None}}, as_=HUB
    )
    assert data["paymentPlanUpdate"]["paymentPlan"] == {
        "id": gid(plan),
        "targetEndDate": "2025-07-31",
        "endDate": None,
        "housingStatusAtFundingEnd": None,
    }
    assert await AuditEntry.filter(action="payment_plan.update").count() == 3


async def test_an_end_date_needs_the_funding_end_status(api: Api) -> None:
    row = await k.enrolled()
    plan = await k.plan(row)
    before = await k.snapshot(row)
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        {"input": {"planId": gid(plan), "endDate": "2025-02-28"}},
        as_=HUB,
    )
    assert k.codes(data["paymentPlanUpdate"]) == [
        ("FUNDING_END_STATUS_REQUIRED", "input.housingStatusAtFundingEnd")
    ]
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        {
            "input": {
                "planId": gid(plan),
                "endDate": "2025-02-28",
                "housingStatusAtFundingEnd": "RECEIVED_RA_AGAIN",
            }
        },
        as_=HUB,
    )
    assert k.codes(data["paymentPlanUpdate"]) == [("INVALID", "input.housingStatusAtFundingEnd")]
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        {
            "input": {
                "planId": gid(plan),
                "endDate": "2025-03-11",
                "housingStatusAtFundingEnd": "UNKNOWN",
                "targetEndDate": None,
            }
        },
        as_=HUB,
    )
    assert k.codes(data["paymentPlanUpdate"]) == [
        ("DATE_IN_FUTURE", "input.endDate"),
        ("REQUIRED", "input.targetEndDate"),
    ]
    assert await k.snapshot(row) == before


async def test_a_plan_of_an_exited_record_is_not_changed(api: Api) -> None:
    row = await k.exited()
    plan = await PaymentPlan.get(enrollment_id=row.id)
    before = await k.snapshot(row)
    data = await api.ok(
        PAYMENT_PLAN_UPDATE, {"input": {"planId": gid(plan), "endDate": None}}, as_=HUB
    )
    assert k.codes(data["paymentPlanUpdate"]) == [("WRONG_STAGE", None)]
    assert await k.snapshot(row) == before
    assert row.program_status is ProgramStatus.EXIT
    assert plan.housing_status_at_funding_end is OutcomeHousingStatus.HOUSED
    assert plan.end_date == date(2025, 2, 28)


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_denied(api: Api, who: str) -> None:
    row = await k.enrolled()
    plan = await k.plan(row)
    before = await k.snapshot(row)
    body = await api.post(
        PAYMENT_PLAN_UPDATE,
        {"input": {"planId": gid(plan), "targetEndDate": "2025-09-30"}},
        as_=who,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before


async def test_unknown_plan_is_forbidden(api: Api) -> None:
    body = await api.post(PAYMENT_PLAN_UPDATE, {"input": {"planId": "999999"}}, as_=HUB)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
