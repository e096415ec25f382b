"""referralAccept (R-REF-2), judged on the review date, and Received RA Again on the
previous episode when the participant returns after 90 days (R-ENR-6, R-OUT-8)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from models.customers import Document, ProsperityBudget
from models.enrollments import Enrollment, Registration
from models.payments import Outcome
from models.rules.enums import DocumentType, OutcomeHousingStatus, OutcomeType, ProgramStatus
from models.system import AuditEntry, Notification
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.hubkit import APPLIED, TODAY, errors, forbidden, people
from tests.ids import gid
from tests.snapshot import snapshot

ACCEPT = """
mutation Accept($id: ID!, $on: Date!) {
  referralAccept(enrollmentId: $id, reviewDate: $on) {
    enrollment { id stage registration { reviewDate reviewedBy { email } } }
    errors { field code message }
  }
}
"""


async def accept(api: Api, row: Enrollment, on: date, as_: str = HUB) -> dict:
    return (await api.post(ACCEPT, {"id": gid(row), "on": on.isoformat()}, as_=as_))["data"][
        "referralAccept"
    ]


async def test_hub_accepts_a_sent_referral(api: Api) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)

    payload = await accept(api, ra, TODAY)

    assert payload["errors"] == []
    assert payload["enrollment"]["stage"] == "ACCEPTED"
    assert payload["enrollment"]["registration"] == {
        "reviewDate": TODAY.isoformat(),
        "reviewedBy": {"email": HUB},
    }
    row = await Enrollment.get(id=ra.id)
    assert (row.review_date, row.reviewed_by_id) == (TODAY, p.hub.id)  # type: ignore[attr-defined]
    entry = await AuditEntry.get(action="referral.accept", entity_id=str(ra.id))
    assert entry.actor_id == p.hub.id  # type: ignore[attr-defined]
    assert await Notification.all().count() == 0


async def _refused(api: Api, row: Enrollment, on: date, expected: list, as_: str = HUB) -> None:
    before = await snapshot()
    payload = await accept(api, row, on, as_)
    assert payload["enrollment"] is None
    assert errors(payload) == expected
    assert await snapshot() == before


async def test_only_a_sent_referral_is_accepted(api: Api) -> None:
    p = await people()
    accepted = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    ready = await f.ready_referral(p.coach, application_date=APPLIED)
    closed = await f.sent_referral(p.coach, application_date=APPLIED)
    await Enrollment.filter(id=closed.id).update(program_status=ProgramStatus.PRE_PROGRAM_EXIT)

    await _refused(api, accepted, TODAY, [("WRONG_STAGE", None)])
    await _refused(api, closed, TODAY, [("WRONG_STAGE", None)])
    before = await snapshot()
    assert forbidden(await api.post(ACCEPT, {"id": gid(ready), "on": "2025-03-10"}, as_=HUB))
    assert await snapshot() == before


async def test_registration_and_application_must_be_signed_on_the_review_date(api: Api) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    await Registration.filter(enrollment_id=ra.id).update(registered_on=None)
    await Document.filter(enrollment_id=ra.id).delete()

    await _refused(
        api,
        ra,
        TODAY,
        [("REGISTRATION_NOT_SIGNED", None), ("APPLICATION_NOT_SIGNED", None)],
    )


@pytest.mark.parametrize(
    ("review_date", "expected"),
    [
        (date(2025, 3, 4), []),  # uploaded/saved 2024-12-04: 3 months back, still current
        (
            date(2025, 3, 5),
            [("CAREER_PLAN_NOT_CURRENT", None), ("BUDGET_NOT_CURRENT", None)],
        ),
    ],
)
async def test_career_plan_and_budget_are_judged_on_the_review_date(
    api: Api, review_date: date, expected: list
) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    old = date(2024, 12, 4)
    await Document.filter(type=DocumentType.INDIVIDUAL_PLAN).update(
        uploaded_at=datetime(2024, 12, 4, 18, tzinfo=UTC)
    )
    await ProsperityBudget.filter(customer_id=ra.customer_id).update(saved_on=old)  # type: ignore[attr-defined]
    if expected:
        await _refused(api, ra, review_date, expected)
    else:
        assert (await accept(api, ra, review_date))["errors"] == []


@pytest.mark.parametrize(
    ("review_date", "expected"),
    [
        (date(2025, 3, 6), []),  # day 45 after 2025-01-20 is the last day
        (date(2025, 3, 7), [("REVIEW_WINDOW_PASSED", "reviewDate")]),
        (
            TODAY + timedelta(days=1),
            [("DATE_IN_FUTURE", "reviewDate"), ("REVIEW_WINDOW_PASSED", "reviewDate")],
        ),
        (
            date(2025, 1, 19),
            [
                ("DATE_BEFORE_APPLICATION", "reviewDate"),
                ("REGISTRATION_NOT_SIGNED", None),
                ("APPLICATION_NOT_SIGNED", None),
                ("CAREER_PLAN_NOT_CURRENT", None),
                ("BUDGET_NOT_CURRENT", None),
            ],
        ),
    ],
)
async def test_review_window_is_45_days(api: Api, review_date: date, expected: list) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=date(2025, 1, 20))
    if expected:
        await _refused(api, ra, review_date, expected)
    else:
        assert (await accept(api, ra, review_date))["errors"] == []


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_only_the_records_hub_accepts(api: Api, who: str) -> None:
    p = await people()
    ra = await f.sent_referral(p.coach, application_date=APPLIED)
    before = await snapshot()
    body = await api.post(ACCEPT, {"id": gid(ra), "on": TODAY.isoformat()}, as_=who)
    assert forbidden(body)
    assert await snapshot() == before


async def _returning(p, exit_days_before: int, status: ProgramStatus, outcomes=()):  # type: ignore[no-untyped-def]
    """A customer whose previous RA record ended `exit_days_before` the review date."""
    cust = await f.customer(p.coach)
    old = await f.sent_referral(p.coach, application_date=date(2024, 1, 10), cust=cust)
    await Enrollment.filter(id=old.id).update(
        program_status=status,
        review_date=date(2024, 1, 12),
        reviewed_by_id=p.hub.id,
        exit_date=TODAY - timedelta(days=exit_days_before),
    )
    for outcome_type in outcomes:
        await Outcome.create(
            enrollment_id=old.id,
            type=outcome_type,
            housing_status=OutcomeHousingStatus.HOUSED,
            recorded_on=date(2024, 6, 1),
        )
    new = await f.sent_referral(p.coach, application_date=APPLIED, cust=cust)
    return old, new


@pytest.mark.parametrize(
    ("days", "status", "recorded", "expected"),
    [
        (91, ProgramStatus.EXIT, (OutcomeType.AT_EXIT,), OutcomeType.SIX_MONTH_RETENTION),
        (200, ProgramStatus.AUTO_EXIT, (), OutcomeType.SIX_MONTH_RETENTION),
        (
            400,
            ProgramStatus.EXIT,
            (OutcomeType.AT_EXIT, OutcomeType.SIX_MONTH_RETENTION),
            OutcomeType.TWELVE_MONTH_RETENTION,
        ),
        (90, ProgramStatus.EXIT, (OutcomeType.AT_EXIT,), None),
        (
            400,
            ProgramStatus.EXIT,
            (OutcomeType.SIX_MONTH_RETENTION, OutcomeType.TWELVE_MONTH_RETENTION),
            None,
        ),
        (200, ProgramStatus.PRE_PROGRAM_EXIT, (), None),
    ],
)
async def test_acceptance_records_received_ra_again_on_the_previous_episode(
    api: Api, days: int, status: ProgramStatus, recorded: tuple, expected: OutcomeType | None
) -> None:
    p = await people()
    old, new = await _returning(p, days, status, recorded)

    assert (await accept(api, new, TODAY))["errors"] == []

    again = await Outcome.filter(
        enrollment_id=old.id, housing_status=OutcomeHousingStatus.RECEIVED_RA_AGAIN
    )
    assert [o.type for o in again] == ([] if expected is None else [expected])
    if expected is not None:
        assert again[0].recorded_on == TODAY
        assert await AuditEntry.filter(action="outcome.received_ra_again").count() == 1
    assert await Outcome.filter(enrollment_id=old.id).count() == len(recorded) + len(again)
