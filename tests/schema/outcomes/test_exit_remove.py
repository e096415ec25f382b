"""exitRemove (R-OUT-6): contract managers, with a reason; the record is open again, an
Exit's Hub Final Rent Exit service goes (the audit trail keeps it), the derived dates are
recomputed and the day of removal keeps the next 90-day sweep from exiting it at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import clock
from models.actions.sweeps import run_sweep
from models.enrollments import Enrollment
from models.payments import PaymentPlan
from models.rules.enums import ProgramStatus, ServiceType, SweepKind
from models.services import CaseNote, Service
from models.system import AuditEntry
from tests.conftest import COACH, HUB, MANAGER, Api
from tests.ids import gid
from tests.schema import moneykit as k

EXIT_REMOVE = """
mutation($id: ID!, $reason: String!) {
  exitRemove(enrollmentId: $id, reason: $reason) {
    enrollment { id programStatus exitDate lqFundServiceDate participationDate fullyEnrolled }
    errors { field code message }
  }
}
"""
PLAN_REOPEN = """
mutation($id: ID!) {
  paymentPlanUpdate(input: {planId: $id, endDate: null}) {
    paymentPlan { endDate } errors { code }
  }
}
"""


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(k.TODAY)


async def test_remove_an_exit_and_reopen_its_plan(api: Api) -> None:
    row = await k.exited(date(2025, 2, 28))
    final = await Service.get(enrollment_id=row.id, type=ServiceType.HUB_FINAL_RENT_EXIT)
    data = await api.ok(EXIT_REMOVE, {"id": gid(row), "reason": "Returned in March"}, as_=MANAGER)
    assert data["exitRemove"] == {
        "enrollment": {
            "id": gid(row),
            "programStatus": "OPEN",
            "exitDate": None,
            # the Final Rent Exit is gone: LQ falls back to the copied coaching service
            "lqFundServiceDate": "2025-01-13",
            "participationDate": "2025-01-13",
            "fullyEnrolled": True,
        },
        "errors": [],
    }
    fresh = await Enrollment.get(id=row.id)
    assert fresh.exit_removed_on == k.TODAY
    assert not await Service.filter(id=final.id).exists()
    kept = await AuditEntry.get(action="service.delete", entity_id=str(final.id))
    assert kept.changes["type"] == ["HUB_FINAL_RENT_EXIT", None]
    assert kept.changes["end_date"] == ["2025-02-28", None]
    entry = await AuditEntry.get(action="enrollment.exit_remove")
    assert entry.changes["program_status"] == ["EXIT", "OPEN"]
    assert entry.changes["reason"] == [None, "Returned in March"]
    assert await CaseNote.filter(enrollment_id=row.id).count() == 1
    # ended plans can then be reopened by clearing their end date
    plan = await PaymentPlan.get(enrollment_id=row.id)
    reopened = await api.ok(PLAN_REOPEN, {"id": gid(plan)}, as_=HUB)
    assert reopened["paymentPlanUpdate"] == {"paymentPlan": {"endDate": None}, "errors": []}


async def test_the_day_of_removal_counts_for_the_90_day_sweep(api: Api) -> None:
    row = await k.enrolled()
    row.program_status, row.exit_date = ProgramStatus.AUTO_EXIT, date(2025, 1, 13)
    await row.save(update_fields=["program_status", "exit_date"])
    clock.freeze(date(2025, 6, 1))
    data = await api.ok(EXIT_REMOVE, {"id": gid(row), "reason": "Missing data"}, as_=MANAGER)
    assert data["exitRemove"]["errors"] == []
    kind = SweepKind.INACTIVITY_90_DAY
    today = await run_sweep(kind=kind, as_of=date(2025, 6, 1), dry_run=False, actor_id=None)
    assert today.changed_ids == ()
    day90 = date(2025, 6, 1) + timedelta(days=90)
    assert (await run_sweep(kind=kind, as_of=day90, dry_run=True, actor_id=None)).changed_ids == ()
    day91 = await run_sweep(kind=kind, as_of=day90 + timedelta(days=1), dry_run=True, actor_id=None)
    assert day91.changed_ids == (row.id,)


async def test_reason_required_and_only_exits_removed(api: Api) -> None:
    exited = await k.exited()
    open_row = await k.enrolled()
    before = (await k.snapshot(exited), await k.snapshot(open_row))
    data = await api.ok(EXIT_REMOVE, {"id": gid(exited), "reason": "  "}, as_=MANAGER)
    assert k.codes(data["exitRemove"]) == [("REQUIRED", "reason")]
    data = await api.ok(EXIT_REMOVE, {"id": gid(open_row), "reason": "x"}, as_=MANAGER)
    assert k.codes(data["exitRemove"]) == [("WRONG_STAGE", None)]
    assert (await k.snapshot(exited), await k.snapshot(open_row)) == before


@pytest.mark.parametrize("who", [COACH, HUB])
async def test_only_contract_managers(api: Api, who: str) -> None:
    row = await k.exited()
    before = await k.snapshot(row)
    body = await api.post(EXIT_REMOVE, {"id": gid(row), "reason": "x"}, as_=who)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before
