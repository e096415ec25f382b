"""Received RA Again (R-OUT-8, R-ENR-6): the participant's returns, and the mark the
system records on the last episode when the hub accepts a return more than 90 days after
its exit. Hub staff record it through outcomes.record_outcome, under the same rule."""

from __future__ import annotations

from datetime import date

from models.actions import audit
from models.enrollments import Enrollment
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus, ProgramStatus
from models.rules.outcomes import EXITED, is_final, is_return_after_90_days, received_ra_again_type
from models.staff import Staff


async def return_application_dates(episode: Enrollment) -> list[date]:
    """The Application Dates of the customer's other RA records that may be a return: every
    one but a Pre-Program Exit (a referral never accepted gave no RA) (R-OUT-8)."""
    dates = (
        await Enrollment.filter(
            customer_id=episode.customer_id,  # type: ignore[attr-defined]
            is_ra=True,
        )
        .exclude(id=episode.id)
        .exclude(program_status=ProgramStatus.PRE_PROGRAM_EXIT)
        .values_list("application_date", flat=True)
    )
    return list(dates)  # type: ignore[arg-type]


async def _previous_exited_record(enrollment: Enrollment) -> Enrollment | None:
    return (
        await Enrollment.filter(
            customer_id=enrollment.customer_id,  # type: ignore[attr-defined]
            is_ra=True,
            program_status__in=list(EXITED),
            exit_date__isnull=False,
        )
        .exclude(id=enrollment.id)
        .order_by("-exit_date", "-id")
        .select_for_update()  # against a hub's outcome on the same episode at the same time
        .first()
    )


async def record_on_acceptance(staff: Staff, enrollment: Enrollment) -> Outcome | None:
    """R-ENR-6, R-OUT-8: the accepted record's Application Date is more than 90 days after
    the last exit: mark that episode Received RA Again as its next retention type not yet
    recorded, unless it is marked already or has no retention type left."""
    previous = await _previous_exited_record(enrollment)
    if previous is None or previous.exit_date is None:
        return None
    if not is_return_after_90_days(previous.exit_date, enrollment.application_date):
        return None
    recorded = {o.type: o.housing_status for o in await Outcome.filter(enrollment_id=previous.id)}
    outcome_type = received_ra_again_type(recorded)
    if is_final(recorded) or outcome_type is None:
        return None
    on = enrollment.review_date or enrollment.application_date
    row = await Outcome.create(
        enrollment_id=previous.id,
        type=outcome_type,
        housing_status=OutcomeHousingStatus.RECEIVED_RA_AGAIN,
        recorded_on=on,
        recorded_by_id=None,
    )
    await audit.record(
        actor_id=staff.id,
        action="outcome.received_ra_again",
        entity="Outcome",
        entity_id=row.id,
        after={
            "enrollment_id": previous.id,
            "type": outcome_type,
            "housing_status": row.housing_status,
            "recorded_on": on,
            "returned_in": enrollment.id,
        },
    )
    return row
