"""auditLog (R-ACL-3): contract managers read every change, newest first, page by
page; personal values are masked; nobody else reads it."""

from __future__ import annotations

import json

from models.system import AuditEntry
from tests.conftest import COACH, HUB, MANAGER, Api

CUSTOMER_CREATE = """
mutation { customerCreate(input: {legalFirstName: "Lucía", legalLastName: "Núñez",
  dateOfBirth: "1988-02-03", ssnLast4: "9876", email: "lucia@example.org"})
  { customer { id } errors { code } } }
"""
AUDIT_LOG = """
query($entityId: ID, $first: Int, $after: String) {
  auditLog(entityId: $entityId, first: $first, after: $after) {
    totalCount
    edges { cursor node { at action entity entityId changes actor { email } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_a_change_is_recorded_with_actor_and_masked_personal_values(api: Api) -> None:
    customer_id = (await api.ok(CUSTOMER_CREATE, as_=COACH))["customerCreate"]["customer"]["id"]
    data = await api.ok(AUDIT_LOG, {"entityId": customer_id}, as_=MANAGER)
    [edge] = [e for e in data["auditLog"]["edges"] if e["node"]["entity"] == "Customer"]
    node = edge["node"]
    assert node["entityId"] == customer_id  # the customer's own global id
    assert data["auditLog"]["totalCount"] == len(data["auditLog"]["edges"]) >= 1
    assert node["action"] == "customer.create"
    assert node["actor"]["email"] == COACH
    changes = json.loads(node["changes"])
    assert changes["legal_first_name"] == [None, "***"]
    assert changes["date_of_birth"] == [None, "***"]
    assert changes["ssn_last4"] == [None, "***"]
    for secret in ("Lucía", "Núñez", "1988", "9876", "lucia@"):
        assert secret not in node["changes"]


async def test_pages_newest_first_with_stable_cursors(api: Api) -> None:
    for _ in range(3):
        await api.ok(CUSTOMER_CREATE, as_=COACH)
    total = await AuditEntry.all().count()
    seen: list[str] = []
    after = None
    while True:
        page = (await api.ok(AUDIT_LOG, {"first": 2, "after": after}, as_=MANAGER))["auditLog"]
        seen += [e["cursor"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == total
    first_page = (await api.ok(AUDIT_LOG, {"first": total}, as_=MANAGER))["auditLog"]["edges"]
    times = [e["node"]["at"] for e in first_page]
    assert times == sorted(times, reverse=True)


async def test_only_contract_managers_read_it(api: Api) -> None:
    for email in (COACH, HUB):
        body = await api.post(AUDIT_LOG, {}, as_=email)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_bad_cursor_is_a_clear_error(api: Api) -> None:
    body = await api.post(AUDIT_LOG, {"after": "not-a-cursor"}, as_=MANAGER)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_entity_ids_are_global_ids_and_filter_alike(api: Api) -> None:
    """An audit entry names its object by the object's global id; filtering by an id that
    names nothing (malformed, or of another object) finds nothing, like an unknown one."""
    from tests.ids import gid_of

    customer_id = (await api.ok(CUSTOMER_CREATE, as_=COACH))["customerCreate"]["customer"]["id"]
    every = (await api.ok(AUDIT_LOG, {}, as_=MANAGER))["auditLog"]
    assert customer_id in {e["node"]["entityId"] for e in every["edges"]}
    assert every["totalCount"] == await AuditEntry.all().count()
    for nothing in ("1", "garbage", gid_of("Enrollment", 999_999), customer_id + "="):
        data = (await api.ok(AUDIT_LOG, {"entityId": nothing}, as_=MANAGER))["auditLog"]
        assert data == {
            "totalCount": 0,
            "edges": [],
            "pageInfo": {"hasNextPage": False, "endCursor": None},
        }
