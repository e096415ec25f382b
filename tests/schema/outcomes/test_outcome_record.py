"""outcomeRecord (R-OUT-7, R-OUT-8): one per type (a second replaces the first), timing
from the exit date at month ends, Housed at exit for retention, Received RA Again as the
next retention type and exempt from the checks."""

from __future__ import annotations

from datetime import date

import pytest

from models import clock
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus, OutcomeType
from models.system import AuditEntry
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, Api
from tests.ids import gid
from tests.schema import moneykit as k

OUTCOME_RECORD = """
mutation($id: ID!, $type: OutcomeType!, $status: OutcomeHousingStatus!, $on: Date!) {
  outcomeRecord(enrollmentId: $id, type: $type, housingStatus: $status, recordedOn: $on) {
    outcome { id type housingStatus recordedOn }
    errors { field code message }
  }
}
"""
EXIT = date(2024, 8, 31)  # 6 months later: 2025-02-28 (R-GEN-1)


def args(row: object, type: str, status: str, on: str) -> dict:
    return {"id": gid(row), "type": type, "status": status, "on": on}  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(date(2025, 9, 30))


async def _exited() -> object:
    row = await k.exited(date(2025, 2, 28))
    row.exit_date = EXIT  # an older episode, for the month-end boundary
    await row.save(update_fields=["exit_date"])
    return row


async def test_at_exit_then_six_month_from_its_month_end_date(api: Api) -> None:
    row = await _exited()
    data = await api.ok(OUTCOME_RECORD, args(row, "AT_EXIT", "HOUSED", "2024-08-31"), as_=HUB)
    assert data["outcomeRecord"]["errors"] == []
    assert data["outcomeRecord"]["outcome"]["type"] == "AT_EXIT"
    before = await k.snapshot(row)
    early = await api.ok(
        OUTCOME_RECORD, args(row, "SIX_MONTH_RETENTION", "HOUSED", "2025-02-27"), as_=HUB
    )
    assert k.codes(early["outcomeRecord"]) == [("RETENTION_TOO_EARLY", "recordedOn")]
    assert "2025-02-28" in early["outcomeRecord"]["errors"][0]["message"]
    assert await k.snapshot(row) == before
    on_time = await api.ok(
        OUTCOME_RECORD, args(row, "SIX_MONTH_RETENTION", "HOUSED", "2025-02-28"), as_=HUB
    )
    assert on_time["outcomeRecord"]["errors"] == []
    twelve = await api.ok(
        OUTCOME_RECORD, args(row, "TWELVE_MONTH_RETENTION", "HOUSED", "2025-08-30"), as_=HUB
    )
    assert k.codes(twelve["outcomeRecord"]) == [("RETENTION_TOO_EARLY", "recordedOn")]


async def test_a_second_entry_replaces_the_first(api: Api) -> None:
    row = await _exited()
    first = await api.ok(OUTCOME_RECORD, args(row, "AT_EXIT", "UNKNOWN", "2024-09-01"), as_=HUB)
    second = await api.ok(
        OUTCOME_RECORD, args(row, "AT_EXIT", "HOUSED", "2024-09-05"), as_=HUB_ADVOCATE
    )
    assert first["outcomeRecord"]["outcome"]["id"] == second["outcomeRecord"]["outcome"]["id"]
    rows = await Outcome.filter(enrollment_id=row.id)  # type: ignore[attr-defined]
    assert [(o.type, o.housing_status, o.recorded_on) for o in rows] == [
        (OutcomeType.AT_EXIT, OutcomeHousingStatus.HOUSED, date(2024, 9, 5))
    ]
    entries = await AuditEntry.filter(action="outcome.record").order_by("id")
    assert entries[1].changes["housing_status"] == ["UNKNOWN", "HOUSED"]


@pytest.mark.parametrize("at_exit", [None, "NOT_HOUSED", "UNKNOWN"])
async def test_retention_needs_housed_at_exit(api: Api, at_exit: str | None) -> None:
    row = await k.exited(EXIT, at_exit=OutcomeHousingStatus(at_exit) if at_exit else None)
    before = await k.snapshot(row)
    data = await api.ok(
        OUTCOME_RECORD, args(row, "SIX_MONTH_RETENTION", "HOUSED", "2025-03-01"), as_=HUB
    )
    assert k.codes(data["outcomeRecord"]) == [("NOT_HOUSED_AT_EXIT", "type")]
    assert await k.snapshot(row) == before


async def test_received_ra_again_is_the_next_retention_type_and_exempt(api: Api) -> None:
    row = await k.exited(EXIT, at_exit=OutcomeHousingStatus.NOT_HOUSED)
    # too early and not housed at exit, yet accepted; recorded as 6 Month
    data = await api.ok(
        OUTCOME_RECORD,
        args(row, "TWELVE_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2024-10-01"),
        as_=HUB,
    )
    assert data["outcomeRecord"]["errors"] == []
    assert data["outcomeRecord"]["outcome"]["type"] == "SIX_MONTH_RETENTION"
    housed = await k.exited(EXIT, at_exit=OutcomeHousingStatus.HOUSED)
    await api.ok(
        OUTCOME_RECORD, args(housed, "SIX_MONTH_RETENTION", "HOUSED", "2025-03-01"), as_=HUB
    )
    data = await api.ok(
        OUTCOME_RECORD,
        args(housed, "SIX_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2025-04-01"),
        as_=HUB,
    )
    assert data["outcomeRecord"]["outcome"]["type"] == "TWELVE_MONTH_RETENTION"


async def test_received_ra_again_is_not_an_at_exit_status(api: Api) -> None:
    row = await _exited()
    before = await k.snapshot(row)
    data = await api.ok(
        OUTCOME_RECORD, args(row, "AT_EXIT", "RECEIVED_RA_AGAIN", "2024-09-01"), as_=HUB
    )
    assert k.codes(data["outcomeRecord"]) == [("INVALID", "type")]
    assert await k.snapshot(row) == before


async def test_wrong_stage_and_future(api: Api) -> None:
    open_row = await k.enrolled()
    exited = await _exited()
    before = (await k.snapshot(open_row), await k.snapshot(exited))
    data = await api.ok(OUTCOME_RECORD, args(open_row, "AT_EXIT", "HOUSED", "2025-03-01"), as_=HUB)
    assert k.codes(data["outcomeRecord"]) == [("WRONG_STAGE", None)]
    data = await api.ok(OUTCOME_RECORD, args(exited, "AT_EXIT", "HOUSED", "2025-10-01"), as_=HUB)
    assert k.codes(data["outcomeRecord"]) == [("DATE_IN_FUTURE", "recordedOn")]
    assert (await k.snapshot(open_row), await k.snapshot(exited)) == before


@pytest.mark.parametrize("who", [COACH, MANAGER, HUB_OJF])
async def test_denied(api: Api, who: str) -> None:
    row = await _exited()
    before = await k.snapshot(row)
    body = await api.post(OUTCOME_RECORD, args(row, "AT_EXIT", "HOUSED", "2024-09-01"), as_=who)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before
