"""paymentPlanUpdate (R-PAY-2, R-PAY-5, R-PAY-6, R-OUT-6): target end, end with Housing
Status at Funding End (never Received RA Again), reopen by clearing the end date unless
another plan for the funding source is open, never end before the plan's last payment;
on an Exit or Auto Exit record a plan can still be ended, and only that."""

from __future__ import annotations

from datetime import date

import pytest

from models import clock
from models.payments import PaymentPlan
from models.rules.enums import OutcomeHousingStatus, ProgramStatus
from models.system import AuditEntry
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, Api
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


def _update(plan: PaymentPlan, **fields: object) -> dict:
    return {"input": {"planId": gid(plan), **fields}}


@pytest.mark.parametrize("status", [ProgramStatus.AUTO_EXIT, ProgramStatus.EXIT])
async def test_an_exited_records_open_plan_is_ended_then_nothing_more(
    api: Api, status: ProgramStatus
) -> None:
    """R-PAY-6: the 90-day sweep left the plan open; the hub ends it with Housing Status
    at Funding End (the guide: "when payments end, Hub staff must enter Housing Status at
    Funding End"), may correct that status, and may not reopen or extend it."""
    row = await k.enrolled()
    plan = await k.plan(row)
    await k.pay(row, "900.00", date(2025, 1, 20))
    row.program_status, row.exit_date = status, date(2025, 1, 20)
    await row.save(update_fields=["program_status", "exit_date"])
    early = await api.ok(
        PAYMENT_PLAN_UPDATE,
        _update(plan, endDate="2025-01-19", housingStatusAtFundingEnd="HOUSED"),
        as_=HUB,
    )
    assert k.codes(early["paymentPlanUpdate"]) == [("INVALID", "input.endDate")]
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        _update(plan, endDate="2025-01-20", housingStatusAtFundingEnd="UNKNOWN"),
        as_=HUB,
    )
    assert data["paymentPlanUpdate"]["errors"] == []
    assert data["paymentPlanUpdate"]["paymentPlan"]["endDate"] == "2025-01-20"
    data = await api.ok(
        PAYMENT_PLAN_UPDATE, _update(plan, housingStatusAtFundingEnd="HOUSED"), as_=HUB_ADVOCATE
    )
    assert data["paymentPlanUpdate"]["paymentPlan"]["housingStatusAtFundingEnd"] == "HOUSED"
    before = await k.snapshot(row)
    for refused in (
        _update(plan, endDate=None),
        _update(plan, targetEndDate="2025-12-31"),
        _update(plan, endDate="2025-02-28", targetEndDate="2025-12-31"),
    ):
        data = await api.ok(PAYMENT_PLAN_UPDATE, refused, as_=HUB)
        assert k.codes(data["paymentPlanUpdate"]) == [("WRONG_STAGE", None)]
        assert "R-PAY-6" in data["paymentPlanUpdate"]["errors"][0]["message"]
    assert await k.snapshot(row) == before


async def test_reopening_keeps_one_open_plan_per_funding_source(api: Api) -> None:
    """R-PAY-5: an ended plan is not reopened beside another open plan for its funding
    source."""
    row = await k.enrolled()
    ended = await k.plan(row, end=date(2025, 1, 31))
    await k.plan(row, start=date(2025, 2, 1))
    before = await k.snapshot(row)
    data = await api.ok(PAYMENT_PLAN_UPDATE, _update(ended, endDate=None), as_=HUB)
    assert k.codes(data["paymentPlanUpdate"]) == [("PLAN_EXISTS", "input.endDate")]
    assert await k.snapshot(row) == before


async def test_a_plan_ends_on_or_after_its_last_payment(api: Api) -> None:
    row = await k.enrolled()
    plan = await k.plan(row)
    await k.pay(row, "900.00", date(2025, 2, 3))
    before = await k.snapshot(row)
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        _update(plan, endDate="2025-02-02", housingStatusAtFundingEnd="HOUSED"),
        as_=HUB,
    )
    assert k.codes(data["paymentPlanUpdate"]) == [("INVALID", "input.endDate")]
    assert "2025-02-03" in data["paymentPlanUpdate"]["errors"][0]["message"]
    assert await k.snapshot(row) == before
    data = await api.ok(
        PAYMENT_PLAN_UPDATE,
        _update(plan, endDate="2025-02-03", housingStatusAtFundingEnd="HOUSED"),
        as_=HUB,
    )
    assert data["paymentPlanUpdate"]["errors"] == []


async def test_a_plan_of_an_exited_record_is_not_reopened(api: Api) -> None:
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
