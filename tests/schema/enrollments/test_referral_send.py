"""referralSend (R-REF-1): each unmet condition refused by its code; else sent_at and, in
the same transaction, one email to the hub with no personal data."""

from __future__ import annotations

from datetime import date

from models import clock
from models.customers import Customer, Document, ProsperityBudget
from models.enrollments import Enrollment, Registration
from models.rules.enums import DocumentType
from models.system import AuditEntry, Notification
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, SINK, Api
from tests.ids import gid
from tests.schema.coach_helpers import codes, snapshot
from workers.mailer import deliver_pending

REFERRAL_SEND = """
mutation($id: ID!) {
  referralSend(enrollmentId: $id) {
    enrollment { id stage referralChecklist { sentAt nextStep } }
    errors { field code message }
  }
}
"""
TODAY = date(2025, 6, 10)
HUB_ADDRESS = "referrals.latino-network@example.org"


async def test_send_sets_sent_at_and_emails_the_hub_once_without_personal_data(
    api: Api, mail_sink
) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    ra = await factories.ready_referral(coach, application_date=date(2025, 6, 2))
    cust = await Customer.get(id=ra.customer_id)  # type: ignore[attr-defined]
    payload = (await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH))["referralSend"]
    assert payload["errors"] == []
    assert payload["enrollment"]["stage"] == "SENT"
    assert payload["enrollment"]["referralChecklist"]["sentAt"] is not None
    assert payload["enrollment"]["referralChecklist"]["nextStep"].startswith("Waiting for the hub")
    assert await AuditEntry.filter(action="referral.send", entity_id=str(ra.id)).count() == 1
    note = await Notification.get()
    assert note.to_address == HUB_ADDRESS
    # sending again is refused and writes nothing
    before = await snapshot()
    again = (await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH))["referralSend"]
    assert codes(again) == [("WRONG_STAGE", None)]
    assert await snapshot() == before

    assert await deliver_pending() == 1
    assert await deliver_pending() == 0
    mails = SINK.to(HUB_ADDRESS)
    assert len(mails) == 1
    body = mails[0].body
    assert cust.customer_id in body and cust.customer_id in mails[0].subject
    assert coach.name in body and "EOP Portland - IRCO" in body
    assert f"http://testserver/enrollments/{ra.id}" in body
    for personal in (
        cust.legal_first_name,
        cust.legal_last_name,
        cust.email,
        "1234",
        "1990",
        "04/05",
        "503-555",
    ):
        assert personal not in body and personal not in mails[0].subject


async def test_each_unmet_condition_is_refused_by_its_code_and_nothing_is_written(
    api: Api,
) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    cust = await factories.customer(coach)
    await factories.program_record(cust, coach, application_date=date(2025, 1, 2))
    ra = await factories.ra_record(cust, coach, application_date=date(2025, 6, 2), complete=False)
    # a Career Plan and a budget too old to count, an application signed for another record
    await factories.document(cust, DocumentType.INDIVIDUAL_PLAN, date(2025, 3, 9))
    await factories.budget(cust, coach, date(2025, 3, 9))
    before = await snapshot()
    payload = (await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH))["referralSend"]
    assert payload["enrollment"] is None
    assert codes(payload) == [
        ("REGISTRATION_NOT_SIGNED", None),
        ("APPLICATION_NOT_SIGNED", None),
        ("CAREER_PLAN_NOT_CURRENT", None),
        ("BUDGET_NOT_CURRENT", None),
    ]
    assert all("(R-REF-1)" in e["message"] for e in payload["errors"])
    assert await snapshot() == before


async def test_one_missing_condition_alone(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    ra = await factories.ready_referral(coach, application_date=date(2025, 6, 2))
    await ProsperityBudget.filter(customer_id=ra.customer_id).delete()  # type: ignore[attr-defined]
    payload = (await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH))["referralSend"]
    assert codes(payload) == [("BUDGET_NOT_CURRENT", None)]
    await Document.filter(customer_id=ra.customer_id).delete()  # type: ignore[attr-defined]
    await Registration.filter(enrollment_id=ra.id).update(registered_by_id=None, registered_on=None)
    payload = (await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH))["referralSend"]
    assert [c for c, _ in codes(payload)] == [
        "REGISTRATION_NOT_SIGNED",
        "APPLICATION_NOT_SIGNED",
        "CAREER_PLAN_NOT_CURRENT",
        "BUDGET_NOT_CURRENT",
    ]
    assert await Notification.all().count() == 0


async def test_after_the_45_day_window_the_referral_cannot_be_sent(api: Api) -> None:
    coach = await factories.staff(COACH)
    clock.freeze(date(2025, 5, 1))
    ra = await factories.ready_referral(coach, application_date=date(2025, 5, 1))
    clock.freeze(date(2025, 6, 16))  # day 46
    payload = (await api.ok(REFERRAL_SEND, {"id": gid(ra)}, as_=COACH))["referralSend"]
    assert ("REVIEW_WINDOW_PASSED", None) in codes(payload)
    assert await Enrollment.filter(sent_at__isnull=False).count() == 0
    assert await Notification.all().count() == 0


async def test_program_record_is_wrong_stage_and_others_are_forbidden(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    ra = await factories.ready_referral(coach, application_date=date(2025, 6, 2))
    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    before = await snapshot()
    payload = (await api.ok(REFERRAL_SEND, {"id": gid(program)}, as_=COACH))["referralSend"]
    assert codes(payload) == [("WRONG_STAGE", "enrollmentId")]
    for who in (COACH_OJF, HUB):
        body = await api.post(REFERRAL_SEND, {"id": gid(ra)}, as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
