"""referralRefuse (R-REF-3): Pre-Program Exit, the required case note, the coach emailed
through the outbox with no personal data."""

from __future__ import annotations

import pytest

from models import clock
from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from models.services import CaseNote
from models.system import AuditEntry, Notification
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, SINK, Api
from tests.hubkit import APPLIED, errors, forbidden, people
from tests.ids import gid
from tests.snapshot import snapshot

REFUSE = """
mutation Refuse($id: ID!, $note: String!) {
  referralRefuse(enrollmentId: $id, caseNote: $note) {
    enrollment { id programStatus stage exitDate caseNotes { text author { email } system } }
    errors { field code message }
  }
}
"""
NOTE = "Household moved out of the service area; referred to the county instead."


async def refuse(api: Api, row: Enrollment, note: str = NOTE, as_: str = HUB) -> dict:
    body = await api.post(REFUSE, {"id": gid(row), "note": note}, as_=as_)
    return body["data"]["referralRefuse"]


async def test_refusal_is_a_pre_program_exit_with_the_note_and_emails_the_coach(
    api: Api, mail_sink
) -> None:
    from workers.mailer import deliver_pending

    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    customer = await ra.customer

    payload = await refuse(api, ra, as_=HUB_ADVOCATE)

    assert payload["errors"] == []
    assert payload["enrollment"]["programStatus"] == "PRE_PROGRAM_EXIT"
    assert payload["enrollment"]["stage"] == "CLOSED"
    assert payload["enrollment"]["exitDate"] == clock.today().isoformat()
    assert payload["enrollment"]["caseNotes"] == [
        {"text": NOTE, "author": {"email": HUB_ADVOCATE}, "system": False}
    ]
    actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert actions == {"referral.refuse", "case_note.create"}
    await deliver_pending()
    assert [m.rcpt_tos for m in SINK.messages] == [[COACH]]
    body = SINK.messages[0].body
    assert customer.customer_id in body
    assert p.advocate.name in body
    for personal in (customer.legal_first_name, customer.legal_last_name, customer.email, NOTE):
        assert personal not in body
    assert f"/enrollments/{ra.id}" in body


async def test_a_refusal_can_only_be_sent_once(api: Api) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    assert (await refuse(api, ra))["errors"] == []
    before = await snapshot()
    assert errors(await refuse(api, ra)) == [("WRONG_STAGE", None)]
    assert await snapshot() == before
    assert await Notification.all().count() == 1


@pytest.mark.parametrize("note", ["", "   "])
async def test_the_case_note_is_required(api: Api, note: str) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    before = await snapshot()
    payload = await refuse(api, ra, note)
    assert payload["enrollment"] is None
    assert errors(payload) == [("CASE_NOTE_REQUIRED", "caseNote")]
    assert await snapshot() == before


async def test_an_accepted_referral_is_not_refused(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    before = await snapshot()
    assert errors(await refuse(api, ra, "")) == [
        ("WRONG_STAGE", None),
        ("CASE_NOTE_REQUIRED", "caseNote"),
    ]
    assert await snapshot() == before
    assert (await Enrollment.get(id=ra.id)).program_status is ProgramStatus.OPEN
    assert await CaseNote.all().count() == 0


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_only_the_records_hub_refuses(api: Api, who: str) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    before = await snapshot()
    assert forbidden(await api.post(REFUSE, {"id": gid(ra), "note": NOTE}, as_=who))
    assert await snapshot() == before
