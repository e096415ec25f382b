"""R-PERF-1..3: the pure definitions behind the performance report."""

from datetime import date, timedelta

import pytest

from models.rules.enums import OutcomeHousingStatus, ProgramStatus, ServiceType
from models.rules.performance import (
    counts_as_housing_support,
    exit_dates_due_in_period,
    in_retention_denominator,
    is_retained,
    retention_due_in_period,
    retention_rate,
)

START, END = date(2025, 1, 1), date(2025, 3, 31)


@pytest.mark.parametrize(
    ("service_type", "start", "end", "status", "counts"),
    [
        (ServiceType.RAPID_REHOUSING, START, START, ProgramStatus.OPEN, True),
        (ServiceType.HOMELESS_PREVENTION, END, END, ProgramStatus.EXIT, True),
        (ServiceType.HOMELESS_PREVENTION, date(2024, 12, 20), START, ProgramStatus.OPEN, True),
        (
            ServiceType.RAPID_REHOUSING,
            date(2024, 12, 31),
            date(2024, 12, 31),
            ProgramStatus.OPEN,
            False,
        ),
        (
            ServiceType.RAPID_REHOUSING,
            date(2025, 4, 1),
            date(2025, 4, 1),
            ProgramStatus.OPEN,
            False,
        ),
        (ServiceType.RAPID_REHOUSING, START, START, ProgramStatus.PRE_PROGRAM_EXIT, False),
        (ServiceType.HUB_FINAL_RENT_EXIT, START, START, ProgramStatus.EXIT, False),
        (ServiceType.CAREER_COACHING, START, START, ProgramStatus.OPEN, False),
    ],
)
def test_counts_as_housing_support(
    service_type: ServiceType, start: date, end: date, status: ProgramStatus, counts: bool
) -> None:
    result = counts_as_housing_support(
        service_type=service_type,
        start_date=start,
        end_date=end,
        program_status=status,
        period_start=START,
        period_end=END,
    )
    assert result is counts


@pytest.mark.parametrize(
    ("exit_date", "months", "due"),
    [
        (date(2024, 6, 30), 6, False),  # due 2024-12-30
        (date(2024, 7, 1), 6, True),  # due 2025-01-01
        (date(2024, 8, 31), 6, True),  # due 2025-02-28
        (date(2024, 9, 30), 6, True),  # due 2025-03-30
        (date(2024, 10, 1), 6, False),  # due 2025-04-01
        (date(2024, 1, 1), 12, True),
        (date(2023, 12, 31), 12, False),
        (date(2024, 3, 31), 12, True),
    ],
)
def test_retention_due_in_period(exit_date: date, months: int, due: bool) -> None:
    assert retention_due_in_period(exit_date, months, START, END) is due


@pytest.mark.parametrize(
    ("status", "exit_date", "again", "counted"),
    [
        (ProgramStatus.EXIT, date(2024, 8, 31), False, True),
        (ProgramStatus.AUTO_EXIT, date(2024, 8, 31), False, True),
        (ProgramStatus.EXIT, date(2024, 8, 31), True, False),
        (ProgramStatus.PRE_PROGRAM_EXIT, date(2024, 8, 31), False, False),
        (ProgramStatus.OPEN, None, False, False),
        (ProgramStatus.EXIT, date(2024, 10, 1), False, False),
    ],
)
def test_in_retention_denominator(
    status: ProgramStatus, exit_date: date | None, again: bool, counted: bool
) -> None:
    result = in_retention_denominator(
        program_status=status,
        exit_date=exit_date,
        received_ra_again=again,
        months=6,
        period_start=START,
        period_end=END,
    )
    assert result is counted


@pytest.mark.parametrize(
    ("status", "retained"),
    [
        (OutcomeHousingStatus.HOUSED, True),
        (OutcomeHousingStatus.NOT_HOUSED, False),
        (OutcomeHousingStatus.UNKNOWN, False),
        (None, False),
    ],
)
def test_is_retained(status: OutcomeHousingStatus | None, retained: bool) -> None:
    assert is_retained(status) is retained


@pytest.mark.parametrize(
    ("retained", "denominator", "rate"),
    [(0, 0, None), (0, 4, 0.0), (3, 4, 0.75), (4, 4, 1.0)],
)
def test_retention_rate(retained: int, denominator: int, rate: float | None) -> None:
    assert retention_rate(retained, denominator) == rate


@pytest.mark.parametrize(("retained", "denominator"), [(5, 4), (-1, 4), (1, 0)])
def test_retention_rate_rejects_impossible_counts(retained: int, denominator: int) -> None:
    with pytest.raises(ValueError, match="between"):
        retention_rate(retained, denominator)


@pytest.mark.parametrize(
    ("months", "start", "end", "expected"),
    [
        # month-end clamping: exits on 2024-08-28..31 are all due on 2025-02-28 (R-GEN-1)
        (6, date(2025, 2, 28), date(2025, 2, 28), (date(2024, 8, 28), date(2024, 8, 31))),
        (6, date(2025, 2, 1), date(2025, 2, 28), (date(2024, 8, 1), date(2024, 8, 31))),
        (6, date(2025, 3, 1), date(2025, 3, 31), (date(2024, 9, 1), date(2024, 9, 30))),
        # a period starting on a clamped day: 2024-02-29 + 6 months = 2024-08-29 < 08-31
        (6, date(2024, 8, 31), date(2024, 9, 30), (date(2024, 3, 1), date(2024, 3, 31))),
        (12, date(2025, 2, 28), date(2025, 2, 28), (date(2024, 2, 28), date(2024, 2, 29))),
        (12, date(2025, 1, 1), date(2025, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
        # no exit date falls due on 2024-08-30..31? 2024-02-29 → 08-29, 03-01 → 09-01: none
        (6, date(2024, 8, 30), date(2024, 8, 31), None),
    ],
)
def test_exit_dates_due_in_period(
    months: int, start: date, end: date, expected: tuple[date, date] | None
) -> None:
    assert exit_dates_due_in_period(months, start, end) == expected
    if expected is not None:
        first, last = expected
        assert retention_due_in_period(first, months, start, end)
        assert retention_due_in_period(last, months, start, end)
        assert not retention_due_in_period(first - timedelta(days=1), months, start, end)
        assert not retention_due_in_period(last + timedelta(days=1), months, start, end)
