"""Payment and Services Plans (hub staff): entered per funding source, one open plan per
funding source, ended with Housing Status at Funding End, still ended on an exited record
(R-PAY-2, R-PAY-5, R-PAY-6, R-OUT-6). Every check runs before any write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from models import clock
from models.actions import audit
from models.actions.access import AccessDenied, access_enrollment, row_id
from models.actions.outbox import unit_of_work
from models.actions.reference import reference_lists
from models.enrollments import Enrollment
from models.payments import Payment, PaymentPlan
from models.reference import ReferenceKind
from models.rules.enums import OutcomeHousingStatus
from models.rules.errors import Violation
from models.rules.plans import (
    plan_create_violations,
    plan_target_end_violations,
    plan_update_violations,
)
from models.rules.reference import choice_violation, choices_violation
from models.staff import Staff


class _Keep:
    """The value of an omitted field in an update: leave it as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()

PLAN_FIELDS = (
    "funding_source",
    "payment_types",
    "start_date",
    "target_end_date",
    "end_date",
    "housing_status_at_funding_end",
)


def _snapshot(row: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _reference_violations(
    lists: dict[ReferenceKind, list[str]], funding_source: str, payment_types: Sequence[str]
) -> list[Violation]:
    """The plan's funding source and payment types are values of the lists in force
    (R-REG-0, R-PAY-2)."""
    found = [
        choice_violation(
            funding_source,
            lists[ReferenceKind.FUNDING_SOURCE],
            field="input.fundingSource",
            label="The funding source",
            rule="R-REG-0, R-PAY-2",
        ),
        choices_violation(
            payment_types,
            lists[ReferenceKind.PAYMENT_TYPE],
            field="input.paymentTypes",
            label="The payment types",
            rule="R-REG-0, R-PAY-2",
        ),
    ]
    return [v for v in found if v is not None]


async def create_plan(
    *,
    staff: Staff,
    enrollment_id: str,
    funding_source: str,
    payment_types: Sequence[str],
    start_date: date,
    target_end_date: date,
) -> tuple[PaymentPlan | None, list[Violation]]:
    """Enter a Payment and Services Plan for a funding source that has no open plan on
    the record yet (R-PAY-2, R-PAY-5)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        violations = plan_create_violations(
            funding_source=funding_source,
            payment_types=frozenset(payment_types),
            start_date=start_date,
            target_end_date=target_end_date,
            application_date=row.application_date,
            review_date=row.review_date,
            program_status=row.program_status,
            today=clock.today(),
            open_plan_exists=await PaymentPlan.filter(
                enrollment_id=row.id, funding_source=funding_source, end_date__isnull=True
            ).exists(),
        )
        violations += _reference_violations(await reference_lists(), funding_source, payment_types)
        if violations:
            return None, violations
        plan = await PaymentPlan.create(
            enrollment=row,
            funding_source=funding_source,
            payment_types=list(dict.fromkeys(payment_types)),
            start_date=start_date,
            target_end_date=target_end_date,
            created_by=staff,
        )
        await audit.record(
            actor_id=staff.id,
            action="payment_plan.create",
            entity="PaymentPlan",
            entity_id=plan.id,
            after={"enrollment_id": row.id, **_snapshot(plan, PLAN_FIELDS)},
        )
    return plan, []


async def _access_plan(staff: Staff, plan_id: str) -> tuple[PaymentPlan, Enrollment]:
    number = row_id(plan_id)
    plan = await PaymentPlan.get_or_none(id=number) if number else None
    if plan is None:
        raise AccessDenied()
    row = await access_enrollment(staff, plan.enrollment_id, lock=True)  # type: ignore[attr-defined]
    return plan, row


async def update_plan(
    *,
    staff: Staff,
    plan_id: str,
    target_end_date: Any = KEEP,
    end_date: Any = KEEP,
    housing_status_at_funding_end: Any = KEEP,
) -> tuple[PaymentPlan | None, list[Violation]]:
    """Change a plan's target end, end it (with Housing Status at Funding End) or reopen it
    by clearing its end date; on an exited record only end it; KEEP leaves a field as it
    is (R-PAY-2, R-PAY-5, R-PAY-6, R-OUT-6)."""
    async with unit_of_work():
        plan, row = await _access_plan(staff, plan_id)
        old = _snapshot(plan, PLAN_FIELDS)
        new = dict(old)
        if target_end_date is not KEEP:
            new["target_end_date"] = target_end_date
        if end_date is not KEEP:
            new["end_date"] = end_date
            if end_date is None and housing_status_at_funding_end is KEEP:
                new["housing_status_at_funding_end"] = None  # reopened: no funding end yet
        if housing_status_at_funding_end is not KEEP:
            new["housing_status_at_funding_end"] = housing_status_at_funding_end
        status = new["housing_status_at_funding_end"]
        changed = frozenset(name for name in PLAN_FIELDS if new[name] != old[name])
        others = PaymentPlan.filter(
            enrollment_id=row.id, funding_source=plan.funding_source, end_date__isnull=True
        ).exclude(id=plan.id)
        paid_on = await Payment.filter(plan_id=plan.id).order_by("-paid_on").first()
        violations = plan_update_violations(
            program_status=row.program_status,
            end_date=new["end_date"],
            housing_status_at_funding_end=None if status is None else OutcomeHousingStatus(status),
            start_date=plan.start_date,
            today=clock.today(),
            changed=changed,
            funding_source=plan.funding_source,
            other_open_plan_exists=await others.exists(),
            last_payment_on=paid_on.paid_on if paid_on else None,
        )
        violations += plan_target_end_violations(new["target_end_date"], plan.start_date)
        if violations:
            return None, violations
        for name, value in new.items():
            setattr(plan, name, value)
        plan.modified_by_id, plan.modified_at = staff.id, clock.now()  # type: ignore[attr-defined]
        await plan.save(update_fields=[*PLAN_FIELDS, "modified_by_id", "modified_at"])
        await audit.record(
            actor_id=staff.id,
            action="payment_plan.update",
            entity="PaymentPlan",
            entity_id=plan.id,
            before=old,
            after=new,
        )
    return plan, []
