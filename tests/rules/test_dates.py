"""R-GEN-1 month arithmetic, R-DOC-5 currency and the month helpers."""

from datetime import date

import pytest

from models.rules.dates import (
    add_months,
    is_current,
    latest_on_or_before,
    month_key,
    month_label,
    not_in_future,
    parse_month,
    previous_month,
)
from models.rules.enums import ErrorCode


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 4, 30), 6, date(2025, 10, 30)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 1, 15), 0, date(2025, 1, 15)),
        (date(2025, 5, 31), -3, date(2025, 2, 28)),
        (date(2024, 5, 31), -3, date(2024, 2, 29)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2025, 3, 31), -13, date(2024, 2, 29)),
        (date(2025, 2, 28), -6, date(2024, 8, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


AS_OF = date(2025, 5, 31)


@pytest.mark.parametrize(
    ("done_on", "current"),
    [
        (date(2025, 2, 28), True),  # same day three months earlier (clamped from Feb 31)
        (date(2025, 2, 27), False),  # one day earlier
        (date(2025, 5, 31), True),  # the day itself
        (date(2025, 6, 1), False),  # in the future
        (None, False),
    ],
)
def test_is_current_three_months(done_on: date | None, current: bool) -> None:
    assert is_current(done_on, AS_OF) is current


@pytest.mark.parametrize(
    ("done_on", "current"),
    [(date(2025, 1, 15), True), (date(2025, 1, 14), False), (date(2025, 4, 16), False)],
)
def test_is_current_mid_month(done_on: date, current: bool) -> None:
    assert is_current(done_on, date(2025, 4, 15)) is current


def test_is_current_other_window() -> None:
    assert is_current(date(2024, 10, 15), date(2025, 4, 15), months=6)
    assert not is_current(date(2024, 10, 14), date(2025, 4, 15), months=6)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 1, 9), None),
        (date(2025, 1, 10), date(2025, 1, 10)),
        (date(2025, 3, 1), date(2025, 2, 20)),
        (date(2026, 1, 1), date(2025, 6, 1)),
    ],
)
def test_latest_on_or_before(as_of: date, expected: date | None) -> None:
    dates = [date(2025, 2, 20), date(2025, 1, 10), date(2025, 6, 1)]
    assert latest_on_or_before(dates, as_of) == expected


def test_latest_on_or_before_empty() -> None:
    assert latest_on_or_before([], date(2025, 1, 1)) is None


TODAY = date(2025, 3, 10)


@pytest.mark.parametrize(
    ("day", "future"),
    [(date(2025, 3, 9), False), (TODAY, False), (date(2025, 3, 11), True)],
)
def test_not_in_future(day: date, future: bool) -> None:
    violation = not_in_future(day, TODAY, "input.startDate", what="The start date")
    if not future:
        assert violation is None
        return
    assert violation is not None
    assert (violation.code, violation.field) == (ErrorCode.DATE_IN_FUTURE, "input.startDate")
    assert violation.message.startswith("The start date 2025-03-11 is in the future")
    assert violation.message.endswith("(R-GEN-1)")


@pytest.mark.parametrize(
    ("day", "key"),
    [(date(2025, 1, 5), "2025-01"), (date(2024, 12, 31), "2024-12"), (date(987, 7, 1), "0987-07")],
)
def test_month_key_round_trips(day: date, key: str) -> None:
    assert month_key(day) == key
    assert parse_month(key) == (day.year, day.month)


@pytest.mark.parametrize(
    "text",
    ["2025-13", "2025-00", "0000-05", "2025-1", "25-01", "2025/01", "2025-01-01", " 2025-01", ""],
)
def test_parse_month_rejects_bad_text(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)


@pytest.mark.parametrize(
    ("month", "previous"),
    [((2025, 1), (2024, 12)), ((2025, 2), (2025, 1)), ((2025, 12), (2025, 11))],
)
def test_previous_month(month: tuple[int, int], previous: tuple[int, int]) -> None:
    assert previous_month(*month) == previous


def test_month_label() -> None:
    assert month_label(2024, 12) == "December 2024"
    assert month_label(2025, 1) == "January 2025"
