"""paymentCreate (R-PAY-3, R-PAY-4): every failed check reported at once, engagement
judged on the coaching services copied into the RA record, over-requested flagged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import clock
from models.enrollments import Enrollment, Registration
from models.payments import Payment
from models.rules.enums import ProgramStatus
from models.services import Service
from models.system import AuditEntry
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, Api
from tests.ids import gid, row_id
from tests.schema import moneykit as k

PAYMENT_CREATE = """
mutation($input: PaymentCreateInput!) {
  paymentCreate(input: $input) {
    payment { id paidOn amount forMonth fundingSource paymentType overRequested }
    errors { field code message }
  }
}
"""


def payment(row: Enrollment, **overrides: object) -> dict:
    values = {
        "enrollmentId": gid(row),
        "paidOn": "2025-01-20",
        "amount": "1100.00",
        "forMonth": "2025-01",
        "fundingSource": k.FUND,
        "paymentType": k.RENT,
    }
    values.update(overrides)
    return {"input": values}


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(k.TODAY)  # after create_app, which configures the clock


async def test_a_payment_in_the_first_month(api: Api) -> None:
    row = await k.enrolled()
    await k.plan(row)
    data = await api.ok(PAYMENT_CREATE, payment(row), as_=HUB)
    result = data["paymentCreate"]
    assert result["errors"] == []
    assert result["payment"] == {
        "id": result["payment"]["id"],
        "paidOn": "2025-01-20",
        "amount": "1100.00",
        "forMonth": "2025-01",
        "fundingSource": k.FUND,
        "paymentType": k.RENT,
        "overRequested": False,
    }
    stored = await Payment.get(id=row_id(result["payment"]["id"]))
    assert stored.entered_by_id == (await f.staff(HUB)).id  # type: ignore[attr-defined]
    assert await AuditEntry.filter(action="payment.create", entity_id=str(stored.id)).count() == 1


async def test_engagement_missing_names_the_month_then_a_copied_service_allows_it(
    api: Api,
) -> None:
    row = await k.enrolled()
    await k.plan(row)
    before = await k.snapshot(row)
    data = await api.ok(
        PAYMENT_CREATE, payment(row, paidOn="2025-03-05", forMonth="2025-03"), as_=HUB
    )
    errors = data["paymentCreate"]["errors"]
    assert k.codes(data["paymentCreate"]) == [("ENGAGEMENT_MISSING", "input.paidOn")]
    assert "February 2025" in errors[0]["message"]
    assert await k.snapshot(row) == before
    # coaching in February in the program record only does not count (R-PAY-3: in the RA record)
    program = await Enrollment.get(customer_id=row.customer_id, is_ra=False)  # type: ignore[attr-defined]
    coach = await f.staff(COACH)
    original = await f.coaching(program, coach, date(2025, 2, 14))
    data = await api.ok(
        PAYMENT_CREATE, payment(row, paidOn="2025-03-05", forMonth="2025-03"), as_=HUB
    )
    assert k.codes(data["paymentCreate"]) == [("ENGAGEMENT_MISSING", "input.paidOn")]
    await Service.create(
        enrollment=row,
        type=original.type,
        start_date=original.start_date,
        end_date=original.end_date,
        copied_from=original,
        entered_by=coach,
    )
    data = await api.ok(
        PAYMENT_CREATE, payment(row, paidOn="2025-03-05", forMonth="2025-03"), as_=HUB_ADVOCATE
    )
    assert data["paymentCreate"]["errors"] == []


async def test_every_failure_is_reported_at_once(api: Api) -> None:
    row = await k.enrolled()
    await k.plan(row, start=date(2025, 2, 1))
    before = await k.snapshot(row)
    data = await api.ok(
        PAYMENT_CREATE,
        payment(
            row, paidOn="2025-01-05", amount="0", forMonth="2025-13", paymentType="Moving Costs"
        ),
        as_=HUB,
    )
    assert sorted(k.codes(data["paymentCreate"])) == sorted(
        [
            ("INVALID", "input.amount"),
            ("INVALID", "input.forMonth"),
            ("DATE_BEFORE_APPLICATION", "input.paidOn"),
            ("NO_ACTIVE_PLAN", "input.fundingSource"),
        ]
    )
    assert data["paymentCreate"]["payment"] is None
    assert await k.snapshot(row) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"fully_enrolled": False}, [("NOT_FULLY_ENROLLED", None)]),
        ({"program_status": ProgramStatus.EXIT}, [("WRONG_STAGE", None)]),
    ],
)
async def test_record_must_be_fully_enrolled_and_open(
    api: Api, change: dict, expected: list
) -> None:
    row = await k.enrolled()
    await k.plan(row)
    for name, value in change.items():
        setattr(row, name, value)
    await row.save(update_fields=list(change))
    before = await k.snapshot(row)
    data = await api.ok(PAYMENT_CREATE, payment(row), as_=HUB)
    assert k.codes(data["paymentCreate"]) == expected
    assert await k.snapshot(row) == before


async def test_no_active_plan_after_its_end_date_and_future_dates(api: Api) -> None:
    row = await k.enrolled()
    await k.plan(row, end=date(2025, 1, 31))
    before = await k.snapshot(row)
    data = await api.ok(PAYMENT_CREATE, payment(row, paidOn="2025-02-01"), as_=HUB)
    assert k.codes(data["paymentCreate"]) == [("NO_ACTIVE_PLAN", "input.fundingSource")]
    future = (k.TODAY + timedelta(days=1)).isoformat()
    data = await api.ok(PAYMENT_CREATE, payment(row, paidOn=future), as_=HUB)
    assert ("DATE_IN_FUTURE", "input.paidOn") in k.codes(data["paymentCreate"])
    assert await k.snapshot(row) == before


async def test_over_requested_is_accepted_and_flagged(api: Api) -> None:
    row = await k.enrolled()
    await k.plan(row)
    await Registration.filter(enrollment_id=row.id).update(total_amount_requested="2000.00")
    first = await api.ok(PAYMENT_CREATE, payment(row, amount="1500.00"), as_=HUB)
    assert first["paymentCreate"]["payment"]["overRequested"] is False
    exact = await api.ok(PAYMENT_CREATE, payment(row, amount="500.00"), as_=HUB)
    assert exact["paymentCreate"]["payment"]["overRequested"] is False
    over = await api.ok(PAYMENT_CREATE, payment(row, amount="0.01"), as_=HUB)
    assert over["paymentCreate"]["payment"]["overRequested"] is True
    assert over["paymentCreate"]["errors"] == []


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_only_the_hub_staff_may_pay(api: Api, who: str) -> None:
    row = await k.enrolled()
    await k.plan(row)
    before = await k.snapshot(row)
    body = await api.post(PAYMENT_CREATE, payment(row), as_=who)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before
