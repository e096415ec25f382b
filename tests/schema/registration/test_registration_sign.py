"""registrationSign (R-REG-5): only with no missing information and no ineligible reason,
on a date neither in the future nor before the application date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models import clock
from models.enrollments import Enrollment, Registration
from models.system import AuditEntry
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, Api
from tests.ids import gid, ref
from tests.schema.coach_helpers import codes, snapshot

SIGN = """
mutation($id: ID!, $on: Date!) {
  registrationSign(enrollmentId: $id, signedOn: $on) {
    enrollment { id stage registrationDate registration { registeredBy { email } registeredOn } }
    errors { field code message }
  }
}
"""
TODAY = date(2025, 6, 10)
APPLIED = date(2025, 6, 2)


async def _unsigned(**changes: object) -> Enrollment:
    coach = await factories.staff(COACH)
    cust = await factories.customer(coach)
    await factories.program_record(cust, coach, application_date=date(2025, 1, 2))
    ra = await factories.ra_record(cust, coach, application_date=APPLIED)
    await Registration.filter(enrollment_id=ra.id).update(
        registered_by_id=None, registered_on=None, **changes
    )
    return ra


async def sign(api: Api, ra_id: int, on: str = "2025-06-09", as_: str = COACH) -> dict:
    return (await api.ok(SIGN, {"id": ref("Enrollment", ra_id), "on": on}, as_=as_))[
        "registrationSign"
    ]


async def test_sign_records_registered_by_and_the_registration_date(api: Api) -> None:
    clock.freeze(TODAY)
    ra = await _unsigned()
    payload = await sign(api, ra.id)
    assert payload["errors"] == []
    record = payload["enrollment"]
    assert record["registration"] == {
        "registeredBy": {"email": COACH},
        "registeredOn": "2025-06-09",
    }
    assert record["registrationDate"] == "2025-06-09"
    assert await AuditEntry.filter(action="registration.sign").count() == 1


async def test_missing_information_is_refused_field_by_field(api: Api) -> None:
    clock.freeze(TODAY)
    ra = await _unsigned(
        household_size=None, credit_debt=True, credit_debt_details=None, adults_in_household=2
    )
    before = await snapshot()
    payload = await sign(api, ra.id)
    assert payload["enrollment"] is None
    assert codes(payload) == [
        ("REGISTRATION_INCOMPLETE", "input.householdSize"),
        ("REGISTRATION_INCOMPLETE", "input.creditDebtDetails"),
    ]
    assert await snapshot() == before


async def test_ineligible_reasons_and_missing_information_come_back_together(api: Api) -> None:
    clock.freeze(TODAY)
    ra = await _unsigned(
        resides_in_service_area=False,
        employment_characteristics=["VETERAN"],
        household_income=Decimal("99999.00"),
        months_needed=0,
    )
    before = await snapshot()
    payload = await sign(api, ra.id, on="2025-06-11")
    assert codes(payload) == [
        ("REGISTRATION_INCOMPLETE", "input.monthsNeeded"),
        ("INELIGIBLE", "input.employmentCharacteristics"),
        ("INELIGIBLE", "input.residesInServiceArea"),
        ("INELIGIBLE", "input.householdIncome"),
        ("DATE_IN_FUTURE", "signedOn"),
    ]
    assert await snapshot() == before


async def test_date_before_application_and_today_boundaries(api: Api) -> None:
    clock.freeze(TODAY)
    ra = await _unsigned()
    before = await snapshot()
    payload = await sign(api, ra.id, on="2025-06-01")
    assert codes(payload) == [("DATE_BEFORE_APPLICATION", "signedOn")]
    assert await snapshot() == before
    assert (await sign(api, ra.id, on="2025-06-02"))["errors"] == []
    assert (await sign(api, ra.id, on="2025-06-10"))["errors"] == []


async def test_wrong_stage_and_forbidden(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    accepted = await factories.accepted_referral(
        coach, await factories.staff(HUB_ADVOCATE), application_date=APPLIED
    )
    program = await Enrollment.get(customer_id=accepted.customer_id, is_ra=False)  # type: ignore[attr-defined]
    before = await snapshot()
    assert codes(await sign(api, accepted.id)) == [("WRONG_STAGE", None)]
    assert codes(await sign(api, program.id)) == [("WRONG_STAGE", "enrollmentId")]
    for who in (COACH_OJF, HUB):
        body = await api.post(SIGN, {"id": gid(accepted), "on": "2025-06-09"}, as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
