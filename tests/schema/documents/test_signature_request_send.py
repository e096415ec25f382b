"""signatureRequestSend (R-DOC-3, R-DOC-4): a signed, expiring, single-use link to one
application, emailed to the participant through the outbox with the link and the
coach's name, nothing else personal."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from models import clock
from models.customers import ParticipantLink
from models.rules.enums import LinkPurpose, ProgramStatus
from models.system import AuditEntry, Notification
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, MANAGER, SINK, Api
from tests.ids import gid, row_id
from tests.schema.documents.util import counts

SEND = """
mutation($id: ID!) {
  signatureRequestSend(enrollmentId: $id) {
    link { id purpose documentType sentTo url expiresAt usedAt }
    errors { field code message }
  }
}
"""
URL = re.compile(r"http://testserver/p/sign/\S+")


async def _record(**customer_kw: object):  # type: ignore[no-untyped-def]
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach, **customer_kw)
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    return coach, cust, ra


async def test_sends_one_link_by_email_with_link_and_coach_name_only(api: Api) -> None:
    from workers.mailer import deliver_pending

    coach, cust, ra = await _record(
        phone="503-555-0199", preferred_name="Annie", pronouns="she/her"
    )
    data = await api.ok(SEND, {"id": gid(ra)}, as_=COACH)
    payload = data["signatureRequestSend"]
    assert payload["errors"] == []
    link = payload["link"]
    assert link["purpose"] == "SIGN_APPLICATION"
    assert link["documentType"] == "RENT_ASSISTANCE_APPLICATION"
    assert link["sentTo"] == cust.email
    assert link["url"] is None  # never returned for a link sent to the participant
    assert link["usedAt"] is None
    row = await ParticipantLink.get(id=row_id(link["id"]))
    assert row.enrollment_id == ra.id
    assert row.expires_at - clock.now() > timedelta(days=6, hours=23)
    assert row.expires_at - clock.now() <= timedelta(days=7)
    assert await AuditEntry.filter(entity="ParticipantLink", entity_id=str(row.id)).count() == 1

    assert await deliver_pending() == 1
    [mail] = SINK.to(cust.email)
    assert mail.subject == "Please sign your Rent Assistance application"
    body = mail.body
    assert coach.name in body
    urls = URL.findall(body)
    assert len(urls) == 1
    for personal in (
        cust.legal_first_name,
        cust.legal_last_name,
        "Annie",
        "she/her",
        cust.customer_id,
        cust.email,
        "1990",
        "04/05",
        "1234",
        "503-555-0199",
        "Latino Network",
    ):
        assert personal not in body, personal


async def test_each_send_is_a_new_link(api: Api) -> None:
    _, _, ra = await _record()
    first = (await api.ok(SEND, {"id": gid(ra)}, as_=COACH))["signatureRequestSend"]
    second = (await api.ok(SEND, {"id": gid(ra)}, as_=COACH))["signatureRequestSend"]
    assert first["link"]["id"] != second["link"]["id"]
    assert await Notification.all().count() == 2


async def test_customer_without_email_is_refused(api: Api) -> None:
    _, _cust, ra = await _record(email=None)
    before = await counts()
    payload = (await api.ok(SEND, {"id": gid(ra)}, as_=COACH))["signatureRequestSend"]
    assert payload["link"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("REQUIRED", "email")]
    assert await counts() == before


async def test_program_record_is_wrong_stage(api: Api) -> None:
    coach, cust, _ = await _record()
    program = await f.program_record(cust, coach, application_date=date(2025, 1, 6))
    before = await counts()
    payload = (await api.ok(SEND, {"id": gid(program)}, as_=COACH))["signatureRequestSend"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("WRONG_STAGE", "enrollmentId")]
    assert await counts() == before


@pytest.mark.parametrize("state", ["closed", "accepted"])
async def test_closed_or_accepted_record_is_wrong_stage_with_every_error(
    api: Api, state: str
) -> None:
    _, _cust, ra = await _record(email=None)
    if state == "closed":
        ra.program_status = ProgramStatus.PRE_PROGRAM_EXIT
    else:
        ra.review_date = date(2025, 3, 8)
    await ra.save(update_fields=["program_status", "review_date"])
    before = await counts()
    payload = (await api.ok(SEND, {"id": gid(ra)}, as_=COACH))["signatureRequestSend"]
    assert sorted(e["code"] for e in payload["errors"]) == ["REQUIRED", "WRONG_STAGE"]
    assert await counts() == before


@pytest.mark.parametrize("who", [COACH_OJF, HUB, MANAGER])
async def test_others_are_forbidden_and_nothing_changes(api: Api, who: str) -> None:
    _, _, ra = await _record()
    before = await counts()
    body = await api.post(SEND, {"id": gid(ra)}, as_=who)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await counts() == before
    assert await ParticipantLink.filter(purpose=LinkPurpose.SIGN_APPLICATION).count() == 0
