"""The Payments tab's mutations (hub staff): Service Point ID, plans and payments
(R-PAY-1..4). Thin: parse the input, call the action, wrap the answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from models.actions.payments import (
    KEEP,
    create_payment,
    create_plan,
    set_service_point_id,
    update_plan,
)
from schema.context import Info
from schema.enrollments.types import EnrollmentPayload
from schema.enums import OutcomeHousingStatus
from schema.errors import MutationError, mutation_errors
from schema.ids import parse_id
from schema.payments.types import Payment, PaymentPlan
from schema.permissions import Cap, require


@strawberry.input(description="A new Payment and Services Plan (R-PAY-2).")
class PaymentPlanCreateInput:
    enrollment_id: strawberry.ID = strawberry.field(description="The RA record.")
    funding_source: str = strawberry.field(description="A funding source of the reference data.")
    payment_types: list[str] = strawberry.field(description="Payment types of the reference data.")
    start_date: dt.date = strawberry.field(description="Not in the future, not before application.")
    target_end_date: dt.date = strawberry.field(description="May be in the future; only warns.")


@strawberry.input(
    description="Changes to a plan; an omitted field is left unchanged, an explicit null "
    "clears it (clearing endDate reopens the plan, R-OUT-6)."
)
class PaymentPlanUpdateInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan.")
    target_end_date: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description="The target end date."
    )
    end_date: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description="Ends the plan; needs housingStatusAtFundingEnd."
    )
    housing_status_at_funding_end: OutcomeHousingStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=strawberry.UNSET, description="Housed, Not Housed or Unknown (R-PAY-2, R-OUT-7)."
    )


@strawberry.input(description="A rent payment (R-PAY-3).")
class PaymentCreateInput:
    enrollment_id: strawberry.ID = strawberry.field(description="The RA record.")
    paid_on: dt.date = strawberry.field(description="The payment date.")
    amount: Decimal = strawberry.field(description="More than 0.")
    for_month: str = strawberry.field(description='The month paid for, "YYYY-MM".')
    funding_source: str = strawberry.field(description="The plan's funding source.")
    payment_type: str = strawberry.field(description="One of the plan's payment types.")


@strawberry.type(description="The changed plan, or the rules it broke.")
class PaymentPlanPayload:
    payment_plan: PaymentPlan | None = strawberry.field(description="Null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The new payment, or the rules it broke.")
class PaymentPayload:
    payment: Payment | None = strawberry.field(description="Null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")


def _keep(value: Any) -> Any:
    return KEEP if value is strawberry.UNSET else value


@strawberry.type
class PaymentMutations:
    @strawberry.mutation(
        description="Enter the Service Point ID of a fully enrolled record (R-PAY-1)."
    )
    async def service_point_id_set(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The RA record.")],
        service_point_id: Annotated[str, strawberry.argument(description="The Service Point ID.")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.PAYMENTS_WRITE)
        row, errors = await set_service_point_id(
            staff=staff,
            enrollment_id=str(parse_id(enrollment_id, "Enrollment")),
            service_point_id=service_point_id,
        )
        return EnrollmentPayload.of(row, errors)

    @strawberry.mutation(description="Enter a Payment and Services Plan (R-PAY-2).")
    async def payment_plan_create(
        self, info: Info, input: PaymentPlanCreateInput
    ) -> PaymentPlanPayload:
        staff = require(info, Cap.PAYMENTS_WRITE)
        plan, errors = await create_plan(
            staff=staff,
            enrollment_id=str(parse_id(input.enrollment_id, "Enrollment")),
            funding_source=input.funding_source,
            payment_types=input.payment_types,
            start_date=input.start_date,
            target_end_date=input.target_end_date,
        )
        return PaymentPlanPayload(
            payment_plan=PaymentPlan(row=plan) if plan else None, errors=mutation_errors(errors)
        )

    @strawberry.mutation(
        description="Change a plan's target end, end it or reopen it (R-PAY-2, R-OUT-6)."
    )
    async def payment_plan_update(
        self, info: Info, input: PaymentPlanUpdateInput
    ) -> PaymentPlanPayload:
        staff = require(info, Cap.PAYMENTS_WRITE)
        plan, errors = await update_plan(
            staff=staff,
            plan_id=str(parse_id(input.plan_id, "PaymentPlan")),
            target_end_date=_keep(input.target_end_date),
            end_date=_keep(input.end_date),
            housing_status_at_funding_end=_keep(input.housing_status_at_funding_end),
        )
        return PaymentPlanPayload(
            payment_plan=PaymentPlan(row=plan) if plan else None, errors=mutation_errors(errors)
        )

    @strawberry.mutation(
        description="Record a rent payment; every failed check is reported (R-PAY-3, R-PAY-4)."
    )
    async def payment_create(self, info: Info, input: PaymentCreateInput) -> PaymentPayload:
        staff = require(info, Cap.PAYMENTS_WRITE)
        payment, errors = await create_payment(
            staff=staff,
            enrollment_id=str(parse_id(input.enrollment_id, "Enrollment")),
            paid_on=input.paid_on,
            amount=input.amount,
            for_month=input.for_month,
            funding_source=input.funding_source,
            payment_type=input.payment_type,
        )
        return PaymentPayload(
            payment=Payment(row=payment) if payment else None, errors=mutation_errors(errors)
        )
