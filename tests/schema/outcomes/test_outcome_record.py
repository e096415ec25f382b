"""outcomeRecord (R-OUT-7, R-OUT-8, R-PERF-2): one per type (a second replaces the first),
timing from the exit date at month ends, Housed at exit for retention (and an At Exit
status that retention rests on stays Housed), Received RA Again as the next retention
type, exempt from the checks, only after a newer RA record applied for more than 90 days
after the exit (NO_RETURN_RECORDED), and final: no later outcome replaces it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import clock
from models.customers import Customer
from models.enrollments import Enrollment
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus, OutcomeType, ProgramStatus
from models.system import AuditEntry
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, Api
from tests.ids import gid, gid_of
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


async def returned(row: Enrollment, days: int, *, status: ProgramStatus | None = None) -> None:
    """A newer RA record of the same customer, applied for `days` after the exit."""
    assert row.exit_date is not None
    coach = await f.staff(COACH)
    cust = await Customer.get(id=row.customer_id)  # type: ignore[attr-defined]
    new = await f.ra_record(
        cust, coach, application_date=row.exit_date + timedelta(days), complete=False
    )
    if status is not None:
        await Enrollment.filter(id=new.id).update(program_status=status)


async def test_received_ra_again_is_the_next_retention_type_and_exempt(api: Api) -> None:
    row = await k.exited(EXIT, at_exit=OutcomeHousingStatus.NOT_HOUSED)
    await returned(row, 91)
    # too early and not housed at exit, yet accepted; recorded as 6 Month
    data = await api.ok(
        OUTCOME_RECORD,
        args(row, "TWELVE_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2024-10-01"),
        as_=HUB,
    )
    assert data["outcomeRecord"]["errors"] == []
    assert data["outcomeRecord"]["outcome"]["type"] == "SIX_MONTH_RETENTION"
    housed = await k.exited(EXIT, at_exit=OutcomeHousingStatus.HOUSED)
    await returned(housed, 400)
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
    await returned(row, 91)
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


@pytest.mark.parametrize(
    ("days", "status", "accepted"),
    [
        (None, None, False),  # five days after the exit, no new RA record (the issue)
        (90, None, False),
        (91, None, True),
        (91, ProgramStatus.PRE_PROGRAM_EXIT, False),  # a referral never accepted gave no RA
        (91, ProgramStatus.EXIT, True),
        (-30, None, False),  # an older record is no return
    ],
)
async def test_received_ra_again_needs_a_return_over_90_days(
    api: Api, days: int | None, status: ProgramStatus | None, accepted: bool
) -> None:
    row = await k.exited(EXIT, at_exit=OutcomeHousingStatus.NOT_HOUSED)
    if days is not None:
        await returned(row, days, status=status)
    before = await k.snapshot(row)
    data = await api.ok(
        OUTCOME_RECORD, args(row, "SIX_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2024-09-05"), as_=HUB
    )
    if accepted:
        assert data["outcomeRecord"]["errors"] == []
    else:
        assert k.codes(data["outcomeRecord"]) == [("NO_RETURN_RECORDED", "housingStatus")]
        assert "2024-11-30" in data["outcomeRecord"]["errors"][0]["message"]
        assert await k.snapshot(row) == before


@pytest.mark.parametrize(
    ("type_", "status", "on"),
    [
        ("SIX_MONTH_RETENTION", "HOUSED", "2025-03-01"),  # the issue: it replaced the mark
        ("SIX_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2025-03-01"),
        ("TWELVE_MONTH_RETENTION", "HOUSED", "2025-09-01"),
        ("TWELVE_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2025-09-01"),
        ("AT_EXIT", "NOT_HOUSED", "2024-09-01"),
    ],
)
async def test_received_ra_again_is_final(api: Api, type_: str, status: str, on: str) -> None:
    row = await k.exited(EXIT, at_exit=OutcomeHousingStatus.HOUSED)
    await returned(row, 91)
    first = await api.ok(
        OUTCOME_RECORD, args(row, "SIX_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2024-12-15"), as_=HUB
    )
    assert first["outcomeRecord"]["errors"] == []
    before = await k.snapshot(row)
    data = await api.ok(OUTCOME_RECORD, args(row, type_, status, on), as_=HUB_ADVOCATE)
    assert k.codes(data["outcomeRecord"]) == [("WRONG_STAGE", None)]
    assert "final" in data["outcomeRecord"]["errors"][0]["message"]
    assert await k.snapshot(row) == before


async def test_the_system_mark_is_final_too(api: Api) -> None:
    """The mark recorded on acceptance (R-ENR-6) holds against hub staff as well."""
    row = await k.exited(EXIT, at_exit=OutcomeHousingStatus.HOUSED)
    await Outcome.create(
        enrollment=row,
        type=OutcomeType.SIX_MONTH_RETENTION,
        housing_status=OutcomeHousingStatus.RECEIVED_RA_AGAIN,
        recorded_on=date(2025, 1, 10),
        recorded_by_id=None,
    )
    before = await k.snapshot(row)
    data = await api.ok(
        OUTCOME_RECORD, args(row, "SIX_MONTH_RETENTION", "HOUSED", "2025-03-01"), as_=HUB
    )
    assert k.codes(data["outcomeRecord"]) == [("WRONG_STAGE", None)]
    assert await k.snapshot(row) == before


async def test_an_at_exit_status_retention_rests_on_stays_housed(api: Api) -> None:
    row = await k.exited(EXIT, at_exit=OutcomeHousingStatus.HOUSED)
    await api.ok(OUTCOME_RECORD, args(row, "SIX_MONTH_RETENTION", "HOUSED", "2025-03-01"), as_=HUB)
    before = await k.snapshot(row)
    data = await api.ok(OUTCOME_RECORD, args(row, "AT_EXIT", "NOT_HOUSED", "2024-09-01"), as_=HUB)
    assert k.codes(data["outcomeRecord"]) == [("NOT_HOUSED_AT_EXIT", "housingStatus")]
    assert await k.snapshot(row) == before


FIGURES = """
query($hub: ID!, $start: Date!, $end: Date!) {
  performanceReport(hubId: $hub, periodStart: $start, periodEnd: $end) {
    sixMonthRetained sixMonthDenominator sixMonthRetentionRate sixMonthRecords { id }
  }
}
"""


async def figures(api: Api, row: Enrollment, start: str, end: str) -> tuple:
    hub = gid_of("Provider", row.provider_id)  # type: ignore[attr-defined]
    variables = {"hub": hub, "start": start, "end": end}
    report = (await api.ok(FIGURES, variables, as_=MANAGER))["performanceReport"]
    return (
        report["sixMonthRetained"],
        report["sixMonthDenominator"],
        report["sixMonthRetentionRate"],
    )


async def test_the_june_report_keeps_a_not_housed_exit(api: Api) -> None:
    """The issue's June report: hub staff marking Received RA Again five days after an
    exit, with no new RA record, made a Not-Housed exit vanish (1 record at 1.0 instead of
    2 at 0.5). Refused, the figures stay (R-PERF-2)."""
    exit_on = date(2024, 12, 10)  # + 6 months: 2025-06-10
    housed = await k.exited(exit_on, at_exit=OutcomeHousingStatus.HOUSED)
    await Outcome.create(
        enrollment=housed,
        type=OutcomeType.SIX_MONTH_RETENTION,
        housing_status=OutcomeHousingStatus.HOUSED,
        recorded_on=date(2025, 6, 10),
    )
    not_housed = await k.exited(exit_on, at_exit=OutcomeHousingStatus.NOT_HOUSED)
    assert await figures(api, housed, "2025-06-01", "2025-06-30") == (1, 2, 0.5)
    data = await api.ok(
        OUTCOME_RECORD,
        args(not_housed, "SIX_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2024-12-15"),
        as_=HUB,
    )
    assert k.codes(data["outcomeRecord"]) == [("NO_RETURN_RECORDED", "housingStatus")]
    assert await figures(api, housed, "2025-06-01", "2025-06-30") == (1, 2, 0.5)
    # a real return, applied for 91 days after the exit: the episode leaves the figures
    await returned(not_housed, 91)
    data = await api.ok(
        OUTCOME_RECORD,
        args(not_housed, "SIX_MONTH_RETENTION", "RECEIVED_RA_AGAIN", "2025-03-15"),
        as_=HUB,
    )
    assert data["outcomeRecord"]["errors"] == []
    assert await figures(api, housed, "2025-06-01", "2025-06-30") == (1, 1, 1.0)
