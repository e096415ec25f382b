"""The customer's preferred language (issue 16) through customerCreate and
customerUpdate: set by the coach, English by default, null back to English, audited,
bounded by the enum, hidden on an identity-only result."""

from __future__ import annotations

from datetime import date

from models import clock
from models.customers import Customer
from models.rules.enums import Language
from models.system import AuditEntry
from tests import factories
from tests.conftest import COACH, COACH_OJF, Api
from tests.ids import gid, row_id
from tests.schema.coach_helpers import snapshot

CUSTOMER_CREATE = """
mutation($input: CustomerCreateInput!) {
  customerCreate(input: $input) {
    customer { id preferredLanguage }
    errors { field code message }
  }
}
"""
CUSTOMER_UPDATE = """
mutation($id: ID!, $input: CustomerUpdateInput!) {
  customerUpdate(customerId: $id, input: $input) {
    customer { id preferredLanguage phone }
    errors { field code message }
  }
}
"""
CUSTOMERS = """
query($search: String!) { customers(search: $search) {
  edges { node { identityOnly customerId preferredLanguage } } } }
"""
TODAY = date(2025, 6, 10)
NEW = {"legalFirstName": "Lucía", "legalLastName": "Gómez", "dateOfBirth": "1990-04-05"}


async def test_create_with_and_without_a_language(api: Api) -> None:
    clock.freeze(TODAY)
    spanish = await api.ok(
        CUSTOMER_CREATE, {"input": {**NEW, "preferredLanguage": "ES"}}, as_=COACH
    )
    customer = spanish["customerCreate"]["customer"]
    assert customer["preferredLanguage"] == "ES"
    row = await Customer.get(id=row_id(customer["id"]))
    assert row.preferred_language is Language.ES
    entry = await AuditEntry.get(entity="Customer", entity_id=str(row.id))
    assert entry.changes["preferred_language"] == [None, "es"]

    plain = await api.ok(CUSTOMER_CREATE, {"input": NEW}, as_=COACH)
    assert plain["customerCreate"]["customer"]["preferredLanguage"] == "EN"
    null = await api.ok(CUSTOMER_CREATE, {"input": {**NEW, "preferredLanguage": None}}, as_=COACH)
    assert null["customerCreate"]["customer"]["preferredLanguage"] == "EN"


async def test_update_sets_clears_and_leaves_the_language(api: Api) -> None:
    clock.freeze(TODAY)
    row = await factories.customer(await factories.staff(COACH))
    assert row.preferred_language is Language.EN
    variables = {"id": gid(row), "input": {"preferredLanguage": "VI"}}
    payload = (await api.ok(CUSTOMER_UPDATE, variables, as_=COACH))["customerUpdate"]
    assert payload["errors"] == [] and payload["customer"]["preferredLanguage"] == "VI"
    entry = await AuditEntry.get(entity="Customer", action="customer.update")
    assert entry.changes == {"preferred_language": ["en", "vi"]}

    omitted = {"id": gid(row), "input": {"phone": "503-555-0102"}}
    payload = (await api.ok(CUSTOMER_UPDATE, omitted, as_=COACH))["customerUpdate"]
    assert payload["customer"]["preferredLanguage"] == "VI"  # omitted: unchanged

    cleared = {"id": gid(row), "input": {"preferredLanguage": None}}
    payload = (await api.ok(CUSTOMER_UPDATE, cleared, as_=COACH))["customerUpdate"]
    assert payload["customer"]["preferredLanguage"] == "EN"  # null: back to English
    await row.refresh_from_db()
    assert row.preferred_language is Language.EN


async def test_an_unknown_language_is_refused_at_the_edge_and_writes_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    row = await factories.customer(await factories.staff(COACH))
    before = await snapshot()
    for value in ("FR", "es", "", "E" * 5000):
        body = await api.post(
            CUSTOMER_UPDATE, {"id": gid(row), "input": {"preferredLanguage": value}}, as_=COACH
        )
        assert body.get("data") is None and body["errors"], body
        body = await api.post(
            CUSTOMER_CREATE, {"input": {**NEW, "preferredLanguage": value}}, as_=COACH
        )
        assert body.get("data") is None and body["errors"], body
    assert await snapshot() == before


async def test_another_agencys_coach_may_not_change_it(api: Api) -> None:
    row = await factories.customer(await factories.staff(COACH_OJF))
    before = await snapshot()
    body = await api.post(
        CUSTOMER_UPDATE, {"id": gid(row), "input": {"preferredLanguage": "ES"}}, as_=COACH
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before


async def test_identity_only_result_does_not_show_the_language(api: Api) -> None:
    row = await factories.customer(await factories.staff(COACH_OJF), preferred_language=Language.RU)
    data = await api.ok(CUSTOMERS, {"search": row.customer_id}, as_=COACH)
    [edge] = data["customers"]["edges"]
    assert edge["node"]["identityOnly"] is True and edge["node"]["preferredLanguage"] is None
    own = await api.ok(CUSTOMERS, {"search": row.customer_id}, as_=COACH_OJF)
    assert own["customers"]["edges"][0]["node"]["preferredLanguage"] == "RU"
