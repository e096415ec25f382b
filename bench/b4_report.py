"""B4: the hub performance report's figures (models.actions.reports.performance_figures:
five ORM aggregate statements) over N enrollments with services and outcomes
(bench/bulk.py), against one hand-written SQL aggregate computing the same five counts
in one pass; the counts are asserted equal. The period is the last 90 days. Median of
RUNS runs each. N = BENCH_REPORT_N, else BENCH_SWEEP_N, default 1,000,000 on
PostgreSQL and 100,000 on SQLite."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from typing import Any

from bench.bulk import analyze, seed_enrollments, seed_services_and_outcomes
from bench.harness import Result, best_of, fresh_database, is_postgres, people, sql_date

RUNS = 5


def report_n() -> int:
    """BENCH_REPORT_N or BENCH_SWEEP_N, or the default for the database in use."""
    default = 1_000_000 if is_postgres() else 100_000
    return int(os.environ.get("BENCH_REPORT_N") or os.environ.get("BENCH_SWEEP_N") or default)


def baseline_sql(hub_id: int, start: date, end: date) -> str:
    """The five counts of R-PERF-1/2 in one statement, written by hand: one pass over the
    hub's RA records, hash-joined to the records with a housing support in the period
    and to one row of outcome flags per record."""
    from models.rules.performance import exit_dates_due_in_period

    def window(months: int) -> str:
        due = exit_dates_due_in_period(months, start, end)
        if due is None:
            return "FALSE"
        return (
            "e.program_status IN ('EXIT', 'AUTO_EXIT') "
            f"AND e.exit_date BETWEEN {sql_date(due[0])} AND {sql_date(due[1])} "
            "AND COALESCE(o.again, 0) = 0"
        )

    six, twelve = window(6), window(12)
    again = "MAX(CASE WHEN housing_status = 'RECEIVED_RA_AGAIN' THEN 1 ELSE 0 END)"
    housed = "MAX(CASE WHEN type = '{}' AND housing_status = 'HOUSED' THEN 1 ELSE 0 END)"
    return (
        "SELECT COUNT(DISTINCT CASE WHEN e.program_status <> 'PRE_PROGRAM_EXIT' "
        "AND s.enrollment_id IS NOT NULL THEN e.customer_id END) AS housing_supports, "
        f"SUM(CASE WHEN {six} AND o.six = 1 THEN 1 ELSE 0 END) AS six_ret, "
        f"SUM(CASE WHEN {six} THEN 1 ELSE 0 END) AS six_den, "
        f"SUM(CASE WHEN {twelve} AND o.twelve = 1 THEN 1 ELSE 0 END) AS twelve_ret, "
        f"SUM(CASE WHEN {twelve} THEN 1 ELSE 0 END) AS twelve_den "
        "FROM enrollment e LEFT JOIN (SELECT DISTINCT enrollment_id FROM service "
        "WHERE type IN ('RAPID_REHOUSING', 'HOMELESS_PREVENTION') "
        f"AND start_date <= {sql_date(end)} AND end_date >= {sql_date(start)}) s "
        "ON s.enrollment_id = e.id LEFT JOIN (SELECT enrollment_id, "
        f"{again} AS again, {housed.format('SIX_MONTH_RETENTION')} AS six, "
        f"{housed.format('TWELVE_MONTH_RETENTION')} AS twelve "
        "FROM outcome GROUP BY enrollment_id) o ON o.enrollment_id = e.id "
        f"WHERE e.provider_id = {int(hub_id)} AND e.is_ra"
    )


async def measure(n: int, runs: int = RUNS) -> Result:
    """B4 on the open ORM connection (an empty migrated database)."""
    from tortoise import connections

    from models import clock
    from models.actions.reports import Period, performance_figures

    conn = connections.get("default")
    as_of = clock.today()
    p = await people()
    start = time.perf_counter()
    await seed_enrollments(p, n, as_of)
    await seed_services_and_outcomes(p, as_of)
    await analyze()
    seeded_in = time.perf_counter() - start
    period = Period(hub_id=p.hub_id, start=as_of - timedelta(days=90), end=as_of)
    sql = baseline_sql(p.hub_id, period.start, period.end)

    figures = await performance_figures(period)
    row: dict[str, Any] = (await conn.execute_query_dict(sql))[0]
    ours_counts = (
        figures.housing_supports,
        figures.six_month_retained,
        figures.six_month_denominator,
        figures.twelve_month_retained,
        figures.twelve_month_denominator,
    )
    base_counts = tuple(
        int(row[k] or 0)
        for k in ("housing_supports", "six_ret", "six_den", "twelve_ret", "twelve_den")
    )
    assert ours_counts == base_counts, (ours_counts, base_counts)
    assert all(ours_counts), ours_counts  # every figure is exercised

    ours = await best_of(runs, lambda: performance_figures(period))
    baseline = await best_of(runs, lambda: conn.execute_query_dict(sql))
    database = "PostgreSQL" if is_postgres() else "SQLite"
    return Result(
        "B4",
        f"performance report over N = {n:,} enrollments ({database})",
        ours,
        baseline,
        notes=[
            f"N = {n:,}; seeded in {seeded_in:.1f} s; median of {runs} runs each",
            "counts (supports, 6m retained/denominator, 12m retained/denominator): "
            f"{ours_counts}, equal in both",
            "ours: 5 ORM aggregate statements; baseline: one hand-written aggregate",
        ],
    )


async def run(url: str) -> Result:
    async with fresh_database(url):
        n = report_n()
        print(f"B4: N = {n:,}", flush=True)
        return await measure(n)
