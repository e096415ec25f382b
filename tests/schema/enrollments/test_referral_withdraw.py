"""referralWithdraw (R-ENR-7): Pre-Program Exit with the reason as case note, before
acceptance only."""

from __future__ import annotations

from datetime import date

from models import clock
from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from models.services import CaseNote
from models.system import AuditEntry
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, Api
from tests.ids import gid, ref
from tests.schema.coach_helpers import codes, snapshot

REFERRAL_WITHDRAW = """
mutation($id: ID!, $reason: String!) {
  referralWithdraw(enrollmentId: $id, reason: $reason) {
    enrollment { id stage programStatus exitDate caseNotes { text author { email } system } }
    errors { field code message }
  }
}
"""
TODAY = date(2025, 6, 10)


async def test_withdraw_a_sent_referral(api: Api) -> None:
    clock.freeze(TODAY)
    ra = await factories.sent_referral(
        await factories.staff(COACH), application_date=date(2025, 6, 2)
    )
    variables = {"id": gid(ra), "reason": " Wrong application date; creating it again. "}
    payload = (await api.ok(REFERRAL_WITHDRAW, variables, as_=COACH))["referralWithdraw"]
    assert payload["errors"] == []
    record = payload["enrollment"]
    assert record["programStatus"] == "PRE_PROGRAM_EXIT" and record["stage"] == "CLOSED"
    assert record["exitDate"] == "2025-06-10"
    assert record["caseNotes"] == [
        {
            "text": "Wrong application date; creating it again.",
            "author": {"email": COACH},
            "system": False,
        }
    ]
    assert await AuditEntry.filter(action="referral.withdraw").count() == 1
    # the customer may be referred again at once (a Pre-Program Exit never blocks, R-ENR-6)
    assert (
        await Enrollment.filter(
            customer_id=ra.customer_id,
            is_ra=True,  # type: ignore[attr-defined]
            program_status=ProgramStatus.OPEN,
        ).count()
        == 0
    )


async def test_refusals_write_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    coach = await factories.staff(COACH)
    hub = await factories.staff(HUB_ADVOCATE)
    draft = await factories.ra_record(
        await factories.customer(coach), coach, application_date=date(2025, 6, 2)
    )
    accepted = await factories.accepted_referral(coach, hub, application_date=date(2025, 6, 2))
    program = await Enrollment.get(customer_id=accepted.customer_id, is_ra=False)  # type: ignore[attr-defined]
    before = await snapshot()
    for enrollment_id, reason, expected in (
        (draft.id, "  ", [("CASE_NOTE_REQUIRED", "reason")]),
        (accepted.id, "too late", [("WRONG_STAGE", None)]),
        (program.id, "not an RA record", [("WRONG_STAGE", "enrollmentId")]),
    ):
        payload = (
            await api.ok(
                REFERRAL_WITHDRAW,
                {"id": ref("Enrollment", enrollment_id), "reason": reason},
                as_=COACH,
            )
        )["referralWithdraw"]
        assert payload["enrollment"] is None
        assert codes(payload) == expected
    for who in (COACH_OJF, HUB):
        body = await api.post(REFERRAL_WITHDRAW, {"id": gid(draft), "reason": "x"}, as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
    assert await CaseNote.all().count() == 0
