"""Bulk rows for the set-based benchmarks (B3, B4), inserted by one raw SQL statement
per table: PostgreSQL generates the rows with generate_series, SQLite with a recursive
CTE. Row g of N (ids 1..N on an empty database) takes its state from g % 100:

    0-4    RA record sent 60 days ago, never accepted: due for the 45-day sweep
    5-9    accepted, last qualifying service 120 days ago: due for the 90-day sweep
    10-39  accepted and active (a service in the last 60 days)
    40-59  RA record applied for in the last 40 days, not yet accepted
    60-79  program record at the agency
    80-99  exited RA record, exit date spread over the last 400 days

Two enrollments share a customer. B4 adds one service per RA record and retention
outcomes on exited records."""

from __future__ import annotations

from datetime import date

from bench.harness import People, is_postgres, sql_date, sql_date_minus

DUE_SHARE = 0.05  # of each sweep


def _series(n: int) -> tuple[str, str]:
    """(prefix, FROM clause) producing g = 1..n: `INSERT … {prefix}SELECT … {from}`."""
    if is_postgres():
        return "", f"FROM generate_series(1, {int(n)}) AS s(g)"
    return (
        f"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {int(n)}) ",
        "FROM s",
    )


async def _execute(sql: str) -> None:
    from tortoise import connections

    await connections.get("default").execute_script(sql)


async def _fix_sequence(table: str) -> None:
    if is_postgres():
        await _execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


async def seed_enrollments(p: People, n: int, as_of: date) -> None:
    """N enrollments (and N/2 customers) in the states above, as of a day."""
    customers = (n + 1) // 2
    prefix, source = _series(customers)
    await _execute(
        "INSERT INTO customer (id, customer_id, legal_first_name, legal_last_name, "
        "date_of_birth, search_name, created_by_provider_id, created_at) "
        f"{prefix}SELECT g, CAST(2000000 + g AS TEXT), 'Bench', 'Person', "
        f"{sql_date(date(1990, 1, 1))}, 'bench person', {p.agency_id}, CURRENT_TIMESTAMP {source}"
    )
    m = "(g % 100)"

    def ago(days: str) -> str:
        return sql_date_minus(as_of, days)

    state = {
        "is_ra": f"CASE WHEN {m} BETWEEN 60 AND 79 THEN FALSE ELSE TRUE END",
        "provider_id": f"CASE WHEN {m} BETWEEN 60 AND 79 THEN {p.agency_id} ELSE {p.hub_id} END",
        "referred_by_id": f"CASE WHEN {m} BETWEEN 60 AND 79 THEN NULL ELSE {p.coach_id} END",
        "application_date": f"CASE WHEN {m} < 5 THEN {ago('60')} "
        f"WHEN {m} < 10 THEN {ago('300')} WHEN {m} < 40 THEN {ago('200')} "
        f"WHEN {m} < 60 THEN {ago('g % 40')} WHEN {m} < 80 THEN {ago('400')} "
        f"ELSE {ago('800')} END",
        "program_status": f"CASE WHEN {m} >= 80 THEN 'EXIT' ELSE 'OPEN' END",
        "review_date": f"CASE WHEN {m} BETWEEN 5 AND 9 THEN {ago('290')} "
        f"WHEN {m} BETWEEN 10 AND 39 THEN {ago('190')} WHEN {m} >= 80 THEN {ago('790')} END",
        "participation_date": f"CASE WHEN {m} BETWEEN 5 AND 9 THEN {ago('290')} "
        f"WHEN {m} BETWEEN 10 AND 39 THEN {ago('190')} WHEN {m} >= 80 THEN {ago('790')} END",
        "lq_fund_service_date": f"CASE WHEN {m} BETWEEN 5 AND 9 THEN {ago('120')} "
        f"WHEN {m} BETWEEN 10 AND 39 THEN {ago('g % 60')} "
        f"WHEN {m} >= 80 THEN {ago('(g / 100 * 113 + g) % 400 + 30')} END",
        "fully_enrolled": f"CASE WHEN {m} BETWEEN 5 AND 39 OR {m} >= 80 THEN TRUE ELSE FALSE END",
        "exit_date": f"CASE WHEN {m} >= 80 THEN {ago('(g / 100 * 113 + g) % 400')} END",
        "sent_at": f"CASE WHEN {m} BETWEEN 60 AND 79 THEN NULL ELSE CURRENT_TIMESTAMP END",
    }
    columns = ", ".join(state)
    values = ", ".join(state.values())
    insert = (
        f"INSERT INTO enrollment (id, customer_id, customer_of_id, created_by_id, created_at, "
        f"{columns}) "
    )
    prefix, source = _series(n)
    select = (
        f"SELECT g, (g + 1) / 2, {p.coach_id}, {p.coach_id}, CURRENT_TIMESTAMP, {values} {source}"
    )
    await _execute(f"{insert}{prefix}{select}")
    await _fix_sequence("customer")
    await _fix_sequence("enrollment")


async def seed_services_and_outcomes(p: People, as_of: date) -> None:
    """One service per RA record (two in three a housing support) and retention
    outcomes on exited records (some Received RA Again)."""
    await _execute(
        "INSERT INTO service (enrollment_id, type, start_date, end_date, entered_by_id, "
        "created_at) SELECT id, CASE id % 3 WHEN 0 THEN 'RAPID_REHOUSING' "
        "WHEN 1 THEN 'HOMELESS_PREVENTION' ELSE 'CAREER_COACHING' END, "
        "COALESCE(participation_date, application_date), "
        f"COALESCE(exit_date, {sql_date(as_of)}), {p.hub_staff_id}, CURRENT_TIMESTAMP "
        "FROM enrollment WHERE is_ra"
    )
    for kind, status, where in (
        (
            "SIX_MONTH_RETENTION",
            "CASE WHEN id % 4 = 0 THEN 'NOT_HOUSED' ELSE 'HOUSED' END",
            "id % 5 <> 0",
        ),
        (
            "TWELVE_MONTH_RETENTION",
            "CASE WHEN id % 3 = 0 THEN 'NOT_HOUSED' ELSE 'HOUSED' END",
            "id % 2 = 0",
        ),
        ("AT_EXIT", "CASE WHEN id % 10 = 3 THEN 'RECEIVED_RA_AGAIN' ELSE 'HOUSED' END", "TRUE"),
    ):
        await _execute(
            "INSERT INTO outcome (enrollment_id, type, housing_status, recorded_on, "
            f"recorded_by_id) SELECT id, '{kind}', {status}, exit_date, {p.hub_staff_id} "
            f"FROM enrollment WHERE program_status = 'EXIT' AND {where}"
        )


async def analyze() -> None:
    """Fresh planner statistics (and, on PostgreSQL, no dead rows) after bulk changes."""
    await _execute("VACUUM ANALYZE" if is_postgres() else "ANALYZE")
