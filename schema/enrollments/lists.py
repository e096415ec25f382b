"""Lists of records: the hub's referral queue and a coach's referrals (issue 12 §3), each
a connection with totalCount, keyset pages and a documented order."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models import clock
from models.actions.access import visible_enrollments
from models.actions.record_lists import (
    MAX_DUE_WITHIN_DAYS,
    CustomerOfFilter,
    customer_of,
    due_within,
    record_of_customers,
    referred_by_agency,
    stage_filter,
)
from models.enrollments import Enrollment as EnrollmentRow
from models.rules import enums
from models.rules.customers import MAX_SEARCH_LENGTH
from schema.context import Info
from schema.enrollments.types import Enrollment, EnrollmentConnection, EnrollmentEdge
from schema.enums import ReferralStage
from schema.errors import BadInput
from schema.pagination import PageInfo, cursor_int, decode_cursor, encode_cursor, page_size
from schema.permissions import Cap, require

CustomerOf = strawberry.enum(
    CustomerOfFilter,
    description="ME: records whose Customer Of is you; UNASSIGNED: records whose Customer Of "
    "is nobody of your hub yet (still the referring coach) (R-ENR-2).",
)

Stages = Annotated[
    list[ReferralStage] | None,  # type: ignore[valid-type]
    strawberry.argument(description="Only records at one of these stages."),
]
DueWithin = Annotated[
    int | None,
    strawberry.argument(
        description="Only open records awaiting review whose 45-day deadline (application "
        "date + 45 days, R-REF-2) is within this many days from today, or already passed "
        f"(0-{MAX_DUE_WITHIN_DAYS})."
    ),
]
First = Annotated[int | None, strawberry.argument(description="Page size (1-200, default 50).")]
After = Annotated[str | None, strawberry.argument(description="endCursor of the previous page.")]


def _filters(stages: list[enums.ReferralStage] | None, due: int | None) -> Q:
    today = clock.today()
    q = Q()
    if stages is not None:
        q &= stage_filter(stages, today)
    if due is not None:
        if not 0 <= due <= MAX_DUE_WITHIN_DAYS:
            raise BadInput(f"`dueWithinDays` must be between 0 and {MAX_DUE_WITHIN_DAYS}.")
        q &= due_within(due, today)
    return q


async def page_of(
    kind: str, query: QuerySet[EnrollmentRow], first: int | None, after: str | None
) -> EnrollmentConnection:
    """One page in review-deadline order: application date (the deadline is the
    application date + 45 days, R-REF-2), then id."""
    size = page_size(first, 50)
    whole = query
    cursor = decode_cursor(kind, after, 2)
    if cursor is not None:
        try:
            applied = dt.date.fromisoformat(cursor[0])
        except ValueError:
            raise BadInput("The cursor `after` is not one this API gave out.") from None
        last_id = cursor_int(cursor[1])
        query = query.filter(
            Q(application_date__gt=applied) | Q(application_date=applied, id__gt=last_id)
        )
    rows = list(await query.order_by("application_date", "id").limit(size + 1))
    edges = [
        EnrollmentEdge(
            cursor=encode_cursor(kind, [r.application_date.isoformat(), r.id]),
            node=Enrollment(row=r),
        )
        for r in rows[:size]
    ]
    return EnrollmentConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
        count=whole.count,
    )


def _stages(one: Any, many: list[Any] | None) -> list[enums.ReferralStage] | None:
    if one is None and many is None:
        return None
    chosen = [*(many or []), *([one] if one is not None else [])]
    return [enums.ReferralStage(s) for s in chosen]


@strawberry.type
class RecordListQueries:
    @strawberry.field(
        description="Hub staff: the referrals sent to their hub (R-ACL-1), oldest review "
        "deadline first (application date + 45 days, R-REF-2), then by id; filtered by "
        "stage(s), Customer Of, due date and customer ID or name."
    )
    async def referral_queue(
        self,
        info: Info,
        stage: Annotated[
            ReferralStage | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only referrals at this stage."),
        ] = None,
        first: First = 50,
        after: After = None,
        stages: Stages = None,
        customer_of_filter: Annotated[
            CustomerOf | None,  # type: ignore[valid-type]
            strawberry.argument(name="customerOf", description="Whose records (R-ENR-2)."),
        ] = None,
        due_within_days: DueWithin = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="A customer ID (exact) or name words (partial, any order)."
            ),
        ] = None,
    ) -> EnrollmentConnection:
        staff = require(info, Cap.HUB_QUEUE)
        query = EnrollmentRow.filter(visible_enrollments(staff), is_ra=True).filter(
            _filters(_stages(stage, stages), due_within_days)
        )
        if customer_of_filter is not None:
            query = query.filter(customer_of(CustomerOfFilter(customer_of_filter), staff))
        if search is not None:
            if len(search) > MAX_SEARCH_LENGTH:
                raise BadInput(f"`search` is longer than {MAX_SEARCH_LENGTH} characters.")
            query = query.filter(record_of_customers(search))
        return await page_of("queue", query, first, after)

    @strawberry.field(
        description="Career coaches: their agency's RA records (referred by any coach of the "
        "agency, R-ENR-1), oldest review deadline first (application date + 45 days, "
        "R-REF-2), then by id; filtered by stage(s), referred by me and due date."
    )
    async def referrals(
        self,
        info: Info,
        stages: Stages = None,
        referred_by_me: Annotated[
            bool | None,
            strawberry.argument(description="true: only the records you referred."),
        ] = None,
        due_within_days: DueWithin = None,
        first: First = 50,
        after: After = None,
    ) -> EnrollmentConnection:
        staff = require(info, Cap.REFERRAL_WRITE)
        query = EnrollmentRow.filter(
            visible_enrollments(staff),
            referred_by_agency(staff.provider_id),  # type: ignore[attr-defined]
        ).filter(_filters(_stages(None, stages), due_within_days))
        if referred_by_me:
            query = query.filter(referred_by_id=staff.id)
        return await page_of("referrals", query, first, after)
