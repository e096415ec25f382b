"""Errors on the GraphQL surface.

Business-rule failures are payload errors (`MutationError` with an `ErrorCode`);
authentication and authorization failures are top-level errors whose
extensions.code is UNAUTHENTICATED or FORBIDDEN. Anything else is masked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from models.actions.access import AccessDenied
from models.rules import enums
from models.rules.errors import Violation

ErrorCode = strawberry.enum(enums.ErrorCode, description="Why a mutation was refused.")

OUR_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT"})


class Unauthenticated(GraphQLError):
    """No valid bearer token."""

    def __init__(self, message: str = "Sign in first: send Authorization: Bearer <token>.") -> None:
        super().__init__(message, extensions={"code": "UNAUTHENTICATED"})


class Forbidden(GraphQLError):
    """The signed-in staff member may not do this or see this (R-ACL-1)."""

    def __init__(self, message: str = "You are not allowed to do this (R-ACL-1).") -> None:
        super().__init__(message, extensions={"code": "FORBIDDEN"})


class BadInput(GraphQLError):
    """A malformed argument that is not a business rule (e.g. a bad cursor)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})


def should_mask_error(error: GraphQLError) -> bool:
    """Mask every error but ours and GraphQL's own validation errors."""
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
