"""Shared set-up of the Payments and Outcomes API tests: records in each state built by
the factories, and a snapshot of everything a refused call must leave unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models.enrollments import Enrollment
from models.payments import Outcome, Payment, PaymentPlan
from models.rules.enums import OutcomeHousingStatus, OutcomeType, ProgramStatus, ServiceType
from models.services import CaseNote, Service
from models.system import AuditEntry, Notification
from tests import factories as f
from tests.conftest import COACH, HUB

APPLIED = date(2025, 1, 10)  # review and participation on 2025-01-13
TODAY = date(2025, 3, 10)
FUND = "Worksystems Rent Assistance"
RENT = "Rent"


async def snapshot(row: Enrollment | None = None) -> tuple[object, ...]:
    """Row counts and the record's own columns: a refused call changes none of them."""
    counts = tuple(
        [
            await model.all().count()
            for model in (
                Payment,
                PaymentPlan,
                Outcome,
                AuditEntry,
                Notification,
                CaseNote,
                Service,
            )
        ]
    )
    if row is None:
        return counts
    fresh = await Enrollment.get(id=row.id)
    plans = await PaymentPlan.filter(enrollment_id=row.id).values()
    outcomes = await Outcome.filter(enrollment_id=row.id).values()
    own = {k: v for k, v in fresh.__dict__.items() if not k.startswith("_")}
    return counts, own, plans, outcomes


async def enrolled() -> Enrollment:
    """A fully enrolled record (R-SVC-4) of the demo coach at Latino Network."""
    return await f.enrolled_record(
        await f.staff(COACH), await f.staff(HUB), application_date=APPLIED
    )


async def plan(
    row: Enrollment, *, start: date = date(2025, 1, 13), end: date | None = None
) -> PaymentPlan:
    return await PaymentPlan.create(
        enrollment=row,
        funding_source=FUND,
        payment_types=[RENT, "Security Deposit"],
        start_date=start,
        target_end_date=date(2025, 6, 30),
        end_date=end,
        housing_status_at_funding_end=OutcomeHousingStatus.HOUSED if end else None,
        created_by=await f.staff(HUB),
    )


async def final_rent_exit(row: Enrollment, on: date) -> Service:
    return await Service.create(
        enrollment=row,
        type=ServiceType.HUB_FINAL_RENT_EXIT,
        start_date=on,
        end_date=on,
        entered_by=await f.staff(HUB),
    )


async def exited(
    on: date = date(2025, 2, 28), *, at_exit: OutcomeHousingStatus | None = None
) -> Enrollment:
    """An exited record: plan ended, Hub Final Rent Exit on `on`, optionally At Exit."""
    row = await enrolled()
    await plan(row, end=on)
    await final_rent_exit(row, on)
    row.program_status, row.exit_date, row.lq_fund_service_date = ProgramStatus.EXIT, on, on
    await row.save(update_fields=["program_status", "exit_date", "lq_fund_service_date"])
    if at_exit is not None:
        await Outcome.create(
            enrollment=row, type=OutcomeType.AT_EXIT, housing_status=at_exit, recorded_on=on
        )
    return row


async def pay(row: Enrollment, amount: str, on: date = date(2025, 1, 20)) -> Payment:
    p = await PaymentPlan.filter(enrollment_id=row.id).first()
    assert p is not None
    return await Payment.create(
        enrollment=row,
        plan=p,
        paid_on=on,
        amount=Decimal(amount),
        for_month="2025-01",
        funding_source=FUND,
        payment_type=RENT,
        entered_by=await f.staff(HUB),
    )


def codes(payload: dict) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]
