"""The fields screens need (issue 12 §4, issue 11 §7): record kind; created by/at and last
modified by/at, recorded by the actions that change services, housing status entries,
plans and outcomes; the services table's Status and Location (R-SVC-8); Copy To;
documents and links linked to their record; amounts requested, paid and remaining."""

from __future__ import annotations

from datetime import date, timedelta

from models.rules.enums import DocumentType, ProgramStatus
from models.services import CaseNote
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, Api
from tests.hubkit import people
from tests.ids import gid
from tests.schema import moneykit as k

STAMPS = "createdAt createdBy { email } lastModifiedAt lastModifiedBy { email }"
RECORD = f"""
query($id: ID!) {{ enrollment(id: $id) {{
  id kind totalPaid amountRequested amountRemaining
  copyTo {{ id kind }}
  services {{ id type startDate status location {STAMPS} }}
  housingStatuses {{ id status {STAMPS} }}
  paymentPlans {{ id {STAMPS} }}
  payments {{ id {STAMPS} }}
  outcomes {{ id type {STAMPS} }}
  caseNotes {{ id system {STAMPS} }}
  documents {{ id type enrollment {{ id }} {STAMPS} }}
}} }}
"""
SERVICE_CREATE = """mutation($input: ServiceCreateInput!) { serviceCreate(input: $input) {
  service { id status location createdBy { email } } errors { code field } } }"""
SERVICE_UPDATE = """mutation($id: ID!, $on: Date!) { serviceUpdate(serviceId: $id, startDate: $on)
  { service { id } errors { code } } }"""
HOUSING_CREATE = """mutation($id: ID!, $on: Date!) {
  housingStatusCreate(enrollmentId: $id, startDate: $on, status: AT_RISK)
  { housingStatus { id } errors { code } } }"""
HOUSING_UPDATE = """mutation($id: ID!) { housingStatusUpdate(entryId: $id, status: HOUSED)
  { housingStatus { id } errors { code } } }"""
PLAN_UPDATE = """mutation($id: ID!) { paymentPlanUpdate(input: {planId: $id,
  targetEndDate: "2025-09-30"}) { paymentPlan { id } errors { code } } }"""
OUTCOME = """mutation($id: ID!, $status: OutcomeHousingStatus!) { outcomeRecord(enrollmentId: $id,
  type: AT_EXIT, housingStatus: $status, recordedOn: "2025-03-01")
  { outcome { id } errors { code } } }"""


async def record(api: Api, row: object, as_: str = HUB) -> dict:
    return (await api.ok(RECORD, {"id": gid(row)}, as_=as_))["enrollment"]  # type: ignore[arg-type]


def stamped(entry: dict, created_by: str | None, modified_by: str | None) -> None:
    assert (entry["createdBy"] or {}).get("email") == created_by, entry
    assert (entry["lastModifiedBy"] or {}).get("email") == modified_by, entry
    assert entry["lastModifiedAt"] >= entry["createdAt"]


async def test_services_show_status_location_and_who_changed_them_last(api: Api) -> None:
    p = await people(k.TODAY)
    ra = await k.enrolled()
    made = await api.ok(
        SERVICE_CREATE,
        {
            "input": {
                "enrollmentId": gid(ra),
                "type": "RAPID_REHOUSING",
                "startDate": "2025-02-03",
                "location": "  Gresham office ",
            }
        },
        as_=HUB,
    )
    service = made["serviceCreate"]["service"]
    assert service["status"] == "COMPLETED" and service["location"] == "Gresham office"
    listed = (await record(api, ra))["services"]
    assert [s["startDate"] for s in listed] == sorted(s["startDate"] for s in listed)  # date order
    new = next(s for s in listed if s["id"] == service["id"])
    stamped(new, HUB, HUB)
    assert new["createdAt"] == new["lastModifiedAt"]
    others = [s for s in listed if s["id"] != service["id"]]
    assert all(s["location"] == "n/a" and s["status"] == "COMPLETED" for s in others)

    changed = await api.ok(
        SERVICE_UPDATE, {"id": service["id"], "on": "2025-02-04"}, as_=HUB_ADVOCATE
    )
    assert changed["serviceUpdate"]["errors"] == []
    again = next(s for s in (await record(api, ra))["services"] if s["id"] == service["id"])
    stamped(again, HUB, HUB_ADVOCATE)
    assert again["lastModifiedAt"] > again["createdAt"]
    too_long = await api.post(
        SERVICE_CREATE,
        {
            "input": {
                "enrollmentId": gid(ra),
                "type": "RAPID_REHOUSING",
                "startDate": "2025-02-03",
                "location": "x" * 201,
            }
        },
        as_=HUB,
    )
    assert too_long["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert p.hub.email == HUB


async def test_housing_status_plans_outcomes_payments_and_notes_are_stamped(api: Api) -> None:
    await people(k.TODAY)
    ra = await k.enrolled()
    plan = await k.plan(ra)
    await k.pay(ra, "1000.00")
    entry = await api.ok(HOUSING_CREATE, {"id": gid(ra), "on": "2025-02-01"}, as_=COACH)
    entry_id = entry["housingStatusCreate"]["housingStatus"]["id"]
    await api.ok(HOUSING_UPDATE, {"id": entry_id}, as_=HUB_ADVOCATE)
    await api.ok(PLAN_UPDATE, {"id": gid(plan)}, as_=HUB_ADVOCATE)
    ra.program_status, ra.exit_date = ProgramStatus.EXIT, date(2025, 2, 28)
    await ra.save(update_fields=["program_status", "exit_date"])
    first = await api.ok(OUTCOME, {"id": gid(ra), "status": "HOUSED"}, as_=HUB)
    assert first["outcomeRecord"]["errors"] == []
    second = await api.ok(OUTCOME, {"id": gid(ra), "status": "NOT_HOUSED"}, as_=HUB_ADVOCATE)
    assert second["outcomeRecord"]["errors"] == []
    await CaseNote.create(enrollment=ra, text="swept", written_at=f._at(k.TODAY), system=True)

    data = await record(api, ra)
    [status] = data["housingStatuses"]
    stamped(status, COACH, HUB_ADVOCATE)
    stamped(data["paymentPlans"][0], HUB, HUB_ADVOCATE)
    stamped(data["payments"][0], HUB, HUB)
    [outcome] = data["outcomes"]
    stamped(outcome, HUB, HUB_ADVOCATE)
    [note] = data["caseNotes"]
    assert note["system"] is True
    stamped(note, None, None)
    assert data["kind"] == "RA_RECORD"
    assert (data["totalPaid"], data["amountRequested"], data["amountRemaining"]) == (
        "1000.00",
        "3200.00",
        "2200.00",
    )


async def test_copy_to_lists_the_customers_other_open_records(api: Api) -> None:
    p = await people(k.TODAY)
    ra = await f.sent_referral(p.coach, application_date=k.TODAY - timedelta(days=2))
    from models.enrollments import Enrollment

    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    data = await record(api, program, as_=COACH)
    assert data["kind"] == "PROGRAM_RECORD"
    assert data["copyTo"] == [{"id": gid(ra), "kind": "RA_RECORD"}]
    assert data["amountRequested"] is None and data["amountRemaining"] is None
    assert (await record(api, ra, as_=COACH))["copyTo"] == []
    ra.program_status = ProgramStatus.PRE_PROGRAM_EXIT
    await ra.save(update_fields=["program_status"])
    assert (await record(api, program, as_=COACH))["copyTo"] == []


async def test_documents_link_to_the_record_they_were_signed_for(api: Api) -> None:
    p = await people(k.TODAY)
    ra = await f.sent_referral(p.coach, application_date=k.TODAY - timedelta(days=2))
    from models.customers import Customer, Document
    from models.enrollments import Enrollment

    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    cust = await Customer.get(id=ra.customer_id)  # type: ignore[attr-defined]
    other = await f.document(cust, DocumentType.OTHER, k.TODAY, enrollment=program, by=p.coach)
    signed = await Document.get(customer_id=cust.id, type=DocumentType.RENT_ASSISTANCE_APPLICATION)
    docs = (await record(api, ra, as_=COACH))["documents"]
    assert [d["id"] for d in docs] == [gid(signed)]
    assert docs[0]["enrollment"] == {"id": gid(ra)}
    stamped(docs[0], COACH, COACH)
    query = """query($id: ID!) { customer(id: $id) { documents { id enrollment { id } } } }"""
    for who, program_visible in ((COACH, True), (HUB, False)):
        listed = (await api.ok(query, {"id": gid(cust)}, as_=who))["customer"]["documents"]
        by_id = {d["id"]: d["enrollment"] for d in listed}
        assert by_id[gid(signed)] == {"id": gid(ra)}
        # the hub does not see the program record, so the link to it is null for the hub
        assert by_id[gid(other)] == ({"id": gid(program)} if program_visible else None)
    assert HUB_OJF  # another hub sees neither (covered by the access tests)
