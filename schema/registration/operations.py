"""The Registration tab: partial update and Registered By (R-REG-1..6, R-ENR-5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from models.actions.referrals import access_coach_record, not_ra_record
from models.actions.registration import FundingSource, sign_registration, update_registration
from schema.context import Info
from schema.enrollments.operations import EnrollmentId, payload
from schema.enrollments.types import EnrollmentPayload
from schema.enums import DocumentationOfNeed, EmploymentCharacteristic, HousingType
from schema.ids import parse_id
from schema.permissions import Cap, require

UNSET: Any = strawberry.UNSET


def _f(description: str) -> Any:
    return strawberry.field(default=UNSET, description=description)


@strawberry.input(description="A postal address.")
class AddressInput:
    street: str = strawberry.field(description="Street and number.")
    unit: str | None = strawberry.field(default=None, description="Unit or apartment.")
    city: str = strawberry.field(description="City.")
    state: str = strawberry.field(description="State.")
    zip: str = strawberry.field(description="ZIP code.")


@strawberry.input(description="A row of Other Funding Source.")
class FundingSourceInput:
    date: dt.date = strawberry.field(description="Date, not in the future.")
    funding_source: str = strawberry.field(description="Another program the customer is in.")
    notes: str | None = strawberry.field(default=None, description="Notes.")


@strawberry.input(
    description="Changes to the Registration tab: an omitted field is left unchanged, an "
    "explicit null clears it (R-REG-5)."
)
class RegistrationInput:
    address: AddressInput | None = _f("Address (imported, R-ENR-5).")
    phones: list[str] | None = _f("Phones (imported).")
    email: str | None = _f("Email (imported).")
    ethnicity: str | None = _f("Ethnicity (imported).")
    race: list[str] | None = _f("Race (imported).")
    other_demographics: list[str] | None = _f("Other demographics (imported).")
    employment_status: str | None = _f("Employment status (imported).")
    public_assistance: list[str] | None = _f("Public assistance (imported).")
    resides_in_service_area: bool | None = _f("Resides in the service area (R-REG-2).")
    other_funding_sources: list[FundingSourceInput] | None = _f("Replaces every row.")
    household_size: int | None = _f("Household size.")
    household_income: Decimal | None = _f("Household income for the last six months.")
    income_documentation: str | None = _f("Income documentation.")
    adults_in_household: int | None = _f("Adults in household.")
    children_in_household: int | None = _f("Children in household.")
    total_amount_requested: Decimal | None = _f("Total amount requested.")
    months_needed: int | None = _f("Months needed.")
    housing_type: HousingType | None = _f("Housing type at registration (R-REG-6).")  # type: ignore[valid-type]
    plan_to_pay_rent: str | None = _f("Plan to pay rent at the end of RA.")
    source_of_income: str | None = _f("Source of income.")
    past_property_debt: bool | None = _f("Past property debt.")
    past_property_debt_details: str | None = _f("Required when yes.")
    credit_debt: bool | None = _f("Credit debt.")
    credit_debt_details: str | None = _f("Required when yes.")
    eviction_history: bool | None = _f("Eviction history.")
    eviction_history_details: str | None = _f("Required when yes.")
    criminal_history: bool | None = _f("Criminal history.")
    criminal_history_details: str | None = _f("Required when yes.")
    documentation_of_need: DocumentationOfNeed | None = _f("Documentation of Need (PY2024).")  # type: ignore[valid-type]
    employment_characteristics: list[EmploymentCharacteristic] | None = _f(  # type: ignore[valid-type]
        "Employment characteristics (imported, reviewed, R-REG-2)."
    )
    notes: str | None = _f("Registration Notes; the only field open after acceptance.")


def changes_of(input: RegistrationInput) -> dict[str, Any]:
    """The fields sent, as the action takes them (None clears)."""
    changes: dict[str, Any] = {}
    for name, value in vars(input).items():
        if value is UNSET:
            continue
        if name == "address" and value is not None:
            value = {
                "street": value.street,
                "unit": value.unit,
                "city": value.city,
                "state": value.state,
                "zip": value.zip,
            }
        elif name == "other_funding_sources" and value is not None:
            value = [FundingSource(s.date, s.funding_source, s.notes) for s in value]
        changes[name] = value
    return changes


@strawberry.type
class RegistrationMutations:
    @strawberry.mutation(
        description="Fill in the Registration tab; omitted fields unchanged, null clears. "
        "Changing a required field clears Registered By and returns a sent referral to "
        "draft; after acceptance only the notes change (R-REG-5)."
    )
    async def registration_update(
        self,
        info: Info,
        enrollment_id: EnrollmentId,
        input: Annotated[RegistrationInput, strawberry.argument(description="The changes.")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_WRITE)
        row = await access_coach_record(staff, parse_id(enrollment_id, "Enrollment"))
        violations = await update_registration(
            staff=staff, enrollment=row, changes=changes_of(input)
        )
        return await payload(row.id, violations)

    @strawberry.mutation(
        description="Sign Registered By; refused while information is missing or the "
        "participant is ineligible (R-REG-5)."
    )
    async def registration_sign(
        self,
        info: Info,
        enrollment_id: EnrollmentId,
        signed_on: Annotated[dt.date, strawberry.argument(description="The Registration Date.")],
    ) -> EnrollmentPayload:
        staff = require(info, Cap.REFERRAL_WRITE)
        row = await access_coach_record(staff, parse_id(enrollment_id, "Enrollment"))
        if not row.is_ra:
            return await payload(row.id, [not_ra_record()])
        violations = await sign_registration(staff=staff, enrollment=row, signed_on=signed_on)
        return await payload(row.id, violations)
