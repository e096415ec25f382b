"""Entering services (R-SVC-1..5): one entry point, `create_service`, that sends a coach
to the program-record branch and hub staff to the RA-record branch; each keeps the
record's derived dates in step (R-SVC-3, R-SVC-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from models import clock
from models.actions import audit
from models.actions.outbox import unit_of_work
from models.enrollments import Enrollment
from models.rules.enums import Role, ServiceType
from models.rules.errors import Violation
from models.rules.services import (
    ServiceFact,
    coaching_service_violations,
    derive_dates,
    is_fully_enrolled,
    service_create_violations,
    service_placement_violation,
)
from models.services import Service
from models.staff import Staff

DERIVED = ("participation_date", "lq_fund_service_date", "housing_type_received", "fully_enrolled")


def _facts(services: list[Service]) -> list[ServiceFact]:
    return [
        ServiceFact(s.type, s.start_date, s.end_date, s.copied_from_id is not None)  # type: ignore[attr-defined]
        for s in services
    ]


async def refresh_derived_dates(*, actor_id: int | None, enrollment: Enrollment) -> None:
    """Recompute Participation Date, LQ Fund Service Date, housing type received and fully
    enrolled from the record's services, with an audit entry when they change
    (R-SVC-2..4)."""
    services = await Service.filter(enrollment_id=enrollment.id)
    derived = derive_dates(_facts(services), enrollment.is_ra)
    new: dict[str, Any] = {
        "participation_date": derived.participation_date,
        "lq_fund_service_date": derived.lq_fund_service_date,
        "housing_type_received": derived.housing_type_received,
        "fully_enrolled": enrollment.is_ra
        and is_fully_enrolled(
            enrollment.review_date, derived.participation_date, derived.has_copied_coaching
        ),
    }
    before = {name: getattr(enrollment, name) for name in DERIVED}
    changed = {name: value for name, value in new.items() if before[name] != value}
    if not changed:
        return
    await Enrollment.filter(id=enrollment.id).update(**changed)
    for name, value in changed.items():
        setattr(enrollment, name, value)
    await audit.record(
        actor_id=actor_id,
        action="enrollment.derivedDates",
        entity="Enrollment",
        entity_id=enrollment.id,
        before={n: before[n] for n in changed},
        after=changed,
    )


async def _insert(
    staff: Staff, enrollment: Enrollment, service_type: ServiceType, start: date, end: date
) -> Service:
    service = await Service.create(
        enrollment_id=enrollment.id,
        type=service_type,
        start_date=start,
        end_date=end,
        entered_by=staff,
    )
    await audit.record(
        actor_id=staff.id,
        action="service.create",
        entity="Service",
        entity_id=service.id,
        after={
            "enrollment_id": enrollment.id,
            "type": service_type,
            "start_date": start,
            "end_date": end,
        },
    )
    await refresh_derived_dates(actor_id=staff.id, enrollment=enrollment)
    return service


async def create_service(
    *,
    staff: Staff,
    enrollment: Enrollment,
    service_type: ServiceType,
    start_date: date,
    end_date: date | None,
) -> tuple[Service | None, list[Violation]]:
    """Enter a service: coaches in their program records, hub staff hub services in RA
    records (R-SVC-1, R-SVC-2); an omitted end date is the start date."""
    end = end_date or start_date
    if staff.role is Role.CAREER_COACH:
        return await create_coaching_service(
            staff=staff,
            enrollment=enrollment,
            service_type=service_type,
            start_date=start_date,
            end_date=end,
        )
    return await create_hub_service(
        staff=staff,
        enrollment=enrollment,
        service_type=service_type,
        start_date=start_date,
        end_date=end,
    )


async def create_coaching_service(
    *,
    staff: Staff,
    enrollment: Enrollment,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
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
        return await _insert(staff, row, service_type, start_date, end_date), []


async def create_hub_service(
    *,
    staff: Staff,
    enrollment: Enrollment,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
) -> tuple[Service | None, list[Violation]]:
    """A hub service in an accepted RA record, not dated before the Review Date; the first
    is Rapid Rehousing or Homeless Prevention (R-SVC-2, R-SVC-5, R-ENR-4)."""
    placement = service_placement_violation(service_type, enrollment.is_ra, staff.role)
    if placement is not None:
        return None, [placement]
    async with unit_of_work():
        row = await Enrollment.filter(id=enrollment.id).select_for_update().first()
        assert row is not None
        services = await Service.filter(enrollment_id=row.id)
        derived = derive_dates(_facts(services), True)
        violations = service_create_violations(
            service_type=service_type,
            start_date=start_date,
            end_date=end_date,
            today=clock.today(),
            program_status=row.program_status,
            application_date=row.application_date,
            review_date=row.review_date,
            participation_date=derived.participation_date,
            final_rent_exit_date=derived.final_rent_exit_date,
            last_service_date=max((s.end_date for s in services), default=None),
        )
        if violations:
            return None, violations
        return await _insert(staff, row, service_type, start_date, end_date), []
