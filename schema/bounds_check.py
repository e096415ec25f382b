"""Compiling the schema's inputs into checkers, and the field extension that runs them
before a resolver (schema/bounds.py has the kinds of bound, schema/bounds_table.py the
bound of each input; schema/root.py installs them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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

from schema.bounds import DEFAULT_ITEMS, DEFAULTS, UNBOUNDED_SCALARS, Bound, Items

BACKREF = "strawberry-definition"

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
