"""The hub performance report (R-PERF-1..3): contract managers for any hub, hub staff
for their own hub only. The figures are SQL aggregates; the drill-down lists are read
only when the client asks for them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from models.actions.access import visible_enrollments
from models.actions.reports import (
    Period,
    housing_support_records,
    performance_figures,
    retention_records,
)
from models.rules.enums import ProviderKind, Role
from models.staff import Provider as ProviderRow
from schema.context import Info
from schema.errors import BadInput, Forbidden
from schema.ids import parse_ref
from schema.permissions import signed_in
from schema.reports.types import PerformanceReport
from schema.staff.types import Provider


@strawberry.type
class PerformanceQueries:
    @strawberry.field(
        description="A hub's housing supports and 6- and 12-month retention for a period, "
        "with the records behind each figure (R-PERF-1..3). Contract managers, and hub staff "
        "for their own hub."
    )
    async def performance_report(
        self,
        info: Info,
        hub_id: Annotated[strawberry.ID, strawberry.argument(description="The hub.")],
        period_start: Annotated[dt.date, strawberry.argument(description="First day.")],
        period_end: Annotated[dt.date, strawberry.argument(description="Last day.")],
    ) -> PerformanceReport:
        staff = signed_in(info)
        hub_key = parse_ref(hub_id, "Provider")
        own_hub = staff.role is Role.HUB_STAFF and staff.provider_id == hub_key  # type: ignore[attr-defined]
        if staff.role is not Role.CONTRACT_MANAGER and not own_hub:
            raise Forbidden(
                "Performance reports are for contract managers and the hub's own staff."
            )
        hub = None
        if hub_key is not None:
            hub = await ProviderRow.get_or_none(id=hub_key, kind=ProviderKind.RENT_ASSISTANCE_HUB)
        if hub is None:
            raise BadInput("hubId is not a Rent Assistance hub.")
        if period_end < period_start:
            raise BadInput("periodEnd is before periodStart.")
        period = Period(hub_id=hub.id, start=period_start, end=period_end)
        figures = await performance_figures(period)
        queries = {
            "housing_supports": lambda: housing_support_records(period),
            "six_month": lambda: retention_records(period, 6),
            "twelve_month": lambda: retention_records(period, 12),
        }

        async def records(which: str) -> list[Any]:
            from schema.enrollments.types import Enrollment

            rows = await queries[which]().filter(visible_enrollments(staff)).order_by("id")
            return [Enrollment(row=r) for r in rows]

        return PerformanceReport(
            hub=Provider.from_row(hub),
            period_start=period_start,
            period_end=period_end,
            housing_supports=figures.housing_supports,
            six_month_retention_rate=figures.six_month_rate,
            six_month_retained=figures.six_month_retained,
            six_month_denominator=figures.six_month_denominator,
            twelve_month_retention_rate=figures.twelve_month_rate,
            twelve_month_retained=figures.twelve_month_retained,
            twelve_month_denominator=figures.twelve_month_denominator,
            records=records,
        )
