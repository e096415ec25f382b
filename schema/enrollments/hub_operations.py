"""The hub's referral queue and review: referralQueue, enrollment(id), referralAccept,
referralRefuse, customerOfAssign (R-REF-2, R-REF-3, R-ENR-2, R-ACL-1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from tortoise.expressions import Q

from models.actions.access import visible_enrollments
from models.actions.hub_referrals import accept_referral, assign_customer_of, refuse_referral
from models.enrollments import Enrollment as EnrollmentRow
from models.rules import enums
from models.rules.hub import queue_stage_condition
from schema.context import Info
from schema.enrollments.types import (
    Enrollment,
    EnrollmentConnection,
    EnrollmentEdge,
    EnrollmentPayload,
)
from schema.enums import ReferralStage
from schema.errors import BadInput
from schema.pagination import PageInfo, decode_cursor, encode_cursor, page_size
from schema.permissions import Cap, require


def stage_filter(stage: enums.ReferralStage) -> Q | None:
    """The SQL form of a sent record's stage (models.rules.hub.queue_stage_condition);
    None for the stages a hub never sees."""
    cond = queue_stage_condition(stage)
    if cond is None:
        return None
    q = Q()
    if cond.open is not None:
        q &= (
            Q(program_status=enums.ProgramStatus.OPEN)
            if cond.open
            else ~Q(program_status=enums.ProgramStatus.OPEN)
        )
    if cond.accepted is not None:
        q &= Q(review_date__isnull=not cond.accepted)
    if cond.fully_enrolled is not None:
        q &= Q(fully_enrolled=cond.fully_enrolled)
    return q


def _cursor(row: EnrollmentRow) -> str:
    return encode_cursor([row.application_date.isoformat(), row.id])


def _after(cursor: list[object]) -> Q:
    """Rows after the cursor in (review deadline, id) order: the deadline is the
    application date + 45 days (R-REF-2), so the application date orders alike."""
    try:
        applied, last_id = dt.date.fromisoformat(str(cursor[0])), int(str(cursor[1]))
    except ValueError:
        raise BadInput("The cursor `after` is not one this API gave out.") from None
    return Q(application_date__gt=applied) | Q(application_date=applied, id__gt=last_id)


@strawberry.type
class HubReferralQueries:
    @strawberry.field(
        description="Hub staff: the referrals sent to their hub, oldest review deadline "
        "first (application date + 45 days, R-REF-2), optionally of one stage."
    )
    async def referral_queue(
        self,
        info: Info,
        stage: Annotated[
            ReferralStage | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only referrals at this stage."),
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size (1-200).")] = 50,
        after: Annotated[
            str | None, strawberry.argument(description="The endCursor of the previous page.")
        ] = None,
    ) -> EnrollmentConnection:
        staff = require(info, Cap.HUB_QUEUE)
        size = page_size(first)
        query = EnrollmentRow.filter(visible_enrollments(staff), is_ra=True)
        if stage is not None:
            condition = stage_filter(enums.ReferralStage(stage))
            if condition is None:
                return EnrollmentConnection(
                    edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None)
                )
            query = query.filter(condition)
        cursor = decode_cursor(after, 2, (str, int))
        if cursor is not None:
            query = query.filter(_after(cursor))
        rows = list(await query.order_by("application_date", "id").limit(size + 1))
        has_next = len(rows) > size
        edges = [EnrollmentEdge(cursor=_cursor(r), node=Enrollment(row=r)) for r in rows[:size]]
        return EnrollmentConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None
            ),
        )


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
            staff=staff, enrollment_id=str(enrollment_id), review_date=review_date
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
            staff=staff, enrollment_id=str(enrollment_id), case_note=case_note
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
            staff=staff, enrollment_id=str(enrollment_id), staff_id=str(staff_id)
        )
        return EnrollmentPayload.of(row, errors)
