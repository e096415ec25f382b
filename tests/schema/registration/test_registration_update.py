"""registrationUpdate (R-REG-1..6, R-REG-5): partial updates, computed results, clearing
the signature, back to draft, locking after acceptance."""

from __future__ import annotations

from datetime import date

from models import clock
from models.enrollments import Enrollment, FundingSourceEntry, Registration
from models.system import AuditEntry, Notification
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, SINK, Api
from tests.ids import gid, ref
from tests.schema.coach_helpers import codes, snapshot
from workers.mailer import deliver_pending

REGISTRATION_UPDATE = """
mutation($id: ID!, $input: RegistrationInput!) {
  registrationUpdate(enrollmentId: $id, input: $input) {
    enrollment {
      id stage registrationDate
      registration {
        address { street unit city state zip } phones notes householdSize householdIncome
        adultsInHousehold childrenInHousehold mfiMaximum incomeStatus housingType
        pastPropertyDebt pastPropertyDebtDetails employmentCharacteristics
        otherFundingSources { date fundingSource notes }
        missingInformation { field message } ineligibleReasons { field message }
        warnings { field message } registeredBy { email } registeredOn
      }
    }
    errors { field code message }
  }
}
"""
REFERRAL_SEND = "mutation($id: ID!) { referralSend(enrollmentId: $id) { errors { code } } }"
SIGN = """mutation($id: ID!, $on: Date!) { registrationSign(enrollmentId: $id, signedOn: $on)
{ errors { code } } }"""
TODAY = date(2025, 6, 10)


async def update(api: Api, enrollment_id: int, input: dict, as_: str = COACH) -> dict:
    data = await api.ok(
        REGISTRATION_UPDATE, {"id": ref("Enrollment", enrollment_id), "input": input}, as_=as_
    )
    return data["registrationUpdate"]


async def _draft():
    coach = await factories.staff(COACH)
    cust = await factories.customer(coach)
    await factories.program_record(cust, coach, application_date=date(2025, 1, 2))
    return await factories.ra_record(cust, coach, application_date=date(2025, 6, 2), complete=False)


async def test_partial_update_computes_mfi_and_income_status(api: Api) -> None:
    clock.freeze(TODAY)
    ra = await _draft()
    payload = await update(
        api,
        ra.id,
        {
            "householdSize": 3,
            "householdIncome": "27922.50",
            "adultsInHousehold": 1,
            "childrenInHousehold": 2,
            "housingType": "RAPID_REHOUSING",
            "pastPropertyDebt": True,
            "address": {"street": "1 Main St", "city": "Portland", "state": "OR", "zip": "97201"},
            "otherFundingSources": [{"date": "2025-06-01", "fundingSource": "EOP Portland"}],
        },
    )
    assert payload["errors"] == []
    reg = payload["enrollment"]["registration"]
    # FY2025 MFI $124,100 x 0.90 x 50% / 2 (R-REG-3); at the maximum is low-income
    assert reg["mfiMaximum"] == "27922.50" and reg["incomeStatus"] == "LOW_INCOME"
    assert reg["address"]["street"] == "1 Main St"
    assert reg["otherFundingSources"] == [
        {"date": "2025-06-01", "fundingSource": "EOP Portland", "notes": None}
    ]
    missing = {i["field"] for i in reg["missingInformation"]}
    assert "input.pastPropertyDebtDetails" in missing  # a yes with no details
    assert "input.householdSize" not in missing and "input.otherFundingSources" not in missing
    assert [w["field"] for w in reg["warnings"]] == ["input.housingType"]  # R-REG-6
    # omitted fields are left, explicit nulls clear, a cent over the maximum is ineligible
    payload = await update(api, ra.id, {"address": None, "householdIncome": "27922.51"})
    reg = payload["enrollment"]["registration"]
    assert reg["address"] is None and reg["householdSize"] == 3
    assert reg["incomeStatus"] == "NOT_LOW_INCOME"
    assert "input.householdIncome" in {i["field"] for i in reg["ineligibleReasons"]}
    row = await Registration.get(enrollment_id=ra.id)
    assert row.address_street is None and row.address_zip is None
    entry = await AuditEntry.filter(action="registration.update").order_by("-id").first()
    assert entry is not None and entry.changes["household_income"] == ["***", "***"]


async def test_changing_a_required_field_clears_registered_by_and_returns_to_draft(
    api: Api, mail_sink
) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    ra = await factories.ready_referral(coach, application_date=date(2025, 6, 2))
    await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH)
    # the notes and an unchanged value keep the signature and the sending
    payload = await update(api, ra.id, {"notes": "Rent is $1,100", "householdSize": 3})
    assert payload["enrollment"]["stage"] == "SENT"
    assert payload["enrollment"]["registration"]["registeredBy"]["email"] == COACH
    payload = await update(api, ra.id, {"monthsNeeded": 4})
    assert payload["errors"] == []
    assert payload["enrollment"]["stage"] == "DRAFT"
    assert payload["enrollment"]["registration"]["registeredBy"] is None
    assert payload["enrollment"]["registrationDate"] is None
    assert (await Enrollment.get(id=ra.id)).sent_at is None
    assert await AuditEntry.filter(action="referral.back_to_draft").count() == 1
    # signed and sent again: the hub is not emailed a second time (one email per record)
    assert (await api.ok(SIGN, {"id": gid(ra), "on": "2025-06-10"}, as_=COACH))["registrationSign"][
        "errors"
    ] == []
    for _ in range(2):
        await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH)
    assert (await Enrollment.get(id=ra.id)).sent_at is not None
    await deliver_pending()
    assert await Notification.all().count() == 1
    assert len(SINK.to("referrals.latino-network@example.org")) == 1


async def test_funding_sources_are_replaced_and_a_future_date_is_refused(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    ra = await factories.ready_referral(coach, application_date=date(2025, 6, 2))
    before = await snapshot()
    payload = await update(
        api, ra.id, {"otherFundingSources": [{"date": "2025-06-11", "fundingSource": " "}]}
    )
    assert codes(payload) == [
        ("DATE_IN_FUTURE", "input.otherFundingSources.0.date"),
        ("REQUIRED", "input.otherFundingSources.0.fundingSource"),
    ]
    assert await snapshot() == before
    payload = await update(
        api,
        ra.id,
        {
            "otherFundingSources": [
                {"date": "2025-06-01", "fundingSource": "AHFE", "notes": "active"},
                {"date": "2025-06-02", "fundingSource": "Career Boost"},
            ]
        },
    )
    assert payload["errors"] == []
    assert [
        r.funding_source
        for r in await FundingSourceEntry.filter(enrollment_id=ra.id).order_by("position")
    ] == ["AHFE", "Career Boost"]
    entry = await AuditEntry.filter(action="registration.funding_sources").order_by("-id").first()
    assert entry is not None and entry.entity_id == str(ra.id)
    assert entry.changes == {
        "other_funding_sources": [
            ["2025-06-02 EOP Portland"],
            ["2025-06-01 AHFE active", "2025-06-02 Career Boost"],
        ]
    }
    payload = await update(api, ra.id, {"otherFundingSources": None})
    assert await FundingSourceEntry.filter(enrollment_id=ra.id).count() == 0
    assert "input.otherFundingSources" in {
        i["field"] for i in payload["enrollment"]["registration"]["missingInformation"]
    }
    assert payload["enrollment"]["registration"]["registeredBy"] is None


async def test_after_acceptance_only_the_notes_change(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    ra = await factories.accepted_referral(
        coach, await factories.staff(HUB_ADVOCATE), application_date=date(2025, 6, 2)
    )
    before = await snapshot()
    payload = await update(api, ra.id, {"householdSize": 4, "phones": ["1"], "notes": "x"})
    assert codes(payload) == [
        ("WRONG_STAGE", "input.householdSize"),
        ("WRONG_STAGE", "input.phones"),
    ]
    assert await snapshot() == before
    payload = await update(api, ra.id, {"notes": "Pays rent from wages after RA"})
    assert payload["errors"] == []
    assert payload["enrollment"]["registration"]["notes"] == "Pays rent from wages after RA"
    assert payload["enrollment"]["registration"]["registeredBy"]["email"] == COACH


async def test_program_records_carry_only_the_imported_controls(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    program = await factories.program_record(
        await factories.customer(coach), coach, application_date=date(2025, 1, 2)
    )
    before = await snapshot()
    payload = await update(api, program.id, {"householdSize": 2, "phones": ["503-555-0111"]})
    assert codes(payload) == [("INVALID", "input.householdSize")]
    assert await snapshot() == before
    payload = await update(
        api,
        program.id,
        {"phones": ["503-555-0111"], "employmentCharacteristics": ["HOUSING_INSECURE"]},
    )
    assert payload["errors"] == []
    assert payload["enrollment"]["registration"]["phones"] == ["503-555-0111"]


async def test_other_agencies_and_hub_staff_are_forbidden(api: Api) -> None:
    clock.freeze(TODAY)
    ra = await factories.sent_referral(
        await factories.staff(COACH), application_date=date(2025, 6, 2)
    )
    before = await snapshot()
    for who in (COACH_OJF, HUB):
        body = await api.post(
            REGISTRATION_UPDATE, {"id": gid(ra), "input": {"notes": "x"}}, as_=who
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
