"""The Payments tab: Service Point ID and payments: the plan, engagement, the calendar
(the month paid for, the Hub Final Rent Exit) and the flags (R-PAY-1, R-PAY-3..5)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.rules.dates import month_label, not_in_future, parse_month, previous_month
from models.rules.enums import ErrorCode, ProgramStatus
from models.rules.errors import Violation
from models.rules.plans import PlanFact, plan_active
from models.rules.reference import choice_violation

Month = tuple[int, int]


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
    final_rent_exit_date: date | None = None
    # the reference lists in force (R-REG-0); None when not judged (rule tables)
    funding_sources_in_force: tuple[str, ...] | None = None
    payment_types_in_force: tuple[str, ...] | None = None


def next_month(year: int, month: int) -> Month:
    """Return the (year, month) after the given one (R-PAY-3: rent for the next month)."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_of(d: date) -> Month:
    """Return the (year, month) of a day."""
    return (d.year, d.month)


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
    """Check a payment, reporting every failure at once (R-PAY-3, R-REG-0, R-ENR-4,
    R-GEN-1)."""
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
    violations += _month_violations(facts, for_month, paid_on)
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
    violations += _reference_violations(facts, funding_source, payment_type)
    if not any(
        plan.funding_source == funding_source
        and payment_type in plan.payment_types
        and plan_active(plan.start_date, plan.end_date, paid_on)
        for plan in facts.plans
    ):
        violations.append(
            Violation(
                ErrorCode.NO_ACTIVE_PLAN,
                f"No payment plan for {_named(funding_source, facts.plans)} with that payment "
                f"type is active on {paid_on} (R-PAY-3)",
                "input.fundingSource",
            )
        )
    violations.append(_engagement_violation(facts, paid_on))
    return [v for v in violations if v is not None]


def _named(funding_source: str, plans: Iterable[PlanFact]) -> str:
    """A funding source by name when a plan of the record has it, else in general words:
    a message never repeats what was typed (R-REG-0)."""
    known = any(p.funding_source == funding_source for p in plans)
    return funding_source if known else "that funding source"


def _reference_violations(
    facts: PaymentFacts, funding_source: str, payment_type: str
) -> list[Violation | None]:
    """The funding source and payment type are values of the lists in force (R-REG-0)."""
    found: list[Violation | None] = []
    if facts.funding_sources_in_force is not None:
        found.append(
            choice_violation(
                funding_source,
                facts.funding_sources_in_force,
                field="input.fundingSource",
                label="The funding source",
            )
        )
    if facts.payment_types_in_force is not None:
        found.append(
            choice_violation(
                payment_type,
                facts.payment_types_in_force,
                field="input.paymentType",
                label="The payment type",
            )
        )
    return found


def for_month_bounds(paid_on: date, application_date: date) -> tuple[Month, Month]:
    """Return the first and last month a payment dated paid_on may pay for: the month of
    the Application Date, and the month after the payment's own month (R-PAY-3)."""
    return month_of(application_date), next_month(*month_of(paid_on))


def _month_violations(facts: PaymentFacts, for_month: str, paid_on: date) -> list[Violation]:
    """The month paid for: written YYYY-MM, from the Application Date's month to the month
    after the payment's, and never after the Hub Final Rent Exit's month; the payment is
    not dated after the Hub Final Rent Exit either (R-PAY-3, R-SVC-5)."""
    found: list[Violation] = []
    final = facts.final_rent_exit_date
    if final is not None and paid_on > final:
        found.append(
            Violation(
                ErrorCode.AFTER_FINAL_RENT_EXIT,
                f"No payment may be dated after the Hub Final Rent Exit of {final}, the last "
                "day of the last month whose rent is paid (R-PAY-3, R-SVC-5)",
                "input.paidOn",
            )
        )
    try:
        month = parse_month(for_month)
    except ValueError:
        return [
            *found,
            Violation(
                ErrorCode.INVALID,
                "The month paid for must be written YYYY-MM, e.g. 2025-02 (R-PAY-3)",
                "input.forMonth",
            ),
        ]
    first, last = for_month_bounds(paid_on, facts.application_date)
    if month > last:
        found.append(
            Violation(
                ErrorCode.INVALID,
                f"A payment dated {paid_on} pays for {month_label(*last)} at the latest: rent "
                "is paid in the current month for the next month (R-PAY-3)",
                "input.forMonth",
            )
        )
    elif month < first:
        found.append(
            Violation(
                ErrorCode.INVALID,
                f"The month paid for may not be before {month_label(*first)}, the month of the "
                f"application date {facts.application_date} (R-PAY-3, R-ENR-4)",
                "input.forMonth",
            )
        )
    if final is not None and month > month_of(final):
        found.append(
            Violation(
                ErrorCode.AFTER_FINAL_RENT_EXIT,
                f"No payment may pay for a month after {month_label(*month_of(final))}, the "
                f"month of the Hub Final Rent Exit of {final} (R-PAY-3, R-SVC-5)",
                "input.forMonth",
            )
        )
    return found


PaymentKey = tuple[str, str, str]
"""(month paid for, funding source, payment type): what a duplicate repeats (R-PAY-5)."""


def is_possible_duplicate(key: PaymentKey, earlier: Iterable[PaymentKey]) -> bool:
    """Flag a payment for the same month, funding source and payment type as an earlier
    payment of the record; accepted (the hub may split a month's rent), only flagged
    (R-PAY-5)."""
    return key in set(earlier)


def final_rent_exit_payment_violations(
    final_rent_exit: date, payments: Iterable[tuple[date, str]], field: str
) -> list[Violation]:
    """A Hub Final Rent Exit comes on or after every payment's date and in or after the
    month every payment pays for: its date is the last day of the last month whose rent
    is paid (R-SVC-5, R-PAY-3). `payments` are (date, month paid for) pairs."""
    paid = list(payments)
    found = []
    latest_on = max((on for on, _ in paid), default=None)
    if latest_on is not None and latest_on > final_rent_exit:
        found.append(
            Violation(
                ErrorCode.AFTER_FINAL_RENT_EXIT,
                f"A payment is dated {latest_on}, after this Hub Final Rent Exit; the Final "
                "Rent Exit comes on or after the last payment (R-SVC-5, R-PAY-3)",
                field,
            )
        )
    months = []
    for _, key in paid:
        try:
            months.append(parse_month(key))
        except ValueError:
            continue
    latest_month = max(months, default=None)
    if latest_month is not None and latest_month > month_of(final_rent_exit):
        found.append(
            Violation(
                ErrorCode.AFTER_FINAL_RENT_EXIT,
                f"A payment pays for {month_label(*latest_month)}; the Hub Final Rent Exit is "
                "the last day of the last month whose rent is paid (R-SVC-5, R-PAY-3)",
                field,
            )
        )
    return found


def is_over_requested(total_paid: Decimal, total_requested: Decimal | None) -> bool:
    """Flag total payments above the total amount requested; allowed, only flagged (R-PAY-4)."""
    return total_requested is not None and total_paid > total_requested


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
