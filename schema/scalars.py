"""Strict Date, DateTime and Decimal scalars (same names as Strawberry's, so the wire
types do not change): a malformed value is a clean input error naming what was expected,
never an internal one, and never quotes the value.

- Date: exactly YYYY-MM-DD and a real calendar day (1990-02-30 is refused); the
  1900..2100 range is each field's declared bound (schema/bounds.py).
- Decimal: a decimal string or a number, at most 40 characters; NaN and Infinity are
  refused here, places and range are each field's bound.
- DateTime: ISO 8601 with a time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")
_DECIMAL_MAX_CHARS = 40


def parse_date(value: Any) -> dt.date:
    """A calendar date from "YYYY-MM-DD"."""
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise StrawberryInputCoercionError(
        "Expected a calendar date written YYYY-MM-DD (a day that exists)."
    )


def parse_datetime(value: Any) -> dt.datetime:
    """An aware date and time from ISO 8601."""
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    raise StrawberryInputCoercionError(
        "Expected a date and time written YYYY-MM-DDTHH:MM[:SS]±HH:MM or Z."
    )


def parse_decimal(value: Any) -> Decimal:
    """A finite decimal from a string or a number."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise StrawberryInputCoercionError('Expected a decimal number as a string, e.g. "12.50".')
    text = str(value).strip()
    if len(text) > _DECIMAL_MAX_CHARS:
        raise StrawberryInputCoercionError(
            f"Expected a decimal number of at most {_DECIMAL_MAX_CHARS} characters."
        )
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise StrawberryInputCoercionError(
            'Expected a decimal number as a string, e.g. "12.50".'
        ) from None
    if not number.is_finite():
        raise StrawberryInputCoercionError("Expected a finite number (not NaN or Infinity).")
    if abs(number.adjusted()) > _DECIMAL_MAX_CHARS:
        raise StrawberryInputCoercionError("Expected a decimal number of a sensible size.")
    return number


SCALARS: dict[object, ScalarDefinition] = {
    dt.date: ScalarDefinition(
        name="Date",
        description="A calendar date, YYYY-MM-DD.",
        specified_by_url=None,
        serialize=lambda v: v.isoformat(),
        parse_value=parse_date,
        parse_literal=None,
        origin=dt.date,
    ),
    dt.datetime: ScalarDefinition(
        name="DateTime",
        description="A date and time with its offset (ISO 8601).",
        specified_by_url=None,
        serialize=lambda v: v.isoformat(),
        parse_value=parse_datetime,
        parse_literal=None,
        origin=dt.datetime,
    ),
    Decimal: ScalarDefinition(
        name="Decimal",
        description='A decimal number as a string, e.g. "1250.00" (money: at most 2 places).',
        specified_by_url=None,
        serialize=str,
        parse_value=parse_decimal,
        parse_literal=None,
        origin=Decimal,
    ),
}
