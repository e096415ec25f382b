"""The Outcomes tab: Exit, outcomes, Received RA Again, the 90-day rule, removing an exit
and running sweeps (R-OUT-3..8)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from models.rules.dates import add_months, not_in_future
from models.rules.enums import ErrorCode, OutcomeHousingStatus, OutcomeType, ProgramStatus
from models.rules.errors import Violation

INACTIVITY_DAYS = 90
EXITED = frozenset({ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT})
"""The statuses of an exited record: Exit and Auto Exit, never Pre-Program Exit (R-OUT-1)."""
_MONTHS_AFTER_EXIT = {
    OutcomeType.AT_EXIT: 0,
    OutcomeType.SIX_MONTH_RETENTION: 6,
    OutcomeType.TWELVE_MONTH_RETENTION: 12,
}
_LABELS = {
    OutcomeType.AT_EXIT: "An At Exit outcome",
    OutcomeType.SIX_MONTH_RETENTION: "A 6 Month Retention outcome",
    OutcomeType.TWELVE_MONTH_RETENTION: "A 12 Month Retention outcome",
}


def exit_violations(
    *,
    program_status: ProgramStatus,
    review_date: date | None,
    final_rent_exit_date: date | None,
    plans_all_ended: bool,
) -> list[Violation]:
    """Check an Exit: open, accepted, a Hub Final Rent Exit, every plan ended (R-OUT-3)."""
    if program_status is not ProgramStatus.OPEN or review_date is None:
        return [
            Violation(
                ErrorCode.WRONG_STAGE,
                "Only an open record whose referral was accepted can be exited (R-OUT-3)",
            )
        ]
    violations = []
    if final_rent_exit_date is None:
        violations.append(
            Violation(
                ErrorCode.FINAL_RENT_EXIT_REQUIRED,
                "Enter the Hub Final Rent Exit service first; its date becomes the exit date "
                "(R-OUT-3)",
            )
        )
    if not plans_all_ended:
        violations.append(
            Violation(
                ErrorCode.PLANS_NOT_ENDED,
                "Set an end date on every payment plan before exiting (R-OUT-3)",
            )
        )
    return violations


def earliest_outcome_date(outcome_type: OutcomeType, exit_date: date) -> date:
    """Return the exit date, or 6 or 12 months after it, by outcome type (R-OUT-7)."""
    return add_months(exit_date, _MONTHS_AFTER_EXIT[outcome_type])


def outcome_violations(
    *,
    outcome_type: OutcomeType,
    housing_status: OutcomeHousingStatus,
    recorded_on: date,
    program_status: ProgramStatus,
    exit_date: date | None,
    at_exit_status: OutcomeHousingStatus | None,
    today: date,
) -> list[Violation]:
    """Check an outcome's stage, date, timing and At Exit status (R-OUT-7, R-OUT-8)."""
    if program_status not in EXITED or exit_date is None:
        return [
            Violation(ErrorCode.WRONG_STAGE, "Outcomes are recorded on an exited record (R-OUT-7)")
        ]
    violations: list[Violation | None] = [
        not_in_future(recorded_on, today, "recordedOn", what="The outcome date")
    ]
    retention = outcome_type is not OutcomeType.AT_EXIT
    if housing_status is OutcomeHousingStatus.RECEIVED_RA_AGAIN:
        if not retention:
            violations.append(
                Violation(
                    ErrorCode.INVALID,
                    "Received RA Again is recorded as a 6 or 12 Month Retention outcome (R-OUT-8)",
                    "type",
                )
            )
        return [v for v in violations if v is not None]
    earliest = earliest_outcome_date(outcome_type, exit_date)
    if recorded_on < earliest:
        violations.append(
            Violation(
                ErrorCode.RETENTION_TOO_EARLY,
                f"{_LABELS[outcome_type]} can be recorded from {earliest} on (R-OUT-7)",
                "recordedOn",
            )
        )
    if retention and at_exit_status is not OutcomeHousingStatus.HOUSED:
        violations.append(
            Violation(
                ErrorCode.NOT_HOUSED_AT_EXIT,
                "Retention outcomes are recorded only when the At Exit status is Housed (R-OUT-7)",
                "type",
            )
        )
    return [v for v in violations if v is not None]


def received_ra_again_type(recorded_types: Iterable[OutcomeType]) -> OutcomeType | None:
    """Return the next retention type not yet recorded, or None (R-OUT-8)."""
    recorded = set(recorded_types)
    for outcome_type in (OutcomeType.SIX_MONTH_RETENTION, OutcomeType.TWELVE_MONTH_RETENTION):
        if outcome_type not in recorded:
            return outcome_type
    return None


def last_qualifying_date(
    lq_fund_service_date: date | None,
    participation_date: date | None,
    review_date: date | None,
    exit_removed_on: date | None,
) -> date | None:
    """Return LQ, else Participation, else Review Date, or a later removal (R-OUT-4, R-OUT-6)."""
    fallback = lq_fund_service_date or participation_date or review_date
    return max((d for d in (fallback, exit_removed_on) if d is not None), default=None)


def inactivity_cutoff(as_of: date) -> date:
    """Return the latest last qualifying date due for Auto Exit on as_of (R-OUT-4)."""
    return as_of - timedelta(days=INACTIVITY_DAYS + 1)


def is_inactivity_due(last_qualifying: date | None, as_of: date) -> bool:
    """Tell whether a last qualifying date is more than 90 days before as_of (R-OUT-4)."""
    return last_qualifying is not None and last_qualifying <= inactivity_cutoff(as_of)


def exit_remove_violations(program_status: ProgramStatus, reason: str) -> list[Violation]:
    """Check that a contract manager may remove an Exit or Auto Exit, with a reason (R-OUT-6)."""
    violations = []
    if program_status not in EXITED:
        violations.append(
            Violation(ErrorCode.WRONG_STAGE, "Only an Exit or Auto Exit can be removed (R-OUT-6)")
        )
    if not reason.strip():
        violations.append(
            Violation(
                ErrorCode.REQUIRED, "Give the reason for removing the exit (R-OUT-6)", "reason"
            )
        )
    return violations


def sweep_run_violations(as_of: date, today: date, dry_run: bool) -> list[Violation]:
    """Allow a dry run for any day but a real sweep only for today or earlier (R-OUT-5)."""
    if dry_run or as_of <= today:
        return []
    return [
        Violation(
            ErrorCode.DATE_IN_FUTURE,
            f"A sweep can only be applied for today or earlier, not {as_of}; ask for a dry "
            "run to see who would be swept (R-OUT-5)",
            "asOf",
        )
    ]
