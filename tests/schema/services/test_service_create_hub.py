"""serviceCreate, the hub's branch: hub services in RA records after acceptance, the first
one starting participation and emailing the coach (R-SVC-2..5, R-ENR-4, R-REF-5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from models.services import Service
from models.system import Notification
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, SINK, Api
from tests.hubkit import APPLIED, TODAY, errors, forbidden, people
from tests.ids import gid
from tests.snapshot import snapshot

CREATE = """
mutation Create($input: ServiceCreateInput!) {
  serviceCreate(input: $input) {
    service { id type startDate endDate copiedFrom { name } enteredBy { email } }
    errors { field code message }
  }
}
"""
RECORD = """
query Record($id: ID!) {
  enrollment(id: $id) {
    stage participationDate lqFundServiceDate housingTypeReceived fullyEnrolled
    services { type startDate }
  }
}
"""
REVIEWED = APPLIED + timedelta(days=3)


async def create(
    api: Api, row: Enrollment, kind: str, start: date, end: date | None = None, as_: str = HUB
) -> dict:
    variables = {
        "input": {
            "enrollmentId": gid(row),
            "type": kind,
            "startDate": start.isoformat(),
            "endDate": end.isoformat() if end else None,
        }
    }
    return (await api.post(CREATE, variables, as_=as_))["data"]["serviceCreate"]


async def record(api: Api, row: Enrollment, as_: str = HUB) -> dict:
    return (await api.ok(RECORD, {"id": gid(row)}, as_=as_))["enrollment"]


async def test_first_hub_service_starts_participation_and_emails_the_coach(api: Api) -> None:
    from workers.mailer import deliver_pending

    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    customer = await ra.customer

    payload = await create(api, ra, "HOMELESS_PREVENTION", REVIEWED, as_=HUB_ADVOCATE)

    assert payload["errors"] == []
    assert payload["service"] == {
        "id": payload["service"]["id"],
        "type": "HOMELESS_PREVENTION",
        "startDate": REVIEWED.isoformat(),
        "endDate": REVIEWED.isoformat(),
        "copiedFrom": None,
        "enteredBy": {"email": HUB_ADVOCATE},
    }
    assert await record(api, ra) == {
        "stage": "ACCEPTED",
        "participationDate": REVIEWED.isoformat(),
        "lqFundServiceDate": None,
        "housingTypeReceived": "HOMELESS_PREVENTION",
        "fullyEnrolled": False,
        "services": [{"type": "HOMELESS_PREVENTION", "startDate": REVIEWED.isoformat()}],
    }
    # a second hub service neither moves participation nor emails again
    assert (await create(api, ra, "RAPID_REHOUSING", TODAY))["errors"] == []
    after = await record(api, ra)
    assert (after["participationDate"], after["housingTypeReceived"]) == (
        REVIEWED.isoformat(),
        "HOMELESS_PREVENTION",
    )
    await deliver_pending()
    assert [m.rcpt_tos for m in SINK.messages] == [[COACH]]
    body = SINK.messages[0].body
    assert customer.customer_id in body and p.advocate.name in body
    for personal in (customer.legal_first_name, customer.legal_last_name, customer.email):
        assert personal not in body


async def test_with_coaching_already_copied_the_first_hub_service_fully_enrolls(
    api: Api,
) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    original = await f.coaching(program, p.coach, TODAY)
    await Service.create(
        enrollment=ra,
        type=original.type,
        start_date=TODAY,
        end_date=TODAY,
        copied_from=original,
        entered_by=p.coach,
    )

    assert (await create(api, ra, "RAPID_REHOUSING", TODAY))["errors"] == []

    after = await record(api, ra)
    assert (after["stage"], after["fullyEnrolled"]) == ("ENROLLED", True)
    assert after["lqFundServiceDate"] == TODAY.isoformat()
    assert after["housingTypeReceived"] == "RAPID_REHOUSING"


async def test_final_rent_exit_updates_lq_and_nothing_may_follow_it(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    assert (await create(api, ra, "HOMELESS_PREVENTION", REVIEWED))["errors"] == []
    exit_day = REVIEWED + timedelta(days=2)
    assert (await create(api, ra, "HUB_FINAL_RENT_EXIT", exit_day))["errors"] == []
    assert (await record(api, ra))["lqFundServiceDate"] == exit_day.isoformat()

    await _refused(api, ra, "RAPID_REHOUSING", TODAY, [("AFTER_FINAL_RENT_EXIT", "input.endDate")])
    await _refused(api, ra, "HUB_FINAL_RENT_EXIT", TODAY, [("AFTER_FINAL_RENT_EXIT", "input.type")])


async def _refused(
    api: Api, row: Enrollment, kind: str, start: date, expected: list, as_: str = HUB
) -> None:
    before = await snapshot()
    payload = await create(api, row, kind, start, as_=as_)
    assert payload["service"] is None
    assert errors(payload) == expected
    assert await snapshot() == before


async def test_not_before_acceptance(api: Api) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    await _refused(api, ra, "HOMELESS_PREVENTION", TODAY, [("NOT_ACCEPTED", None)])


@pytest.mark.parametrize(
    ("start", "field"),
    [
        (APPLIED - timedelta(days=1), "input.startDate"),
        (REVIEWED - timedelta(days=1), "input.startDate"),
    ],
    ids=["before-application", "before-review"],
)
async def test_not_dated_before_the_application_or_review_date(
    api: Api, start: date, field: str
) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    await _refused(api, ra, "HOMELESS_PREVENTION", start, [("DATE_BEFORE_APPLICATION", field)])


async def test_not_in_the_future(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    await _refused(
        api,
        ra,
        "HOMELESS_PREVENTION",
        TODAY + timedelta(days=1),
        [("DATE_IN_FUTURE", "input.startDate"), ("DATE_IN_FUTURE", "input.endDate")],
    )


async def test_final_rent_exit_is_not_the_first_hub_service(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    await _refused(api, ra, "HUB_FINAL_RENT_EXIT", TODAY, [("WRONG_STAGE", "input.type")])


async def test_only_in_an_open_record(api: Api) -> None:
    p = await people()
    ra = await f.enrolled_record(p.coach, p.hub, application_date=APPLIED)
    await Enrollment.filter(id=ra.id).update(program_status=ProgramStatus.AUTO_EXIT)
    await _refused(api, ra, "RAPID_REHOUSING", TODAY, [("WRONG_STAGE", None)])


async def test_coaches_never_enter_services_in_an_ra_record(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    await _refused(
        api,
        ra,
        "CAREER_COACHING",
        TODAY,
        [("SERVICE_NOT_ALLOWED_HERE", "input.enrollmentId")],
        as_=COACH,
    )
    await _refused(
        api,
        ra,
        "HOMELESS_PREVENTION",
        TODAY,
        [("SERVICE_NOT_ALLOWED_HERE", "input.enrollmentId")],
        as_=COACH,
    )


async def test_hub_staff_do_not_enter_coaching_services(api: Api) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    await _refused(api, ra, "CAREER_COACHING", TODAY, [("SERVICE_NOT_ALLOWED_HERE", "input.type")])


@pytest.mark.parametrize("who", [MANAGER, HUB_OJF])
async def test_other_hub_and_manager_are_forbidden(api: Api, who: str) -> None:
    p = await people()
    ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    before = await snapshot()
    variables = {
        "input": {
            "enrollmentId": gid(ra),
            "type": "HOMELESS_PREVENTION",
            "startDate": TODAY.isoformat(),
        }
    }
    assert forbidden(await api.post(CREATE, variables, as_=who))
    assert await snapshot() == before
    assert await Notification.all().count() == 0
