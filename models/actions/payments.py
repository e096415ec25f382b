"""The Payments tab (hub staff): Service Point ID and payments (R-PAY-1, R-PAY-3..5);
the plans are in plans.py. Every check runs before any write, so a refused call writes
nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from models import clock
from models.actions import audit
from models.actions.access import access_enrollment
from models.actions.outbox import unit_of_work
from models.actions.reference import reference_lists
from models.enrollments import Enrollment, Registration
from models.payments import Payment, PaymentPlan
from models.reference import ReferenceKind
from models.rules.enums import ErrorCode, ServiceType
from models.rules.errors import Violation
from models.rules.payments import (
    PaymentFacts,
    is_over_requested,
    is_possible_duplicate,
    payment_violations,
    service_point_id_violations,
)
from models.rules.plans import PlanFact, plan_active
from models.rules.services import COACHING_TYPES
from models.services import Service
from models.staff import Staff

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


async def _payment_facts(row: Enrollment, plans: Sequence[PaymentPlan]) -> PaymentFacts:
    coaching = await Service.filter(
        enrollment_id=row.id, copied_from_id__isnull=False, type__in=list(COACHING_TYPES)
    ).values_list("start_date", "end_date")
    final: list[date] = await Service.filter(  # type: ignore[assignment]
        enrollment_id=row.id, type=ServiceType.HUB_FINAL_RENT_EXIT
    ).values_list("end_date", flat=True)
    lists = await reference_lists()
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
        final_rent_exit_date=max(final, default=None),
        funding_sources_in_force=tuple(lists[ReferenceKind.FUNDING_SOURCE]),
        payment_types_in_force=tuple(lists[ReferenceKind.PAYMENT_TYPE]),
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
    total paid above the amount requested, or repeats the month, funding source and
    payment type of an earlier one, is accepted and flagged (R-PAY-3, R-PAY-4, R-PAY-5)."""
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
        paid = await Payment.filter(enrollment_id=row.id).values_list(
            "amount", "for_month", "funding_source", "payment_type"
        )
        registration = await Registration.get_or_none(enrollment_id=row.id)
        total = sum((Decimal(p[0]) for p in paid), Decimal("0")) + amount
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
            possible_duplicate=is_possible_duplicate(
                (for_month, funding_source, payment_type), ((m, f, t) for _, m, f, t in paid)
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
                "possible_duplicate": payment.possible_duplicate,
                **_snapshot(payment, _PAYMENT_FIELDS),
            },
        )
    return payment, []
