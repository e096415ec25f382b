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
    row_id,
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
from schema.permissions import Cap, require

EnrollmentId = Annotated[strawberry.ID, strawberry.argument(description="Enrollment.id.")]


@strawberry.input(description="A program record at your agency.")
class EnrollmentCreateInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer (Customer.id).")
    provider_id: strawberry.ID = strawberry.field(description="Your agency (Provider.id).")
    application_date: dt.date = strawberry.field(description="Application date, not in the future.")


@strawberry.input(description="An RA record (R-ENR-1..6).")
class ReferralCreateInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer (Customer.id).")
    hub_id: strawberry.ID = strawberry.field(description="A hub from hubsForMe (R-ENR-3).")
    application_date: dt.date = strawberry.field(
        description="The day the customer completes registration (R-ENR-4)."
    )


def _int(raw: str) -> int | None:
    return row_id(raw)


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
        return Enrollment(row=await access_enrollment(staff, id))


@strawberry.type
class EnrollmentMutations:
    @strawberry.mutation(description="Open a program record for a customer at your agency.")
    async def enrollment_create(
        self, info: Info, input: EnrollmentCreateInput
    ) -> EnrollmentPayload:
        staff = require(info, Cap.ENROLLMENT_CREATE)
        customer = await access_customer_to_enroll(staff, str(input.customer_id))
        row, violations = await create_program_record(
            staff=staff,
            customer=customer,
            provider_id=_int(input.provider_id),
            application_date=input.application_date,
        )
        return await payload(row.id if row else 0, violations)

    @strawberry.mutation(
        description="Create the RA record: refer the customer to a hub (R-ENR-1..6)."
    )
    async def referral_create(self, info: Info, input: ReferralCreateInput) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_WRITE)
        customer = await access_customer(staff, input.customer_id)
        row, violations = await create_referral(
            staff=staff,
            customer=customer,
            hub_id=_int(input.hub_id),
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
        row = await access_coach_record(staff, enrollment_id)
        if not row.is_ra:
            return await payload(row.id, [not_ra_record()])
        return await payload(
            row.id, await withdraw_referral(staff=staff, enrollment=row, reason=reason)
        )

    @strawberry.mutation(description="Send a ready referral; the hub is emailed once (R-REF-1).")
    async def referral_send(self, info: Info, enrollment_id: EnrollmentId) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_WRITE)
        row = await access_coach_record(staff, enrollment_id)
        if not row.is_ra:
            return await payload(row.id, [not_ra_record()])
        return await payload(row.id, await send_referral(staff=staff, enrollment=row))
