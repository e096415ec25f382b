"""Identity lookups (issue 10 §2, R-ACL-1, R-ACL-2): a coach's exact-ID search beyond
their own customers is budgeted per hour (each alias counted, misses too), audited as a
personal-data read, and a burst is reported to contract managers without participant
data; the selection token is the coach's own and short-lived."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import clock
from models.config import reset_settings
from models.enrollments import Enrollment
from models.system import AuditEntry, Notification
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, MANAGER, Api
from tests.ids import gid, gid_of

SEARCH = """
query($s: String!) {
  customers(search: $s) { edges { node { id identityOnly customerId selectionToken } } }
}
"""
AUDIT = """
query($action: String) {
  auditLog(action: $action) { edges { node { action entityId actor { email } at } } }
}
"""
ENROLL = """
mutation($input: EnrollmentCreateInput!) {
  enrollmentCreate(input: $input) { enrollment { id } errors { code } }
}
"""
OTHER_AGENCY_COACH = "coach.eop-portland-se-works@example.org"


@pytest.fixture
def budget_of_3(settings_env: pytest.MonkeyPatch) -> None:
    settings_env.setenv("IDENTITY_LOOKUPS_PER_HOUR", "3")
    reset_settings()


async def _outsider(customer_id: str = "7654321"):
    """A customer of another agency (COACH_OJF's), unseen by COACH."""
    other = await f.staff(COACH_OJF)
    row = await f.customer(other, first="Zoe", last="Quinn")
    row.customer_id = customer_id
    await row.save(update_fields=["customer_id"])
    return row


async def test_a_hit_is_shown_identity_only_and_audited(api: Api) -> None:
    outsider = await _outsider()
    edges = (await api.ok(SEARCH, {"s": "7654321"}, as_=COACH))["customers"]["edges"]
    assert [e["node"]["identityOnly"] for e in edges] == [True]
    entries = await AuditEntry.filter(action="customer.identity_lookup")
    assert [(e.entity, e.entity_id, e.changes) for e in entries] == [
        ("Customer", str(outsider.id), {})
    ]
    coach = await f.staff(COACH)
    assert entries[0].actor_id == coach.id  # type: ignore[attr-defined]
    log = (await api.ok(AUDIT, {"action": "customer.identity_lookup"}, as_=MANAGER))["auditLog"]
    (node,) = [e["node"] for e in log["edges"]]
    assert (node["entityId"], node["actor"]["email"]) == (gid(outsider), COACH)


async def test_own_customers_and_name_searches_spend_no_budget(api: Api, budget_of_3: None) -> None:
    coach = await f.staff(COACH)
    own = await f.customer(coach, first="Ana")
    for _ in range(5):
        found = (await api.ok(SEARCH, {"s": own.customer_id}, as_=COACH))["customers"]["edges"]
        assert [e["node"]["identityOnly"] for e in found] == [False]
        await api.ok(SEARCH, {"s": "Zoe Quinn"}, as_=COACH)
    assert await AuditEntry.filter(action__startswith="customer.identity").count() == 0
    await _outsider()
    assert (await api.ok(SEARCH, {"s": "7654321"}, as_=COACH))["customers"]["edges"]


async def test_the_hourly_budget_counts_misses_and_a_burst_is_reported_once(
    api: Api, budget_of_3: None
) -> None:
    await _outsider()
    for guess in ("1000001", "1000002", "7654321"):  # two misses and a hit
        assert "errors" not in await api.post(SEARCH, {"s": guess}, as_=COACH)
    response = await api.client.post(
        "/graphql",
        json={"query": SEARCH, "variables": {"s": "1000003"}},
        headers={"Authorization": f"Bearer {await api.token(COACH)}"},
    )
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= error["extensions"]["retryAfter"] <= 3600
    assert response.headers["retry-after"] == str(error["extensions"]["retryAfter"])
    assert "R-ACL-1" in error["message"]
    await api.post(SEARCH, {"s": "1000004"}, as_=COACH)  # refused again: no second report
    (burst,) = await AuditEntry.filter(action="staff.identity_lookup_burst")
    assert burst.entity == "Staff" and burst.entity_id == str((await f.staff(COACH)).id)
    (mail,) = await Notification.filter(kind="identity_lookup_burst")
    assert mail.to_address == MANAGER
    for personal in ("7654321", "1000001", "Zoe", "Quinn"):
        assert personal not in mail.body and personal not in mail.subject
    # another coach has a budget of their own
    assert "errors" not in await api.post(SEARCH, {"s": "1000005"}, as_=OTHER_AGENCY_COACH)


async def test_each_alias_spends_the_budget(api: Api, budget_of_3: None) -> None:
    aliases = " ".join(
        f'a{i}: customers(search: "100000{i}") {{ edges {{ node {{ id }} }} }}' for i in range(3)
    )
    body = await api.post("query { " + aliases + " }", as_=COACH)
    assert "errors" not in body and len(body["data"]) == 3
    body = await api.post(SEARCH, {"s": "1000009"}, as_=COACH)
    assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    aliases = " ".join(
        f'b{i}: customers(search: "200000{i}") {{ edges {{ node {{ id }} }} }}' for i in range(30)
    )
    body = await api.post("query { " + aliases + " }", as_=OTHER_AGENCY_COACH)
    assert body["data"] is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"RATE_LIMITED"}


async def _selection(api: Api) -> tuple[str, str]:
    await _outsider()
    (edge,) = (await api.ok(SEARCH, {"s": "7654321"}, as_=COACH))["customers"]["edges"]
    return edge["node"]["id"], edge["node"]["selectionToken"]


def _enroll_input(selected: tuple[str, str], provider_id: int) -> dict:
    day = clock.today().isoformat()
    customer_id, token = selected
    return {
        "input": {
            "customerId": customer_id,
            "selectionToken": token,
            "providerId": gid_of("Provider", provider_id),
            "applicationDate": day,
        }
    }


async def test_the_selection_is_refused_to_anyone_else(api: Api) -> None:
    selection = await _selection(api)
    same_agency = await f.staff(COACH)
    other = await f.staff(OTHER_AGENCY_COACH)
    refused = _enroll_input(selection, other.provider_id)  # type: ignore[arg-type]
    body = await api.post(ENROLL, refused, as_=OTHER_AGENCY_COACH)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Enrollment.all().count() == 0
    allowed = _enroll_input(selection, same_agency.provider_id)  # type: ignore[arg-type]
    body = await api.post(ENROLL, allowed, as_=COACH)
    assert body["data"]["enrollmentCreate"]["errors"] == []


async def test_the_selection_expires_in_minutes(api: Api) -> None:
    selection = await _selection(api)
    coach = await f.staff(COACH)
    clock.freeze(clock.today() + timedelta(days=1))
    api.tokens.clear()  # a sign-in token of the same day
    body = await api.post(ENROLL, _enroll_input(selection, coach.provider_id), as_=COACH)  # type: ignore[arg-type]
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Enrollment.all().count() == 0
