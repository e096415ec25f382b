"""The Outcomes tab: Exit (hub staff), removing an exit (contract managers), outcomes and
Received RA Again (R-OUT-3, R-OUT-6..8). Every check runs before any write."""

from __future__ import annotations

from datetime import date
from typing import Any

from models import clock
from models.actions import audit
from models.actions.access import access_enrollment
from models.actions.case_management import add_case_note
from models.actions.hub_services import DERIVED_FIELDS, recompute_derived
from models.actions.outbox import unit_of_work
from models.enrollments import Enrollment
from models.payments import Outcome, PaymentPlan
from models.rules.enums import OutcomeHousingStatus, OutcomeType, ProgramStatus, ServiceType
from models.rules.errors import Violation
from models.rules.outcomes import (
    exit_remove_violations,
    exit_violations,
    outcome_violations,
    received_ra_again_type,
)
from models.services import Service
from models.staff import Staff

_EXIT_FIELDS = ("program_status", "exit_date", "exit_removed_on")


def _snapshot(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


async def _final_rent_exit_date(enrollment_id: int) -> date | None:
    rows = await Service.filter(
        enrollment_id=enrollment_id, type=ServiceType.HUB_FINAL_RENT_EXIT
    ).order_by("-end_date")
    return rows[0].end_date if rows else None


async def exit_enrollment(
    *, staff: Staff, enrollment_id: str
) -> tuple[Enrollment | None, list[Violation]]:
    """Enter Exit: needs the Hub Final Rent Exit service and every plan ended; the exit date
    is that service's date (R-OUT-3, R-SVC-5)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        final_rent_exit = await _final_rent_exit_date(row.id)
        open_plans = await PaymentPlan.filter(enrollment_id=row.id, end_date__isnull=True).exists()
        violations = exit_violations(
            program_status=row.program_status,
            review_date=row.review_date,
            final_rent_exit_date=final_rent_exit,
            plans_all_ended=not open_plans,
        )
        if violations:
            return None, violations
        before = _snapshot(row, _EXIT_FIELDS)
        row.program_status = ProgramStatus.EXIT
        row.exit_date = final_rent_exit
        await row.save(update_fields=["program_status", "exit_date"])
        await audit.record(
            actor_id=staff.id,
            action="enrollment.exit",
            entity="Enrollment",
            entity_id=row.id,
            before=before,
            after=_snapshot(row, _EXIT_FIELDS),
        )
    return row, []


async def remove_exit(
    *, staff: Staff, enrollment_id: str, reason: str
) -> tuple[Enrollment | None, list[Violation]]:
    """Remove an Exit or Auto Exit with a reason: the record is open again, an Exit's Hub
    Final Rent Exit service goes (the audit trail keeps it), and today counts as a
    qualifying date so the next 90-day sweep does not exit it again at once (R-OUT-6)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        violations = exit_remove_violations(row.program_status, reason)
        if violations:
            return None, violations
        before = {**_snapshot(row, _EXIT_FIELDS), **_snapshot(row, DERIVED_FIELDS)}
        if row.program_status is ProgramStatus.EXIT:
            finals = await Service.filter(
                enrollment_id=row.id, type=ServiceType.HUB_FINAL_RENT_EXIT
            )
            for service in finals:
                await audit.record(
                    actor_id=staff.id,
                    action="service.delete",
                    entity="Service",
                    entity_id=service.id,
                    before={
                        "enrollment_id": row.id,
                        "type": service.type,
                        "start_date": service.start_date,
                        "end_date": service.end_date,
                    },
                    after={
                        "enrollment_id": None,
                        "type": None,
                        "start_date": None,
                        "end_date": None,
                        "reason": "exit removed (R-OUT-6)",
                    },
                )
                await service.delete()
        row.program_status = ProgramStatus.OPEN
        row.exit_date = None
        row.exit_removed_on = clock.today()
        await row.save(update_fields=list(_EXIT_FIELDS))
        await recompute_derived(actor_id=staff.id, enrollment=row)
        await add_case_note(
            staff=staff,
            enrollment_id=row.id,
            text=f"Exit removed by the contract manager: {reason.strip()} (R-OUT-6)",
        )
        await audit.record(
            actor_id=staff.id,
            action="enrollment.exit_remove",
            entity="Enrollment",
            entity_id=row.id,
            before=before,
            after={
                **_snapshot(row, _EXIT_FIELDS),
                **_snapshot(row, DERIVED_FIELDS),
                "reason": reason.strip(),
            },
        )
    return row, []


async def _save_outcome(
    *,
    actor_id: int | None,
    row: Enrollment,
    outcome_type: OutcomeType,
    housing_status: OutcomeHousingStatus,
    recorded_on: date,
    existing: dict[OutcomeType, Outcome],
) -> Outcome:
    outcome = existing.get(outcome_type)
    before = None
    if outcome is None:
        outcome = await Outcome.create(
            enrollment=row,
            type=outcome_type,
            housing_status=housing_status,
            recorded_on=recorded_on,
            recorded_by_id=actor_id,
        )
    else:  # one per type: a second entry replaces the first (R-OUT-7)
        before = {"housing_status": outcome.housing_status, "recorded_on": outcome.recorded_on}
        outcome.housing_status = housing_status
        outcome.recorded_on = recorded_on
        # recorded_by stays who first recorded it; who replaced it is the last modifier
        outcome.modified_by_id, outcome.modified_at = actor_id, clock.now()  # type: ignore[attr-defined]
        await outcome.save(
            update_fields=["housing_status", "recorded_on", "modified_by_id", "modified_at"]
        )
    await audit.record(
        actor_id=actor_id,
        action="outcome.record",
        entity="Outcome",
        entity_id=outcome.id,
        before=before,
        after={
            "enrollment_id": row.id,
            "type": outcome_type,
            "housing_status": housing_status,
            "recorded_on": recorded_on,
        },
    )
    return outcome


async def record_outcome(
    *,
    staff: Staff,
    enrollment_id: str,
    outcome_type: OutcomeType,
    housing_status: OutcomeHousingStatus,
    recorded_on: date,
) -> tuple[Outcome | None, list[Violation]]:
    """Record an outcome of an exited record, replacing one of the same type; Received RA
    Again goes in as the next retention type not yet recorded (R-OUT-7, R-OUT-8)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        existing = {o.type: o for o in await Outcome.filter(enrollment_id=row.id)}
        at_exit = existing.get(OutcomeType.AT_EXIT)
        violations = outcome_violations(
            outcome_type=outcome_type,
            housing_status=housing_status,
            recorded_on=recorded_on,
            program_status=row.program_status,
            exit_date=row.exit_date,
            at_exit_status=at_exit.housing_status if at_exit else None,
            today=clock.today(),
        )
        if violations:
            return None, violations
        if housing_status is OutcomeHousingStatus.RECEIVED_RA_AGAIN:
            outcome_type = (
                received_ra_again_type(
                    t
                    for t, o in existing.items()
                    if o.housing_status is not OutcomeHousingStatus.RECEIVED_RA_AGAIN
                )
                or OutcomeType.TWELVE_MONTH_RETENTION
            )
        outcome = await _save_outcome(
            actor_id=staff.id,
            row=row,
            outcome_type=outcome_type,
            housing_status=housing_status,
            recorded_on=recorded_on,
            existing=existing,
        )
    return outcome, []
