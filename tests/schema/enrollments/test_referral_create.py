"""referralCreate: the RA record (R-ENR-1..6)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from models import clock
from models.enrollments import Enrollment, FundingSourceEntry, Registration
from models.rules.enums import ProgramStatus
from models.staff import Provider
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, Api
from tests.ids import gid, ref
from tests.schema.coach_helpers import codes, snapshot

REFERRAL_CREATE = """
mutation($input: ReferralCreateInput!) {
  referralCreate(input: $input) {
    enrollment {
      id applicationDate stage programStatus provider { name } customerOf { email }
      referredBy { email }
      referralChecklist { registrationSigned reviewDeadline nextStep }
      registration {
        address { street city zip } phones email ethnicity race employmentStatus
        publicAssistance otherDemographics employmentCharacteristics
        householdSize otherFundingSources { fundingSource } notes registeredBy { id }
        missingInformation { field }
      }
    }
    errors { field code message }
  }
}
"""
TODAY = date(2025, 6, 10)
LATINO = "Rent Assistance - Latino Network"
OJF = "Rent Assistance - Our Just Future"


async def _vars(cust_id: int, hub: str = LATINO, day: str = "2025-06-10") -> dict:
    hub_row = await Provider.get(name=hub)
    return {
        "input": {
            "customerId": ref("Customer", cust_id),
            "hubId": gid(hub_row),
            "applicationDate": day,
        }
    }


async def _customer_with_program_record():
    coach = await factories.staff(COACH)
    cust = await factories.customer(coach)
    await factories.program_record(cust, coach, application_date=date(2025, 1, 2))
    return coach, cust


async def test_creates_the_ra_record_with_the_coach_as_customer_of_and_referred_by(
    api: Api,
) -> None:
    clock.freeze(TODAY)
    _, cust = await _customer_with_program_record()
    payload = (await api.ok(REFERRAL_CREATE, await _vars(cust.id), as_=COACH))["referralCreate"]
    assert payload["errors"] == []
    record = payload["enrollment"]
    assert record["provider"]["name"] == LATINO
    assert record["customerOf"]["email"] == COACH and record["referredBy"]["email"] == COACH
    assert record["stage"] == "DRAFT" and record["programStatus"] == "OPEN"
    checklist = record["referralChecklist"]
    assert checklist["registrationSigned"] is False
    assert checklist["reviewDeadline"] == "2025-07-25"
    assert checklist["nextStep"] == "Sign Registered By on the Registration tab"
    assert record["registration"]["employmentCharacteristics"] == ["HOMELESS"]
    assert record["registration"]["phones"] == ["503-555-0100"]
    assert {i["field"] for i in record["registration"]["missingInformation"]} >= {
        "input.householdSize",
        "input.otherFundingSources",
    }


async def test_imports_controls_from_the_most_recent_active_enrollment_only(api: Api) -> None:
    """R-ENR-5: address, phones, email, demographics, employment and public assistance are
    copied; Other Funding Source, Six Month Income and RA information never are."""
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    cust = await factories.customer(coach)
    older = await factories.program_record(cust, coach, application_date=date(2025, 1, 2))
    await Registration.filter(enrollment_id=older.id).update(
        address_street="1 Old St", address_city="Gresham", address_state="OR", address_zip="97030"
    )
    recent = await factories.program_record(cust, coach, application_date=date(2025, 3, 1))
    await Registration.filter(enrollment_id=recent.id).update(
        address_street="2 New Ave",
        address_city="Portland",
        address_state="OR",
        address_zip="97201",
        phones=["503-555-0123"],
        email="new@example.org",
        ethnicity="Hispanic/Latino",
        race=["White"],
        other_demographics=["Veteran"],
        employment_status="Unemployed",
        public_assistance=["SNAP"],
        employment_characteristics=["HOUSING_INSECURE", "DISABILITY"],
        household_size=4,
        household_income=Decimal("5000.00"),
        notes="coach notes",
    )
    await FundingSourceEntry.create(
        enrollment=recent, position=0, date=date(2025, 3, 1), funding_source="EOP Portland"
    )
    exited = await factories.program_record(cust, coach, application_date=date(2025, 5, 1))
    await Enrollment.filter(id=exited.id).update(program_status=ProgramStatus.EXIT)
    await Registration.filter(enrollment_id=exited.id).update(address_street="3 Exit Rd")
    payload = (await api.ok(REFERRAL_CREATE, await _vars(cust.id), as_=COACH))["referralCreate"]
    registration = payload["enrollment"]["registration"]
    assert registration["address"] == {"street": "2 New Ave", "city": "Portland", "zip": "97201"}
    assert registration["phones"] == ["503-555-0123"]
    assert registration["email"] == "new@example.org"
    assert registration["ethnicity"] == "Hispanic/Latino" and registration["race"] == ["White"]
    assert registration["otherDemographics"] == ["Veteran"]
    assert registration["employmentStatus"] == "Unemployed"
    assert registration["publicAssistance"] == ["SNAP"]
    assert registration["employmentCharacteristics"] == ["HOUSING_INSECURE", "DISABILITY"]
    assert registration["householdSize"] is None
    assert registration["otherFundingSources"] == []
    assert registration["notes"] is None


async def test_each_refusal_names_its_field_and_writes_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    no_program = await factories.customer(coach, first="Bea")
    _, cust = await _customer_with_program_record()
    await factories.ra_record(cust, coach, application_date=date(2025, 6, 1))
    before = await snapshot()
    cases = [
        (await _vars(no_program.id), [("NO_PROGRAM_RECORD", "input.customerId")]),
        (
            await _vars(no_program.id, hub=OJF, day="2025-06-11"),
            [
                ("NO_PROGRAM_RECORD", "input.customerId"),
                ("HUB_NOT_ROUTED", "input.hubId"),
                ("DATE_IN_FUTURE", "input.applicationDate"),
            ],
        ),
        (await _vars(cust.id), [("OPEN_RA_RECORD_EXISTS", "input.customerId")]),
    ]
    for variables, expected in cases:
        payload = (await api.ok(REFERRAL_CREATE, variables, as_=COACH))["referralCreate"]
        assert payload["enrollment"] is None
        assert codes(payload) == expected
    program_id = (await Enrollment.get(customer_id=cust.id, is_ra=False)).id
    variables = await _vars(cust.id)
    variables["input"]["hubId"] = str(program_id + 10_000)
    payload = (await api.ok(REFERRAL_CREATE, variables, as_=COACH))["referralCreate"]
    assert ("HUB_NOT_ROUTED", "input.hubId") in codes(payload)
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("status", "days_ago", "refused"),
    [
        (ProgramStatus.EXIT, 90, True),
        (ProgramStatus.AUTO_EXIT, 0, True),
        (ProgramStatus.EXIT, 91, False),
        (ProgramStatus.AUTO_EXIT, 91, False),
        (ProgramStatus.PRE_PROGRAM_EXIT, 1, False),
    ],
)
async def test_the_90_day_return_rule(
    api: Api, status: ProgramStatus, days_ago: int, refused: bool
) -> None:
    clock.freeze(TODAY)
    coach, cust = await _customer_with_program_record()
    old = await factories.ra_record(cust, coach, application_date=date(2024, 9, 1))
    await Enrollment.filter(id=old.id).update(
        program_status=status, exit_date=TODAY - timedelta(days=days_ago)
    )
    before = await snapshot()
    payload = (await api.ok(REFERRAL_CREATE, await _vars(cust.id), as_=COACH))["referralCreate"]
    if refused:
        assert codes(payload) == [("RECENT_EXIT", "input.customerId")]
        assert "contract manager" in payload["errors"][0]["message"]
        assert await snapshot() == before
    else:
        assert payload["errors"] == []


async def test_customers_the_coach_does_not_see_and_hub_staff_are_forbidden(api: Api) -> None:
    clock.freeze(TODAY)
    other = await factories.customer(await factories.staff(COACH_OJF))
    _, cust = await _customer_with_program_record()
    before = await snapshot()
    for who, cust_id in ((COACH, other.id), (HUB, cust.id)):
        body = await api.post(REFERRAL_CREATE, await _vars(cust_id), as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
