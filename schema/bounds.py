"""Every input is bounded at the API edge (architecture.md "Bounded at the edge").

Each argument and input field of the schema has a declared bound in
schema/bounds_table.py, found by its schema coordinate (`Mutation.login(email:)`,
`CustomerCreateInput.legalFirstName`); this module has the kinds of bound. Installed by
schema/root.py (schema/bounds_check.py), a field extension on every field that takes
arguments checks the converted arguments before the resolver runs (no I/O has happened
for them yet), NFC-normalises text on the way, and refuses a value out of bounds with a
top-level BAD_USER_INPUT error naming the input path and what was expected, never the
value. A field added later is checked too: an undeclared one falls back to the default
bound of its type, and tests/schema/test_bounds.py fails until it is declared.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from schema.errors import BadInput

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)

# Characters that draw nothing: format characters (zero-width, direction marks and
# overrides, BOM, soft hyphen) and the blank fillers that are letters or symbols.
_FILLERS = frozenset("\u115f\u1160\u2800\u3164\uffa0\u180e")
_CONTROL_OK_MULTILINE = frozenset("\t\n\r")


def visible(text: str) -> str:
    """The text without whitespace and characters that draw nothing."""
    return "".join(
        ch
        for ch in text
        if not ch.isspace()
        and ch not in _FILLERS
        and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp", "Cs", "Co", "Cn")
    )


class Bound:
    """A declared bound: `check` returns the (normalised) value or raises BadInput."""

    def check(self, value: Any, path: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Bound):
    """A string: at most `max` characters after NFC normalisation, no control characters
    (tabs and line breaks only when `multiline`), no lone surrogates, and not made only
    of invisible characters."""

    max: int
    multiline: bool = False

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            return value
        if len(value) > 4 * self.max:  # before normalising: bounded work
            raise BadInput(f"{path}: at most {self.max} characters.", field=path)
        for ch in value:
            category = unicodedata.category(ch)
            if category == "Cs":
                raise BadInput(f"{path}: is not valid Unicode text.", field=path)
            if category == "Cc" and not (self.multiline and ch in _CONTROL_OK_MULTILINE):
                allowed = " (tabs and line breaks are)" if self.multiline else ""
                raise BadInput(f"{path}: control characters are not allowed{allowed}.", field=path)
        value = unicodedata.normalize("NFC", value)
        if len(value) > self.max:
            raise BadInput(f"{path}: at most {self.max} characters.", field=path)
        if value.strip() and not visible(value):
            raise BadInput(f"{path}: is empty once invisible characters are removed.", field=path)
        return value


@dataclass(frozen=True)
class Email(Text):
    """An email address: a Text whose syntax email-validator accepts (no DNS lookups)."""

    max: int = 254

    def check(self, value: Any, path: str) -> Any:
        value = super().check(value, path)
        if isinstance(value, str) and value.strip():
            from email_validator import EmailNotValidError, validate_email

            try:
                validate_email(value.strip(), check_deliverability=False)
            except EmailNotValidError:
                raise BadInput(f"{path}: is not a valid email address.", field=path) from None
        return value


@dataclass(frozen=True)
class Secret(Bound):
    """A password: at most `max` characters, kept exactly as typed (the hashing action
    normalises it, the same way for setting and checking)."""

    max: int = 256

    def check(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            if len(value) > self.max:
                raise BadInput(f"{path}: at most {self.max} characters.", field=path)
            if any(unicodedata.category(ch) == "Cs" for ch in value):
                raise BadInput(f"{path}: is not valid Unicode text.", field=path)
        return value


@dataclass(frozen=True)
class Id(Bound):
    """An opaque id or token: bounded in length only. A malformed one within the bound
    answers like an unknown one (the id's own parsing, schema/ids.py); beyond it,
    BAD_USER_INPUT."""

    max: int = 8192

    def check(self, value: Any, path: str) -> Any:
        if isinstance(value, str) and len(value) > self.max:
            raise BadInput(f"{path}: an id has at most {self.max} characters.", field=path)
        return value


@dataclass(frozen=True)
class Int(Bound):
    """A whole number between `min` and `max`."""

    min: int
    max: int

    def check(self, value: Any, path: str) -> Any:
        if isinstance(value, int) and not self.min <= value <= self.max:
            raise BadInput(f"{path}: must be between {self.min} and {self.max}.", field=path)
        return value


@dataclass(frozen=True)
class Money(Bound):
    """An amount of dollars: at most `places` decimal places (refused, never rounded),
    between `min` and `max`. NaN and Infinity never get here (schema/scalars.py)."""

    min: Decimal = Decimal("-99999999.99")
    max: Decimal = Decimal("99999999.99")
    places: int = 2

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, Decimal):
            return value
        if not value.is_finite():
            raise BadInput(f"{path}: must be a finite amount.", field=path)
        if not self.min <= value <= self.max:
            raise BadInput(f"{path}: must be between {self.min} and {self.max}.", field=path)
        step = Decimal(1).scaleb(-self.places)
        if value != value.quantize(step):
            raise BadInput(
                f"{path}: at most {self.places} decimal places (amounts are not rounded).",
                field=path,
            )
        return value.quantize(step)


@dataclass(frozen=True)
class Dates(Bound):
    """A calendar date between `min` and `max` (1900-01-01..2100-12-31 by default)."""

    min: date = EARLIEST
    max: date = LATEST

    def check(self, value: Any, path: str) -> Any:
        if isinstance(value, date) and not self.min <= value <= self.max:
            raise BadInput(
                f"{path}: must be between {self.min.isoformat()} and {self.max.isoformat()}.",
                field=path,
            )
        return value


@dataclass(frozen=True)
class Items(Bound):
    """A list of at most `max` items; `of` bounds each scalar item (input objects carry
    their own field bounds)."""

    max: int
    of: Bound | None = None

    def check(self, value: Any, path: str) -> Any:
        if isinstance(value, list) and len(value) > self.max:
            raise BadInput(f"{path}: at most {self.max} items.", field=path)
        return value


# The bound of a scalar whose coordinate has none declared (a safety net: the test wants
# every coordinate declared). Enums, booleans and uploads are bounded by their type (the
# upload by MAX_UPLOAD_BYTES).
DEFAULTS: dict[str, Bound] = {
    "String": Text(200),
    "ID": Id(),
    "Int": Int(-1000, 1000),
    "Float": Int(-1000, 1000),
    "Decimal": Money(),
    "Date": Dates(),
    "DateTime": Bound(),
}
DEFAULT_ITEMS = Items(100)
UNBOUNDED_SCALARS = frozenset({"Boolean", "Upload"})
