"""Copy To, date corrections and deletion of services (R-SVC-1, R-SVC-7); the records'
derived dates follow every change (R-SVC-2..4)."""

from __future__ import annotations

from datetime import date

from models import clock
from models.actions import audit, hub_notices
from models.actions.access import AccessDenied, access_enrollment, row_id
from models.actions.hub_services import (
    derived_from,
    hub_service_violations,
    payment_months,
    recompute_derived,
)
from models.actions.outbox import unit_of_work
from models.enrollments import Enrollment
from models.rules.enums import ErrorCode, Role
from models.rules.errors import Violation
from models.rules.hub import dates_violations, record_open_violation
from models.rules.services import (
    copy_violations,
    service_delete_violations,
    service_placement_violation,
)
from models.services import Service
from models.staff import Staff

Result = tuple[Service | None, list[Violation]]


async def access_service(staff: Staff, service_id: str) -> tuple[Service, Enrollment]:
    """The service and its record, if the staff member sees the record (R-ACL-1)."""
    number = row_id(service_id)
    row = await Service.get_or_none(id=number) if number else None
    if row is None:
        raise AccessDenied()
    enrollment = await access_enrollment(staff, row.enrollment_id, lock=True)  # type: ignore[attr-defined]
    return row, enrollment


def _dates(service: Service) -> dict[str, object]:
    return {"type": service.type, "start_date": service.start_date, "end_date": service.end_date}


async def copy_service(*, staff: Staff, service_id: str, to_enrollment_id: str) -> Result:
    """Copy a coaching service of a program record into another open enrollment of the
    customer, keeping its dates; an RA record's hub is emailed (R-SVC-1, R-REF-5)."""
    async with unit_of_work():
        original, source = await access_service(staff, service_id)
        target = await access_enrollment(staff, to_enrollment_id, lock=True)
        there = list(await Service.filter(enrollment_id=target.id))
        violations = copy_violations(
            service_type=original.type,
            start_date=original.start_date,
            end_date=original.end_date,
            from_program_record=not source.is_ra and original.copied_from_id is None,  # type: ignore[attr-defined]
            same_customer=source.customer_id == target.customer_id,  # type: ignore[attr-defined]
            same_enrollment=source.id == target.id,
            target_is_ra_record=target.is_ra,
            target_status=target.program_status,
            target_application_date=target.application_date,
            target_final_rent_exit_date=derived_from(there, target).final_rent_exit_date,
            already_copied_there=any(s.copied_from_id == original.id for s in there),  # type: ignore[attr-defined]
        )
        if violations:
            return None, violations
        copy = await Service.create(
            enrollment_id=target.id,
            type=original.type,
            start_date=original.start_date,
            end_date=original.end_date,
            copied_from_id=original.id,
            entered_by_id=staff.id,
            location=original.location,
        )
        await audit.record(
            actor_id=staff.id,
            action="service.copy",
            entity="Service",
            entity_id=copy.id,
            after={"enrollment_id": target.id, "copied_from_id": original.id, **_dates(copy)},
        )
        await recompute_derived(actor_id=staff.id, enrollment=target)
        if target.is_ra:
            await hub_notices.service_copied(target, copy, staff)
    return copy, []


def _who_may_change(staff: Staff, service: Service, enrollment: Enrollment) -> Violation | None:
    """R-SVC-7: whoever may enter a service may change it; a copy belongs to the coach."""
    if service.copied_from_id is not None:  # type: ignore[attr-defined]
        if staff.role is Role.CAREER_COACH:
            return None
        return Violation(
            ErrorCode.SERVICE_NOT_ALLOWED_HERE,
            "A copied coaching service is changed by the coach (R-SVC-1, R-SVC-7)",
            "serviceId",
        )
    placement = service_placement_violation(service.type, enrollment.is_ra, staff.role)
    if placement is None:
        return None
    return Violation(placement.code, placement.message, "serviceId")


def _as_arguments(violations: list[Violation]) -> list[Violation]:
    """serviceUpdate names its arguments without the `input.` of serviceCreate."""
    renamed = {"input.startDate": "startDate", "input.endDate": "endDate"}
    return [
        Violation(v.code, v.message, renamed.get(v.field or "", "serviceId" if v.field else None))
        for v in violations
    ]


async def _copy_violations(copies: list[Service], start: date, end: date) -> list[Violation]:
    """The copies follow the original: each target record must still take the dates."""
    violations: list[Violation] = []
    for copy in copies:
        target = await Enrollment.get(id=copy.enrollment_id)  # type: ignore[attr-defined]
        others = [s for s in await Service.filter(enrollment_id=target.id) if s.id != copy.id]
        violations += copy_violations(
            service_type=copy.type,
            start_date=start,
            end_date=end,
            from_program_record=True,
            same_customer=True,
            same_enrollment=False,
            target_is_ra_record=target.is_ra,
            target_status=target.program_status,
            target_application_date=target.application_date,
            target_final_rent_exit_date=derived_from(others, target).final_rent_exit_date,
            already_copied_there=False,
        )
    return [Violation(v.code, v.message, "startDate") for v in violations]


async def update_service(
    *, staff: Staff, service_id: str, start_date: date, end_date: date | None
) -> Result:
    """Correct a service's dates; its copies follow and every record's derived dates are
    recomputed (R-SVC-7)."""
    end_date = end_date or start_date
    async with unit_of_work():
        service, enrollment = await access_service(staff, service_id)
        who = _who_may_change(staff, service, enrollment)
        if who is not None:
            return None, [who]
        if service.copied_from_id is not None:  # type: ignore[attr-defined]
            return None, [
                Violation(
                    ErrorCode.SERVICE_NOT_ALLOWED_HERE,
                    "A copy keeps the dates of its original: correct the original in the "
                    "program record (R-SVC-1, R-SVC-7)",
                    "serviceId",
                )
            ]
        copies = list(await Service.filter(copied_from_id=service.id))
        if enrollment.is_ra:
            others = [
                s for s in await Service.filter(enrollment_id=enrollment.id) if s.id != service.id
            ]
            violations = _as_arguments(
                hub_service_violations(
                    enrollment=enrollment,
                    others=others,
                    service_type=service.type,
                    start_date=start_date,
                    end_date=end_date,
                    payments=await payment_months(enrollment),
                )
            )
        else:
            closed = record_open_violation(
                enrollment.program_status, "Services are corrected", "R-SVC-7"
            )
            violations = ([closed] if closed else []) + dates_violations(
                start_date, end_date, clock.today()
            )
        violations += await _copy_violations(copies, start_date, end_date)
        if violations:
            return None, violations
        for row in [service, *copies]:
            before = _dates(row)
            row.start_date, row.end_date = start_date, end_date
            row.modified_by_id, row.modified_at = staff.id, clock.now()  # type: ignore[attr-defined]
            await row.save(
                update_fields=["start_date", "end_date", "modified_by_id", "modified_at"]
            )
            await audit.record(
                actor_id=staff.id,
                action="service.update",
                entity="Service",
                entity_id=row.id,
                before=before,
                after=_dates(row),
            )
        await recompute_derived(actor_id=staff.id, enrollment=enrollment)
        for copy in copies:
            target = await Enrollment.get(id=copy.enrollment_id)  # type: ignore[attr-defined]
            await recompute_derived(actor_id=staff.id, enrollment=target)
    return service, []


async def delete_service(*, staff: Staff, service_id: str) -> Result:
    """Delete a service: a copy by the coach, an original only while it has no copies,
    never the Final Rent Exit of an exited record (R-SVC-7)."""
    async with unit_of_work():
        service, enrollment = await access_service(staff, service_id)
        who = _who_may_change(staff, service, enrollment)
        if who is not None:
            return None, [who]
        violations = service_delete_violations(
            service_type=service.type,
            program_status=enrollment.program_status,
            copy_count=await Service.filter(copied_from_id=service.id).count(),
        )
        if violations:
            return None, violations
        before = {
            "enrollment_id": enrollment.id,
            **_dates(service),
            "copied_from_id": service.copied_from_id,  # type: ignore[attr-defined]
        }
        deleted_id = service.id
        await service.delete()
        service.id = deleted_id
        await audit.record(
            actor_id=staff.id,
            action="service.delete",
            entity="Service",
            entity_id=deleted_id,
            before=before,
            after={name: None for name in before},
        )
        await recompute_derived(actor_id=staff.id, enrollment=enrollment)
    return service, []
