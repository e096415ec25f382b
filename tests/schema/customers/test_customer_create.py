"""customerCreate and customerUpdate (R-ACL-1, R-ACL-2, R-GEN-1, R-ACL-3)."""

from __future__ import annotations

from datetime import date

from models import clock
from models.customers import Customer
from models.system import AuditEntry
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, MANAGER, Api
from tests.ids import gid, row_id
from tests.schema.coach_helpers import codes, snapshot

CUSTOMER_CREATE = """
mutation($input: CustomerCreateInput!) {
  customerCreate(input: $input) {
    customer { id customerId legalFirstName legalLastName birthMonthDay ssnLast4 jobSeekerId
               email enrollments { id } }
    errors { field code message }
  }
}
"""
CUSTOMER_UPDATE = """
mutation($id: ID!, $input: CustomerUpdateInput!) {
  customerUpdate(customerId: $id, input: $input) {
    customer { id legalFirstName preferredName ssnLast4 phone email }
    errors { field code message }
  }
}
"""
TODAY = date(2025, 6, 10)
NEW = {
    "legalFirstName": " José ",
    "legalLastName": "Pérez",
    "dateOfBirth": "1990-04-05",
    "ssnLast4": "1234",
    "jobSeekerId": "JS-77",
    "email": "jose@example.org",
}


async def test_create_assigns_a_7_digit_customer_id_and_a_folded_search_name(api: Api) -> None:
    clock.freeze(TODAY)
    data = await api.ok(CUSTOMER_CREATE, {"input": NEW}, as_=COACH)
    payload = data["customerCreate"]
    assert payload["errors"] == []
    customer = payload["customer"]
    assert len(customer["customerId"]) == 7 and customer["customerId"].isdigit()
    assert customer["legalFirstName"] == "José"
    assert customer["birthMonthDay"] == "04/05" and customer["ssnLast4"] == "1234"
    row = await Customer.get(id=row_id(customer["id"]))
    coach = await factories.staff(COACH)
    assert row.search_name == "jose perez"
    assert row.created_by_provider_id == coach.provider_id  # type: ignore[attr-defined]
    entry = await AuditEntry.get(entity="Customer", entity_id=str(row_id(customer["id"])))
    assert entry.action == "customer.create" and entry.actor_id == coach.id  # type: ignore[attr-defined]
    assert entry.changes["date_of_birth"] == [None, "***"]  # personal values masked


async def test_create_refusals_name_each_field_and_write_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    before = await snapshot()
    bad = {**NEW, "legalFirstName": " ", "dateOfBirth": "2025-06-11", "ssnLast4": "123456789"}
    payload = (await api.ok(CUSTOMER_CREATE, {"input": bad}, as_=COACH))["customerCreate"]
    assert payload["customer"] is None
    assert codes(payload) == [
        ("REQUIRED", "input.legalFirstName"),
        ("DATE_IN_FUTURE", "input.dateOfBirth"),
        ("INVALID", "input.ssnLast4"),
    ]
    assert await snapshot() == before


async def test_hub_staff_and_managers_may_not_create_customers(api: Api) -> None:
    before = await snapshot()
    for who in (HUB, MANAGER):
        body = await api.post(CUSTOMER_CREATE, {"input": NEW}, as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await api.post(CUSTOMER_CREATE, {"input": NEW})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await snapshot() == before


async def test_update_changes_given_fields_clears_nulls_and_leaves_omitted(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    row = await factories.customer(coach, phone="503-555-0101")
    variables = {"id": gid(row), "input": {"preferredName": "Pepé", "phone": None}}
    payload = (await api.ok(CUSTOMER_UPDATE, variables, as_=COACH))["customerUpdate"]
    assert payload["errors"] == []
    assert payload["customer"]["preferredName"] == "Pepé"
    assert payload["customer"]["phone"] is None
    assert payload["customer"]["ssnLast4"] == "1234"  # omitted: unchanged
    await row.refresh_from_db()
    assert row.search_name == "ana perez pepe"
    entry = await AuditEntry.get(entity="Customer", action="customer.update")
    assert set(entry.changes) == {"preferred_name", "phone"}


async def test_update_refuses_clearing_a_required_field_and_writes_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    row = await factories.customer(coach)
    before = await snapshot()
    variables = {
        "id": gid(row),
        "input": {"legalLastName": None, "dateOfBirth": None, "ssnLast4": "12"},
    }
    payload = (await api.ok(CUSTOMER_UPDATE, variables, as_=COACH))["customerUpdate"]
    assert codes(payload) == [
        ("REQUIRED", "input.legalLastName"),
        ("REQUIRED", "input.dateOfBirth"),
        ("INVALID", "input.ssnLast4"),
    ]
    assert await snapshot() == before


async def test_update_of_a_customer_the_coach_does_not_see_is_forbidden(api: Api) -> None:
    other = await factories.customer(await factories.staff(COACH_OJF))
    before = await snapshot()
    body = await api.post(CUSTOMER_UPDATE, {"id": gid(other), "input": {"phone": "1"}}, as_=COACH)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
