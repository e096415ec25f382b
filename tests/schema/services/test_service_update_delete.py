"""serviceUpdate and serviceDelete (R-SVC-7): whoever may enter a service corrects or
deletes it, a copy belongs to the coach, an original with copies stays, the Final Rent
Exit of an exited record stays; the derived dates follow every change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus, ServiceType
from models.services import Service
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.hubkit import APPLIED, TODAY, errors, forbidden, people
from tests.ids import gid
from tests.snapshot import snapshot

UPDATE = """
mutation Update($id: ID!, $start: Date!, $end: Date) {
  serviceUpdate(serviceId: $id, startDate: $start, endDate: $end) {
    service { id startDate endDate }
    errors { field code message }
  }
}
"""
DELETE = """
mutation Delete($id: ID!) {
  serviceDelete(serviceId: $id) { service { id type } errors { field code message } }
}
"""
REVIEWED = APPLIED + timedelta(days=3)


async def enrolled(p):  # type: ignore[no-untyped-def]
    """An enrolled record (factories): HP and a copied coaching service on the review date."""
    ra = await f.enrolled_record(p.coach, p.hub, application_date=APPLIED)
    hp = await Service.get(enrollment_id=ra.id, type=ServiceType.HOMELESS_PREVENTION)
    copy = await Service.get(enrollment_id=ra.id, copied_from_id__isnull=False)
    original = await Service.get(id=copy.copied_from_id)  # type: ignore[attr-defined]
    return ra, hp, copy, original


async def update(
    api: Api, service: Service, start: date, end: date | None = None, as_: str = HUB
) -> dict:
    variables = {
        "id": gid(service),
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
    }
    return (await api.post(UPDATE, variables, as_=as_))["data"]["serviceUpdate"]


async def delete(api: Api, service: Service, as_: str = HUB) -> dict:
    return (await api.post(DELETE, {"id": gid(service)}, as_=as_))["data"]["serviceDelete"]


async def _unchanged(call, expected: list) -> None:  # type: ignore[no-untyped-def]
    before = await snapshot()
    payload = await call
    assert payload["service"] is None
    assert errors(payload) == expected
    assert await snapshot() == before


async def test_hub_corrects_its_service_and_participation_follows(api: Api) -> None:
    p = await people()
    ra, hp, _, _ = await enrolled(p)
    later = REVIEWED + timedelta(days=2)
    payload = await update(api, hp, later, later + timedelta(days=1))
    assert payload["errors"] == []
    assert payload["service"]["endDate"] == (later + timedelta(days=1)).isoformat()
    row = await Enrollment.get(id=ra.id)
    assert row.participation_date == later
    assert row.fully_enrolled is True


async def test_coach_corrects_an_original_and_its_copies_follow(api: Api) -> None:
    p = await people()
    ra, _, copy, original = await enrolled(p)
    assert (await update(api, original, TODAY, as_=COACH))["errors"] == []
    assert (await Service.get(id=copy.id)).start_date == TODAY
    assert (await Enrollment.get(id=ra.id)).lq_fund_service_date == TODAY


async def test_an_original_cannot_move_its_copy_before_the_ra_application_date(api: Api) -> None:
    p = await people()
    _, _, _, original = await enrolled(p)
    await _unchanged(
        update(api, original, APPLIED - timedelta(days=1), as_=COACH),
        [("DATE_BEFORE_APPLICATION", "startDate")],
    )


async def test_a_copy_keeps_the_dates_of_its_original(api: Api) -> None:
    p = await people()
    _, _, copy, _ = await enrolled(p)
    await _unchanged(
        update(api, copy, TODAY, as_=COACH), [("SERVICE_NOT_ALLOWED_HERE", "serviceId")]
    )
    await _unchanged(update(api, copy, TODAY), [("SERVICE_NOT_ALLOWED_HERE", "serviceId")])


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            TODAY + timedelta(days=1),
            None,
            [("DATE_IN_FUTURE", "startDate"), ("DATE_IN_FUTURE", "endDate")],
        ),
        (REVIEWED - timedelta(days=1), None, [("DATE_BEFORE_APPLICATION", "startDate")]),
        (TODAY, TODAY - timedelta(days=1), [("INVALID", "endDate")]),
    ],
)
async def test_hub_corrections_follow_the_entry_rules(
    api: Api, start: date, end: date | None, expected: list
) -> None:
    p = await people()
    _, hp, _, _ = await enrolled(p)
    await _unchanged(update(api, hp, start, end), expected)


async def test_coach_does_not_correct_a_hub_service(api: Api) -> None:
    p = await people()
    _, hp, _, _ = await enrolled(p)
    await _unchanged(update(api, hp, TODAY, as_=COACH), [("SERVICE_NOT_ALLOWED_HERE", "serviceId")])
    await _unchanged(delete(api, hp, as_=COACH), [("SERVICE_NOT_ALLOWED_HERE", "serviceId")])


async def test_coach_deletes_a_copy_and_the_record_is_no_longer_fully_enrolled(
    api: Api,
) -> None:
    p = await people()
    ra, _, copy, _ = await enrolled(p)
    payload = await delete(api, copy, as_=COACH)
    assert payload["errors"] == []
    assert payload["service"] == {"id": gid(copy), "type": "CAREER_COACHING"}
    row = await Enrollment.get(id=ra.id)
    assert (row.fully_enrolled, row.lq_fund_service_date) == (False, None)
    assert not await Service.filter(id=copy.id).exists()


async def test_hub_deletes_its_service_and_participation_is_cleared(api: Api) -> None:
    p = await people()
    ra, hp, _, _ = await enrolled(p)
    assert (await delete(api, hp))["errors"] == []
    row = await Enrollment.get(id=ra.id)
    assert (row.participation_date, row.housing_type_received, row.fully_enrolled) == (
        None,
        None,
        False,
    )


async def test_hub_does_not_delete_a_copy(api: Api) -> None:
    p = await people()
    _, _, copy, _ = await enrolled(p)
    await _unchanged(delete(api, copy), [("SERVICE_NOT_ALLOWED_HERE", "serviceId")])


async def test_an_original_with_copies_stays(api: Api) -> None:
    p = await people()
    _, _, _, original = await enrolled(p)
    await _unchanged(delete(api, original, as_=COACH), [("WRONG_STAGE", "serviceId")])


async def test_the_final_rent_exit_of_an_exited_record_stays(api: Api) -> None:
    p = await people()
    ra, _, _, _ = await enrolled(p)
    fre = await Service.create(
        enrollment=ra,
        type=ServiceType.HUB_FINAL_RENT_EXIT,
        start_date=TODAY,
        end_date=TODAY,
        entered_by=p.hub,
    )
    await Enrollment.filter(id=ra.id).update(program_status=ProgramStatus.EXIT, exit_date=TODAY)
    await _unchanged(delete(api, fre), [("WRONG_STAGE", "serviceId")])


@pytest.mark.parametrize("who", [MANAGER, HUB_OJF])
async def test_others_are_forbidden(api: Api, who: str) -> None:
    p = await people()
    _, hp, _, _ = await enrolled(p)
    before = await snapshot()
    assert forbidden(await api.post(DELETE, {"id": gid(hp)}, as_=who))
    assert forbidden(await api.post(UPDATE, {"id": gid(hp), "start": "2025-03-09"}, as_=who))
    assert forbidden(await api.post(DELETE, {"id": "999999"}, as_=HUB))
    assert await snapshot() == before
