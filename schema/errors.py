"""Errors on the GraphQL surface.

Business-rule failures are payload errors (`MutationError` with an `ErrorCode`);
authentication and authorization failures are top-level errors whose
extensions.code is UNAUTHENTICATED or FORBIDDEN. Anything else is masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import strawberry
from graphql import GraphQLError, ValueNode, VariableDefinitionNode
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension

from models.actions.access import AccessDenied
from models.rules import enums
from models.rules.errors import Violation

ErrorCode = strawberry.enum(enums.ErrorCode, description="Why a mutation was refused.")

OUR_CODES = frozenset(
    {
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "RATE_LIMITED",
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
    }
)


class Unauthenticated(GraphQLError):
    """No valid bearer token."""

    def __init__(self, message: str = "Sign in first: send Authorization: Bearer <token>.") -> None:
        super().__init__(message, extensions={"code": "UNAUTHENTICATED"})


class Forbidden(GraphQLError):
    """The signed-in staff member may not do this or see this (R-ACL-1)."""

    def __init__(self, message: str = "You are not allowed to do this (R-ACL-1).") -> None:
        super().__init__(message, extensions={"code": "FORBIDDEN"})


class BadInput(GraphQLError):
    """A malformed argument that is not a business rule (e.g. a bad cursor, a value out
    of its declared bound): `field` is the input path, e.g. "input.legalFirstName"."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        extensions: dict[str, Any] = {"code": "BAD_USER_INPUT"}
        if field is not None:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)


class RateLimited(GraphQLError):
    """Too many requests of a kind: retry after `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(
            message, extensions={"code": "RATE_LIMITED", "retryAfter": max(1, retry_after)}
        )


def should_mask_error(error: GraphQLError) -> bool:
    """Mask every error but ours and GraphQL's own validation errors."""
    if (error.extensions or {}).get("code") in OUR_CODES:
        return False
    original = error.original_error
    if original is None:
        return False
    if isinstance(original, AccessDenied):
        return False
    if isinstance(original, GraphQLError):
        return (original.extensions or {}).get("code") not in OUR_CODES
    return True


@strawberry.type(description="A business-rule failure of a mutation.")
class MutationError:
    field: str | None = strawberry.field(
        description='Input path, e.g. "input.adultsInHousehold"; null for the whole object.'
    )
    code: ErrorCode = strawberry.field(description="The rule's code.")  # type: ignore[valid-type]
    message: str = strawberry.field(description="A sentence a coach understands, citing the rule.")


def mutation_errors(violations: Iterable[Violation]) -> list[MutationError]:
    """Violations from the rules as payload errors."""
    return [MutationError(field=v.field, code=v.code, message=v.message) for v in violations]


class AccessErrors(SchemaExtension):
    """Gives an AccessDenied raised anywhere in a resolver the FORBIDDEN code."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if isinstance(error.original_error, AccessDenied):
                error.extensions = {"code": "FORBIDDEN"}
                error.message = error.original_error.message


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_VARIABLE_PATH = re.compile(
    r"^Variable '\$(\w+)' has invalid (?:default )?value(?: at)? ?((?:\.\w+|\[\d+\])*)"
)


def _input_path(message: str) -> str | None:
    match = _VARIABLE_PATH.match(message)
    if match is None:
        return None
    name, rest = match.groups()
    return "$" + name + re.sub(r"\[(\d+)\]", r".\1", rest)


class ErrorCodes(SchemaExtension):
    """Gives every client mistake found before execution a code: a variable that does
    not coerce or a literal of the wrong type is BAD_USER_INPUT (with the variable's
    path), another invalid document GRAPHQL_VALIDATION_FAILED, unparsable text
    GRAPHQL_PARSE_FAILED; outside dev, "Did you mean …?" suggestions are cut. Listed
    after MaskErrors, so it runs first and the masking keeps these errors."""

    def __init__(self, *, suggestions: bool = False) -> None:
        self.suggestions = suggestions

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as thrown:  # a document that does not parse is thrown in here
            if not (thrown.extensions or {}).get("code"):
                thrown.extensions = {"code": "GRAPHQL_PARSE_FAILED"}
            raise
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if not self.suggestions and "Did you mean" in error.message:
                error.message = _SUGGESTION.sub("", error.message)
            if error.path is not None or (error.extensions or {}).get("code"):
                continue
            original = error.original_error
            if original is not None and not isinstance(original, GraphQLError):
                continue
            node = error.nodes[0] if error.nodes else None
            if isinstance(node, VariableDefinitionNode):
                path = _input_path(error.message) or "$" + node.variable.name.value
                error.extensions = {"code": "BAD_USER_INPUT", "field": path}
            elif error.message.startswith("Syntax Error"):
                error.extensions = {"code": "GRAPHQL_PARSE_FAILED"}
            elif isinstance(node, ValueNode) or isinstance(error, StrawberryInputCoercionError):
                error.extensions = {"code": "BAD_USER_INPUT"}
            else:
                error.extensions = {"code": "GRAPHQL_VALIDATION_FAILED"}
