"""Hub services in RA records (R-SVC-2..5) and the dates every record derives from its
services, kept on the enrollment row so that sweeps and reports stay plain SQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from models import clock
from models.actions import audit, hub_notices
from models.actions.access import access_enrollment
from models.actions.outbox import unit_of_work
from models.enrollments import Enrollment
from models.rules.enums import ErrorCode, ServiceType
from models.rules.errors import Violation
from models.rules.services import (
    HUB_TYPES,
    DerivedDates,
    ServiceFact,
    derive_dates,
    is_fully_enrolled,
    service_create_violations,
    service_placement_violation,
)
from models.services import Service
from models.staff import Staff

DERIVED_FIELDS = (
    "participation_date",
    "lq_fund_service_date",
    "housing_type_received",
    "fully_enrolled",
)


def service_fact(row: Service) -> ServiceFact:
    """A service row as the rules see it."""
    return ServiceFact(
        row.type,
        row.start_date,
        row.end_date,
        row.copied_from_id is not None,  # type: ignore[attr-defined]
    )


def derived_from(rows: Iterable[Service], enrollment: Enrollment) -> DerivedDates:
    """The dates the record derives from these services (R-SVC-2..5)."""
    return derive_dates((service_fact(r) for r in rows), enrollment.is_ra)


async def recompute_derived(*, actor_id: int | None, enrollment: Enrollment) -> None:
    """Set Participation Date, LQ Fund Service Date, housing type received and fully
    enrolled from all the record's services, with an audit entry when they change
    (R-SVC-2, R-SVC-3, R-SVC-4, R-SVC-7)."""
    d = derived_from(await Service.filter(enrollment_id=enrollment.id), enrollment)
    after = {
        "participation_date": d.participation_date,
        "lq_fund_service_date": d.lq_fund_service_date,
        "housing_type_received": d.housing_type_received if enrollment.is_ra else None,
        "fully_enrolled": enrollment.is_ra
        and is_fully_enrolled(enrollment.review_date, d.participation_date, d.has_copied_coaching),
    }
    before = {name: getattr(enrollment, name) for name in DERIVED_FIELDS}
    if before == after:
        return
    for name, value in after.items():
        setattr(enrollment, name, value)
    await enrollment.save(update_fields=list(DERIVED_FIELDS))
    await audit.record(
        actor_id=actor_id,
        action="enrollment.derived_dates",
        entity="Enrollment",
        entity_id=enrollment.id,
        before=before,
        after=after,
    )


async def insert_service(
    *,
    staff: Staff,
    enrollment: Enrollment,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
    location: str | None = None,
) -> Service:
    """Write a checked service with its audit entry and bring the record's derived dates
    in step (R-SVC-3, R-SVC-4); callers check the rules first."""
    service = await Service.create(
        enrollment_id=enrollment.id,
        type=service_type,
        start_date=start_date,
        end_date=end_date,
        entered_by_id=staff.id,
        location=location,
    )
    await audit.record(
        actor_id=staff.id,
        action="service.create",
        entity="Service",
        entity_id=service.id,
        after={
            "enrollment_id": enrollment.id,
            "type": service_type,
            "start_date": start_date,
            "end_date": end_date,
            "location": location,
        },
    )
    await recompute_derived(actor_id=staff.id, enrollment=enrollment)
    return service


def hub_service_violations(
    *,
    enrollment: Enrollment,
    others: list[Service],
    service_type: ServiceType,
    start_date: date,
    end_date: date,
) -> list[Violation]:
    """R-SVC-2, R-SVC-5, R-ENR-4, R-GEN-1 for a hub service among the record's others."""
    d = derived_from(others, enrollment)
    return service_create_violations(
        service_type=service_type,
        start_date=start_date,
        end_date=end_date,
        today=clock.today(),
        program_status=enrollment.program_status,
        application_date=enrollment.application_date,
        review_date=enrollment.review_date,
        participation_date=d.participation_date,
        final_rent_exit_date=d.final_rent_exit_date,
        last_service_date=max((s.end_date for s in others), default=None),
    )


async def create_hub_service(
    *,
    staff: Staff,
    enrollment_id: str,
    service_type: ServiceType,
    start_date: date,
    end_date: date | None,
    location: str | None = None,
) -> tuple[Service | None, list[Violation]]:
    """Enter a hub service in an RA record; the first sets the Participation Date and the
    housing type received, and the referring coach is emailed (R-SVC-2, R-REF-5)."""
    end_date = end_date or start_date
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        placement = service_placement_violation(service_type, row.is_ra, staff.role)
        if placement is not None:
            return None, [placement]
        if not row.is_ra:
            return None, [
                Violation(
                    ErrorCode.SERVICE_NOT_ALLOWED_HERE,
                    "This entry point takes hub services in RA records only (R-SVC-2)",
                    "input.enrollmentId",
                )
            ]
        others = list(await Service.filter(enrollment_id=row.id))
        violations = hub_service_violations(
            enrollment=row,
            others=others,
            service_type=service_type,
            start_date=start_date,
            end_date=end_date,
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
        if not any(s.type in HUB_TYPES for s in others):
            await hub_notices.first_hub_service(row, service, staff)
    return service, []
