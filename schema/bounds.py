"""Every input is bounded at the API edge (architecture.md "Bounded at the edge").

Each argument and input field of the schema has a declared bound in
schema/bounds_table.py (passed in by schema/root.py), found by its schema coordinate (`Mutation.login(email:)`,
`CustomerCreateInput.legalFirstName`). `install` puts a field extension on every field
that takes arguments; it checks the converted arguments before the resolver runs (no
I/O has happened for them yet), NFC-normalises text on the way, and refuses a value out
of bounds with a top-level BAD_USER_INPUT error naming the input path and what was
expected, never the value. A field added later is checked too: an undeclared one falls
back to the default bound of its type, and tests/schema/test_bounds.py fails until it
is declared.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)
from strawberry.extensions import FieldExtension

from schema.errors import BadInput

BACKREF = "strawberry-definition"
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
    """An opaque id: bounded in length only; a malformed one answers like an unknown one."""

    max: int = 200

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


# --- compiling the schema's inputs into checkers ---------------------------------------

Checker = Callable[[Any, str], Any]


def _identity(value: Any, path: str) -> Any:
    return value


def _scalar_bound(name: str, bound: Bound | None) -> Bound | None:
    if bound is not None:
        return bound
    return None if name in UNBOUNDED_SCALARS else DEFAULTS.get(name)


class _Compiler:
    def __init__(self, table: Mapping[str, Bound]) -> None:
        self.table = table
        self.objects: dict[str, Checker] = {}
        self.missing: list[str] = []

    def declared(self, coordinate: str, needed: bool) -> Bound | None:
        bound = self.table.get(coordinate)
        if bound is None and needed:
            self.missing.append(coordinate)
        return bound

    def for_type(self, type_: Any, coordinate: str) -> Checker:
        """A checker of a value of `type_` at `coordinate` (a field or an argument)."""
        named, lists = type_, 0
        while isinstance(named, GraphQLNonNull | GraphQLList):
            lists += isinstance(named, GraphQLList)
            named = named.of_type
        leaf_needs = isinstance(named, GraphQLScalarType) and named.name not in UNBOUNDED_SCALARS
        bound = self.declared(coordinate, needed=leaf_needs or lists > 0)
        item_bound = bound.of if isinstance(bound, Items) else bound
        if isinstance(named, GraphQLInputObjectType):
            leaf = self.for_object(named)
        elif isinstance(named, GraphQLScalarType):
            scalar = _scalar_bound(named.name, item_bound)
            leaf = scalar.check if scalar is not None else _identity
        else:  # enums: bounded by their values
            leaf = _identity
        if lists == 0:
            return leaf
        items = bound if isinstance(bound, Items) else DEFAULT_ITEMS
        return _list_checker(items, leaf)

    def for_object(self, type_: GraphQLInputObjectType) -> Checker:
        if type_.name in self.objects:
            return self.objects[type_.name]
        fields: list[tuple[str, str, Checker]] = []
        self.objects[type_.name] = _object_checker(fields)  # recursion-safe
        for name, field in type_.fields.items():
            python_name = field.extensions[BACKREF].python_name
            fields.append((python_name, name, self.for_type(field.type, f"{type_.name}.{name}")))
        return self.objects[type_.name]


def _list_checker(items: Items, leaf: Checker) -> Checker:
    def check(value: Any, path: str) -> Any:
        if not isinstance(value, list):
            return leaf(value, path)
        items.check(value, path)
        return [leaf(v, f"{path}.{i}") if v is not None else v for i, v in enumerate(value)]

    return check


def _object_checker(fields: list[tuple[str, str, Checker]]) -> Checker:
    def check(value: Any, path: str) -> Any:
        for python_name, name, checker in fields:
            current = getattr(value, python_name, None)
            if current is None or current is strawberry.UNSET:
                continue
            new = checker(current, f"{path}.{name}")
            if new is not current:
                setattr(value, python_name, new)
        return value

    return check


class BoundsExtension(FieldExtension):
    """Checks a field's converted arguments against their bounds before it resolves."""

    def __init__(self, arguments: list[tuple[str, str, Checker]]) -> None:
        self.arguments = arguments

    def map_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        for python_name, name, checker in self.arguments:
            value = kwargs.get(python_name)
            if value is not None and value is not strawberry.UNSET:
                kwargs[python_name] = checker(value, name)
        return kwargs


def _walk(schema: GraphQLSchema, table: Mapping[str, Bound]) -> tuple[_Compiler, list[Any]]:
    compiler = _Compiler(table)
    installs: list[Any] = []
    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            if not field.args:
                continue
            arguments = [
                (
                    arg.extensions[BACKREF].python_name,
                    arg_name,
                    compiler.for_type(arg.type, f"{type_.name}.{name}({arg_name}:)"),
                )
                for arg_name, arg in field.args.items()
            ]
            installs.append((field.extensions.get(BACKREF), arguments))
    return compiler, installs


def install(schema: strawberry.Schema, table: Mapping[str, Bound]) -> None:
    """Put a BoundsExtension on every field of `schema` that takes arguments, with the
    bounds `table` declares (schema/bounds_table.py)."""
    _, installs = _walk(schema._schema, table)
    for field, arguments in installs:
        if field is None:
            continue
        field.extensions[:] = [e for e in field.extensions if not isinstance(e, BoundsExtension)]
        field.extensions.append(BoundsExtension(arguments))


def missing_bounds(schema: strawberry.Schema, table: Mapping[str, Bound]) -> list[str]:
    """Coordinates of scalar or list inputs of `schema` that `table` does not declare."""
    compiler, _ = _walk(schema._schema, table)
    return sorted(set(compiler.missing))


def input_coordinates(schema: strawberry.Schema) -> list[str]:
    """Every argument and input field coordinate of the schema (enums included)."""
    result: list[str] = []
    for type_ in schema._schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLObjectType):
            for name, field in type_.fields.items():
                result += [f"{type_.name}.{name}({a}:)" for a in field.args]
        elif isinstance(type_, GraphQLInputObjectType):
            result += [f"{type_.name}.{name}" for name in type_.fields]
    return sorted(result)
