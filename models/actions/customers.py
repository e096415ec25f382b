"""Customers and Prosperity budgets: create, update, search (R-ACL-1, R-ACL-2, R-DOC-5)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from tortoise.expressions import Q

from models import clock
from models.actions import audit
from models.actions.access import visible_customers
from models.actions.identity import by_identifier
from models.actions.outbox import unit_of_work
from models.customers import BudgetLine, Customer, ProsperityBudget
from models.rules.customers import (
    BudgetLineFact,
    budget_violations,
    customer_violations,
    search_name,
    search_terms,
)
from models.rules.enums import Language, Role
from models.rules.errors import Violation
from models.staff import Staff

CUSTOMER_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "ssn_last4",
    "sex",
    "gender",
    "job_seeker_id",
    "email",
    "phone",
    "preferred_language",
)
_TRIMMED = frozenset(CUSTOMER_FIELDS) - {"date_of_birth", "preferred_language"}


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Trim text; blank optional text is stored as null; no language means English."""
    cleaned = {}
    for name, value in values.items():
        if name == "preferred_language":
            value = Language(value) if value is not None else Language.EN
        if name in _TRIMMED and isinstance(value, str):
            value = value.strip()
            if not value and name not in ("legal_first_name", "legal_last_name"):
                value = None
        cleaned[name] = value
    return cleaned


async def _new_customer_id() -> str:
    """A random, unused 7-digit customer ID (not guessable from the row order)."""
    while True:
        candidate = str(1_000_000 + secrets.randbelow(9_000_000))
        if not await Customer.filter(customer_id=candidate).exists():
            return candidate


def _identity_violations(values: Mapping[str, Any]) -> list[Violation]:
    return customer_violations(
        legal_first_name=values.get("legal_first_name"),
        legal_last_name=values.get("legal_last_name"),
        date_of_birth=values.get("date_of_birth"),
        ssn_last4=values.get("ssn_last4"),
        today=clock.today(),
    )


async def create_customer(
    *, staff: Staff, values: Mapping[str, Any]
) -> tuple[Customer | None, list[Violation]]:
    """Create a customer at the coach's agency with a new 7-digit customer ID (R-ACL-1)."""
    values = _clean({k: values.get(k) for k in CUSTOMER_FIELDS})
    violations = _identity_violations(values)
    if violations:
        return None, violations
    async with unit_of_work():
        row = await Customer.create(
            **values,
            customer_id=await _new_customer_id(),
            search_name=search_name(
                values["legal_first_name"], values["legal_last_name"], values["preferred_name"]
            ),
            created_by_provider_id=staff.provider_id,  # type: ignore[attr-defined]
        )
        await audit.record(
            actor_id=staff.id,
            action="customer.create",
            entity="Customer",
            entity_id=row.id,
            after={"customer_id": row.customer_id, **values},
        )
    return row, []


async def update_customer(
    *, staff: Staff, customer: Customer, changes: Mapping[str, Any]
) -> list[Violation]:
    """Change the given fields of a customer (null clears; names and birth date stay
    required), keeping the search key in step (R-ACL-1)."""
    changes = _clean({k: v for k, v in changes.items() if k in CUSTOMER_FIELDS})
    before = {name: getattr(customer, name) for name in CUSTOMER_FIELDS}
    after = {**before, **changes}
    violations = _identity_violations(after)
    if violations:
        return violations
    changed = [name for name in CUSTOMER_FIELDS if before[name] != after[name]]
    if not changed:
        return []
    for name in changed:
        setattr(customer, name, after[name])
    customer.search_name = search_name(
        customer.legal_first_name, customer.legal_last_name, customer.preferred_name
    )
    async with unit_of_work():
        await customer.save(update_fields=[*changed, "search_name"])
        await audit.record(
            actor_id=staff.id,
            action="customer.update",
            entity="Customer",
            entity_id=customer.id,
            before={n: before[n] for n in changed},
            after={n: after[n] for n in changed},
        )
    return []


def search_filter(staff: Staff, search: str, *, beyond: bool = False) -> Q:
    """Customers a search finds: visible ones whose name holds every word (case-, accent-,
    apostrophe- and hyphen-insensitive, in any order; a blank search lists them all) or
    whose customer ID or job seeker ID is exactly the search, and, with `beyond` (a
    coach's identity lookup that models/actions/identity.py allowed), any customer with
    that exact ID, shown identity-only when not visible (R-ACL-1). The text is compared
    with an identifier column only when it has that identifier's form (issue 11 §6)."""
    visible = visible_customers(staff)
    terms = search_terms(search)
    if not terms:
        return visible
    by_name = Q(*(Q(search_name__contains=t) for t in terms), join_type="AND")
    found = Q(visible, by_name)
    by_id = by_identifier(search)
    if by_id is None:
        return found
    found = found | Q(visible, by_id)
    if beyond and staff.role is Role.CAREER_COACH:
        found = found | by_id
    return found


async def save_budget(
    *, staff: Staff, customer: Customer, saved_on: date, lines: Sequence[BudgetLineFact]
) -> tuple[ProsperityBudget | None, list[Violation]]:
    """Save a Prosperity budget with its monthly lines on a date (R-DOC-5)."""
    violations = budget_violations(saved_on=saved_on, lines=lines, today=clock.today())
    if violations:
        return None, violations
    async with unit_of_work():
        budget = await ProsperityBudget.create(customer=customer, saved_on=saved_on, saved_by=staff)
        await BudgetLine.bulk_create(
            [
                BudgetLine(
                    budget=budget,
                    position=i,
                    label=line.label.strip(),
                    amount=line.amount,
                    is_income=line.is_income,
                )
                for i, line in enumerate(lines)
            ]
        )
        await audit.record(
            actor_id=staff.id,
            action="budget.save",
            entity="ProsperityBudget",
            entity_id=budget.id,
            after={
                "customer_id": customer.id,
                "saved_on": saved_on,
                "lines": [[line.label.strip(), str(line.amount), line.is_income] for line in lines],
            },
        )
    return budget, []
