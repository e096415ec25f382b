"""Services: serviceCreate, the one entry point for coaches (coaching in their program
records) and hub staff (hub services in RA records) (R-SVC-1, R-SVC-2)."""

from __future__ import annotations

import datetime as dt

import strawberry

from models.actions.access import access_enrollment
from models.actions.services import create_service
from schema.context import Info
from schema.enums import ServiceType
from schema.errors import BadInput
from schema.ids import parse_id
from schema.permissions import Cap, require
from schema.services.types import ServicePayload

MAX_LOCATION = 200  # the location column


@strawberry.input(description="A service entered in a record.")
class ServiceCreateInput:
    enrollment_id: strawberry.ID = strawberry.field(description="The record (Enrollment.id).")
    type: ServiceType = strawberry.field(description="The service type (R-SVC table).")  # type: ignore[valid-type]
    start_date: dt.date = strawberry.field(description="Start date, not in the future.")
    end_date: dt.date | None = strawberry.field(
        default=None, description="End date; default the start date."
    )
    location: str | None = strawberry.field(
        default=None,
        description=f'Where it took place (at most {MAX_LOCATION} characters); "n/a" unless '
        "given (R-SVC-8).",
    )


@strawberry.type
class ServiceMutations:
    @strawberry.mutation(
        description="Enter a service: coaches the four coaching services in their program "
        "record (R-SVC-1), hub staff hub services in an accepted RA record (R-SVC-2)."
    )
    async def service_create(self, info: Info, input: ServiceCreateInput) -> ServicePayload:
        staff = require(info, Cap.SERVICE_WRITE)
        location = (input.location or "").strip() or None
        if location is not None and len(location) > MAX_LOCATION:
            raise BadInput(f"input.location is longer than {MAX_LOCATION} characters.")
        enrollment = await access_enrollment(staff, parse_id(input.enrollment_id, "Enrollment"))
        service, violations = await create_service(
            staff=staff,
            enrollment=enrollment,
            service_type=input.type,
            start_date=input.start_date,
            end_date=input.end_date,
            location=location,
        )
        return ServicePayload.of(service, violations)
