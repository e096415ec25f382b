"""Customers: search, read, create, update (R-ACL-1, R-ACL-2) and Prosperity budgets
(R-DOC-5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

import strawberry

from models.actions.access import access_customer
from models.actions.customers import create_customer, save_budget, update_customer
from models.rules.customers import BudgetLineFact
from schema.context import Info
from schema.customers.types import Customer, CustomerPayload
from schema.documents.types import BudgetPayload, ProsperityBudget
from schema.enums import Language
from schema.errors import mutation_errors
from schema.ids import parse_id
from schema.permissions import Cap, require


@strawberry.input(description="A new customer.")
class CustomerCreateInput:
    legal_first_name: str = strawberry.field(description="Legal first name.")
    legal_last_name: str = strawberry.field(description="Legal last name.")
    preferred_name: str | None = strawberry.field(default=None, description="Preferred name.")
    pronouns: str | None = strawberry.field(default=None, description="Pronouns.")
    date_of_birth: dt.date = strawberry.field(description="Full date of birth (never shown back).")
    ssn_last4: str | None = strawberry.field(default=None, description="Last 4 digits of the SSN.")
    sex: str | None = strawberry.field(default=None, description="Sex.")
    gender: str | None = strawberry.field(default=None, description="Gender.")
    job_seeker_id: str | None = strawberry.field(default=None, description="Job seeker ID.")
    email: str | None = strawberry.field(default=None, description="Email address.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")
    preferred_language: Language | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="The language of the participant's emails, pages and application "
        "(null: English).",
    )


@strawberry.input(description="Changes to a customer: omitted = unchanged, null = cleared.")
class CustomerUpdateInput:
    legal_first_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Legal first name."
    )
    legal_last_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Legal last name."
    )
    preferred_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Preferred name."
    )
    pronouns: str | None = strawberry.field(default=strawberry.UNSET, description="Pronouns.")
    date_of_birth: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description="Date of birth."
    )
    ssn_last4: str | None = strawberry.field(
        default=strawberry.UNSET, description="Last 4 of the SSN."
    )
    sex: str | None = strawberry.field(default=strawberry.UNSET, description="Sex.")
    gender: str | None = strawberry.field(default=strawberry.UNSET, description="Gender.")
    job_seeker_id: str | None = strawberry.field(
        default=strawberry.UNSET, description="Job seeker ID."
    )
    email: str | None = strawberry.field(default=strawberry.UNSET, description="Email address.")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="Phone number.")
    preferred_language: Language | None = strawberry.field(  # type: ignore[valid-type]
        default=strawberry.UNSET,
        description="The language of the participant's emails, pages and application "
        "(null: back to English).",
    )


@strawberry.input(description="A monthly income or expense line.")
class BudgetLineInput:
    label: str = strawberry.field(description="What the line is, e.g. Wages or Rent.")
    amount: Decimal = strawberry.field(description="Monthly amount.")
    is_income: bool = strawberry.field(description="True for income, false for an expense.")


@strawberry.input(description="A Prosperity budget (R-DOC-5).")
class BudgetSaveInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer (Customer.id).")
    saved_on: dt.date = strawberry.field(description="The budget's date; decides its currency.")
    lines: list[BudgetLineInput] = strawberry.field(description="Income and expense lines.")


def given(input: object) -> dict[str, object]:
    """The fields of an update input that were sent (None = clear), UNSET ones left out."""
    return {k: v for k, v in vars(input).items() if v is not strawberry.UNSET}


@strawberry.type
class CustomerQueries:
    @strawberry.field(description="A customer you see (R-ACL-1); FORBIDDEN otherwise.")
    async def customer(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Customer.id.")],
    ) -> Customer | None:
        staff = require(info, Cap.READ_RECORDS)
        return Customer(
            row=await access_customer(staff, parse_id(id, "Customer")), identity_only=False
        )


@strawberry.type
class CustomerMutations:
    @strawberry.mutation(
        description="Create a customer at your agency; a 7-digit customer ID is assigned."
    )
    async def customer_create(self, info: Info, input: CustomerCreateInput) -> CustomerPayload:
        staff = require(info, Cap.CUSTOMER_WRITE)
        row, violations = await create_customer(staff=staff, values=vars(input))
        if row is None:
            return CustomerPayload(customer=None, errors=mutation_errors(violations))
        return CustomerPayload(customer=Customer(row=row, identity_only=False), errors=[])

    @strawberry.mutation(
        description="Change a customer you see: omitted = unchanged, null = cleared."
    )
    async def customer_update(
        self,
        info: Info,
        customer_id: Annotated[strawberry.ID, strawberry.argument(description="Customer.id.")],
        input: Annotated[CustomerUpdateInput, strawberry.argument(description="The changes.")],
    ) -> CustomerPayload:
        staff = require(info, Cap.CUSTOMER_WRITE)
        row = await access_customer(staff, parse_id(customer_id, "Customer"))
        violations = await update_customer(staff=staff, customer=row, changes=given(input))
        if violations:
            return CustomerPayload(customer=None, errors=mutation_errors(violations))
        return CustomerPayload(customer=Customer(row=row, identity_only=False), errors=[])

    @strawberry.mutation(
        description="Save a Prosperity budget; the latest one's date decides R-DOC-5 currency."
    )
    async def budget_save(self, info: Info, input: BudgetSaveInput) -> BudgetPayload:
        staff = require(info, Cap.BUDGET_WRITE)
        customer = await access_customer(staff, parse_id(input.customer_id, "Customer"))
        lines = [BudgetLineFact(line.label, line.amount, line.is_income) for line in input.lines]
        budget, violations = await save_budget(
            staff=staff, customer=customer, saved_on=input.saved_on, lines=lines
        )
        if budget is None:
            return BudgetPayload(budget=None, errors=mutation_errors(violations))
        return BudgetPayload(budget=ProsperityBudget(row=budget), errors=[])
