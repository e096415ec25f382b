"""performanceReport (R-PERF-1..3): housing supports as distinct participants, 6- and
12-month retention with their denominators, drill-down lists, SQL aggregates (the
statement count does not grow with the records), contract managers and the hub's own
staff only."""

from __future__ import annotations

from datetime import date

import pytest

from models import clock
from models.enrollments import Enrollment
from models.payments import Outcome
from models.rules.enums import OutcomeHousingStatus, OutcomeType, ProgramStatus, ServiceType
from models.services import Service
from models.staff import Provider
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, HUB_OJF, MANAGER, Api
from tests.ids import gid
from tests.querycount import count_queries

REPORT = """
query($hub: ID!, $start: Date!, $end: Date!) {
  performanceReport(hubId: $hub, periodStart: $start, periodEnd: $end) {
    hub { name } periodStart periodEnd housingSupports
    sixMonthRetentionRate sixMonthRetained sixMonthDenominator
    twelveMonthRetentionRate twelveMonthRetained twelveMonthDenominator
    housingSupportRecords { id } sixMonthRecords { id } twelveMonthRecords { id }
  }
}
"""
FIGURES = """
query($hub: ID!, $start: Date!, $end: Date!) {
  performanceReport(hubId: $hub, periodStart: $start, periodEnd: $end) {
    housingSupports sixMonthRetained sixMonthDenominator twelveMonthDenominator
  }
}
"""
START, END = date(2025, 2, 1), date(2025, 2, 28)


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(date(2025, 3, 10))


async def _episode(
    coach_email: str = COACH,
    *,
    status: ProgramStatus = ProgramStatus.EXIT,
    exit_date: date | None = None,
    outcomes: dict[OutcomeType, OutcomeHousingStatus] | None = None,
    support_on: date | None = None,
    customer: object = None,
) -> Enrollment:
    coach = await f.staff(coach_email)
    cust = customer or await f.customer(coach)
    row = await f.ra_record(cust, coach, application_date=date(2024, 1, 2))  # type: ignore[arg-type]
    row.program_status, row.exit_date = status, exit_date
    row.review_date = date(2024, 1, 5)
    await row.save(update_fields=["program_status", "exit_date", "review_date"])
    for outcome_type, housing in (outcomes or {}).items():
        await Outcome.create(
            enrollment=row, type=outcome_type, housing_status=housing, recorded_on=date(2025, 3, 1)
        )
    if support_on is not None:
        await Service.create(
            enrollment=row,
            type=ServiceType.RAPID_REHOUSING,
            start_date=support_on,
            end_date=support_on,
            entered_by=coach,
        )
    return row


def ids(rows: list[Enrollment]) -> list[dict]:
    return [{"id": gid(r)} for r in sorted(rows, key=lambda r: r.id)]


async def test_figures_and_drill_down(api: Api) -> None:
    six, twelve = OutcomeType.SIX_MONTH_RETENTION, OutcomeType.TWELVE_MONTH_RETENTION
    housed = OutcomeHousingStatus.HOUSED
    # housing supports: one participant with two records counts once
    first = await _episode(status=ProgramStatus.OPEN, support_on=date(2025, 2, 10))
    second = await _episode(
        status=ProgramStatus.EXIT,
        exit_date=date(2025, 2, 20),
        support_on=date(2025, 2, 1),
        customer=await first.customer,
    )
    other = await _episode(status=ProgramStatus.OPEN, support_on=date(2025, 2, 28))
    await _episode(status=ProgramStatus.PRE_PROGRAM_EXIT, support_on=date(2025, 2, 15))
    await _episode(status=ProgramStatus.OPEN, support_on=date(2025, 1, 31))
    await _episode(COACH_OJF, status=ProgramStatus.OPEN, support_on=date(2025, 2, 15))
    # 6 months: exits 2024-08-01..31 fall due in February 2025
    kept = await _episode(exit_date=date(2024, 8, 31), outcomes={six: housed})
    lost = await _episode(status=ProgramStatus.AUTO_EXIT, exit_date=date(2024, 8, 1))
    unknown = await _episode(
        exit_date=date(2024, 8, 15), outcomes={six: OutcomeHousingStatus.UNKNOWN}
    )
    await _episode(
        exit_date=date(2024, 8, 20), outcomes={six: OutcomeHousingStatus.RECEIVED_RA_AGAIN}
    )
    await _episode(exit_date=date(2024, 7, 31), outcomes={six: housed})
    await _episode(exit_date=date(2024, 9, 1), outcomes={six: housed})
    # 12 months: exits 2024-02-01..29
    leap = await _episode(exit_date=date(2024, 2, 29), outcomes={twelve: housed})
    hub = await f.hub_of(await f.staff(COACH))
    data = await api.ok(
        REPORT,
        {"hub": gid(hub), "start": START.isoformat(), "end": END.isoformat()},
        as_=MANAGER,
    )
    assert data["performanceReport"] == {
        "hub": {"name": hub.name},
        "periodStart": "2025-02-01",
        "periodEnd": "2025-02-28",
        "housingSupports": 2,
        "sixMonthRetentionRate": pytest.approx(1 / 3),
        "sixMonthRetained": 1,
        "sixMonthDenominator": 3,
        "twelveMonthRetentionRate": 1.0,
        "twelveMonthRetained": 1,
        "twelveMonthDenominator": 1,
        "housingSupportRecords": ids([first, second, other]),
        "sixMonthRecords": ids([kept, lost, unknown]),
        "twelveMonthRecords": ids([leap]),
    }


async def test_rates_are_null_without_a_denominator(api: Api) -> None:
    hub = await f.hub_of(await f.staff(COACH))
    data = await api.ok(
        REPORT, {"hub": gid(hub), "start": START.isoformat(), "end": END.isoformat()}, as_=HUB
    )
    report = data["performanceReport"]
    assert report["sixMonthRetentionRate"] is None and report["twelveMonthRetentionRate"] is None
    assert report["housingSupports"] == 0 and report["housingSupportRecords"] == []


async def test_the_statement_count_does_not_grow_with_the_records(api: Api) -> None:
    hub = await f.hub_of(await f.staff(COACH))
    variables = {"hub": gid(hub), "start": START.isoformat(), "end": END.isoformat()}
    counts = []
    for n in (1, 8):
        for _ in range(n):
            await _episode(
                exit_date=date(2024, 8, 10),
                support_on=date(2025, 2, 3),
                outcomes={OutcomeType.SIX_MONTH_RETENTION: OutcomeHousingStatus.HOUSED},
            )
        await api.token(MANAGER)
        with count_queries() as queries:
            data = await api.ok(REPORT, variables, as_=MANAGER)
        assert data["performanceReport"]["housingSupports"] >= n
        counts.append(queries.count)
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("who", [COACH, HUB_OJF])
async def test_others_are_forbidden(api: Api, who: str) -> None:
    hub = await f.hub_of(await f.staff(COACH))
    body = await api.post(
        FIGURES, {"hub": gid(hub), "start": START.isoformat(), "end": END.isoformat()}, as_=who
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None


async def test_a_hub_is_required(api: Api) -> None:
    agency = await Provider.get(id=(await f.staff(COACH)).provider_id)  # type: ignore[attr-defined]
    body = await api.post(
        FIGURES,
        {"hub": gid(agency), "start": START.isoformat(), "end": END.isoformat()},
        as_=MANAGER,
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
