"""enrollment(id): a record through the access functions (R-ACL-1)."""

from __future__ import annotations

from datetime import date

from models import clock
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, HUB_OJF, MANAGER, Api
from tests.ids import gid

RECORD = """
query($id: ID!) { enrollment(id: $id) { id stage customer { customerId identityOnly }
                                        referralChecklist { nextStep reviewDeadline } } }
"""


async def test_who_sees_a_sent_referral(api: Api) -> None:
    clock.freeze(date(2025, 6, 10))
    ra = await factories.sent_referral(
        await factories.staff(COACH), application_date=date(2025, 6, 2)
    )
    for who in (COACH, HUB, MANAGER):
        record = (await api.ok(RECORD, {"id": gid(ra)}, as_=who))["enrollment"]
        assert record["stage"] == "SENT"
        assert record["customer"]["identityOnly"] is False
        assert record["referralChecklist"]["reviewDeadline"] == "2025-07-17"
    for who in (COACH_OJF, HUB_OJF):
        body = await api.post(RECORD, {"id": gid(ra)}, as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for bad_id in ("999999", "not-an-id"):
        body = await api.post(RECORD, {"id": bad_id}, as_=COACH)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await api.post(RECORD, {"id": gid(ra)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_hub_staff_do_not_see_a_draft(api: Api) -> None:
    clock.freeze(date(2025, 6, 10))
    ra = await factories.ready_referral(
        await factories.staff(COACH), application_date=date(2025, 6, 2)
    )
    body = await api.post(RECORD, {"id": gid(ra)}, as_=HUB)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    record = (await api.ok(RECORD, {"id": gid(ra)}, as_=COACH))["enrollment"]
    assert record["stage"] == "READY"
