"""The payloads of the housing status and case note mutations."""

from __future__ import annotations

import strawberry

from schema.errors import MutationError
from schema.services.types import CaseNote, HousingStatusEntry


@strawberry.type(description="The entered or corrected housing status, or the rules it broke.")
class HousingStatusPayload:
    housing_status: HousingStatusEntry | None = strawberry.field(description="Null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The new case note, or the rules it broke.")
class CaseNotePayload:
    case_note: CaseNote | None = strawberry.field(description="Null on failure.")
    errors: list[MutationError] = strawberry.field(description="Why it was refused.")
