"""The one clock of the whole system.

Every "today" and every timestamp comes from here, never from date.today() or
datetime.now() directly, so that FROZEN_TODAY (dev and tests) fixes the calendar
date everywhere at once: the time of day keeps running, the date is the frozen one.
"Today" is the program's local date (PROGRAM_TIMEZONE, Portland by default);
timestamps are aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_frozen: date | None = None
_zone = ZoneInfo("America/Los_Angeles")


def configure(*, frozen_today: date | None, timezone: str) -> None:
    """Set the program's time zone and, in dev and tests, a frozen date."""
    global _frozen, _zone
    _frozen = frozen_today
    _zone = ZoneInfo(timezone)


def freeze(day: date | None) -> None:
    """Fix the calendar date of the whole process (None: the real date)."""
    global _frozen
    _frozen = day


def frozen() -> date | None:
    """The frozen date, if any."""
    return _frozen


def now() -> datetime:
    """The current aware UTC datetime; its local date is the frozen one when set."""
    real_local = datetime.now(_zone)
    if _frozen is None:
        return real_local.astimezone(UTC)
    local = datetime.combine(_frozen, real_local.time(), tzinfo=_zone)
    return local.astimezone(UTC)


def today() -> date:
    """Today's date in the program's time zone (or the frozen date)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(_zone).date()


def local_date(moment: datetime) -> date:
    """The program-local calendar date of an aware timestamp (e.g. an upload time)."""
    if _frozen is not None and moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(_zone).date()


def start_of_day(day: date) -> datetime:
    """The aware UTC instant at which a program-local calendar day begins (so that a
    timestamp's local date can be compared in SQL)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=_zone).astimezone(UTC)
