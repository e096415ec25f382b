"""Lists of customers: the search (I-Trac's Find Customer) and a coach's caseload
(R-ACL-1, R-ACL-2; issue 12 §3, issue 11 §6)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models import clock
from models import customers as m
from models.actions.access import visible_customers, visible_enrollments
from models.actions.customers import search_filter
from models.actions.identity import LookupLimited, may_look_beyond, record_lookups
from models.actions.record_lists import customers_with_records, stage_filter
from models.config import get_settings
from models.rules import enums
from models.rules.customers import MAX_SEARCH_LENGTH
from models.staff import Staff
from schema.context import Info
from schema.customers.types import Customer, CustomerConnection, CustomerEdge
from schema.enums import ReferralStage
from schema.errors import BadInput, RateLimited
from schema.pagination import PageInfo, cursor_int, decode_cursor, encode_cursor, page_size
from schema.permissions import Cap, require

CURSOR = "customers"  # one cursor kind: both lists have the same (name, id) order

First = Annotated[int | None, strawberry.argument(description="Page size (1-200, default 20).")]
After = Annotated[str | None, strawberry.argument(description="endCursor of the previous page.")]


async def page_of(info: Info, query: QuerySet[m.Customer], first: int | None, after: str | None):  # type: ignore[no-untyped-def]
    """One page of customers in (search name, id) order: the folded "first last
    preferred" name, then the row. The cursor holds only the row's id (no name): the
    next page looks the name up."""
    size = page_size(first, 20)
    whole = query
    cursor = decode_cursor(CURSOR, after, 1)
    if cursor is not None:
        last_id = cursor_int(cursor[0])
        names = await m.Customer.filter(id=last_id).values_list("search_name", flat=True)
        if not names:
            raise BadInput("The cursor `after` is not one this API gave out for this list.")
        name = names[0]
        query = query.filter(Q(search_name__gt=name) | Q(search_name=name, id__gt=last_id))
    rows = await query.order_by("search_name", "id").limit(size + 1)
    page = rows[:size]
    loaders = info.context.loaders
    for row in page:
        loaders.customer.prime(row.id, row)
    visible = await loaders.visible_customer.load_many([row.id for row in page])
    edges = [
        CustomerEdge(
            cursor=encode_cursor(CURSOR, [row.id]),
            node=Customer(row=row, identity_only=not seen),
        )
        for row, seen in zip(page, visible, strict=True)
    ]
    return CustomerConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
        count=whole.count,
    )


async def _may_look_beyond(info: Info, staff: Staff, search: str) -> bool:
    """Whether a coach's exact-identifier search may reach other agencies' customers:
    within their hourly budget of identity lookups, else RATE_LIMITED (R-ACL-1)."""
    try:
        return await may_look_beyond(staff, search)
    except LookupLimited as limited:
        if info.context.response is not None:
            info.context.response.headers["Retry-After"] = str(limited.retry_after)
        raise RateLimited(
            f"Too many identity lookups: at most {get_settings().identity_lookups_per_hour} "
            "an hour of customers outside your records (R-ACL-1). Try again in "
            f"{limited.retry_after} seconds.",
            retry_after=limited.retry_after,
        ) from None


@strawberry.type
class CustomerListQueries:
    @strawberry.field(
        description="Find Customer: customers you see whose name holds every word of the "
        "search (case-, accent-, apostrophe- and hyphen-insensitive, partial, in any order), "
        "or whose customer ID or job seeker ID is exactly the search (only when the text has "
        "an identifier's form: one word with a digit). A coach also finds other agencies' "
        "customers by exact identifier, shown identity-only with a selectionToken (R-ACL-1, "
        "R-ACL-2). A blank search lists every customer you see. Ordered by name (folded "
        "first, last, preferred), then by id."
    )
    async def customers(
        self,
        info: Info,
        search: Annotated[
            str,
            strawberry.argument(
                description=f"Name words, a customer ID or a job seeker ID (at most "
                f"{MAX_SEARCH_LENGTH} characters)."
            ),
        ],
        first: First = 20,
        after: After = None,
    ) -> CustomerConnection:
        staff = require(info, Cap.READ_RECORDS)
        if len(search) > MAX_SEARCH_LENGTH:
            raise BadInput(f"`search` is longer than {MAX_SEARCH_LENGTH} characters.")
        beyond = await _may_look_beyond(info, staff, search)
        query = m.Customer.filter(search_filter(staff, search, beyond=beyond))
        found = await page_of(info, query, first, after)
        if beyond:  # identity lookups are personal-data reads (issue 10 §2)
            await record_lookups(
                staff, [e.node.row.id for e in found.edges if e.node.identity_only]
            )
        return found

    @strawberry.field(
        description="Your caseload: every customer you see in full (a coach: those your "
        "agency created or has a record with, R-ACL-1), no search text needed; optionally "
        "only those with an open RA record, or with an RA record at one of the stages. "
        "Ordered by name (folded first, last, preferred), then by id."
    )
    async def caseload(
        self,
        info: Info,
        has_open_ra_record: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only customers with an open RA record; false: only "
                "those without one."
            ),
        ] = None,
        stages: Annotated[
            list[ReferralStage] | None,  # type: ignore[valid-type]
            strawberry.argument(
                description="Only customers with an RA record at one of these stages."
            ),
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> CustomerConnection:
        staff = require(info, Cap.READ_RECORDS)
        query = m.Customer.filter(visible_customers(staff))
        seen = visible_enrollments(staff)  # the filters look at records one sees (R-ACL-1)
        if has_open_ra_record is not None:
            open_ra = customers_with_records(
                Q(seen, is_ra=True, program_status=enums.ProgramStatus.OPEN)
            )
            query = query.filter(open_ra if has_open_ra_record else ~open_ra)
        if stages is not None:
            wanted = [enums.ReferralStage(s) for s in stages]
            query = query.filter(
                customers_with_records(Q(seen, stage_filter(wanted, clock.today())))
            )
        return await page_of(info, query, first, after)
