"""The one shape in which a rule reports a failure."""

from __future__ import annotations

from dataclasses import dataclass

from models.rules.enums import ErrorCode


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule: its code, a sentence a coach understands (citing the rule),
    and the input path it concerns (None for the whole object)."""

    code: ErrorCode
    message: str
    field: str | None = None
