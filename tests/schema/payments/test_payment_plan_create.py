"""paymentPlanCreate (R-PAY-2): funding source and payment types from the reference data,
an accepted open record, dates not in the future nor before the application date."""

from __future__ import annotations

import pytest

from models import clock
from models.enrollments import Enrollment
from models.payments import PaymentPlan
from models.rules.enums import ProgramStatus
from models.system import AuditEntry
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.ids import gid, row_id
from tests.schema import moneykit as k

PAYMENT_PLAN_CREATE = """
mutation($input: PaymentPlanCreateInput!) {
  paymentPlanCreate(input: $input) {
    paymentPlan { id fundingSource paymentTypes startDate targetEndDate endDate
                  housingStatusAtFundingEnd }
    errors { field code message }
  }
}
"""


def plan_input(row: Enrollment, **overrides: object) -> dict:
    values = {
        "enrollmentId": gid(row),
        "fundingSource": k.FUND,
        "paymentTypes": [k.RENT],
        "startDate": "2025-01-13",
        "targetEndDate": "2025-12-31",
    }
    values.update(overrides)
    return {"input": values}


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(k.TODAY)


async def test_create_a_plan(api: Api) -> None:
    row = await k.enrolled()
    data = await api.ok(
        PAYMENT_PLAN_CREATE, plan_input(row, paymentTypes=[k.RENT, "Security Deposit"]), as_=HUB
    )
    plan = data["paymentPlanCreate"]["paymentPlan"]
    assert data["paymentPlanCreate"]["errors"] == []
    assert plan == {
        "id": plan["id"],
        "fundingSource": k.FUND,
        "paymentTypes": [k.RENT, "Security Deposit"],
        "startDate": "2025-01-13",
        "targetEndDate": "2025-12-31",
        "endDate": None,
        "housingStatusAtFundingEnd": None,
    }
    assert (
        await AuditEntry.filter(
            action="payment_plan.create", entity_id=str(row_id(plan["id"]))
        ).count()
        == 1
    )


async def test_an_accepted_record_not_yet_participating_may_plan(api: Api) -> None:
    row = await f.accepted_referral(
        await f.staff(COACH), await f.staff(HUB), application_date=k.APPLIED
    )
    data = await api.ok(PAYMENT_PLAN_CREATE, plan_input(row), as_=HUB)
    assert data["paymentPlanCreate"]["errors"] == []


async def test_reference_data_names_the_field(api: Api) -> None:
    row = await k.enrolled()
    before = await k.snapshot(row)
    data = await api.ok(
        PAYMENT_PLAN_CREATE,
        plan_input(row, fundingSource="Lottery", paymentTypes=[k.RENT, "Groceries"]),
        as_=HUB,
    )
    assert k.codes(data["paymentPlanCreate"]) == [
        ("INVALID", "input.fundingSource"),
        ("INVALID", "input.paymentTypes"),
    ]
    assert "Groceries" in data["paymentPlanCreate"]["errors"][1]["message"]
    assert await k.snapshot(row) == before


async def test_dates_and_required_fields(api: Api) -> None:
    row = await k.enrolled()
    before = await k.snapshot(row)
    data = await api.ok(
        PAYMENT_PLAN_CREATE,
        plan_input(
            row,
            fundingSource=" ",
            paymentTypes=[],
            startDate="2025-01-09",
            targetEndDate="2025-01-01",
        ),
        as_=HUB,
    )
    assert k.codes(data["paymentPlanCreate"]) == [
        ("REQUIRED", "input.fundingSource"),
        ("REQUIRED", "input.paymentTypes"),
        ("DATE_BEFORE_APPLICATION", "input.startDate"),
        ("INVALID", "input.targetEndDate"),
    ]
    data = await api.ok(PAYMENT_PLAN_CREATE, plan_input(row, startDate="2025-03-11"), as_=HUB)
    assert k.codes(data["paymentPlanCreate"]) == [("DATE_IN_FUTURE", "input.startDate")]
    assert await k.snapshot(row) == before


async def test_refused_on_a_closed_or_unaccepted_record(api: Api) -> None:
    row = await k.enrolled()
    row.program_status = ProgramStatus.EXIT
    await row.save(update_fields=["program_status"])
    sent = await f.sent_referral(await f.staff(COACH), application_date=k.APPLIED)
    before = (await k.snapshot(row), await k.snapshot(sent))
    data = await api.ok(PAYMENT_PLAN_CREATE, plan_input(row), as_=HUB)
    assert k.codes(data["paymentPlanCreate"]) == [("WRONG_STAGE", None)]
    data = await api.ok(PAYMENT_PLAN_CREATE, plan_input(sent), as_=HUB)
    assert k.codes(data["paymentPlanCreate"]) == [("NOT_ACCEPTED", None)]
    assert (await k.snapshot(row), await k.snapshot(sent)) == before
    assert await PaymentPlan.all().count() == 0


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_denied(api: Api, who: str) -> None:
    row = await k.enrolled()
    before = await k.snapshot(row)
    body = await api.post(PAYMENT_PLAN_CREATE, plan_input(row), as_=who)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before
