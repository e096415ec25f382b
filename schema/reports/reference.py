"""Reference data and income limits (contract managers write, everyone signed in reads)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from models.actions.facts import mfi_for
from models.actions.reference import reference_lists, set_income_limit, update_reference_lists
from models.reference import IncomeLimit, ReferenceKind
from models.rules.income import mfi_maximum
from schema.context import Info
from schema.errors import MutationError, mutation_errors
from schema.permissions import Cap, require, signed_in
from schema.reports.types import ReferenceData


@strawberry.input
class ReferenceDataInput:
    funding_sources: list[str] | None = None
    other_funding_sources: list[str] | None = None
    payment_types: list[str] | None = None
    income_documentation_types: list[str] | None = None


@strawberry.type
class ReferenceDataPayload:
    reference_data: ReferenceData | None
    errors: list[MutationError]


@strawberry.type
class IncomeLimitPayload:
    median_family_income: Decimal | None
    effective_from: dt.date | None
    errors: list[MutationError]


async def _reference_data() -> ReferenceData:
    lists = await reference_lists()
    return ReferenceData(
        funding_sources=lists[ReferenceKind.FUNDING_SOURCE],
        other_funding_sources=lists[ReferenceKind.OTHER_FUNDING_SOURCE],
        payment_types=lists[ReferenceKind.PAYMENT_TYPE],
        income_documentation_types=lists[ReferenceKind.INCOME_DOCUMENTATION],
    )


@strawberry.type
class ReferenceQueries:
    @strawberry.field(description="The pick lists.")
    async def reference_data(self, info: Info) -> ReferenceData:
        signed_in(info)
        return await _reference_data()

    @strawberry.field(description="The 50% MFI six-month maximum for a household (R-REG-3).")
    async def mfi_maximum(self, info: Info, household_size: int, as_of: dt.date) -> Decimal:
        from schema.errors import BadInput

        signed_in(info)
        if household_size < 1:
            raise BadInput("householdSize must be at least 1 (R-REG-4).")
        mfi = mfi_for(await IncomeLimit.all(), as_of)
        if mfi is None:
            raise BadInput(f"No MFI figure is in force on {as_of.isoformat()} (R-REG-3).")
        return mfi_maximum(mfi, household_size)


@strawberry.type
class ReferenceMutations:
    @strawberry.mutation(description="Replace pick lists; an omitted list is left unchanged.")
    async def reference_data_update(
        self, info: Info, input: ReferenceDataInput
    ) -> ReferenceDataPayload:
        staff = require(info, Cap.REFERENCE_WRITE)
        errors = await update_reference_lists(
            actor_id=staff.id,
            changes={
                ReferenceKind.FUNDING_SOURCE: input.funding_sources,
                ReferenceKind.OTHER_FUNDING_SOURCE: input.other_funding_sources,
                ReferenceKind.PAYMENT_TYPE: input.payment_types,
                ReferenceKind.INCOME_DOCUMENTATION: input.income_documentation_types,
            },
        )
        if errors:
            return ReferenceDataPayload(reference_data=None, errors=mutation_errors(errors))
        return ReferenceDataPayload(reference_data=await _reference_data(), errors=[])

    @strawberry.mutation(description="Set the area MFI in force from a date (R-REG-3).")
    async def income_limit_set(
        self, info: Info, effective_from: dt.date, median_family_income: Decimal
    ) -> IncomeLimitPayload:
        staff = require(info, Cap.REFERENCE_WRITE)
        row, errors = await set_income_limit(
            actor_id=staff.id,
            effective_from=effective_from,
            median_family_income=median_family_income,
        )
        if row is None:
            return IncomeLimitPayload(
                median_family_income=None, effective_from=None, errors=mutation_errors(errors)
            )
        return IncomeLimitPayload(
            median_family_income=row.median_family_income,
            effective_from=row.effective_from,
            errors=[],
        )
