"""Calendar arithmetic the rules share: month steps (R-GEN-1), currency (R-DOC-5), months.

Nothing here reads the clock: the day being judged is always an argument.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

from models.rules.enums import ErrorCode
from models.rules.errors import Violation

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_KEY = re.compile(r"([0-9]{4})-([0-9]{2})")


def add_months(d: date, n: int) -> date:
    """Add n calendar months (n may be negative), clamped to the month's end (R-GEN-1)."""
    year, month_index = divmod(d.year * 12 + d.month - 1 + n, 12)
    month = month_index + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def is_current(done_on: date | None, as_of: date, months: int = 3) -> bool:
    """Tell whether done_on lies within the `months` months up to as_of (R-DOC-5)."""
    return done_on is not None and add_months(as_of, -months) <= done_on <= as_of


def latest_on_or_before(dates: Iterable[date], as_of: date) -> date | None:
    """Return the latest of dates that is on or before as_of, or None (R-DOC-5)."""
    return max((d for d in dates if d <= as_of), default=None)


def not_in_future(
    d: date, today: date, field: str | None, *, what: str = "The date"
) -> Violation | None:
    """Report DATE_IN_FUTURE when d is later than today (R-GEN-1)."""
    if d <= today:
        return None
    return Violation(
        ErrorCode.DATE_IN_FUTURE,
        f"{what} {d.isoformat()} is in the future; enter today's date or an earlier one (R-GEN-1)",
        field,
    )


def month_key(d: date) -> str:
    """Return the "YYYY-MM" key of d's month (a payment's forMonth, R-PAY-3)."""
    return f"{d.year:04d}-{d.month:02d}"


def parse_month(s: str) -> tuple[int, int]:
    """Parse a "YYYY-MM" key into (year, month); raise ValueError when malformed (R-PAY-3)."""
    match = _MONTH_KEY.fullmatch(s)
    if match is None:
        raise ValueError(f"{s!r} is not a month written as YYYY-MM")
    year, month = int(match[1]), int(match[2])
    if year < 1 or not 1 <= month <= 12:
        raise ValueError(f"{s!r} is not a month written as YYYY-MM")
    return year, month


def previous_month(year: int, month: int) -> tuple[int, int]:
    """Return the (year, month) before the given one (R-PAY-3 engagement month)."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_label(year: int, month: int) -> str:
    """Return a month in words, e.g. "December 2024", for messages (R-PAY-3)."""
    return f"{_MONTH_NAMES[month - 1]} {year}"
