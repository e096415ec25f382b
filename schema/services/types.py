"""Services, current housing status and case notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import services as m
from models.rules.errors import Violation
from schema.context import Info
from schema.enums import CurrentHousingStatus, ServiceStatus, ServiceStatusValue, ServiceType
from schema.errors import MutationError, mutation_errors
from schema.ids import Node, global_id
from schema.lazy import lazy_class
from schema.staff.types import Provider, Staff, load_provider, load_staff
from schema.stamps import Stamped, Stamps

if TYPE_CHECKING:
    from schema.enrollments.types import Enrollment

EnrollmentT = Annotated["Enrollment", strawberry.lazy("schema.enrollments.types")]


@strawberry.type(description="A service (R-SVC).")
class Service(Node, Stamped):
    row: strawberry.Private[m.Service]

    def stamps(self) -> Stamps:
        r = self.row
        return Stamps(r.created_at, r.entered_by_id, r.modified_at, r.modified_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("Service", self.row.id)

    @strawberry.field
    def type(self) -> ServiceType:  # type: ignore[valid-type]
        return self.row.type

    @strawberry.field
    def start_date(self) -> dt.date:
        return self.row.start_date

    @strawberry.field
    def end_date(self) -> dt.date:
        return self.row.end_date

    @strawberry.field(description="On copies: the provider of the record copied from (R-SVC-1).")
    async def copied_from(self, info: Info) -> Provider | None:
        original_id = self.row.copied_from_id  # type: ignore[attr-defined]
        if original_id is None:
            return None
        original = await info.context.loaders.service.load(original_id)
        if original is None:
            return None
        source = await info.context.loaders.enrollment.load(original.enrollment_id)  # type: ignore[attr-defined]
        assert source is not None
        return await load_provider(info, source.provider_id)  # type: ignore[attr-defined]

    @strawberry.field(description="On originals: the records it was copied into.")
    async def copied_to(self, info: Info) -> list[EnrollmentT]:
        from models.actions.access import enrollment_visible

        Enrollment = lazy_class(EnrollmentT)

        viewer = info.context.staff
        assert viewer is not None
        copies = await info.context.loaders.copies.load(self.row.id)
        rows = await info.context.loaders.enrollment.load_many(
            [c.enrollment_id for c in copies]  # type: ignore[attr-defined]
        )
        found = [r for r in rows if r is not None]
        seen = await info.context.loaders.visible_customer.load_many(
            [r.customer_id for r in found]  # type: ignore[attr-defined]
        )
        return [
            Enrollment(row=row)
            for row, visible in zip(found, seen, strict=True)
            if enrollment_visible(viewer, row, visible)
        ]

    @strawberry.field
    async def entered_by(self, info: Info) -> Staff:
        staff = await load_staff(info, self.row.entered_by_id)  # type: ignore[attr-defined]
        assert staff is not None
        return staff

    @strawberry.field(description="Status: an entered service is Completed (R-SVC-8).")
    def status(self) -> ServiceStatus:  # type: ignore[valid-type]
        return ServiceStatusValue.COMPLETED

    @strawberry.field(description='Where it took place; "n/a" unless given (R-SVC-8).')
    def location(self) -> str:
        return self.row.location or "n/a"


@strawberry.type(description="Current Housing Status, for case management only (R-SVC-6).")
class HousingStatusEntry(Node, Stamped):
    row: strawberry.Private[m.HousingStatusEntry]

    def stamps(self) -> Stamps:
        r = self.row
        return Stamps(r.created_at, r.entered_by_id, r.modified_at, r.modified_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("HousingStatusEntry", self.row.id)

    @strawberry.field
    def start_date(self) -> dt.date:
        return self.row.start_date

    @strawberry.field
    def end_date(self) -> dt.date | None:
        return self.row.end_date

    @strawberry.field
    def status(self) -> CurrentHousingStatus:  # type: ignore[valid-type]
        return self.row.status

    @strawberry.field
    async def entered_by(self, info: Info) -> Staff:
        staff = await load_staff(info, self.row.entered_by_id)  # type: ignore[attr-defined]
        assert staff is not None
        return staff


@strawberry.type(description="A case note (R-OUT-9); system notes come from the sweeps.")
class CaseNote(Node, Stamped):
    row: strawberry.Private[m.CaseNote]

    def stamps(self) -> Stamps:
        r = self.row
        return Stamps(r.written_at, r.author_id, r.modified_at, r.modified_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("CaseNote", self.row.id)

    @strawberry.field
    def text(self) -> str:
        return self.row.text

    @strawberry.field(description="Null for system notes.")
    async def author(self, info: Info) -> Staff | None:
        return await load_staff(info, self.row.author_id)  # type: ignore[attr-defined]

    @strawberry.field
    def written_at(self) -> dt.datetime:
        return self.row.written_at

    @strawberry.field
    def system(self) -> bool:
        return self.row.system


@strawberry.type(description="The answer to a mutation on a service.")
class ServicePayload:
    service: Service | None = strawberry.field(description="The service; null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")

    @classmethod
    def of(cls, row: m.Service | None, violations: Sequence[Violation]) -> ServicePayload:
        """The changed service, or the rules it broke."""
        return cls(service=Service(row=row) if row else None, errors=mutation_errors(violations))
