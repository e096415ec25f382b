"""uploadRequestSend and deviceUploadLinkCreate (R-DOC-2): an emailed link for the
participant, and a short-lived link for the staff member's own phone, whose URL is the
only one the API ever returns."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from models import clock
from models.customers import ParticipantLink
from models.system import Notification
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, MANAGER, SINK, Api
from tests.ids import gid, row_id
from tests.schema.documents.util import counts

UPLOAD_REQUEST = """
mutation($c: ID!, $t: DocumentType!) {
  uploadRequestSend(customerId: $c, type: $t) {
    link { id purpose documentType sentTo url expiresAt usedAt }
    errors { field code message }
  }
}
"""
DEVICE_LINK = """
mutation($c: ID!, $t: DocumentType!) {
  deviceUploadLinkCreate(customerId: $c, type: $t) {
    link { id purpose documentType sentTo url expiresAt usedAt }
    errors { field code message }
  }
}
"""


async def test_upload_request_emails_link_and_coach_name_only(api: Api) -> None:
    from workers.mailer import deliver_pending

    coach = await f.staff(COACH)
    cust = await f.customer(coach, phone="503-555-0142")
    payload = (await api.ok(UPLOAD_REQUEST, {"c": gid(cust), "t": "INDIVIDUAL_PLAN"}, as_=COACH))[
        "uploadRequestSend"
    ]
    assert payload["errors"] == []
    link = payload["link"]
    assert (link["purpose"], link["documentType"]) == ("UPLOAD_DOCUMENT", "INDIVIDUAL_PLAN")
    assert link["sentTo"] == cust.email and link["url"] is None
    await deliver_pending()
    [mail] = SINK.to(cust.email)
    assert coach.name in mail.body
    assert "Career Plan" in mail.body
    assert len(re.findall(r"http://testserver/p/upload/\S+", mail.body)) == 1
    for personal in (
        cust.legal_first_name,
        cust.legal_last_name,
        cust.customer_id,
        cust.email,
        "503-555-0142",
        "1234",
    ):
        assert personal not in mail.body


async def test_upload_request_without_email_is_refused(api: Api) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach, email=None)
    before = await counts()
    payload = (await api.ok(UPLOAD_REQUEST, {"c": gid(cust), "t": "OTHER"}, as_=COACH))[
        "uploadRequestSend"
    ]
    assert payload["link"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("REQUIRED", "email")]
    assert await counts() == before


async def test_device_link_returns_its_url_once_and_sends_no_mail(api: Api) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    payload = (
        await api.ok(DEVICE_LINK, {"c": gid(cust), "t": "RENT_ASSISTANCE_APPLICATION"}, as_=COACH)
    )["deviceUploadLinkCreate"]
    assert payload["errors"] == []
    link = payload["link"]
    assert link["purpose"] == "DEVICE_UPLOAD" and link["sentTo"] is None
    assert link["url"].startswith("http://testserver/p/upload/")
    row = await ParticipantLink.get(id=row_id(link["id"]))
    assert row.expires_at - clock.now() <= timedelta(minutes=15)
    assert await Notification.all().count() == 0


@pytest.mark.parametrize("doc", [UPLOAD_REQUEST, DEVICE_LINK], ids=["request", "device"])
@pytest.mark.parametrize("who", [COACH_OJF, HUB, MANAGER])
async def test_others_are_forbidden_and_nothing_changes(api: Api, doc: str, who: str) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    before = await counts()
    body = await api.post(doc, {"c": gid(cust), "t": "OTHER"}, as_=who)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await counts() == before
