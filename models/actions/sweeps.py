"""The daily sweeps: the 45-day Pre-Program Exit (R-REF-4) and the 90-day Auto Exit
(R-OUT-4), idempotent and dry-runnable (R-OUT-5).

Set-based: whatever the number of records, a run issues the same few statements: one
SELECT of the due records (locked on PostgreSQL), one INSERT … SELECT each of audit
entries and system case notes over the same predicate, one UPDATE of the same set, and
(45-day) one bulk insert of the emails to the coaches. Who
is due is computed from the dates in the database on every run, with the cutoffs of the
pure rules. A real run is recorded in SweepRun, unique per (kind, as_of), so that two
schedulers cannot double a day. The CLI, the sweepRun mutation and the worker all call
run_sweep.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from structlog import get_logger
from tortoise import connections
from tortoise.exceptions import IntegrityError

from models import clock
from models.actions.outbox import enqueue_after_commit, unit_of_work
from models.config import get_settings
from models.rules.enums import ProgramStatus, SweepKind
from models.rules.errors import Violation
from models.rules.outcomes import inactivity_cutoff, sweep_run_violations
from models.rules.referral import referral_45_day_cutoff
from models.system import SweepRun

log = get_logger(__name__)

_LAST_QUALIFYING = "COALESCE(e.lq_fund_service_date, e.participation_date, e.review_date)"
# R-OUT-4 with R-OUT-6: the day an exit was removed counts when it is later.
_LAST_QUALIFYING_SQL = (
    f"CASE WHEN e.exit_removed_on IS NOT NULL AND e.exit_removed_on > {_LAST_QUALIFYING} "
    f"THEN e.exit_removed_on ELSE {_LAST_QUALIFYING} END"
)
_DUE_SQL = {
    # R-REF-4: open RA records not accepted, day 46 after the Application Date or later.
    SweepKind.REFERRAL_45_DAY: (
        "e.is_ra = TRUE AND e.program_status = 'OPEN' AND e.review_date IS NULL "
        "AND e.application_date <= :cutoff"
    ),
    # R-OUT-4: accepted open records whose last qualifying date is more than 90 days ago.
    SweepKind.INACTIVITY_90_DAY: (
        "e.is_ra = TRUE AND e.program_status = 'OPEN' AND e.review_date IS NOT NULL "
        f"AND {_LAST_QUALIFYING} <= :cutoff "
        "AND (e.exit_removed_on IS NULL OR e.exit_removed_on <= :cutoff)"
    ),
}
_NEW_STATUS = {
    SweepKind.REFERRAL_45_DAY: ProgramStatus.PRE_PROGRAM_EXIT,
    SweepKind.INACTIVITY_90_DAY: ProgramStatus.AUTO_EXIT,
}
_NOTES = {
    SweepKind.REFERRAL_45_DAY: (
        "Pre-Program Exit by the daily sweep: the referral was not accepted within 45 days "
        "of the Application Date (R-REF-4)."
    ),
    SweepKind.INACTIVITY_90_DAY: (
        "Auto Exit by the daily sweep: no qualifying service for more than 90 days; the exit "
        "date is the last qualifying date (R-OUT-4)."
    ),
}
EMAIL_KIND = "referral.pre_program_exit"


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepOutcome:
    """What a sweep changed (or, on a dry run, would change): the records' ids in order."""

    kind: SweepKind
    as_of: date
    dry_run: bool
    changed_ids: tuple[int, ...] = ()
    violations: tuple[Violation, ...] = ()
    already_ran: bool = False
    emails: int = field(default=0)


def cutoff(kind: SweepKind, as_of: date) -> date:
    """The latest date due on as_of, from the pure rules (R-REF-4, R-OUT-4)."""
    if kind is SweepKind.REFERRAL_45_DAY:
        return referral_45_day_cutoff(as_of)
    return inactivity_cutoff(as_of)


def _bind(conn: Any, sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """Named :params to the driver's placeholders; dates as ISO text on SQLite."""
    postgres = conn.capabilities.dialect == "postgres"
    values: list[Any] = []
    order: dict[str, int] = {}

    def place(match: re.Match[str]) -> str:
        name = match[1]
        value = params[name]
        if not postgres:
            if isinstance(value, datetime):
                value = value.isoformat(sep=" ")
            elif isinstance(value, date):
                value = value.isoformat()
            values.append(value)
            return "?"
        if name not in order:
            values.append(value)
            order[name] = len(values)
        return f"${order[name]}"

    return re.sub(r"(?<!:):([a-z_]+)", place, sql), values


def _typed(conn: Any, name: str, pg_type: str) -> str:
    """A bound value in a SELECT list: PostgreSQL needs its type, SQLite must not get one."""
    return f"CAST(:{name} AS {pg_type})" if conn.capabilities.dialect == "postgres" else f":{name}"


def _audit_sql(conn: Any, kind: SweepKind) -> str:
    """INSERT … SELECT of one audit entry per due record (R-ACL-3, R-OUT-5)."""
    pg = conn.capabilities.dialect == "postgres"
    obj, arr = ("jsonb_build_object", "jsonb_build_array") if pg else ("json_object", "json_array")
    exit_date = ":as_of_text" if kind is SweepKind.REFERRAL_45_DAY else _LAST_QUALIFYING_SQL
    changes = (
        f"{obj}('program_status', {arr}('OPEN', CAST(:status AS TEXT)), "
        f"'exit_date', {arr}(NULL, CAST({exit_date} AS TEXT)))"
    )
    return (  # constant SQL, the values are bound
        "INSERT INTO audit_entry (at, actor_id, action, entity, entity_id, changes) "  # noqa: S608
        f"SELECT {_typed(conn, 'now', 'TIMESTAMPTZ')}, {_typed(conn, 'actor', 'INTEGER')}, "
        f":action, 'Enrollment', CAST(e.id AS TEXT), {changes} "
        f"FROM enrollment e WHERE {_DUE_SQL[kind]} ORDER BY e.id"
    )


def _notes_sql(conn: Any, kind: SweepKind) -> str:
    """INSERT … SELECT of one system case note per due record (R-OUT-5)."""
    return (  # constant SQL, the values are bound
        "INSERT INTO case_note (text, written_at, system, enrollment_id) "  # noqa: S608
        f"SELECT CAST(:note AS TEXT), {_typed(conn, 'now', 'TIMESTAMPTZ')}, TRUE, e.id "
        f"FROM enrollment e WHERE {_DUE_SQL[kind]} ORDER BY e.id"
    )


async def _due(conn: Any, kind: SweepKind, as_of: date, *, lock: bool) -> list[dict[str, Any]]:
    sql = (
        f"SELECT e.id AS id, {_LAST_QUALIFYING_SQL} AS last_qualifying, "  # noqa: S608
        "s.email AS coach_email, c.customer_id AS customer_number "
        "FROM enrollment e LEFT JOIN staff s ON s.id = e.referred_by_id "
        "LEFT JOIN customer c ON c.id = e.customer_id "
        f"WHERE {_DUE_SQL[kind]} ORDER BY e.id"
    )
    if lock and conn.capabilities.dialect == "postgres":
        sql += " FOR UPDATE OF e"
    query, values = _bind(conn, sql, {"cutoff": cutoff(kind, as_of)})
    return await conn.execute_query_dict(query, values)


async def due_ids(kind: SweepKind, as_of: date) -> list[int]:
    """The records a real run as of as_of would change (the dry run's answer)."""
    return [int(r["id"]) for r in await _due(connections.get("default"), kind, as_of, lock=False)]


_EMAIL_SUBJECT = "Referral closed after 45 days: customer "
_EMAIL_BODY = (
    "The Rent Assistance referral of customer {number} was not accepted by the hub within 45 "
    "days of its Application Date, so the system closed it (Pre-Program Exit, R-REF-4). A new "
    "referral can be created at any time.\n\nRecord: {link}\n"
)


def _emails_sql(conn: Any) -> tuple[str, dict[str, str]]:
    """INSERT … SELECT of the coaches' emails for the due 45-day records, returning their
    ids (R-REF-4). The body holds the customer ID and a link, never personal data."""
    number = "COALESCE(c.customer_id, CAST(e.id AS TEXT))"
    body_a, _, rest = _EMAIL_BODY.partition("{number}")
    body_b, _, body_c = rest.partition("{link}")
    link = "CAST(:base AS TEXT) || '/enrollments/' || CAST(e.id AS TEXT)"
    return (  # constant SQL, the values are bound
        "INSERT INTO notification (kind, dedupe_key, to_address, subject, body, message_id, "  # noqa: S608
        "status, attempts, created_at) "
        f"SELECT CAST(:kind AS TEXT), 'sweep:{SweepKind.REFERRAL_45_DAY.value}:' || "
        f"CAST(e.id AS TEXT), s.email, '{_EMAIL_SUBJECT}' || {number}, "
        f"CAST(:body_a AS TEXT) || {number} || CAST(:body_b AS TEXT) || {link} || "
        "CAST(:body_c AS TEXT), "
        "'<' || CAST(:batch AS TEXT) || '.' || CAST(e.id AS TEXT) || '@' || "
        "CAST(:domain AS TEXT) || '>', "
        f"'PENDING', 0, {_typed(conn, 'now', 'TIMESTAMPTZ')} "
        "FROM enrollment e JOIN staff s ON s.id = e.referred_by_id "
        "LEFT JOIN customer c ON c.id = e.customer_id "
        f"WHERE {_DUE_SQL[SweepKind.REFERRAL_45_DAY]} AND s.email IS NOT NULL "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
    ), {"body_a": body_a, "body_b": body_b, "body_c": body_c}


async def _apply(kind: SweepKind, as_of: date, actor_id: int | None) -> SweepOutcome:
    conn = connections.get("default")
    await SweepRun.create(kind=kind, as_of=as_of, started_at=clock.now())
    rows = await _due(conn, kind, as_of, lock=True)
    ids = tuple(int(r["id"]) for r in rows)
    status = _NEW_STATUS[kind]
    emails = 0
    if rows:
        exit_sql = ":as_of" if kind is SweepKind.REFERRAL_45_DAY else _LAST_QUALIFYING_SQL
        update = (  # constant SQL, the values are bound
            f"UPDATE enrollment AS e SET program_status = :status, exit_date = {exit_sql} "  # noqa: S608
            f"WHERE {_DUE_SQL[kind]}"
        )
        params = {
            "status": status.value,
            "as_of": as_of,
            "as_of_text": as_of.isoformat(),
            "cutoff": cutoff(kind, as_of),
            "now": clock.now(),
            "actor": actor_id,
            "action": f"sweep.{kind.value}",
            "note": _NOTES[kind],
            "kind": EMAIL_KIND,
            "base": get_settings().public_base_url.rstrip("/"),
            "batch": secrets.token_hex(12),
            "domain": get_settings().mail_from.rsplit("@", 1)[-1],
        }
        # audit entries and system case notes for exactly the due set, in SQL, before the
        # UPDATE changes the predicate (the SELECT above holds the rows on PostgreSQL)
        for statement in (_audit_sql(conn, kind), _notes_sql(conn, kind)):
            await conn.execute_query(*_bind(conn, statement, params))
        if kind is SweepKind.REFERRAL_45_DAY:
            for row in rows:
                if not row["coach_email"]:  # one bad record is logged, the rest go on
                    log.warning("sweep.no_coach_email", enrollment_id=row["id"])
            sql, texts = _emails_sql(conn)
            created = await conn.execute_query_dict(*_bind(conn, sql, {**params, **texts}))
            enqueue_after_commit([int(r["id"]) for r in created])
            emails = len(created)
        await conn.execute_query(*_bind(conn, update, params))
    await SweepRun.filter(kind=kind, as_of=as_of).update(finished_at=clock.now(), changed=len(ids))
    return SweepOutcome(kind=kind, as_of=as_of, dry_run=False, changed_ids=ids, emails=emails)


async def run_sweep(
    *, kind: SweepKind, as_of: date, dry_run: bool, actor_id: int | None
) -> SweepOutcome:
    """Run a daily sweep as of a day, or list on a dry run exactly what it would change;
    a real run only for today or earlier, once per kind and day (R-REF-4, R-OUT-4, R-OUT-5)."""
    violations = sweep_run_violations(as_of, clock.today(), dry_run)
    if violations:
        return SweepOutcome(kind=kind, as_of=as_of, dry_run=dry_run, violations=tuple(violations))
    if dry_run:
        ids = await due_ids(kind, as_of)
        return SweepOutcome(kind=kind, as_of=as_of, dry_run=True, changed_ids=tuple(ids))
    if await SweepRun.filter(kind=kind, as_of=as_of).exists():
        log.info("sweep.already_ran", kind=kind.value, as_of=as_of.isoformat())
        return SweepOutcome(kind=kind, as_of=as_of, dry_run=False, already_ran=True)
    try:
        async with unit_of_work():
            outcome = await _apply(kind, as_of, actor_id)
    except IntegrityError:  # another scheduler recorded this day first
        log.info("sweep.already_ran", kind=kind.value, as_of=as_of.isoformat())
        return SweepOutcome(kind=kind, as_of=as_of, dry_run=False, already_ran=True)
    log.info(
        "sweep.done",
        kind=kind.value,
        as_of=as_of.isoformat(),
        changed=len(outcome.changed_ids),
        emails=outcome.emails,
    )
    return outcome
