"""serviceCreate for coaches: the four coaching services in their program record, which
update its LQ Fund Service Date (R-SVC-1, R-SVC-3); and the hub branch's basic checks
(R-SVC-2)."""

from __future__ import annotations

from datetime import date

import pytest

from models import clock
from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, MANAGER, Api
from tests.ids import gid, ref
from tests.schema.coach_helpers import codes, snapshot

SERVICE_CREATE = """
mutation($input: ServiceCreateInput!) {
  serviceCreate(input: $input) {
    service { id type startDate endDate enteredBy { email } copiedFrom { name } }
    errors { field code message }
  }
}
"""
RECORD = "query($id: ID!) { enrollment(id: $id) { lqFundServiceDate participationDate } }"
TODAY = date(2025, 6, 10)


def _input(
    enrollment_id: int,
    type: str = "CAREER_COACHING",
    start: str = "2025-06-01",
    end: str | None = None,
) -> dict:
    return {
        "input": {
            "enrollmentId": ref("Enrollment", enrollment_id),
            "type": type,
            "startDate": start,
            "endDate": end,
        }
    }


async def _program():
    coach = await factories.staff(COACH)
    cust = await factories.customer(coach)
    return await factories.program_record(cust, coach, application_date=date(2025, 1, 2))


@pytest.mark.parametrize(
    "type",
    [
        "CAREER_AND_RESOURCE_PLANNING",
        "CAREER_COACHING",
        "CAREER_MAPPING_WORKSHOP",
        "JOB_SEARCH_ASSISTANCE",
    ],
)
async def test_each_coaching_type_updates_the_lq_fund_service_date(api: Api, type: str) -> None:
    clock.freeze(TODAY)
    program = await _program()
    payload = (await api.ok(SERVICE_CREATE, _input(program.id, type), as_=COACH))["serviceCreate"]
    assert payload["errors"] == []
    service = payload["service"]
    assert service["type"] == type and service["endDate"] == "2025-06-01"  # end defaults
    assert service["enteredBy"]["email"] == COACH and service["copiedFrom"] is None
    await api.ok(SERVICE_CREATE, _input(program.id, type, "2025-05-01", "2025-06-05"), as_=COACH)
    await api.ok(SERVICE_CREATE, _input(program.id, type, "2025-04-01"), as_=COACH)
    record = (await api.ok(RECORD, {"id": gid(program)}, as_=COACH))["enrollment"]
    assert record["lqFundServiceDate"] == "2025-06-05"  # the latest date (R-SVC-3)


async def test_refusals_name_each_field_and_write_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    program = await _program()
    ra = await factories.ra_record(await program.customer, coach, application_date=date(2025, 6, 2))
    other = await factories.program_record(
        await factories.customer(coach, first="Bo"),
        await factories.staff(COACH_OJF),
        application_date=date(2025, 1, 2),
    )
    closed = await _program()
    await Enrollment.filter(id=closed.id).update(program_status=ProgramStatus.EXIT)
    before = await snapshot()
    cases = [
        (_input(ra.id), [("SERVICE_NOT_ALLOWED_HERE", "input.enrollmentId")]),
        (_input(program.id, "RAPID_REHOUSING"), [("SERVICE_NOT_ALLOWED_HERE", "input.type")]),
        (_input(other.id), [("SERVICE_NOT_ALLOWED_HERE", "input.enrollmentId")]),
        (_input(closed.id), [("WRONG_STAGE", "input.enrollmentId")]),
        (_input(program.id, end="2025-05-31"), [("INVALID", "input.endDate")]),
        (
            _input(program.id, start="2025-06-11"),
            [("DATE_IN_FUTURE", "input.startDate"), ("DATE_IN_FUTURE", "input.endDate")],
        ),
    ]
    for variables, expected in cases:
        payload = (await api.ok(SERVICE_CREATE, variables, as_=COACH))["serviceCreate"]
        assert payload["service"] is None
        assert codes(payload) == expected, variables
    for who in (MANAGER, HUB):
        body = await api.post(SERVICE_CREATE, _input(program.id), as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before


async def test_hub_branch_checks_acceptance_and_the_first_hub_service(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    sent = await factories.sent_referral(coach, application_date=date(2025, 6, 2))
    accepted = await factories.accepted_referral(
        coach, await factories.staff(HUB_ADVOCATE), application_date=date(2025, 6, 2)
    )
    before = await snapshot()
    for variables, expected in (
        (_input(sent.id, "HOMELESS_PREVENTION", "2025-06-06"), [("NOT_ACCEPTED", None)]),
        (_input(accepted.id, "HUB_FINAL_RENT_EXIT", "2025-06-06"), [("WRONG_STAGE", "input.type")]),
        (
            _input(accepted.id, "CAREER_COACHING", "2025-06-06"),
            [("SERVICE_NOT_ALLOWED_HERE", "input.type")],
        ),
    ):
        payload = (await api.ok(SERVICE_CREATE, variables, as_=HUB))["serviceCreate"]
        assert codes(payload) == expected
    assert await snapshot() == before
    payload = (
        await api.ok(
            SERVICE_CREATE, _input(accepted.id, "HOMELESS_PREVENTION", "2025-06-06"), as_=HUB
        )
    )["serviceCreate"]
    assert payload["errors"] == []
    record = (await api.ok(RECORD, {"id": gid(accepted)}, as_=HUB))["enrollment"]
    assert record["participationDate"] == "2025-06-06"
    assert record["lqFundServiceDate"] is None  # housing supports do not update it
