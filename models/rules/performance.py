"""Performance measures per hub and period, as pure definitions the SQL mirrors
(R-PERF-1..3)."""

from __future__ import annotations

from datetime import date, timedelta

from models.rules.dates import add_months
from models.rules.enums import OutcomeHousingStatus, ProgramStatus, ServiceType
from models.rules.outcomes import EXITED
from models.rules.services import HOUSING_SUPPORT_TYPES


def counts_as_housing_support(
    *,
    service_type: ServiceType,
    start_date: date,
    end_date: date,
    program_status: ProgramStatus,
    period_start: date,
    period_end: date,
) -> bool:
    """Tell whether a service counts for Housing Supports in the period (R-PERF-1)."""
    return (
        service_type in HOUSING_SUPPORT_TYPES
        and program_status is not ProgramStatus.PRE_PROGRAM_EXIT
        and start_date <= period_end
        and end_date >= period_start
    )


def retention_due_in_period(
    exit_date: date, months: int, period_start: date, period_end: date
) -> bool:
    """Tell whether exit date + months falls within [period_start, period_end] (R-PERF-2)."""
    return period_start <= add_months(exit_date, months) <= period_end


def in_retention_denominator(
    *,
    program_status: ProgramStatus,
    exit_date: date | None,
    received_ra_again: bool,
    months: int,
    period_start: date,
    period_end: date,
) -> bool:
    """Tell whether an exited record is in the period's retention denominator (R-PERF-2)."""
    return (
        program_status in EXITED
        and exit_date is not None
        and not received_ra_again
        and retention_due_in_period(exit_date, months, period_start, period_end)
    )


def is_retained(housing_status: OutcomeHousingStatus | None) -> bool:
    """Tell whether a retention outcome counts as retained: Housed only (R-PERF-2)."""
    return housing_status is OutcomeHousingStatus.HOUSED


def retention_rate(retained: int, denominator: int) -> float | None:
    """Return retained / denominator, or None when the denominator is 0 (R-PERF-2)."""
    if not 0 <= retained <= denominator:
        raise ValueError(f"retained {retained} must be between 0 and {denominator}")
    return None if denominator == 0 else retained / denominator


def exit_dates_due_in_period(
    months: int, period_start: date, period_end: date
) -> tuple[date, date] | None:
    """Return the first and last exit dates whose date + months falls within the period, so
    that SQL can filter exit_date BETWEEN them; None when no exit date does (R-PERF-2,
    R-GEN-1: month ends clamp, so several exit dates can share one due date)."""
    first = add_months(period_start, -months)
    while add_months(first, months) < period_start:
        first += timedelta(days=1)
    last = add_months(period_end, -months)
    while add_months(last + timedelta(days=1), months) <= period_end:
        last += timedelta(days=1)
    if first > last or add_months(first, months) > period_end:
        return None
    return first, last
