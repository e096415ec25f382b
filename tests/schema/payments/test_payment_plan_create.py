"""paymentPlanCreate (R-PAY-2, R-PAY-5, R-PAY-6, R-REG-0): funding source and payment types
from the reference data in force, one open plan per funding source, an accepted open
record, dates not in the future nor before the application date."""

from __future__ import annotations

import pytest

from models import clock
from models.enrollments import Enrollment
from models.payments import PaymentPlan
from models.reference import ReferenceItem, ReferenceKind
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
    messages = [e["message"] for e in data["paymentPlanCreate"]["errors"]]
    assert "Worksystems Rent Assistance" in messages[0] and "Lottery" not in messages[0]
    assert "Security Deposit" in messages[1] and "Groceries" not in messages[1]
    assert await k.snapshot(row) == before


async def test_one_open_plan_per_funding_source(api: Api) -> None:
    """R-PAY-5: a second plan for a funding source with an open plan is refused; another
    funding source, or the same one after the first plan ended, is not."""
    row = await k.enrolled()
    await k.plan(row)
    before = await k.snapshot(row)
    data = await api.ok(PAYMENT_PLAN_CREATE, plan_input(row, startDate="2025-02-01"), as_=HUB)
    assert k.codes(data["paymentPlanCreate"]) == [("PLAN_EXISTS", "input.fundingSource")]
    assert "R-PAY-5" in data["paymentPlanCreate"]["errors"][0]["message"]
    assert await k.snapshot(row) == before
    other = plan_input(row, fundingSource="Supportive Housing Services (SHS)")
    assert (await api.ok(PAYMENT_PLAN_CREATE, other, as_=HUB))["paymentPlanCreate"]["errors"] == []
    await PaymentPlan.filter(enrollment_id=row.id, funding_source=k.FUND).update(
        end_date="2025-01-31", housing_status_at_funding_end="HOUSED"
    )
    again = await api.ok(PAYMENT_PLAN_CREATE, plan_input(row, startDate="2025-02-01"), as_=HUB)
    assert again["paymentPlanCreate"]["errors"] == []
    assert await PaymentPlan.filter(enrollment_id=row.id).count() == 3


async def test_a_retired_funding_source_takes_no_new_plan(api: Api) -> None:
    """R-REG-0: retired from the list, a funding source is refused for a new plan; the
    plan saved with it before stays readable."""
    row = await k.enrolled()
    await k.plan(row)
    await ReferenceItem.filter(kind=ReferenceKind.FUNDING_SOURCE, name=k.FUND).delete()
    before = await k.snapshot(row)
    data = await api.ok(PAYMENT_PLAN_CREATE, plan_input(row, startDate="2025-02-01"), as_=HUB)
    assert ("INVALID", "input.fundingSource") in k.codes(data["paymentPlanCreate"])
    assert await k.snapshot(row) == before
    assert (await PaymentPlan.get(enrollment_id=row.id)).funding_source == k.FUND


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


@pytest.mark.parametrize("status", [ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT])
async def test_refused_on_a_closed_or_unaccepted_record(api: Api, status: ProgramStatus) -> None:
    row = await k.enrolled()
    row.program_status = status
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
