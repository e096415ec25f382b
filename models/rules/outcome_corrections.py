"""A contract manager's correction of an outcome, Received RA Again included: always with a
reason, judged by the same outcome rules except the finality of Received RA Again, which
only this correction may undo (R-OUT-7, R-OUT-8, R-ACL-3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from models.rules.enums import ErrorCode, OutcomeHousingStatus, OutcomeType, ProgramStatus
from models.rules.errors import Violation
from models.rules.outcomes import EXITED, outcome_violations


def _needs_housed_at_exit(recorded: Mapping[OutcomeType, OutcomeHousingStatus]) -> bool:
    return any(
        t is not OutcomeType.AT_EXIT and s is not OutcomeHousingStatus.RECEIVED_RA_AGAIN
        for t, s in recorded.items()
    )


def outcome_correction_violations(
    *,
    outcome_type: OutcomeType,
    housing_status: OutcomeHousingStatus | None,
    recorded_on: date,
    program_status: ProgramStatus,
    exit_date: date | None,
    recorded: Mapping[OutcomeType, OutcomeHousingStatus],
    reason: str,
    today: date,
) -> list[Violation]:
    """Check a contract manager's correction of one outcome of an episode: a new housing
    status (and date), or its removal when `housing_status` is None (R-OUT-8)."""
    violations: list[Violation] = []
    if not reason.strip():
        violations.append(
            Violation(
                ErrorCode.REQUIRED, "Give the reason for correcting the outcome (R-OUT-8)", "reason"
            )
        )
    if housing_status is not None:
        return violations + outcome_violations(
            outcome_type=outcome_type,
            housing_status=housing_status,
            recorded_on=recorded_on,
            program_status=program_status,
            exit_date=exit_date,
            today=today,
            recorded=recorded,
            correction=True,
        )
    if program_status not in EXITED or exit_date is None:
        violations.append(
            Violation(ErrorCode.WRONG_STAGE, "Outcomes are recorded on an exited record (R-OUT-7)")
        )
    elif outcome_type is OutcomeType.AT_EXIT and _needs_housed_at_exit(recorded):
        violations.append(
            Violation(
                ErrorCode.NOT_HOUSED_AT_EXIT,
                "Retention outcomes of this episode rest on its At Exit status of Housed; "
                "remove them before the At Exit outcome (R-OUT-7)",
                "housingStatus",
            )
        )
    return violations
