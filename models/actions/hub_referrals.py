"""The hub reviews a referral: accept (R-REF-2, with Received RA Again on the previous
episode, R-ENR-6 and R-OUT-8), refuse (R-REF-3) and take over Customer Of (R-ENR-2)."""

from __future__ import annotations

from datetime import date

from models import clock
from models.actions import audit, hub_notices
from models.actions.access import access_enrollment, row_id
from models.actions.case_management import add_case_note
from models.actions.facts import load_referral_facts
from models.actions.outbox import unit_of_work
from models.enrollments import Enrollment
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus, ProgramStatus
from models.rules.errors import Violation
from models.rules.hub import customer_of_violations
from models.rules.outcomes import received_ra_again_type
from models.rules.referral import accept_violations, is_returning_after_90_days, refuse_violations
from models.staff import Staff

Result = tuple[Enrollment | None, list[Violation]]


async def _previous_exited_record(enrollment: Enrollment) -> Enrollment | None:
    return (
        await Enrollment.filter(
            customer_id=enrollment.customer_id,  # type: ignore[attr-defined]
            is_ra=True,
            program_status__in=[ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT],
            exit_date__isnull=False,
        )
        .exclude(id=enrollment.id)
        .order_by("-exit_date", "-id")
        .first()
    )


async def _record_received_ra_again(staff: Staff, enrollment: Enrollment, on: date) -> None:
    """R-ENR-6, R-OUT-8: the participant returned more than 90 days after the last exit;
    mark that episode Received RA Again as its next retention type not yet recorded."""
    previous = await _previous_exited_record(enrollment)
    if previous is None or previous.exit_date is None:
        return
    if not is_returning_after_90_days((previous.program_status, previous.exit_date), on):
        return
    outcomes = await Outcome.filter(enrollment_id=previous.id)
    if any(o.housing_status is OutcomeHousingStatus.RECEIVED_RA_AGAIN for o in outcomes):
        return
    outcome_type = received_ra_again_type(o.type for o in outcomes)
    if outcome_type is None:
        return
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


async def accept_referral(*, staff: Staff, enrollment_id: str, review_date: date) -> Result:
    """Accept a sent referral with a Review Date, the staff member as Reviewed By (R-REF-2)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        facts = await load_referral_facts(row)
        violations = accept_violations(facts, review_date, clock.today())
        if violations:
            return None, violations
        row.review_date = review_date
        row.reviewed_by_id = staff.id  # type: ignore[attr-defined]
        await row.save(update_fields=["review_date", "reviewed_by_id"])
        await audit.record(
            actor_id=staff.id,
            action="referral.accept",
            entity="Enrollment",
            entity_id=row.id,
            before={"review_date": None, "reviewed_by_id": None},
            after={"review_date": review_date, "reviewed_by_id": staff.id},
        )
        await _record_received_ra_again(staff, row, review_date)
    return row, []


async def refuse_referral(*, staff: Staff, enrollment_id: str, case_note: str) -> Result:
    """Refuse a referral: Pre-Program Exit, the reason as case note, the coach emailed
    (R-REF-3, R-OUT-2)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        violations = refuse_violations(await load_referral_facts(row), case_note)
        if violations:
            return None, violations
        before = {"program_status": row.program_status, "exit_date": row.exit_date}
        row.program_status = ProgramStatus.PRE_PROGRAM_EXIT
        row.exit_date = clock.today()
        await row.save(update_fields=["program_status", "exit_date"])
        await audit.record(
            actor_id=staff.id,
            action="referral.refuse",
            entity="Enrollment",
            entity_id=row.id,
            before=before,
            after={"program_status": row.program_status, "exit_date": row.exit_date},
        )
        await add_case_note(staff=staff, enrollment_id=row.id, text=case_note)
        await hub_notices.referral_refused(row, staff)
    return row, []


async def assign_customer_of(*, staff: Staff, enrollment_id: str, staff_id: str) -> Result:
    """Move Customer Of to a staff member of the record's hub, after acceptance (R-ENR-2)."""
    async with unit_of_work():
        row = await access_enrollment(staff, enrollment_id, lock=True)
        number = row_id(staff_id)
        target = await Staff.get_or_none(id=number) if number else None
        violations = customer_of_violations(
            review_date=row.review_date,
            record_hub_id=row.provider_id,  # type: ignore[attr-defined]
            target_exists=target is not None,
            target_role=target.role if target else None,
            target_provider_id=target.provider_id if target else None,  # type: ignore[attr-defined]
            target_active=bool(target and target.is_active),
        )
        if violations:
            return None, violations
        assert target is not None
        before = row.customer_of_id  # type: ignore[attr-defined]
        if before != target.id:
            row.customer_of_id = target.id  # type: ignore[attr-defined]
            await row.save(update_fields=["customer_of_id"])
            await audit.record(
                actor_id=staff.id,
                action="enrollment.customer_of",
                entity="Enrollment",
                entity_id=row.id,
                before={"customer_of_id": before},
                after={"customer_of_id": target.id},
            )
    return row, []
