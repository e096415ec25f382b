"""The hub's review: referralAccept, referralRefuse, customerOfAssign (R-REF-2, R-REF-3,
R-ENR-2, R-ACL-1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from models.actions.hub_referrals import accept_referral, assign_customer_of, refuse_referral
from schema.context import Info
from schema.enrollments.types import (
    EnrollmentPayload,
)
from schema.ids import parse_id, parse_ref
from schema.permissions import Cap, require


@strawberry.type
class HubReferralMutations:
    @strawberry.mutation(
        description="Accept a sent referral: Review Date, the signed-in hub staff member as "
        "Reviewed By (R-REF-2); Received RA Again on a previous episode (R-ENR-6, R-OUT-8)."
    )
    async def referral_accept(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The RA record.")],
        review_date: Annotated[dt.date, strawberry.argument(description="The Review Date.")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_REVIEW)
        row, errors = await accept_referral(
            staff=staff,
            enrollment_id=str(parse_id(enrollment_id, "Enrollment")),
            review_date=review_date,
        )
        return EnrollmentPayload.of(row, errors)

    @strawberry.mutation(
        description="Refuse a referral: Pre-Program Exit with the case note, the coach "
        "emailed (R-REF-3)."
    )
    async def referral_refuse(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The RA record.")],
        case_note: Annotated[str, strawberry.argument(description="Why it is refused (required).")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_REVIEW)
        row, errors = await refuse_referral(
            staff=staff,
            enrollment_id=str(parse_id(enrollment_id, "Enrollment")),
            case_note=case_note,
        )
        return EnrollmentPayload.of(row, errors)

    @strawberry.mutation(
        description="After acceptance, move Customer Of to a staff member of the record's "
        "hub (R-ENR-2)."
    )
    async def customer_of_assign(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The RA record.")],
        staff_id: Annotated[
            strawberry.ID, strawberry.argument(description="A staff member of the hub.")
        ],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_REVIEW)
        row, errors = await assign_customer_of(
            staff=staff,
            enrollment_id=str(parse_id(enrollment_id, "Enrollment")),
            staff_id=str(parse_ref(staff_id, "Staff") or ""),
        )
        return EnrollmentPayload.of(row, errors)
