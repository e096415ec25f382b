"""Performance report, reference data and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import orjson
import strawberry

from models.system import AuditEntry as AuditRow
from schema.context import Info
from schema.pagination import PageInfo
from schema.staff.types import Provider, Staff, load_staff

if TYPE_CHECKING:
    from schema.enrollments.types import Enrollment

EnrollmentT = Annotated["Enrollment", strawberry.lazy("schema.enrollments.types")]


@strawberry.type(description="Hub performance for a period (R-PERF).")
class PerformanceReport:
    hub: Provider
    period_start: dt.date
    period_end: dt.date
    housing_supports: int = strawberry.field(description="R-PERF-1.")
    six_month_retention_rate: float | None = strawberry.field(
        description="Null when the denominator is 0 (R-PERF-2)."
    )
    six_month_retained: int
    six_month_denominator: int
    twelve_month_retention_rate: float | None
    twelve_month_retained: int
    twelve_month_denominator: int
    housing_support_records: list[EnrollmentT] = strawberry.field(
        description="R-PERF-3: the records behind housingSupports."
    )
    six_month_records: list[EnrollmentT] = strawberry.field(description="The denominator's records.")
    twelve_month_records: list[EnrollmentT]


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

    @strawberry.field
    def entity_id(self) -> strawberry.ID:
        return strawberry.ID(self.row.entity_id)

    @strawberry.field(description="JSON: field → [old, new], personal values masked.")
    def changes(self) -> str:
        return orjson.dumps(self.row.changes).decode()


@strawberry.type
class AuditEntryEdge:
    cursor: str
    node: AuditEntry


@strawberry.type(description="A page of audit entries, newest first.")
class AuditEntryConnection:
    edges: list[AuditEntryEdge]
    page_info: PageInfo
