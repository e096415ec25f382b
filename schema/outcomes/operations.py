"""The Outcomes tab's mutations: Exit and outcomes (hub staff), removing an exit and
running the daily sweeps by hand (contract managers). Thin wrappers of the actions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from models.actions.outcomes import exit_enrollment, record_outcome, remove_exit
from models.actions.sweeps import run_sweep
from models.enrollments import Enrollment as EnrollmentRow
from models.rules.enums import OutcomeHousingStatus as HousingValue
from models.rules.enums import OutcomeType as TypeValue
from models.rules.enums import SweepKind as KindValue
from schema.context import Info
from schema.enrollments.types import Enrollment, EnrollmentPayload
from schema.enums import OutcomeHousingStatus, OutcomeType, SweepKind
from schema.errors import MutationError, mutation_errors
from schema.ids import parse_id
from schema.outcomes.types import Outcome, SweepResult
from schema.permissions import Cap, require

_CHUNK = 1000


@strawberry.type(description="The recorded outcome, or the rules it broke.")
class OutcomePayload:
    outcome: Outcome | None = strawberry.field(description="Null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="What the sweep changed (or would change), or why it was refused.")
class SweepPayload:
    result: SweepResult | None = strawberry.field(description="Null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")


async def _rows(ids: tuple[int, ...]) -> list[EnrollmentRow]:
    rows: dict[int, EnrollmentRow] = {}
    for i in range(0, len(ids), _CHUNK):
        for row in await EnrollmentRow.filter(id__in=list(ids[i : i + _CHUNK])):
            rows[row.id] = row
    return [rows[i] for i in ids if i in rows]


@strawberry.type
class OutcomeMutations:
    @strawberry.mutation(
        description="Enter Exit: needs the Hub Final Rent Exit and every plan ended; the exit "
        "date is that service's date (R-OUT-3)."
    )
    async def enrollment_exit(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The RA record.")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.OUTCOMES_WRITE)
        row, errors = await exit_enrollment(
            staff=staff, enrollment_id=str(parse_id(enrollment_id, "Enrollment"))
        )
        return EnrollmentPayload.of(row, errors)

    @strawberry.mutation(
        description="Record an outcome; a second of the same type replaces the first "
        "(R-OUT-7, R-OUT-8)."
    )
    async def outcome_record(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The RA record.")],
        type: Annotated[
            OutcomeType,  # type: ignore[valid-type]
            strawberry.argument(description="At Exit, 6 or 12 Month Retention."),
        ],
        housing_status: Annotated[
            OutcomeHousingStatus,  # type: ignore[valid-type]
            strawberry.argument(
                description="Received RA Again goes in as the next retention type (R-OUT-8)."
            ),
        ],
        recorded_on: Annotated[dt.date, strawberry.argument(description="Not in the future.")],
    ) -> OutcomePayload:
        staff = require(info, Cap.OUTCOMES_WRITE)
        outcome, errors = await record_outcome(
            staff=staff,
            enrollment_id=str(parse_id(enrollment_id, "Enrollment")),
            outcome_type=TypeValue(type),
            housing_status=HousingValue(housing_status),
            recorded_on=recorded_on,
        )
        return OutcomePayload(
            outcome=Outcome(row=outcome) if outcome else None, errors=mutation_errors(errors)
        )

    @strawberry.mutation(
        description="Contract managers: remove an Exit or Auto Exit with a reason; the record "
        "is open again (R-OUT-6)."
    )
    async def exit_remove(
        self,
        info: Info,
        enrollment_id: Annotated[strawberry.ID, strawberry.argument(description="The RA record.")],
        reason: Annotated[str, strawberry.argument(description="Why the exit is removed.")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.EXIT_REMOVE)
        row, errors = await remove_exit(
            staff=staff, enrollment_id=str(parse_id(enrollment_id, "Enrollment")), reason=reason
        )
        return EnrollmentPayload.of(row, errors)

    @strawberry.mutation(
        description="Contract managers: run a daily sweep by hand, a dry run by default "
        "(R-REF-4, R-OUT-4, R-OUT-5)."
    )
    async def sweep_run(
        self,
        info: Info,
        kind: Annotated[SweepKind, strawberry.argument(description="Which sweep.")],  # type: ignore[valid-type]
        as_of: Annotated[dt.date, strawberry.argument(description="The day it runs as of.")],
        dry_run: Annotated[
            bool, strawberry.argument(description="List what would change without changing it.")
        ] = True,
    ) -> SweepPayload:
        staff = require(info, Cap.SWEEP_RUN)
        outcome = await run_sweep(
            kind=KindValue(kind), as_of=as_of, dry_run=dry_run, actor_id=staff.id
        )
        if outcome.violations:
            return SweepPayload(result=None, errors=mutation_errors(outcome.violations))
        changed = [Enrollment(row=r) for r in await _rows(outcome.changed_ids)]
        return SweepPayload(
            result=SweepResult(
                kind=outcome.kind, as_of=outcome.as_of, dry_run=outcome.dry_run, changed=changed
            ),
            errors=[],
        )
