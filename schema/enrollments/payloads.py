"""The payload of the mutations that return an enrollment."""

from __future__ import annotations

import strawberry

from schema.enrollments.types import Enrollment
from schema.errors import MutationError


@strawberry.type(description="The changed enrollment, or the rules it broke.")
class EnrollmentPayload:
    enrollment: Enrollment | None = strawberry.field(description="Null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")
