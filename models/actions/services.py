"""Entering services (R-SVC-1..5): one entry point, `create_service`, that sends a coach
to the program-record branch and hub staff to the RA-record branch; each keeps the
record's derived dates in step (R-SVC-3, R-SVC-4)."""

from __future__ import annotations

from datetime import date

from models import clock
from models.actions.hub_services import create_hub_service, insert_service
from models.actions.outbox import unit_of_work
from models.enrollments import Enrollment
from models.rules.enums import Role, ServiceType
from models.rules.errors import Violation
from models.rules.services import coaching_service_violations
from models.services import Service
from models.staff import Staff


async def create_service(
    *,
    staff: Staff,
    enrollment: Enrollment,
    service_type: ServiceType,
    start_date: date,
    end_date: date | None,
    location: str | None = None,
) -> tuple[Service | None, list[Violation]]:
    """Enter a service: coaches in their program records, hub staff hub services in RA
    records (R-SVC-1, R-SVC-2); an omitted end date is the start date, an omitted
    location shows as "n/a" (R-SVC-8)."""
    end = end_date or start_date
    if staff.role is Role.CAREER_COACH:
        return await create_coaching_service(
            staff=staff,
            enrollment=enrollment,
            service_type=service_type,
            start_date=start_date,
            end_date=end,
            location=location,
        )
    return await create_hub_service(
        staff=staff,
        enrollment_id=str(enrollment.id),
        service_type=service_type,
        start_date=start_date,
        end_date=end,
        location=location,
    )


async def create_coaching_service(
    *,
    staff: Staff,
    enrollment: Enrollment,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
    location: str | None = None,
) -> tuple[Service | None, list[Violation]]:
    """A coaching service in the coach's program record; it updates the record's LQ Fund
    Service Date (R-SVC-1, R-SVC-3). It reaches an RA record only by copy."""
    async with unit_of_work():
        row = await Enrollment.filter(id=enrollment.id).select_for_update().first()
        assert row is not None
        violations = coaching_service_violations(
            service_type=service_type,
            start_date=start_date,
            end_date=end_date,
            today=clock.today(),
            is_ra_record=row.is_ra,
            own_agency=row.provider_id == staff.provider_id,  # type: ignore[attr-defined]
            program_status=row.program_status,
        )
        if violations:
            return None, violations
        service = await insert_service(
            staff=staff,
            enrollment=row,
            service_type=service_type,
            start_date=start_date,
            end_date=end_date,
            location=location,
        )
        return service, []
