"""B3: both daily sweeps (run_sweep, dry_run=False: REFERRAL_45_DAY then INACTIVITY_90_DAY)
over N enrollments, 5% due for each (bench/bulk.py), against one hand-written SQL UPDATE
per sweep making the same status change on the same data. Ours also writes what the
design rules ask for (an audit entry and a system case note per changed record, the
coaches' emails for the 45-day sweep, a SweepRun row); the baseline changes the status
only. N = BENCH_SWEEP_N, default 1,000,000 on PostgreSQL and 100,000 on SQLite.

The baseline runs first; the changed rows are then put back (the states are a function
of the id), the table vacuumed/analysed, and ours runs on the same data."""

from __future__ import annotations

import os
import time
from datetime import date

from bench.bulk import analyze, seed_enrollments
from bench.harness import Result, fresh_database, is_postgres, people, sql_date

_LAST_QUALIFYING = "COALESCE(lq_fund_service_date, participation_date, review_date)"


def sweep_n() -> int:
    """BENCH_SWEEP_N, or the default for the database in use."""
    default = 1_000_000 if is_postgres() else 100_000
    return int(os.environ.get("BENCH_SWEEP_N") or default)


def baseline_updates(as_of: date) -> dict[str, str]:
    """One UPDATE per sweep, written by hand from R-REF-4 and R-OUT-4/6."""
    from models.rules.outcomes import inactivity_cutoff
    from models.rules.referral import referral_45_day_cutoff

    ref, inactive = sql_date(referral_45_day_cutoff(as_of)), sql_date(inactivity_cutoff(as_of))
    last = (
        f"CASE WHEN exit_removed_on IS NOT NULL AND exit_removed_on > {_LAST_QUALIFYING} "
        f"THEN exit_removed_on ELSE {_LAST_QUALIFYING} END"
    )
    return {
        "REFERRAL_45_DAY": (
            f"UPDATE enrollment SET program_status = 'PRE_PROGRAM_EXIT', exit_date = "
            f"{sql_date(as_of)} WHERE is_ra AND program_status = 'OPEN' "
            f"AND review_date IS NULL AND application_date <= {ref}"
        ),
        "INACTIVITY_90_DAY": (
            f"UPDATE enrollment SET program_status = 'AUTO_EXIT', exit_date = {last} "
            "WHERE is_ra AND program_status = 'OPEN' AND review_date IS NOT NULL "
            f"AND {_LAST_QUALIFYING} <= {inactive} "
            f"AND (exit_removed_on IS NULL OR exit_removed_on <= {inactive})"
        ),
    }


async def _status_counts() -> dict[str, int]:
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        "SELECT program_status, COUNT(*) AS n FROM enrollment GROUP BY program_status"
    )
    return {r["program_status"]: int(r["n"]) for r in rows}


async def measure(n: int) -> Result:
    """B3 on the open ORM connection (an empty migrated database)."""
    from tortoise import connections

    from models import clock
    from models.actions.sweeps import run_sweep
    from models.rules.enums import SweepKind

    conn = connections.get("default")
    as_of = clock.today()
    p = await people()
    start = time.perf_counter()
    await seed_enrollments(p, n, as_of)
    await analyze()
    seeded_in = time.perf_counter() - start
    before = await _status_counts()

    base: dict[str, float] = {}
    for kind, sql in baseline_updates(as_of).items():
        start = time.perf_counter()
        await conn.execute_query(sql)
        base[kind] = time.perf_counter() - start
    expected = await _status_counts()
    await conn.execute_script(  # put the changed records back (states are a function of id)
        "UPDATE enrollment SET program_status = 'OPEN', exit_date = NULL "
        "WHERE program_status IN ('PRE_PROGRAM_EXIT', 'AUTO_EXIT')"
    )
    await analyze()
    assert await _status_counts() == before

    ours: dict[str, float] = {}
    changed: dict[str, int] = {}
    for kind in (SweepKind.REFERRAL_45_DAY, SweepKind.INACTIVITY_90_DAY):
        start = time.perf_counter()
        outcome = await run_sweep(kind=kind, as_of=as_of, dry_run=False, actor_id=None)
        ours[kind.value] = time.perf_counter() - start
        assert not outcome.violations and not outcome.already_ran, outcome
        changed[kind.value] = len(outcome.changed_ids)
    assert await _status_counts() == expected, (await _status_counts(), expected)
    shares = ", ".join(f"{k} {v:,} ({v / n:.1%})" for k, v in changed.items())
    database = "PostgreSQL" if is_postgres() else "SQLite"
    return Result(
        "B3",
        f"both daily sweeps over N = {n:,} enrollments ({database})",
        sum(ours.values()),
        sum(base.values()),
        notes=[
            f"N = {n:,}; changed: {shares}; seeded in {seeded_in:.1f} s",
            "per sweep ours / baseline: "
            + ", ".join(f"{k} {ours[k]:.3f} s / {base[k]:.3f} s" for k in ours),
            "ours also writes an audit entry + case note per record, the 45-day emails and "
            "a SweepRun; baseline: one bare UPDATE per sweep",
        ],
    )


async def run(url: str) -> Result:
    async with fresh_database(url):
        n = sweep_n()
        print(f"B3: N = {n:,}", flush=True)
        return await measure(n)
