"""outcomeCorrect (R-OUT-8, R-ACL-3, R-PERF-2): contract managers alone correct an outcome,
Received RA Again included, always with a reason kept in the audit trail; the R-OUT-7
checks still apply; the performance figures follow the correction, and a refused or
denied correction changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from models import clock
from models.enrollments import Enrollment
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus, OutcomeType
from models.system import AuditEntry
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.ids import gid, gid_of
from tests.schema import moneykit as k

OUTCOME_CORRECT = """
mutation($id: ID!, $reason: String!, $status: OutcomeHousingStatus, $on: Date) {
  outcomeCorrect(outcomeId: $id, reason: $reason, housingStatus: $status, recordedOn: $on) {
    outcome { id type housingStatus recordedOn }
    errors { field code message }
  }
}
"""
KEEP_DATE = """
mutation($id: ID!, $reason: String!, $on: Date) {
  outcomeCorrect(outcomeId: $id, reason: $reason, recordedOn: $on) {
    outcome { id type housingStatus recordedOn }
    errors { field code message }
  }
}
"""
FIGURES = """
query($hub: ID!, $start: Date!, $end: Date!) {
  performanceReport(hubId: $hub, periodStart: $start, periodEnd: $end) {
    sixMonthRetained sixMonthDenominator sixMonthRetentionRate
  }
}
"""
EXIT = date(2025, 1, 15)  # + 6 months: 2025-07-15, in the July report
HOUSED = OutcomeHousingStatus.HOUSED
AGAIN = OutcomeHousingStatus.RECEIVED_RA_AGAIN
REASON = "The return was entered for the wrong customer"


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(date(2025, 8, 1))


async def episode(six: OutcomeHousingStatus | None) -> tuple[Enrollment, Outcome | None]:
    row = await k.exited(EXIT, at_exit=HOUSED)
    outcome = None
    if six is not None:
        outcome = await Outcome.create(
            enrollment=row,
            type=OutcomeType.SIX_MONTH_RETENTION,
            housing_status=six,
            recorded_on=date(2025, 7, 20),
        )
    return row, outcome


async def july(api: Api, row: Enrollment) -> tuple:
    hub = gid_of("Provider", row.provider_id)  # type: ignore[attr-defined]
    variables = {"hub": hub, "start": "2025-07-01", "end": "2025-07-31"}
    report = (await api.ok(FIGURES, variables, as_=MANAGER))["performanceReport"]
    return report["sixMonthRetained"], report["sixMonthDenominator"]


async def the_july_report() -> Outcome:
    """Three counted episodes (one retained) and one marked Received RA Again."""
    await episode(HOUSED)
    await episode(OutcomeHousingStatus.NOT_HOUSED)
    await episode(None)
    _, marked = await episode(AGAIN)
    assert marked is not None
    return marked


def call(outcome: Outcome, status: str | None = "HOUSED", **more: object) -> dict:
    return {"id": gid(outcome), "reason": REASON, "status": status, **more}


async def test_a_correction_replaces_the_mark_with_a_reason(api: Api) -> None:
    marked = await the_july_report()
    row = await Enrollment.get(id=marked.enrollment_id)  # type: ignore[attr-defined]
    assert await july(api, row) == (1, 3)
    data = await api.ok(OUTCOME_CORRECT, call(marked), as_=MANAGER)
    assert data["outcomeCorrect"]["errors"] == []
    assert data["outcomeCorrect"]["outcome"] == {
        "id": gid(marked),
        "type": "SIX_MONTH_RETENTION",
        "housingStatus": "HOUSED",
        "recordedOn": "2025-07-20",
    }
    assert await july(api, row) == (2, 4)
    entry = await AuditEntry.get(action="outcome.correct", entity_id=str(marked.id))
    assert entry.changes["housing_status"] == ["RECEIVED_RA_AGAIN", "HOUSED"]
    assert entry.changes["reason"] == [None, REASON]
    assert entry.actor_id == (await f.staff(MANAGER)).id  # type: ignore[attr-defined]


async def test_a_correction_removes_the_mark(api: Api) -> None:
    marked = await the_july_report()
    row = await Enrollment.get(id=marked.enrollment_id)  # type: ignore[attr-defined]
    data = await api.ok(OUTCOME_CORRECT, call(marked, None), as_=MANAGER)
    assert data["outcomeCorrect"]["errors"] == []
    assert not await Outcome.filter(id=marked.id).exists()
    assert await july(api, row) == (1, 4)  # counted again, with no outcome: not retained
    entry = await AuditEntry.get(action="outcome.delete", entity_id=str(marked.id))
    assert entry.changes["housing_status"] == ["RECEIVED_RA_AGAIN", None]
    assert entry.changes["reason"] == [None, REASON]


async def test_an_omitted_status_keeps_it(api: Api) -> None:
    _, marked = await episode(AGAIN)
    assert marked is not None
    variables = {"id": gid(marked), "reason": REASON, "on": "2025-07-25"}
    data = await api.ok(KEEP_DATE, variables, as_=MANAGER)
    assert data["outcomeCorrect"]["outcome"]["housingStatus"] == "RECEIVED_RA_AGAIN"
    assert data["outcomeCorrect"]["outcome"]["recordedOn"] == "2025-07-25"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"reason": "  "}, [("REQUIRED", "reason")]),
        ({"on": "2025-07-14"}, [("RETENTION_TOO_EARLY", "recordedOn")]),
        ({"on": "2025-08-02"}, [("DATE_IN_FUTURE", "recordedOn")]),
    ],
)
async def test_a_refused_correction_changes_nothing(
    api: Api, variables: dict, expected: list
) -> None:
    marked = await the_july_report()
    row = await Enrollment.get(id=marked.enrollment_id)  # type: ignore[attr-defined]
    before = await k.snapshot(row)
    data = await api.ok(OUTCOME_CORRECT, call(marked, **variables), as_=MANAGER)
    assert k.codes(data["outcomeCorrect"]) == expected
    assert all("(R-" in e["message"] for e in data["outcomeCorrect"]["errors"])
    assert data["outcomeCorrect"]["outcome"] is None
    assert await k.snapshot(row) == before
    assert await july(api, row) == (1, 3)


async def test_an_at_exit_outcome_retention_rests_on_stays(api: Api) -> None:
    row, _ = await episode(HOUSED)
    at_exit = await Outcome.get(enrollment_id=row.id, type=OutcomeType.AT_EXIT)
    before = await k.snapshot(row)
    data = await api.ok(OUTCOME_CORRECT, call(at_exit, None), as_=MANAGER)
    assert k.codes(data["outcomeCorrect"]) == [("NOT_HOUSED_AT_EXIT", "housingStatus")]
    assert await k.snapshot(row) == before


@pytest.mark.parametrize("who", [HUB, COACH, HUB_OJF])
async def test_only_contract_managers_correct(api: Api, who: str) -> None:
    marked = await the_july_report()
    row = await Enrollment.get(id=marked.enrollment_id)  # type: ignore[attr-defined]
    before = await k.snapshot(row)
    body = await api.post(OUTCOME_CORRECT, call(marked), as_=who)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await k.snapshot(row) == before


@pytest.mark.parametrize("outcome_id", ["999999", "x"])
async def test_an_unknown_outcome_is_forbidden(api: Api, outcome_id: str) -> None:
    body = await api.post(OUTCOME_CORRECT, {"id": outcome_id, "reason": REASON}, as_=MANAGER)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
