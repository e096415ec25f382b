"""The Registration tab (R-REG): stored fields and the computed results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry

from models import enrollments as m
from models.actions.facts import registration_facts
from models.rules.registration import RegistrationResult, evaluate_registration
from schema.context import Info
from schema.enums import DocumentationOfNeed, EmploymentCharacteristic, HousingType, IncomeStatus
from schema.staff.types import Staff, load_staff


@strawberry.type(description="One line of Missing Information, Ineligible Reasons or warnings.")
class RegistrationIssue:
    field: str | None = strawberry.field(description="The input path it concerns.")
    message: str


@strawberry.type
class Address:
    street: str
    unit: str | None
    city: str
    state: str
    zip: str


@strawberry.type(description="A row of Other Funding Source.")
class FundingSourceEntry:
    date: dt.date
    funding_source: str
    notes: str | None


def _issues(items: Any) -> list[RegistrationIssue]:
    return [RegistrationIssue(field=i.field, message=i.message) for i in items]


@strawberry.type(description="The Registration tab of a record (R-REG, R-ENR-5).")
class Registration:
    enrollment: strawberry.Private[m.Enrollment]
    row: strawberry.Private[m.Registration | None]

    def _get(self, name: str) -> Any:
        return getattr(self.row, name) if self.row is not None else None

    def _ra(self, name: str) -> Any:
        return self._get(name) if self.enrollment.is_ra else None

    async def _result(self, info: Info) -> RegistrationResult | None:
        if not self.enrollment.is_ra:
            return None
        sources = await info.context.loaders.funding_sources.load(self.enrollment.id)
        limits = await info.context.loaders.income_limits()
        return evaluate_registration(registration_facts(self.enrollment, self.row, sources, limits))

    @strawberry.field
    def address(self) -> Address | None:
        if self.row is None or not self.row.address_street:
            return None
        r = self.row
        return Address(
            street=r.address_street or "",
            unit=r.address_unit,
            city=r.address_city or "",
            state=r.address_state or "",
            zip=r.address_zip or "",
        )

    @strawberry.field
    def phones(self) -> list[str]:
        return list(self._get("phones") or [])

    @strawberry.field
    def email(self) -> str | None:
        return self._get("email")

    @strawberry.field
    def ethnicity(self) -> str | None:
        return self._get("ethnicity")

    @strawberry.field
    def race(self) -> list[str]:
        return list(self._get("race") or [])

    @strawberry.field
    def other_demographics(self) -> list[str]:
        return list(self._get("other_demographics") or [])

    @strawberry.field
    def employment_status(self) -> str | None:
        return self._get("employment_status")

    @strawberry.field
    def public_assistance(self) -> list[str]:
        return list(self._get("public_assistance") or [])

    @strawberry.field
    def employment_characteristics(self) -> list[EmploymentCharacteristic]:  # type: ignore[valid-type]
        return list(self._get("employment_characteristics") or [])

    @strawberry.field(description="Confirmed by the coach (R-REG-2).")
    def resides_in_service_area(self) -> bool | None:
        return self._ra("resides_in_service_area")

    @strawberry.field
    async def other_funding_sources(self, info: Info) -> list[FundingSourceEntry]:
        if not self.enrollment.is_ra:
            return []
        rows = await info.context.loaders.funding_sources.load(self.enrollment.id)
        return [
            FundingSourceEntry(date=r.date, funding_source=r.funding_source, notes=r.notes)
            for r in rows
        ]

    @strawberry.field
    def household_size(self) -> int | None:
        return self._ra("household_size")

    @strawberry.field(description="Household income for the last six months.")
    def household_income(self) -> Decimal | None:
        return self._ra("household_income")

    @strawberry.field
    def income_documentation(self) -> str | None:
        return self._ra("income_documentation")

    @strawberry.field(description="Computed: the 50% MFI maximum for six months (R-REG-3).")
    async def mfi_maximum(self, info: Info) -> Decimal | None:
        result = await self._result(info)
        return result.mfi_maximum if result else None

    @strawberry.field(description="Computed (R-REG-3).")
    async def income_status(self, info: Info) -> IncomeStatus | None:  # type: ignore[valid-type]
        result = await self._result(info)
        return result.income_status if result else None

    @strawberry.field
    def adults_in_household(self) -> int | None:
        return self._ra("adults_in_household")

    @strawberry.field
    def children_in_household(self) -> int | None:
        return self._ra("children_in_household")

    @strawberry.field
    def total_amount_requested(self) -> Decimal | None:
        return self._ra("total_amount_requested")

    @strawberry.field
    def months_needed(self) -> int | None:
        return self._ra("months_needed")

    @strawberry.field(description="Housing Type at Registration.")
    def housing_type(self) -> HousingType | None:  # type: ignore[valid-type]
        return self._ra("housing_type")

    @strawberry.field
    def plan_to_pay_rent(self) -> str | None:
        return self._ra("plan_to_pay_rent")

    @strawberry.field
    def source_of_income(self) -> str | None:
        return self._ra("source_of_income")

    @strawberry.field
    def past_property_debt(self) -> bool | None:
        return self._ra("past_property_debt")

    @strawberry.field
    def past_property_debt_details(self) -> str | None:
        return self._ra("past_property_debt_details")

    @strawberry.field
    def credit_debt(self) -> bool | None:
        return self._ra("credit_debt")

    @strawberry.field
    def credit_debt_details(self) -> str | None:
        return self._ra("credit_debt_details")

    @strawberry.field
    def eviction_history(self) -> bool | None:
        return self._ra("eviction_history")

    @strawberry.field
    def eviction_history_details(self) -> str | None:
        return self._ra("eviction_history_details")

    @strawberry.field
    def criminal_history(self) -> bool | None:
        return self._ra("criminal_history")

    @strawberry.field
    def criminal_history_details(self) -> str | None:
        return self._ra("criminal_history_details")

    @strawberry.field
    def documentation_of_need(self) -> DocumentationOfNeed | None:  # type: ignore[valid-type]
        return self._ra("documentation_of_need")

    @strawberry.field(description="Registration Notes (free text).")
    def notes(self) -> str | None:
        return self._get("notes")

    @strawberry.field(description="R-REG-1: empty = all required information entered.")
    async def missing_information(self, info: Info) -> list[RegistrationIssue]:
        result = await self._result(info)
        return _issues(result.missing_information) if result else []

    @strawberry.field(description="R-REG-1: empty = eligible.")
    async def ineligible_reasons(self, info: Info) -> list[RegistrationIssue]:
        result = await self._result(info)
        return _issues(result.ineligible_reasons) if result else []

    @strawberry.field(description="R-REG-6 housing type warnings.")
    async def warnings(self, info: Info) -> list[RegistrationIssue]:
        result = await self._result(info)
        return _issues(result.warnings) if result else []

    @strawberry.field(description="Registered By (R-REG-5).")
    async def registered_by(self, info: Info) -> Staff | None:
        return await load_staff(info, self._get("registered_by_id"))

    @strawberry.field
    def registered_on(self) -> dt.date | None:
        return self._get("registered_on")

    @strawberry.field(description="Reviewed By: the hub staff member who accepted (R-REF-2).")
    async def reviewed_by(self, info: Info) -> Staff | None:
        return await load_staff(info, self.enrollment.reviewed_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Review Date (R-REF-2).")
    def review_date(self) -> dt.date | None:
        return self.enrollment.review_date
