"""A contract manager's correction of an outcome (R-OUT-8): the one way to change or
remove a Received RA Again, and any other outcome, always with a reason, audited
(R-ACL-3). Every check runs before any write."""

from __future__ import annotations

from typing import Any

from models import clock
from models.actions import audit
from models.actions.access import AccessDenied, access_enrollment
from models.actions.outbox import unit_of_work
from models.actions.outcomes import save_outcome
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus
from models.rules.errors import Violation
from models.rules.outcome_corrections import outcome_correction_violations
from models.staff import Staff

KEEP: Any = object()
"""An omitted argument: leave the outcome's value as it is."""


async def correct_outcome(
    *,
    staff: Staff,
    outcome_id: str,
    reason: str,
    housing_status: Any = KEEP,
    recorded_on: Any = KEEP,
) -> tuple[Outcome | None, list[Violation]]:
    """Change an outcome's housing status or date, or remove it (housing_status None),
    with a reason kept in the audit trail; the record's figures follow (R-OUT-8, R-PERF-2).
    Returns the outcome as it was removed, or as corrected."""
    try:
        key = int(outcome_id)
    except (TypeError, ValueError):
        raise AccessDenied() from None
    async with unit_of_work():
        outcome = await Outcome.get_or_none(id=key)
        if outcome is None:
            raise AccessDenied()
        row = await access_enrollment(staff, outcome.enrollment_id, lock=True)  # type: ignore[attr-defined]
        outcome = await Outcome.get(id=key)  # read again under the record's lock
        existing = {o.type: o for o in await Outcome.filter(enrollment_id=row.id)}
        status = outcome.housing_status if housing_status is KEEP else housing_status
        on = outcome.recorded_on if recorded_on is KEEP else recorded_on
        violations = outcome_correction_violations(
            outcome_type=outcome.type,
            housing_status=None if status is None else OutcomeHousingStatus(status),
            recorded_on=on,
            program_status=row.program_status,
            exit_date=row.exit_date,
            recorded={t: o.housing_status for t, o in existing.items()},
            reason=reason,
            today=clock.today(),
        )
        if violations:
            return None, violations
        if status is not None:
            corrected = await save_outcome(
                actor_id=staff.id,
                row=row,
                outcome_type=outcome.type,
                housing_status=OutcomeHousingStatus(status),
                recorded_on=on,
                existing=existing,
                reason=reason.strip(),
            )
            return corrected, []
        before = {
            "enrollment_id": row.id,
            "type": outcome.type,
            "housing_status": outcome.housing_status,
            "recorded_on": outcome.recorded_on,
        }
        removed_id = outcome.id
        await outcome.delete()
        outcome.id = removed_id
        await audit.record(
            actor_id=staff.id,
            action="outcome.delete",
            entity="Outcome",
            entity_id=removed_id,
            before=before,
            after={**{name: None for name in before}, "reason": reason.strip()},
        )
    return outcome, []
