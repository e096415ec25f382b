"""Current Housing Status (R-SVC-6) and case notes (R-OUT-9), by coach or hub on any
record they see. Neither feeds performance nor is ever emailed."""

from __future__ import annotations

from datetime import date

from models import clock
from models.actions import audit
from models.actions.access import AccessDenied, access_enrollment, row_id
from models.actions.outbox import unit_of_work
from models.rules.enums import CurrentHousingStatus, ErrorCode
from models.rules.errors import Violation
from models.rules.hub import case_note_violations, dates_violations
from models.services import CaseNote, HousingStatusEntry
from models.staff import Staff

UNSET = object()


def _entry(row: HousingStatusEntry) -> dict[str, object]:
    return {"start_date": row.start_date, "end_date": row.end_date, "status": row.status}


async def create_housing_status(
    *, staff: Staff, enrollment_id: str, start_date: date, status: CurrentHousingStatus
) -> tuple[HousingStatusEntry | None, list[Violation]]:
    """Enter a Current Housing Status from a start date (R-SVC-6)."""
    async with unit_of_work():
        enrollment = await access_enrollment(staff, enrollment_id)
        violations = dates_violations(start_date, None, clock.today())
        if violations:
            return None, violations
        row = await HousingStatusEntry.create(
            enrollment_id=enrollment.id,
            start_date=start_date,
            status=status,
            entered_by_id=staff.id,
        )
        await audit.record(
            actor_id=staff.id,
            action="housing_status.create",
            entity="HousingStatusEntry",
            entity_id=row.id,
            after={"enrollment_id": enrollment.id, **_entry(row)},
        )
    return row, []


async def update_housing_status(
    *,
    staff: Staff,
    entry_id: str,
    end_date: date | object | None = UNSET,
    status: CurrentHousingStatus | object | None = UNSET,
) -> tuple[HousingStatusEntry | None, list[Violation]]:
    """End or correct a Current Housing Status entry; an omitted argument is left as it is,
    an explicit null end date clears it (R-SVC-6)."""
    async with unit_of_work():
        number = row_id(entry_id)
        row = await HousingStatusEntry.get_or_none(id=number) if number else None
        if row is None:
            raise AccessDenied()
        await access_enrollment(staff, row.enrollment_id)  # type: ignore[attr-defined]
        new_end = row.end_date if end_date is UNSET else end_date
        violations = dates_violations(row.start_date, new_end, clock.today())  # type: ignore[arg-type]
        if status is None:
            violations.append(
                Violation(
                    ErrorCode.REQUIRED, "A housing status cannot be cleared (R-SVC-6)", "status"
                )
            )
        if violations:
            return None, violations
        before = _entry(row)
        row.end_date = new_end  # type: ignore[assignment]
        if status is not UNSET:
            row.status = status  # type: ignore[assignment]
        if _entry(row) != before:
            row.modified_by_id, row.modified_at = staff.id, clock.now()  # type: ignore[attr-defined]
            await row.save(update_fields=["end_date", "status", "modified_by_id", "modified_at"])
            await audit.record(
                actor_id=staff.id,
                action="housing_status.update",
                entity="HousingStatusEntry",
                entity_id=row.id,
                before=before,
                after=_entry(row),
            )
    return row, []


async def add_case_note(*, staff: Staff, enrollment_id: int, text: str) -> CaseNote:
    """Write a staff member's case note and its audit entry, inside the caller's unit of
    work (R-OUT-9); refusals, withdrawals and exit removals keep their reason this way."""
    row = await CaseNote.create(
        enrollment_id=enrollment_id,
        text=text.strip(),
        author_id=staff.id,
        written_at=clock.now(),
        system=False,
    )
    await audit.record(
        actor_id=staff.id,
        action="case_note.create",
        entity="CaseNote",
        entity_id=row.id,
        after={"enrollment_id": enrollment_id, "text": row.text},
    )
    return row


async def create_case_note(
    *, staff: Staff, enrollment_id: str, text: str
) -> tuple[CaseNote | None, list[Violation]]:
    """Add a case note to a record the staff member sees (R-OUT-9)."""
    async with unit_of_work():
        enrollment = await access_enrollment(staff, enrollment_id)
        violations = case_note_violations(text)
        if violations:
            return None, violations
        row = await add_case_note(staff=staff, enrollment_id=enrollment.id, text=text)
    return row, []
