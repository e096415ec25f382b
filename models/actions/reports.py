"""The hub performance report (R-PERF-1..3), computed by SQL aggregates: each figure is
one COUNT over a filter, and the drill-down lists are the same filters' rows, read only
when asked for. The filters mirror the pure definitions in models/rules/performance.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from models.enrollments import Enrollment
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus, OutcomeType, ProgramStatus
from models.rules.performance import exit_dates_due_in_period, retention_rate
from models.rules.services import HOUSING_SUPPORT_TYPES
from models.services import Service

_RETENTION_TYPE = {6: OutcomeType.SIX_MONTH_RETENTION, 12: OutcomeType.TWELVE_MONTH_RETENTION}


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """One hub and one period of the report."""

    hub_id: int
    start: date
    end: date


@dataclass(frozen=True, slots=True, kw_only=True)
class PerformanceFigures:
    """The counts of the report (R-PERF-1, R-PERF-2)."""

    housing_supports: int
    six_month_retained: int
    six_month_denominator: int
    twelve_month_retained: int
    twelve_month_denominator: int

    @property
    def six_month_rate(self) -> float | None:
        return retention_rate(self.six_month_retained, self.six_month_denominator)

    @property
    def twelve_month_rate(self) -> float | None:
        return retention_rate(self.twelve_month_retained, self.twelve_month_denominator)


def housing_support_records(period: Period) -> QuerySet[Enrollment]:
    """RA records at the hub with a Rapid Rehousing or Homeless Prevention service
    overlapping the period, Pre-Program Exits excluded (R-PERF-1)."""
    services = Service.filter(
        type__in=list(HOUSING_SUPPORT_TYPES),
        start_date__lte=period.end,
        end_date__gte=period.start,
    ).values("enrollment_id")
    return Enrollment.filter(
        Q(provider_id=period.hub_id, is_ra=True, id__in=Subquery(services))
        & ~Q(program_status=ProgramStatus.PRE_PROGRAM_EXIT)
    )


def retention_records(period: Period, months: int) -> QuerySet[Enrollment]:
    """Exited records at the hub whose exit date + months falls in the period, episodes
    marked Received RA Again excluded: the denominator (R-PERF-2, R-OUT-8)."""
    due = exit_dates_due_in_period(months, period.start, period.end)
    if due is None:
        return Enrollment.filter(id__in=[])
    again = Outcome.filter(housing_status=OutcomeHousingStatus.RECEIVED_RA_AGAIN).values(
        "enrollment_id"
    )
    return Enrollment.filter(
        Q(
            provider_id=period.hub_id,
            is_ra=True,
            program_status__in=[ProgramStatus.EXIT, ProgramStatus.AUTO_EXIT],
            exit_date__gte=due[0],
            exit_date__lte=due[1],
        )
        & ~Q(id__in=Subquery(again))
    )


def retained_records(period: Period, months: int) -> QuerySet[Enrollment]:
    """The denominator's records with a retention outcome of Housed (R-PERF-2)."""
    housed = Outcome.filter(
        type=_RETENTION_TYPE[months], housing_status=OutcomeHousingStatus.HOUSED
    ).values("enrollment_id")
    return retention_records(period, months).filter(id__in=Subquery(housed))


async def _count_distinct_customers(query: QuerySet[Enrollment]) -> int:
    rows = await query.annotate(n=Count("customer_id", distinct=True)).values("n")
    return int(rows[0]["n"]) if rows else 0


async def performance_figures(period: Period) -> PerformanceFigures:
    """The report's counts, five aggregate statements whatever the number of records."""
    return PerformanceFigures(
        housing_supports=await _count_distinct_customers(housing_support_records(period)),
        six_month_retained=await retained_records(period, 6).count(),
        six_month_denominator=await retention_records(period, 6).count(),
        twelve_month_retained=await retained_records(period, 12).count(),
        twelve_month_denominator=await retention_records(period, 12).count(),
    )
