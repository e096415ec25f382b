"""Payment and Services Plans: one per funding source, ended with Housing Status at
Funding End, and on an exited record ended but never used again (R-PAY-2, R-PAY-5,
R-PAY-6, R-OUT-6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models.rules.dates import not_in_future
from models.rules.enums import ErrorCode, OutcomeHousingStatus, ProgramStatus
from models.rules.errors import Violation
from models.rules.outcomes import EXITED

ENDING_FIELDS = frozenset({"end_date", "housing_status_at_funding_end"})
"""What may still change in a plan of an exited record: its end (R-PAY-6)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFact:
    """A Payment and Services Plan of the record (R-PAY-2)."""

    funding_source: str
    payment_types: frozenset[str]
    start_date: date
    target_end_date: date
    end_date: date | None


def plan_active(start_date: date, end_date: date | None, on: date) -> bool:
    """Tell whether a plan is active on a day: start <= day <= end, if any (R-PAY-3)."""
    return start_date <= on and (end_date is None or on <= end_date)


def plan_target_end_warning(plan: PlanFact, on: date) -> str | None:
    """Warn when an open plan is used after its target end date; it never blocks (R-PAY-3)."""
    if plan.end_date is not None or on <= plan.target_end_date:
        return None
    return (
        f"The {plan.funding_source} plan's target end date {plan.target_end_date} has passed; "
        "extend it or set an end date (R-PAY-3)"
    )


def has_open_plan(plans: Iterable[PlanFact], funding_source: str) -> bool:
    """Tell whether a plan for the funding source has no end date yet (R-PAY-5)."""
    return any(p.funding_source == funding_source and p.end_date is None for p in plans)


def _plan_exists(funding_source: str, field: str) -> Violation:
    return Violation(
        ErrorCode.PLAN_EXISTS,
        f"The record already has a plan for {funding_source} without an end date: one plan "
        "per funding source; end that plan before entering another (R-PAY-5)",
        field,
    )


def plan_create_violations(
    *,
    funding_source: str,
    payment_types: frozenset[str],
    start_date: date,
    target_end_date: date,
    application_date: date,
    review_date: date | None,
    program_status: ProgramStatus,
    today: date,
    open_plan_exists: bool = False,
) -> list[Violation]:
    """Check a new plan of an accepted, open record: one open plan per funding source
    (R-PAY-2, R-PAY-5, R-PAY-6, R-ENR-4)."""
    violations: list[Violation | None] = []
    if program_status is not ProgramStatus.OPEN:
        violations.append(
            Violation(
                ErrorCode.WRONG_STAGE,
                "Plans go only into an open record: an exited record's plans can only be "
                "ended (R-PAY-2, R-PAY-6)",
            )
        )
    if review_date is None:
        violations.append(
            Violation(
                ErrorCode.NOT_ACCEPTED, "Accept the referral before planning payments (R-PAY-2)"
            )
        )
    if not funding_source.strip():
        violations.append(
            Violation(
                ErrorCode.REQUIRED, "Choose a funding source (R-PAY-2)", "input.fundingSource"
            )
        )
    elif open_plan_exists:
        violations.append(_plan_exists(funding_source, "input.fundingSource"))
    if not payment_types:
        violations.append(
            Violation(
                ErrorCode.REQUIRED,
                "Choose at least one payment type (R-PAY-2)",
                "input.paymentTypes",
            )
        )
    violations.append(not_in_future(start_date, today, "input.startDate", what="The start date"))
    if start_date < application_date:
        violations.append(
            Violation(
                ErrorCode.DATE_BEFORE_APPLICATION,
                f"The plan starts before the application date {application_date} (R-ENR-4)",
                "input.startDate",
            )
        )
    if target_end_date < start_date:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "The target end date is before the start date (R-PAY-2)",
                "input.targetEndDate",
            )
        )
    return [v for v in violations if v is not None]


def _stage_violation(
    program_status: ProgramStatus, end_date: date | None, changed: frozenset[str]
) -> Violation | None:
    """An open record's plans change freely; an exited record's plans may only be ended
    (end date and Housing Status at Funding End), never reopened or extended (R-PAY-6)."""
    if program_status is ProgramStatus.OPEN:
        return None
    if program_status in EXITED and end_date is not None and changed <= ENDING_FIELDS:
        return None
    if program_status in EXITED:
        return Violation(
            ErrorCode.WRONG_STAGE,
            "On an exited record a plan can only be ended (end date and Housing Status at "
            "Funding End); nothing that moves money is allowed (R-PAY-6)",
        )
    return Violation(ErrorCode.WRONG_STAGE, "Plans change only in an open record (R-PAY-2)")


def plan_update_violations(
    *,
    program_status: ProgramStatus,
    end_date: date | None,
    housing_status_at_funding_end: OutcomeHousingStatus | None,
    start_date: date,
    today: date,
    changed: frozenset[str] = frozenset(),
    funding_source: str = "",
    other_open_plan_exists: bool = False,
    last_payment_on: date | None = None,
) -> list[Violation]:
    """Check a plan after a change: the record's stage, the end date with Housing Status at
    Funding End, no second open plan for its funding source when it is reopened, and no
    payment of the plan left after its end (R-PAY-2, R-PAY-5, R-PAY-6, R-OUT-7, R-GEN-1)."""
    violations: list[Violation | None] = [_stage_violation(program_status, end_date, changed)]
    if housing_status_at_funding_end is OutcomeHousingStatus.RECEIVED_RA_AGAIN:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "Received RA Again is not a Housing Status at Funding End (R-OUT-7)",
                "input.housingStatusAtFundingEnd",
            )
        )
    if end_date is None:
        if "end_date" in changed and other_open_plan_exists:
            violations.append(_plan_exists(funding_source, "input.endDate"))
        return [v for v in violations if v is not None]
    if housing_status_at_funding_end is None:
        violations.append(
            Violation(
                ErrorCode.FUNDING_END_STATUS_REQUIRED,
                "Setting an end date needs the Housing Status at Funding End (R-PAY-2)",
                "input.housingStatusAtFundingEnd",
            )
        )
    if end_date < start_date:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "The end date is before the start date (R-PAY-2)",
                "input.endDate",
            )
        )
    elif last_payment_on is not None and end_date < last_payment_on:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                f"A payment of this plan is dated {last_payment_on}, after this end date; a "
                "plan ends on or after its last payment (R-PAY-2, R-PAY-3)",
                "input.endDate",
            )
        )
    violations.append(not_in_future(end_date, today, "input.endDate", what="The end date"))
    return [v for v in violations if v is not None]


def plan_target_end_violations(target_end_date: date | None, start_date: date) -> list[Violation]:
    """Check a plan's target end date after a change: kept (it may not be cleared), not
    before the start date, and unlike other dates it may be in the future (R-PAY-2, R-GEN-1)."""
    if target_end_date is None:
        return [
            Violation(
                ErrorCode.REQUIRED,
                "A plan keeps a target end date (R-PAY-2)",
                "input.targetEndDate",
            )
        ]
    if target_end_date < start_date:
        return [
            Violation(
                ErrorCode.INVALID,
                "The target end date is before the start date (R-PAY-2)",
                "input.targetEndDate",
            )
        ]
    return []
