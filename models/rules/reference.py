"""The guide's dropdowns: a value is one of the reference list in force (R-REG-0, R-PAY-2).

A value retired from a list after it was saved stays readable, and stays acceptable where
it was saved (`saved`): a client that sends back the record's own value unchanged is not
refused. The message names the field and the list's values, never the value that was
typed (it could hold anything, personal data included).
"""

from __future__ import annotations

from collections.abc import Iterable

from models.rules.enums import ErrorCode
from models.rules.errors import Violation

_SHOWN = 12
"""How many of the list's values a message shows."""


def listed(values: Iterable[str]) -> str:
    """The values of a list for a message: in order, at most a dozen."""
    names = list(values)
    shown = ", ".join(names[:_SHOWN])
    if len(names) > _SHOWN:
        shown += f" and {len(names) - _SHOWN} more"
    return shown or "none: ask the contract manager to enter the list"


def choice_violation(
    value: str | None,
    allowed: Iterable[str],
    *,
    field: str,
    label: str,
    rule: str = "R-REG-0",
    saved: Iterable[str] = (),
) -> Violation | None:
    """Refuse a value that is not on the reference list in force (INVALID); an empty value
    is left to the REQUIRED checks, and a value already saved here stays (R-REG-0)."""
    if value is None or not value.strip():
        return None
    names = list(allowed)
    if value.strip() in names or value.strip() in set(saved):
        return None
    return Violation(
        ErrorCode.INVALID,
        f"{label} must be one of the reference list: {listed(names)} ({rule})",
        field,
    )


def choices_violation(
    values: Iterable[str],
    allowed: Iterable[str],
    *,
    field: str,
    label: str,
    rule: str = "R-REG-0",
    saved: Iterable[str] = (),
) -> Violation | None:
    """choice_violation for a multiple choice: every value on the list (R-REG-0)."""
    names = list(allowed)
    keep = set(saved)
    if all(v.strip() in names or v.strip() in keep for v in values if v.strip()):
        return None
    return Violation(
        ErrorCode.INVALID,
        f"{label} must each be one of the reference list: {listed(names)} ({rule})",
        field,
    )
