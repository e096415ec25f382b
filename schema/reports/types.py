"""Performance report, reference data and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import strawberry

from models.system import AuditEntry as AuditRow
from schema.context import Info
from schema.ids import global_id
from schema.pagination import PageInfo
from schema.staff.types import Provider, Staff, load_staff

if TYPE_CHECKING:
    from schema.enrollments.types import Enrollment

EnrollmentT = Annotated["Enrollment", strawberry.lazy("schema.enrollments.types")]


@strawberry.type(description="Hub performance for a period (R-PERF).")
class PerformanceReport:
    hub: Provider = strawberry.field(description="The hub.")
    period_start: dt.date = strawberry.field(description="First day of the period.")
    period_end: dt.date = strawberry.field(description="Last day of the period.")
    housing_supports: int = strawberry.field(description="R-PERF-1.")
    six_month_retention_rate: float | None = strawberry.field(
        description="Null when the denominator is 0 (R-PERF-2)."
    )
    six_month_retained: int = strawberry.field(description="Housed at 6 months (R-PERF-2).")
    six_month_denominator: int = strawberry.field(description="Due at 6 months (R-PERF-2).")
    twelve_month_retention_rate: float | None = strawberry.field(
        description="Null when the denominator is 0 (R-PERF-2)."
    )
    twelve_month_retained: int = strawberry.field(description="Housed at 12 months (R-PERF-2).")
    twelve_month_denominator: int = strawberry.field(description="Due at 12 months (R-PERF-2).")
    # the drill-down lists are read only when asked for (R-PERF-3)
    records: strawberry.Private[Callable[[str], Awaitable[list[Any]]]]

    @strawberry.field(description="R-PERF-3: the records behind housingSupports.")
    async def housing_support_records(self) -> list[EnrollmentT]:
        return await self.records("housing_supports")

    @strawberry.field(description="The 6-month denominator's records.")
    async def six_month_records(self) -> list[EnrollmentT]:
        return await self.records("six_month")

    @strawberry.field(description="The 12-month denominator's records.")
    async def twelve_month_records(self) -> list[EnrollmentT]:
        return await self.records("twelve_month")


@strawberry.type(description="Pick lists kept by contract managers.")
class ReferenceData:
    funding_sources: list[str] = strawberry.field(description="Funds a payment plan draws on.")
    other_funding_sources: list[str] = strawberry.field(
        description="Programs for the Registration tab's Other Funding Source."
    )
    payment_types: list[str]
    income_documentation_types: list[str]


@strawberry.type(description="One audit entry (R-ACL-3).")
class AuditEntry:
    row: strawberry.Private[AuditRow]

    @strawberry.field
    def at(self) -> dt.datetime:
        return self.row.at

    @strawberry.field(description="Null for the system (sweeps).")
    async def actor(self, info: Info) -> Staff | None:
        return await load_staff(info, self.row.actor_id)  # type: ignore[attr-defined]

    @strawberry.field
    def action(self) -> str:
        return self.row.action

    @strawberry.field
    def entity(self) -> str:
        return self.row.entity

    @strawberry.field(
        description="The changed object's global id (pass it to node(id:) or auditLog(entityId:))."
    )
    def entity_id(self) -> strawberry.ID:
        return global_id(self.row.entity, self.row.entity_id)

    @strawberry.field(description="JSON: field → [old, new], personal values masked.")
    def changes(self) -> str:
        return orjson.dumps(self.row.changes).decode()


@strawberry.type(description="An audit entry in the list, with its cursor.")
class AuditEntryEdge:
    cursor: str = strawberry.field(description="Opaque; pass as `after` to continue after it.")
    node: AuditEntry = strawberry.field(description="The entry.")


@strawberry.type(description="A page of audit entries, newest first.")
class AuditEntryConnection:
    edges: list[AuditEntryEdge] = strawberry.field(description="This page, newest first.")
    page_info: PageInfo = strawberry.field(description="Where this page ends.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many entries the whole list holds (every page).")
    async def total_count(self) -> int:
        return await self.count()
