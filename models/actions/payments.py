"""The Payments tab (hub staff): Service Point ID, payment plans and payments
(R-PAY-1..4). Every check runs before any write, so a refused call writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from models import clock
from models.actions import audit
from models.actions.access import AccessDenied, access_enrollment, row_id
from models.actions.outbox import unit_of_work
from models.actions.reference import reference_lists
from models.enrollments import Enrollment, Registration
from models.payments import Payment, PaymentPlan
from models.reference import ReferenceKind
from models.rules.enums import ErrorCode, OutcomeHousingStatus
from models.rules.errors import Violation
from models.rules.payments import (
    PaymentFacts,
    PlanFact,
    is_over_requested,
    payment_violations,
    plan_active,
    plan_create_violations,
    plan_target_end_violations,
    plan_update_violations,
    service_point_id_violations,
)
from models.rules.services import COACHING_TYPES
from models.services import Service
from models.staff import Staff


class _Keep:
    """The value of an omitted field in an update: leave it as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()

_PLAN_FIELDS = (
    "funding_source",
    "payment_types",
    "start_date",
    "target_end_date",
    "end_date",
    "housing_status_at_funding_end",
)
_PAYMENT_FIELDS = ("paid_on", "amount", "for_month", "funding_source", "payment_type")


def _snapshot(row: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


async def set_service_point_id(
    *, staff: Staff, enrollment_id: str, service_point_id: str
) -> tuple[Enrollment | None, list[Violation]]:
    """Enter the Service Point ID of a fully enrolled record (R-PAY-1)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        value = service_point_id.strip()
        violations = service_point_id_violations(row.fully_enrolled)
        if not value:
            violations.append(
                Violation(
                    ErrorCode.REQUIRED, "Enter the Service Point ID (R-PAY-1)", "servicePointId"
                )
            )
        if violations:
            return None, violations
        before = {"service_point_id": row.service_point_id}
        row.service_point_id = value
        await row.save(update_fields=["service_point_id"])
        await audit.record(
            actor_id=staff.id,
            action="service_point_id.set",
            entity="Enrollment",
            entity_id=row.id,
            before=before,
            after={"service_point_id": value},
        )
    return row, []


def _reference_violations(
    lists: dict[ReferenceKind, list[str]], funding_source: str, payment_types: Sequence[str]
) -> list[Violation]:
    violations = []
    if funding_source.strip() and funding_source not in lists[ReferenceKind.FUNDING_SOURCE]:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                f"{funding_source!r} is not a funding source of the reference data (R-PAY-2)",
                "input.fundingSource",
            )
        )
    unknown = [t for t in payment_types if t not in lists[ReferenceKind.PAYMENT_TYPE]]
    if unknown:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                f"Not a payment type of the reference data: {', '.join(unknown)} (R-PAY-2)",
                "input.paymentTypes",
            )
        )
    return violations


async def create_plan(
    *,
    staff: Staff,
    enrollment_id: str,
    funding_source: str,
    payment_types: Sequence[str],
    start_date: date,
    target_end_date: date,
) -> tuple[PaymentPlan | None, list[Violation]]:
    """Enter a Payment and Services Plan for one funding source (R-PAY-2)."""
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
            after={"enrollment_id": row.id, **_snapshot(plan, _PLAN_FIELDS)},
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
    by clearing its end date; KEEP leaves a field as it is (R-PAY-2, R-OUT-6)."""
    async with unit_of_work():
        plan, row = await _access_plan(staff, plan_id)
        new = _snapshot(plan, _PLAN_FIELDS)
        if target_end_date is not KEEP:
            new["target_end_date"] = target_end_date
        if end_date is not KEEP:
            new["end_date"] = end_date
            if end_date is None and housing_status_at_funding_end is KEEP:
                new["housing_status_at_funding_end"] = None  # reopened: no funding end yet
        if housing_status_at_funding_end is not KEEP:
            new["housing_status_at_funding_end"] = housing_status_at_funding_end
        status = new["housing_status_at_funding_end"]
        violations = plan_update_violations(
            program_status=row.program_status,
            end_date=new["end_date"],
            housing_status_at_funding_end=None if status is None else OutcomeHousingStatus(status),
            start_date=plan.start_date,
            today=clock.today(),
        )
        violations += plan_target_end_violations(new["target_end_date"], plan.start_date)
        if violations:
            return None, violations
        before = _snapshot(plan, _PLAN_FIELDS)
        for name, value in new.items():
            setattr(plan, name, value)
        plan.modified_by_id, plan.modified_at = staff.id, clock.now()  # type: ignore[attr-defined]
        await plan.save(update_fields=[*_PLAN_FIELDS, "modified_by_id", "modified_at"])
        await audit.record(
            actor_id=staff.id,
            action="payment_plan.update",
            entity="PaymentPlan",
            entity_id=plan.id,
            before=before,
            after=new,
        )
    return plan, []


async def _payment_facts(row: Enrollment, plans: Sequence[PaymentPlan]) -> PaymentFacts:
    coaching = await Service.filter(
        enrollment_id=row.id, copied_from_id__isnull=False, type__in=list(COACHING_TYPES)
    ).values_list("start_date", "end_date")
    return PaymentFacts(
        program_status=row.program_status,
        fully_enrolled=row.fully_enrolled,
        application_date=row.application_date,
        participation_date=row.participation_date,
        plans=tuple(
            PlanFact(
                funding_source=p.funding_source,
                payment_types=frozenset(p.payment_types or []),
                start_date=p.start_date,
                target_end_date=p.target_end_date,
                end_date=p.end_date,
            )
            for p in plans
        ),
        coaching_services=tuple((s, e) for s, e in coaching),
    )


async def create_payment(
    *,
    staff: Staff,
    enrollment_id: str,
    paid_on: date,
    amount: Decimal,
    for_month: str,
    funding_source: str,
    payment_type: str,
) -> tuple[Payment | None, list[Violation]]:
    """Record a rent payment, reporting every failed check at once; one that takes the
    total paid above the amount requested is accepted and flagged (R-PAY-3, R-PAY-4)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        plans = await PaymentPlan.filter(enrollment_id=row.id).order_by("start_date", "id")
        violations = payment_violations(
            await _payment_facts(row, plans),
            paid_on=paid_on,
            amount=amount,
            for_month=for_month,
            funding_source=funding_source,
            payment_type=payment_type,
            today=clock.today(),
        )
        if violations:
            return None, violations
        plan = next(
            p
            for p in plans
            if p.funding_source == funding_source
            and payment_type in (p.payment_types or [])
            and plan_active(p.start_date, p.end_date, paid_on)
        )
        paid = await Payment.filter(enrollment_id=row.id).values_list("amount", flat=True)
        registration = await Registration.get_or_none(enrollment_id=row.id)
        total = sum((Decimal(a) for a in paid), Decimal("0")) + amount  # type: ignore[arg-type]
        payment = await Payment.create(
            enrollment=row,
            plan=plan,
            paid_on=paid_on,
            amount=amount,
            for_month=for_month,
            funding_source=funding_source,
            payment_type=payment_type,
            over_requested=is_over_requested(
                total, registration.total_amount_requested if registration else None
            ),
            entered_by=staff,
        )
        await audit.record(
            actor_id=staff.id,
            action="payment.create",
            entity="Payment",
            entity_id=payment.id,
            after={
                "enrollment_id": row.id,
                "plan_id": plan.id,
                "over_requested": payment.over_requested,
                **_snapshot(payment, _PAYMENT_FIELDS),
            },
        )
    return payment, []
