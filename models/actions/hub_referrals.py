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
from models.actions.received_again import record_on_acceptance
from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from models.rules.errors import Violation
from models.rules.hub import customer_of_violations
from models.rules.referral import accept_violations, refuse_violations
from models.staff import Staff

Result = tuple[Enrollment | None, list[Violation]]


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
        await record_on_acceptance(staff, row)
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
