"""housingStatusCreate / housingStatusUpdate (R-SVC-6) and caseNoteCreate (R-OUT-9): coach
or hub, on records they see; never emailed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.services import HousingStatusEntry
from models.system import AuditEntry, Notification
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, HUB_OJF, MANAGER, Api
from tests.hubkit import APPLIED, TODAY, errors, forbidden, people
from tests.ids import gid
from tests.snapshot import snapshot

CREATE = """
mutation Create($id: ID!, $start: Date!, $status: CurrentHousingStatus!) {
  housingStatusCreate(enrollmentId: $id, startDate: $start, status: $status) {
    housingStatus { id startDate endDate status enteredBy { email } }
    errors { field code message }
  }
}
"""
END = """
mutation End($id: ID!, $end: Date) {
  housingStatusUpdate(entryId: $id, endDate: $end) {
    housingStatus { id endDate status } errors { field code message }
  }
}
"""
RESTATUS = """
mutation Restatus($id: ID!, $status: CurrentHousingStatus) {
  housingStatusUpdate(entryId: $id, status: $status) {
    housingStatus { id endDate status } errors { field code message }
  }
}
"""
NOTE = """
mutation Note($id: ID!, $text: String!) {
  caseNoteCreate(enrollmentId: $id, text: $text) {
    caseNote { text author { email } system } errors { field code message }
  }
}
"""
NOTES = (
    "query N($id: ID!) { enrollment(id: $id) { caseNotes { text } housingStatuses { status } } }"
)


@pytest.mark.parametrize("who", [HUB, COACH])
async def test_coach_or_hub_enter_end_and_correct_a_housing_status(api: Api, who: str) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    created = (
        await api.ok(CREATE, {"id": gid(ra), "start": "2025-03-02", "status": "AT_RISK"}, as_=who)
    )["housingStatusCreate"]
    assert created["errors"] == []
    entry = created["housingStatus"]
    assert (entry["status"], entry["enteredBy"]["email"], entry["endDate"]) == (
        "AT_RISK",
        who,
        None,
    )

    ended = await api.ok(END, {"id": entry["id"], "end": TODAY.isoformat()}, as_=who)
    assert ended["housingStatusUpdate"]["housingStatus"] == {
        "id": entry["id"],
        "endDate": TODAY.isoformat(),
        "status": "AT_RISK",
    }
    # omitted endDate is left alone; an explicit null clears it
    fixed = await api.ok(RESTATUS, {"id": entry["id"], "status": "HOUSED"}, as_=who)
    assert fixed["housingStatusUpdate"]["housingStatus"]["endDate"] == TODAY.isoformat()
    assert fixed["housingStatusUpdate"]["housingStatus"]["status"] == "HOUSED"
    cleared = await api.ok(END, {"id": entry["id"], "end": None}, as_=who)
    assert cleared["housingStatusUpdate"]["housingStatus"]["endDate"] is None
    assert await AuditEntry.filter(entity="HousingStatusEntry").count() == 4
    assert await Notification.all().count() == 0


async def test_housing_status_refusals_change_nothing(api: Api) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    entry = await HousingStatusEntry.create(
        enrollment=ra, start_date=TODAY - timedelta(days=3), status="AT_RISK", entered_by=p.hub
    )
    cases = [
        (
            CREATE,
            {"id": gid(ra), "start": "2025-03-11", "status": "HOUSED"},
            "housingStatusCreate",
            [("DATE_IN_FUTURE", "startDate")],
        ),
        (
            END,
            {"id": gid(entry), "end": "2025-03-11"},
            "housingStatusUpdate",
            [("DATE_IN_FUTURE", "endDate")],
        ),
        (
            END,
            {"id": gid(entry), "end": "2025-03-06"},
            "housingStatusUpdate",
            [("INVALID", "endDate")],
        ),
        (
            RESTATUS,
            {"id": gid(entry), "status": None},
            "housingStatusUpdate",
            [("REQUIRED", "status")],
        ),
    ]
    for doc, variables, name, expected in cases:
        before = await snapshot()
        payload = (await api.post(doc, variables, as_=HUB))["data"][name]
        assert payload["housingStatus"] is None
        assert errors(payload) == expected
        assert await snapshot() == before


@pytest.mark.parametrize("who", [HUB, COACH])
async def test_coach_or_hub_write_case_notes(api: Api, who: str) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    text = "Discussed the budget; next meeting in two weeks."
    payload = (await api.ok(NOTE, {"id": gid(ra), "text": text}, as_=who))["caseNoteCreate"]
    assert payload == {
        "caseNote": {"text": text, "author": {"email": who}, "system": False},
        "errors": [],
    }
    notes = (await api.ok(NOTES, {"id": gid(ra)}, as_=HUB))["enrollment"]["caseNotes"]
    assert notes == [{"text": text}]
    entry = await AuditEntry.get(entity="CaseNote")
    assert entry.changes["text"] == [None, "***"]  # the note's text stays out of the trail
    assert await Notification.all().count() == 0


async def test_a_blank_case_note_is_refused(api: Api) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    before = await snapshot()
    payload = (await api.post(NOTE, {"id": gid(ra), "text": "  "}, as_=HUB))["data"]
    assert errors(payload["caseNoteCreate"]) == [("REQUIRED", "text")]
    assert await snapshot() == before


@pytest.mark.parametrize("who", [HUB_OJF, COACH_OJF, MANAGER])
async def test_others_neither_write_nor_read(api: Api, who: str) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    entry = await HousingStatusEntry.create(
        enrollment=ra, start_date=TODAY, status="AT_RISK", entered_by=p.hub
    )
    before = await snapshot()
    calls = [
        (NOTE, {"id": gid(ra), "text": "hello"}),
        (CREATE, {"id": gid(ra), "start": TODAY.isoformat(), "status": "HOUSED"}),
        (END, {"id": gid(entry), "end": TODAY.isoformat()}),
    ]
    for doc, variables in calls:
        assert forbidden(await api.post(doc, variables, as_=who))
    assert await snapshot() == before
    if who != MANAGER:
        assert forbidden(await api.post(NOTES, {"id": gid(ra)}, as_=who))
