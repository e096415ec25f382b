"""enrollmentCreate: a program record at the coach's own agency (R-ENR-1, R-GEN-1)."""

from __future__ import annotations

from datetime import date

from models import clock
from models.enrollments import Enrollment, Registration
from models.staff import Provider
from models.system import AuditEntry
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, Api
from tests.ids import gid, ref, row_id
from tests.schema.coach_helpers import codes, snapshot

ENROLLMENT_CREATE = """
mutation($input: EnrollmentCreateInput!) {
  enrollmentCreate(input: $input) {
    enrollment { id applicationDate programStatus stage referralChecklist { nextStep }
                 provider { name } customerOf { email } referredBy { email }
                 customer { id identityOnly }
                 registration { email phones householdSize missingInformation { field } } }
    errors { field code message }
  }
}
"""
TODAY = date(2025, 6, 10)


async def _input(cust_id: int, coach_email: str = COACH, **kw: str) -> dict:
    coach = await factories.staff(coach_email)
    return {
        "input": {
            "customerId": ref("Customer", cust_id),
            "providerId": ref("Provider", coach.provider_id),  # type: ignore[attr-defined]
            "applicationDate": "2025-06-10",
            **kw,
        }
    }


async def test_creates_a_program_record_at_the_agency(api: Api) -> None:
    clock.freeze(TODAY)
    cust = await factories.customer(await factories.staff(COACH), phone="503-555-0199")
    payload = (await api.ok(ENROLLMENT_CREATE, await _input(cust.id), as_=COACH))[
        "enrollmentCreate"
    ]
    assert payload["errors"] == []
    record = payload["enrollment"]
    assert record["provider"]["name"] == "EOP Portland - IRCO"
    assert record["customerOf"]["email"] == COACH and record["referredBy"] is None
    assert record["programStatus"] == "OPEN"
    assert record["stage"] is None and record["referralChecklist"] is None
    assert record["registration"]["email"] == cust.email
    assert record["registration"]["phones"] == ["503-555-0199"]
    assert record["registration"]["householdSize"] is None
    assert record["registration"]["missingInformation"] == []
    row = await Enrollment.get(id=row_id(record["id"]))
    assert row.is_ra is False
    assert await Registration.filter(enrollment_id=row.id).count() == 1
    assert (
        await AuditEntry.filter(
            entity="Enrollment", entity_id=str(row.id), action="enrollment.create"
        ).count()
        == 1
    )


SEARCH = """
query($q: String!) { customers(search: $q) { edges { node { id identityOnly selectionToken } } } }
"""


async def _input_for(customer_id: str, token: str | None = None) -> dict:
    variables = await _input(0)
    variables["input"]["customerId"] = customer_id
    if token is not None:
        variables["input"]["selectionToken"] = token
    return variables


async def test_a_customer_found_by_exact_id_can_be_enrolled_then_seen_in_full(api: Api) -> None:
    clock.freeze(TODAY)
    other = await factories.customer(await factories.staff(COACH_OJF))
    edges = (await api.ok(SEARCH, {"q": other.customer_id}, as_=COACH))["customers"]["edges"]
    [node] = [e["node"] for e in edges]
    assert node["identityOnly"] is True
    # the same id as the full view, the selection a separate field
    assert node["id"] == gid(other) and node["selectionToken"]
    payload = (
        await api.ok(
            ENROLLMENT_CREATE, await _input_for(node["id"], node["selectionToken"]), as_=COACH
        )
    )["enrollmentCreate"]
    assert payload["errors"] == []
    assert payload["enrollment"]["customer"] == {"id": gid(other), "identityOnly": False}
    # seen in full now: no selection token any more
    again = (await api.ok(SEARCH, {"q": other.customer_id}, as_=COACH))["customers"]["edges"]
    assert again[0]["node"]["identityOnly"] is False and again[0]["node"]["selectionToken"] is None


async def test_a_customer_not_selected_by_search_cannot_be_enrolled(api: Api) -> None:
    """Row numbers are guessable: without the search's selection token for that same
    customer, another agency's customer, an unknown, malformed or wrong-typed id and a
    forged or borrowed token are all FORBIDDEN (R-ACL-1)."""
    clock.freeze(TODAY)
    other = await factories.customer(await factories.staff(COACH_OJF))
    third = await factories.customer(await factories.staff(COACH_OJF), first="Ivy")
    edges = (await api.ok(SEARCH, {"q": third.customer_id}, as_=COACH))["customers"]["edges"]
    borrowed = edges[0]["node"]["selectionToken"]
    program = await factories.program_record(
        await factories.customer(await factories.staff(COACH)),
        await factories.staff(COACH),
        application_date=date(2025, 1, 2),
    )
    before = await snapshot()
    for customer_id, token in (
        (gid(other), None),
        (gid(other), "sel.forged.token"),
        (gid(other), borrowed),  # a token for another customer
        (gid(other), "x" * 5000),
        (ref("Customer", 999999), None),
        (gid(program), None),  # a record's id where a customer's is expected
        ("999999", None),
        ("abc", None),
        (borrowed, None),  # the token where the id belongs
    ):
        body = await api.post(ENROLLMENT_CREATE, await _input_for(customer_id, token), as_=COACH)
        assert body["data"] is None, customer_id
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await snapshot() == before


async def test_refusals_name_each_field_and_write_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    cust = await factories.customer(await factories.staff(COACH))
    other_agency = await factories.staff(COACH_OJF)
    hub = await Provider.get(name="Rent Assistance - Latino Network")
    before = await snapshot()
    cases = [
        (
            {"providerId": ref("Provider", other_agency.provider_id)},
            [("INVALID", "input.providerId")],
        ),  # type: ignore[attr-defined]
        ({"providerId": gid(hub)}, [("INVALID", "input.providerId")]),
        ({"applicationDate": "2025-06-11"}, [("DATE_IN_FUTURE", "input.applicationDate")]),
    ]
    for override, expected in cases:
        variables = await _input(cust.id)
        variables["input"].update(override)
        payload = (await api.ok(ENROLLMENT_CREATE, variables, as_=COACH))["enrollmentCreate"]
        assert payload["enrollment"] is None
        assert codes(payload) == expected, override
    assert await snapshot() == before


async def test_hub_staff_may_not_open_program_records(api: Api) -> None:
    cust = await factories.customer(await factories.staff(COACH))
    before = await snapshot()
    body = await api.post(ENROLLMENT_CREATE, await _input(cust.id), as_=HUB)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
