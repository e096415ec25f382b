"""Outcomes and sweep results."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import clock
from models import payments as m
from schema.enums import OutcomeHousingStatus, OutcomeType, SweepKind
from schema.ids import Node, global_id
from schema.stamps import Stamped, Stamps

if TYPE_CHECKING:
    from schema.enrollments.types import Enrollment

EnrollmentT = Annotated["Enrollment", strawberry.lazy("schema.enrollments.types")]


@strawberry.type(description="A Rent Assistance outcome (R-OUT-7).")
class Outcome(Node, Stamped):
    row: strawberry.Private[m.Outcome]

    def stamps(self) -> Stamps:
        r = self.row
        # an outcome kept before creation times were: the start of its recorded day
        created = r.created_at or clock.start_of_day(r.recorded_on)
        return Stamps(created, r.recorded_by_id, r.modified_at, r.modified_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Opaque, stable global id (Node).")
    def id(self) -> strawberry.ID:
        return global_id("Outcome", self.row.id)

    @strawberry.field
    def type(self) -> OutcomeType:  # type: ignore[valid-type]
        return self.row.type

    @strawberry.field
    def housing_status(self) -> OutcomeHousingStatus:  # type: ignore[valid-type]
        return self.row.housing_status

    @strawberry.field
    def recorded_on(self) -> dt.date:
        return self.row.recorded_on


@strawberry.type(description="What a sweep changed, or would change on a dry run (R-OUT-5).")
class SweepResult:
    kind: SweepKind  # type: ignore[valid-type]
    as_of: dt.date
    dry_run: bool
    changed: list[EnrollmentT]
