"""The Payments tab: Service Point ID, payment plans and payments (R-PAY-1..4)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.rules.dates import month_label, not_in_future, parse_month, previous_month
from models.rules.enums import ErrorCode, OutcomeHousingStatus, ProgramStatus
from models.rules.errors import Violation

Month = tuple[int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFact:
    """A Payment and Services Plan of the record (R-PAY-2)."""

    funding_source: str
    payment_types: frozenset[str]
    start_date: date
    target_end_date: date
    end_date: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentFacts:
    """The RA record a payment goes into, with its copied coaching dates (R-PAY-3)."""

    program_status: ProgramStatus
    fully_enrolled: bool
    application_date: date
    participation_date: date | None
    plans: tuple[PlanFact, ...]
    # (start, end) of each coaching service copied in; it counts for every month it touches.
    coaching_services: tuple[tuple[date, date], ...]


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


def engagement_months(paid_on: date, participation_date: date | None) -> tuple[Month, ...]:
    """Return the month before the payment's, and its own if participation began then (R-PAY-3)."""
    own = (paid_on.year, paid_on.month)
    months: tuple[Month, ...] = (previous_month(*own),)
    if (
        participation_date is not None
        and (participation_date.year, participation_date.month) == own
    ):
        months += (own,)
    return months


def _overlaps(service: tuple[date, date], month: Month) -> bool:
    first = date(month[0], month[1], 1)
    last = date(month[0], month[1], calendar.monthrange(*month)[1])
    return service[0] <= last and service[1] >= first


def _engagement_violation(facts: PaymentFacts, paid_on: date) -> Violation | None:
    months = engagement_months(paid_on, facts.participation_date)
    if any(_overlaps(s, m) for s in facts.coaching_services for m in months):
        return None
    where = month_label(*months[0])
    if len(months) > 1:
        where += f" (or in {month_label(*months[1])}, the month participation started)"
    return Violation(
        ErrorCode.ENGAGEMENT_MISSING,
        f"No coaching service in {where} has been copied into the RA record; the coach must "
        "copy one before rent can be paid (R-PAY-3)",
        "input.paidOn",
    )


def payment_violations(
    facts: PaymentFacts,
    *,
    paid_on: date,
    amount: Decimal,
    for_month: str,
    funding_source: str,
    payment_type: str,
    today: date,
) -> list[Violation]:
    """Check a payment, reporting every failure at once (R-PAY-3, R-ENR-4, R-GEN-1)."""
    violations: list[Violation | None] = []
    if not facts.fully_enrolled:
        violations.append(
            Violation(
                ErrorCode.NOT_FULLY_ENROLLED,
                "Payments need a fully enrolled record: accepted, participating and with a "
                "coaching service copied in (R-PAY-3)",
            )
        )
    if facts.program_status is not ProgramStatus.OPEN:
        violations.append(
            Violation(ErrorCode.WRONG_STAGE, "Payments go only into an open record (R-PAY-3)")
        )
    if amount <= 0:
        violations.append(
            Violation(
                ErrorCode.INVALID, "The amount must be more than zero (R-PAY-3)", "input.amount"
            )
        )
    try:
        parse_month(for_month)
    except ValueError:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                f"The month paid for must be written YYYY-MM, not {for_month!r} (R-PAY-3)",
                "input.forMonth",
            )
        )
    violations.append(not_in_future(paid_on, today, "input.paidOn", what="The payment date"))
    if paid_on < facts.application_date:
        violations.append(
            Violation(
                ErrorCode.DATE_BEFORE_APPLICATION,
                f"The payment is dated before the application date {facts.application_date} "
                "(R-ENR-4)",
                "input.paidOn",
            )
        )
    if not any(
        plan.funding_source == funding_source
        and payment_type in plan.payment_types
        and plan_active(plan.start_date, plan.end_date, paid_on)
        for plan in facts.plans
    ):
        violations.append(
            Violation(
                ErrorCode.NO_ACTIVE_PLAN,
                f"No payment plan for {funding_source} with payment type {payment_type} is "
                f"active on {paid_on} (R-PAY-3)",
                "input.fundingSource",
            )
        )
    violations.append(_engagement_violation(facts, paid_on))
    return [v for v in violations if v is not None]


def is_over_requested(total_paid: Decimal, total_requested: Decimal | None) -> bool:
    """Flag total payments above the total amount requested; allowed, only flagged (R-PAY-4)."""
    return total_requested is not None and total_paid > total_requested


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
) -> list[Violation]:
    """Check a new Payment and Services Plan of an accepted, open record (R-PAY-2, R-ENR-4)."""
    violations: list[Violation | None] = []
    if program_status is not ProgramStatus.OPEN:
        violations.append(
            Violation(ErrorCode.WRONG_STAGE, "Plans go only into an open record (R-PAY-2)")
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


def plan_update_violations(
    *,
    program_status: ProgramStatus,
    end_date: date | None,
    housing_status_at_funding_end: OutcomeHousingStatus | None,
    start_date: date,
    today: date,
) -> list[Violation]:
    """Check a plan change: an open record, the end date and Housing Status at Funding End
    (R-PAY-2, R-OUT-7, R-GEN-1)."""
    violations: list[Violation | None] = []
    if program_status is not ProgramStatus.OPEN:
        violations.append(
            Violation(ErrorCode.WRONG_STAGE, "Plans change only in an open record (R-PAY-2)")
        )
    if housing_status_at_funding_end is OutcomeHousingStatus.RECEIVED_RA_AGAIN:
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "Received RA Again is not a Housing Status at Funding End (R-OUT-7)",
                "input.housingStatusAtFundingEnd",
            )
        )
    if end_date is not None:
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
        violations.append(not_in_future(end_date, today, "input.endDate", what="The end date"))
    return [v for v in violations if v is not None]


def service_point_id_violations(fully_enrolled: bool) -> list[Violation]:
    """Allow the Service Point ID only once the record is fully enrolled (R-PAY-1)."""
    if fully_enrolled:
        return []
    return [
        Violation(
            ErrorCode.NOT_FULLY_ENROLLED,
            "The Service Point ID can be entered once the record is fully enrolled (R-PAY-1)",
            "servicePointId",
        )
    ]


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
