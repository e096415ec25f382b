"""Records: reading one, opening a program record, and the coach's referral — create,
withdraw, send (R-ENR-1..7, R-REF-1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from models import enrollments as m
from models.actions.access import (
    access_customer,
    access_customer_to_enroll,
    access_enrollment,
)
from models.actions.enrollments import create_program_record, create_referral
from models.actions.referrals import (
    access_coach_record,
    not_ra_record,
    send_referral,
    withdraw_referral,
)
from models.rules.errors import Violation
from schema.context import Info
from schema.enrollments.types import Enrollment, EnrollmentPayload
from schema.errors import mutation_errors
from schema.ids import parse_id, parse_ref
from schema.permissions import Cap, require

EnrollmentId = Annotated[strawberry.ID, strawberry.argument(description="Enrollment.id.")]


@strawberry.input(description="A program record at your agency.")
class EnrollmentCreateInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer (Customer.id).")
    provider_id: strawberry.ID = strawberry.field(description="Your agency (Provider.id).")
    application_date: dt.date = strawberry.field(description="Application date, not in the future.")
    selection_token: str | None = strawberry.field(
        default=None,
        description="For a customer you do not see in full: the selectionToken of the "
        "identity-check view you selected them from (R-ACL-1).",
    )


@strawberry.input(description="An RA record (R-ENR-1..6).")
class ReferralCreateInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer (Customer.id).")
    hub_id: strawberry.ID = strawberry.field(description="A hub from hubsForMe (R-ENR-3).")
    application_date: dt.date = strawberry.field(
        description="The day the customer completes registration (R-ENR-4)."
    )


async def payload(enrollment_id: int, violations: list[Violation]) -> EnrollmentPayload:
    """The payload of a record mutation: the fresh record, or the refusals."""
    if violations:
        return EnrollmentPayload(enrollment=None, errors=mutation_errors(violations))
    return EnrollmentPayload(
        enrollment=Enrollment(row=await m.Enrollment.get(id=enrollment_id)), errors=[]
    )


@strawberry.type
class EnrollmentQueries:
    @strawberry.field(description="A record you see (R-ACL-1); FORBIDDEN otherwise.")
    async def enrollment(self, info: Info, id: EnrollmentId) -> Enrollment | None:
        staff = require(info, Cap.READ_RECORDS)
        return Enrollment(row=await access_enrollment(staff, parse_id(id, "Enrollment")))


@strawberry.type
class EnrollmentMutations:
    @strawberry.mutation(description="Open a program record for a customer at your agency.")
    async def enrollment_create(
        self, info: Info, input: EnrollmentCreateInput
    ) -> EnrollmentPayload:
        staff = require(info, Cap.ENROLLMENT_CREATE)
        customer = await access_customer_to_enroll(
            staff, parse_id(input.customer_id, "Customer"), input.selection_token
        )
        row, violations = await create_program_record(
            staff=staff,
            customer=customer,
            provider_id=parse_ref(input.provider_id, "Provider"),
            application_date=input.application_date,
        )
        return await payload(row.id if row else 0, violations)

    @strawberry.mutation(
        description="Create the RA record: refer the customer to a hub (R-ENR-1..6)."
    )
    async def referral_create(self, info: Info, input: ReferralCreateInput) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_WRITE)
        customer = await access_customer(staff, parse_id(input.customer_id, "Customer"))
        row, violations = await create_referral(
            staff=staff,
            customer=customer,
            hub_id=parse_ref(input.hub_id, "Provider"),
            application_date=input.application_date,
        )
        return await payload(row.id if row else 0, violations)

    @strawberry.mutation(
        description="Withdraw a referral before acceptance: Pre-Program Exit (R-ENR-7)."
    )
    async def referral_withdraw(
        self,
        info: Info,
        enrollment_id: EnrollmentId,
        reason: Annotated[str, strawberry.argument(description="Why; kept as a case note.")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_WRITE)
        row = await access_coach_record(staff, parse_id(enrollment_id, "Enrollment"))
        if not row.is_ra:
            return await payload(row.id, [not_ra_record()])
        return await payload(
            row.id, await withdraw_referral(staff=staff, enrollment=row, reason=reason)
        )

    @strawberry.mutation(description="Send a ready referral; the hub is emailed once (R-REF-1).")
    async def referral_send(self, info: Info, enrollment_id: EnrollmentId) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_WRITE)
        row = await access_coach_record(staff, parse_id(enrollment_id, "Enrollment"))
        if not row.is_ra:
            return await payload(row.id, [not_ra_record()])
        return await payload(row.id, await send_referral(staff=staff, enrollment=row))
