"""The Outcomes tab: Exit, outcomes, Received RA Again, the 90-day rule, removing an exit
and running sweeps (R-OUT-3..8)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


RETURN_AFTER_DAYS = 90


def is_return_after_90_days(exit_date: date, application_date: date) -> bool:
    """Tell whether a newer RA record's Application Date is more than 90 days after an
    episode's exit date: a return that makes the episode Received RA Again (R-OUT-8,
    R-ENR-6). Day 90 is not; day 91 is."""
    return application_date > exit_date + timedelta(days=RETURN_AFTER_DAYS)


def is_final(recorded: Mapping[OutcomeType, OutcomeHousingStatus]) -> bool:
    """Tell whether the episode is marked Received RA Again, which is final (R-OUT-8)."""
    return OutcomeHousingStatus.RECEIVED_RA_AGAIN in recorded.values()


def _retention_recorded(recorded: Mapping[OutcomeType, OutcomeHousingStatus]) -> bool:
    """A retention outcome that needed Housed at exit (Received RA Again is exempt)."""
    return any(
        t is not OutcomeType.AT_EXIT and s is not OutcomeHousingStatus.RECEIVED_RA_AGAIN
        for t, s in recorded.items()
    )


def _received_ra_again_violations(
    outcome_type: OutcomeType,
    recorded: Mapping[OutcomeType, OutcomeHousingStatus],
    exit_date: date,
    return_application_dates: Iterable[date] | None,
    *,
    takes_next_type: bool,
) -> list[Violation]:
    violations = []
    if outcome_type is OutcomeType.AT_EXIT:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "Received RA Again is recorded as a 6 or 12 Month Retention outcome (R-OUT-8)",
                "type",
            )
        )
    elif takes_next_type and received_ra_again_type(recorded) is None:
        violations.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "Both retention outcomes of this episode are recorded: Received RA Again has "
                "no retention outcome left to take (R-OUT-8)",
                "type",
            )
        )
    if return_application_dates is not None and not any(
        is_return_after_90_days(exit_date, d) for d in return_application_dates
    ):
        violations.append(
            Violation(
                ErrorCode.NO_RETURN_RECORDED,
                "Received RA Again needs a newer RA record of the participant whose "
                f"Application Date is more than 90 days after this exit date {exit_date}, "
                f"i.e. on or after {exit_date + timedelta(days=RETURN_AFTER_DAYS + 1)} (R-OUT-8)",
                "housingStatus",
            )
        )
    return violations


def outcome_violations(
    *,
    outcome_type: OutcomeType,
    housing_status: OutcomeHousingStatus,
    recorded_on: date,
    program_status: ProgramStatus,
    exit_date: date | None,
    at_exit_status: OutcomeHousingStatus | None = None,
    today: date,
    recorded: Mapping[OutcomeType, OutcomeHousingStatus] | None = None,
    return_application_dates: Iterable[date] | None = None,
    correction: bool = False,
) -> list[Violation]:
    """Check an outcome of an exited record: its stage, date, timing and At Exit status;
    an episode marked Received RA Again is final, and hub staff mark it only after a
    return recorded more than 90 days after the exit (R-OUT-7, R-OUT-8).

    `recorded` holds the episode's outcomes (the At Exit status is read from it when
    given); `return_application_dates` the Application Dates of the participant's newer
    RA records, None when not judged (the system's mark and a contract manager's
    correction); `correction` is a contract manager's correction, which may replace a
    Received RA Again."""
    if recorded is None:
        recorded = {} if at_exit_status is None else {OutcomeType.AT_EXIT: at_exit_status}
    at_exit_status = recorded.get(OutcomeType.AT_EXIT)
    if program_status not in EXITED or exit_date is None:
        return [
            Violation(ErrorCode.WRONG_STAGE, "Outcomes are recorded on an exited record (R-OUT-7)")
        ]
    if is_final(recorded) and not correction:
        return [
            Violation(
                ErrorCode.WRONG_STAGE,
                "This episode is marked Received RA Again, which is final: no later outcome "
                "replaces it; only a contract manager may correct it, with a reason (R-OUT-8)",
            )
        ]
    violations: list[Violation | None] = [
        not_in_future(recorded_on, today, "recordedOn", what="The outcome date")
    ]
    if housing_status is OutcomeHousingStatus.RECEIVED_RA_AGAIN:
        violations += _received_ra_again_violations(
            outcome_type,
            recorded,
            exit_date,
            return_application_dates,
            takes_next_type=not correction,
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
    retention = outcome_type is not OutcomeType.AT_EXIT
    if retention and at_exit_status is not OutcomeHousingStatus.HOUSED:
        violations.append(
            Violation(
                ErrorCode.NOT_HOUSED_AT_EXIT,
                "Retention outcomes are recorded only when the At Exit status is Housed (R-OUT-7)",
                "type",
            )
        )
    if (
        not retention
        and housing_status is not OutcomeHousingStatus.HOUSED
        and _retention_recorded(recorded)
    ):
        violations.append(
            Violation(
                ErrorCode.NOT_HOUSED_AT_EXIT,
                "Retention outcomes are recorded on this episode, which needs an At Exit "
                "status of Housed; it cannot change to another status (R-OUT-7)",
                "housingStatus",
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


def exit_remove_violations(
    program_status: ProgramStatus, reason: str, *, other_open_ra_record: bool = False
) -> list[Violation]:
    """Check that a contract manager may remove an Exit or Auto Exit, with a reason, and
    that the reopened record would be the customer's only open RA record (R-OUT-6,
    R-ENR-6)."""
    violations = []
    if program_status not in EXITED:
        violations.append(
            Violation(ErrorCode.WRONG_STAGE, "Only an Exit or Auto Exit can be removed (R-OUT-6)")
        )
    elif other_open_ra_record:
        violations.append(
            Violation(
                ErrorCode.OPEN_RA_RECORD_EXISTS,
                "The customer has another open RA record; a customer has at most one, so this "
                "exit cannot be removed (R-ENR-6, R-OUT-6)",
            )
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
