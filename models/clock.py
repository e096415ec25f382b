"""The one clock of the whole system.

Every "today" and every timestamp comes from here, never from date.today() or
datetime.now() directly, so that FROZEN_TODAY (dev and tests) fixes the calendar
date everywhere at once: the time of day keeps running, the date is the frozen one.
"Today" is the program's local date (PROGRAM_TIMEZONE, Portland by default);
timestamps are aware UTC. CLOCK_SHIFT_SECONDS (dev and tests only; the suite's
TEST_CLOCK_SHIFT_SECONDS) moves the whole
system's clock by a fixed amount, so the suite can prove it passes at any hour of the
day (.ci/run runs it at two hours, either side of the daily sweep).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from models.config import Settings

_frozen: date | None = None
_zone = ZoneInfo("America/Los_Angeles")
_shift = timedelta(0)


def configure(*, frozen_today: date | None, timezone: str, shift_seconds: float = 0) -> None:
    """Set the program's time zone and, in dev and tests, a frozen date and a shift."""
    global _frozen, _zone, _shift
    _frozen = frozen_today
    _zone = ZoneInfo(timezone)
    _shift = timedelta(seconds=shift_seconds)


def configure_from(settings: Settings) -> None:
    """The clock of FROZEN_TODAY, PROGRAM_TIMEZONE and CLOCK_SHIFT_SECONDS."""
    configure(
        frozen_today=settings.frozen_today,
        timezone=settings.program_timezone,
        shift_seconds=settings.clock_shift,
    )


def _real_local() -> datetime:
    return datetime.now(_zone) + _shift


def freeze(day: date | None) -> None:
    """Fix the calendar date of the whole process (None: the real date)."""
    global _frozen
    _frozen = day


def frozen() -> date | None:
    """The frozen date, if any."""
    return _frozen


def now() -> datetime:
    """The current aware UTC datetime; its local date is the frozen one when set."""
    real_local = _real_local()
    if _frozen is None:
        return real_local.astimezone(UTC)
    local = datetime.combine(_frozen, real_local.time(), tzinfo=_zone)
    return local.astimezone(UTC)


def today() -> date:
    """Today's date in the program's time zone (or the frozen date)."""
    if _frozen is not None:
        return _frozen
    return _real_local().date()


def local_date(moment: datetime) -> date:
    """The program-local calendar date of an aware timestamp (e.g. an upload time)."""
    if _frozen is not None and moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(_zone).date()


def start_of_day(day: date) -> datetime:
    """The aware UTC instant at which a program-local calendar day begins (so that a
    timestamp's local date can be compared in SQL)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=_zone).astimezone(UTC)
