"""serviceCopy (R-SVC-1): the coach copies a coaching service from the program record into
another open enrollment; the copy keeps its dates, shows copiedFrom, the original shows
copiedTo; the RA record's Customer Of (or the hub's referral address) is emailed (R-REF-5)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus, ServiceType
from models.services import Service
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, MANAGER, SINK, Api
from tests.hubkit import APPLIED, TODAY, errors, forbidden, people
from tests.ids import gid
from tests.snapshot import snapshot

COPY = """
mutation Copy($service: ID!, $to: ID!) {
  serviceCopy(serviceId: $service, toEnrollmentId: $to) {
    service { id type startDate endDate copiedFrom { name } enteredBy { email } }
    errors { field code message }
  }
}
"""
ORIGINAL = """
query Original($id: ID!) {
  enrollment(id: $id) { services { id copiedTo { id } } }
}
"""
RECORD = "query R($id: ID!) { enrollment(id: $id) { stage fullyEnrolled lqFundServiceDate } }"
REFERRAL_ADDRESS = "referrals.latino-network@example.org"


async def setup(p, accepted: bool = True, hub_service: bool = True):  # type: ignore[no-untyped-def]
    """An RA record (accepted, with Homeless Prevention) and a coaching service of today
    in the customer's program record."""
    if accepted:
        ra = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    else:
        ra = await f.sent_referral(p.coach, application_date=APPLIED)
    if hub_service:
        await Service.create(
            enrollment=ra,
            type=ServiceType.HOMELESS_PREVENTION,
            start_date=ra.review_date,
            end_date=ra.review_date,
            entered_by=p.hub,
        )
        await Enrollment.filter(id=ra.id).update(participation_date=ra.review_date)
    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    original = await f.coaching(program, p.coach, TODAY)
    return ra, program, original


async def copy(api: Api, service: Service, to: Enrollment, as_: str = COACH) -> dict:
    body = await api.post(COPY, {"service": gid(service), "to": gid(to)}, as_=as_)
    return body["data"]["serviceCopy"]


async def test_copy_keeps_dates_fully_enrolls_and_tells_the_hub(api: Api) -> None:
    from workers.mailer import deliver_pending

    p = await people()
    ra, program, original = await setup(p)
    customer = await ra.customer

    payload = await copy(api, original, ra)

    assert payload["errors"] == []
    assert {k: v for k, v in payload["service"].items() if k != "id"} == {
        "type": "CAREER_COACHING",
        "startDate": TODAY.isoformat(),
        "endDate": TODAY.isoformat(),
        "copiedFrom": {"name": "EOP Portland - IRCO"},
        "enteredBy": {"email": COACH},
    }
    assert (await api.ok(RECORD, {"id": gid(ra)}, as_=HUB))["enrollment"] == {
        "stage": "ENROLLED",
        "fullyEnrolled": True,
        "lqFundServiceDate": TODAY.isoformat(),
    }
    services = (await api.ok(ORIGINAL, {"id": gid(program)}, as_=COACH))["enrollment"]
    shown = next(s for s in services["services"] if s["id"] == gid(original))
    assert shown["copiedTo"] == [{"id": gid(ra)}]
    await deliver_pending()
    assert [m.rcpt_tos for m in SINK.messages] == [[REFERRAL_ADDRESS]]
    body = SINK.messages[0].body
    assert customer.customer_id in body and p.coach.name in body
    for personal in (customer.legal_first_name, customer.legal_last_name, customer.email):
        assert personal not in body


async def test_once_customer_of_is_hub_staff_they_are_emailed(api: Api) -> None:
    from workers.mailer import deliver_pending

    p = await people()
    ra, _, original = await setup(p)
    await Enrollment.filter(id=ra.id).update(customer_of_id=p.advocate.id)
    assert (await copy(api, original, ra))["errors"] == []
    await deliver_pending()
    assert [m.rcpt_tos for m in SINK.messages] == [[HUB_ADVOCATE]]


async def test_copy_before_acceptance_is_allowed_but_not_yet_fully_enrolled(api: Api) -> None:
    p = await people()
    ra, _, original = await setup(p, accepted=False, hub_service=False)
    assert (await copy(api, original, ra))["errors"] == []
    row = await Enrollment.get(id=ra.id)
    assert (row.fully_enrolled, row.lq_fund_service_date) == (False, TODAY)


async def _refused(api: Api, service: Service, to: Enrollment, expected: list) -> None:
    before = await snapshot()
    payload = await copy(api, service, to)
    assert payload["service"] is None
    assert errors(payload) == expected
    assert await snapshot() == before


async def test_only_coaching_services_of_a_program_record_are_copied(api: Api) -> None:
    p = await people()
    ra, program, original = await setup(p)
    hub_service = await Service.get(enrollment_id=ra.id)
    await _refused(api, hub_service, program, [("SERVICE_NOT_ALLOWED_HERE", "serviceId")])
    assert (await copy(api, original, ra))["errors"] == []
    the_copy = await Service.get(copied_from_id=original.id)
    await _refused(api, the_copy, program, [("SERVICE_NOT_ALLOWED_HERE", "serviceId")])


async def test_not_into_the_same_record_nor_twice(api: Api) -> None:
    p = await people()
    ra, program, original = await setup(p)
    await _refused(api, original, program, [("INVALID", "toEnrollmentId")])
    assert (await copy(api, original, ra))["errors"] == []
    await _refused(api, original, ra, [("INVALID", "toEnrollmentId")])


async def test_not_into_another_customers_record(api: Api) -> None:
    p = await people()
    _, _, original = await setup(p)
    other = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    await _refused(api, original, other, [("INVALID", "toEnrollmentId")])


async def test_not_into_a_closed_record(api: Api) -> None:
    p = await people()
    ra, _, original = await setup(p)
    await Enrollment.filter(id=ra.id).update(program_status=ProgramStatus.PRE_PROGRAM_EXIT)
    await _refused(api, original, ra, [("WRONG_STAGE", "toEnrollmentId")])


async def test_not_dated_before_the_ra_application_date(api: Api) -> None:
    p = await people()
    ra, program, _ = await setup(p)
    early = await f.coaching(program, p.coach, APPLIED - timedelta(days=1))
    await _refused(api, early, ra, [("DATE_BEFORE_APPLICATION", "serviceId")])


async def test_not_after_the_final_rent_exit(api: Api) -> None:
    p = await people()
    ra, _, original = await setup(p)
    await Service.create(
        enrollment=ra,
        type=ServiceType.HUB_FINAL_RENT_EXIT,
        start_date=TODAY - timedelta(days=1),
        end_date=TODAY - timedelta(days=1),
        entered_by=p.hub,
    )
    await _refused(api, original, ra, [("AFTER_FINAL_RENT_EXIT", "serviceId")])


@pytest.mark.parametrize("who", [HUB, MANAGER, COACH_OJF])
async def test_only_a_coach_who_sees_the_customer_copies(api: Api, who: str) -> None:
    p = await people()
    ra, _, original = await setup(p)
    before = await snapshot()
    body = await api.post(COPY, {"service": gid(original), "to": gid(ra)}, as_=who)
    assert forbidden(body)
    assert await snapshot() == before
