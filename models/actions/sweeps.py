"""The daily sweeps: the 45-day Pre-Program Exit (R-REF-4) and the 90-day Auto Exit
(R-OUT-4), idempotent and dry-runnable (R-OUT-5).

Set-based: whatever the number of records, a run issues the same few statements: one
SELECT of the due records (locked on PostgreSQL), one UPDATE of the same set, one bulk
insert each of audit entries, system case notes and (45-day) emails to the coaches. Who
is due is computed from the dates in the database on every run, with the cutoffs of the
pure rules. A real run is recorded in SweepRun, unique per (kind, as_of), so that two
schedulers cannot double a day. The CLI, the sweepRun mutation and the worker all call
run_sweep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from structlog import get_logger
from tortoise import connections
from tortoise.exceptions import IntegrityError

from api.settings import get_settings
from models import clock
from models.actions import audit
from models.actions.outbox import notify_many, unit_of_work
from models.rules.enums import ProgramStatus, SweepKind
from models.rules.errors import Violation
from models.rules.outcomes import inactivity_cutoff, sweep_run_violations
from models.rules.referral import referral_45_day_cutoff
from models.services import CaseNote
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
            values.append(value.isoformat() if isinstance(value, date) else value)
            return "?"
        if name not in order:
            values.append(value)
            order[name] = len(values)
        return f"${order[name]}"

    return re.sub(r"(?<!:):([a-z_]+)", place, sql), values


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


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


def _email(row: dict[str, Any], base_url: str) -> tuple[str, str, str, str]:
    number = row["customer_number"] or row["id"]
    return (
        f"sweep:{SweepKind.REFERRAL_45_DAY.value}:{row['id']}",
        row["coach_email"],
        f"Referral closed after 45 days: customer {number}",
        f"The Rent Assistance referral of customer {number} was not accepted by the hub "
        "within 45 days of its Application Date, so the system closed it (Pre-Program Exit, "
        "R-REF-4). A new referral can be created at any time.\n\n"
        f"Record: {base_url}/enrollments/{row['id']}\n",
    )


async def _apply(kind: SweepKind, as_of: date, actor_id: int | None) -> SweepOutcome:
    conn = connections.get("default")
    await SweepRun.create(kind=kind, as_of=as_of, started_at=clock.now())
    rows = await _due(conn, kind, as_of, lock=True)
    ids = tuple(int(r["id"]) for r in rows)
    status = _NEW_STATUS[kind]
    emails: list[tuple[str, str, str, str]] = []
    if rows:
        exit_sql = ":as_of" if kind is SweepKind.REFERRAL_45_DAY else _LAST_QUALIFYING_SQL
        update = (  # constant SQL, the values are bound
            f"UPDATE enrollment AS e SET program_status = :status, exit_date = {exit_sql} "  # noqa: S608
            f"WHERE {_DUE_SQL[kind]}"
        )
        query, values = _bind(
            conn, update, {"status": status.value, "as_of": as_of, "cutoff": cutoff(kind, as_of)}
        )
        await conn.execute_query(query, values)
        exits = {
            int(r["id"]): as_of
            if kind is SweepKind.REFERRAL_45_DAY
            else _as_date(r["last_qualifying"])
            for r in rows
        }
        await audit.record_many(
            actor_id=actor_id,
            action=f"sweep.{kind.value}",
            entity="Enrollment",
            rows=(
                (
                    i,
                    {"program_status": ProgramStatus.OPEN, "exit_date": None},
                    {"program_status": status, "exit_date": exits[i]},
                )
                for i in ids
            ),
            batch_size=None,
        )
        now = clock.now()
        await CaseNote.bulk_create(
            [
                CaseNote(enrollment_id=i, text=_NOTES[kind], written_at=now, system=True)
                for i in ids
            ],
            batch_size=None,
        )
        if kind is SweepKind.REFERRAL_45_DAY:
            base_url = get_settings().public_base_url.rstrip("/")
            for row in rows:
                if not row["coach_email"]:  # one bad record is logged, the rest go on
                    log.warning("sweep.no_coach_email", enrollment_id=row["id"])
                    continue
                emails.append(_email(row, base_url))
            await notify_many(kind=EMAIL_KIND, emails=emails)
    await SweepRun.filter(kind=kind, as_of=as_of).update(finished_at=clock.now(), changed=len(ids))
    return SweepOutcome(kind=kind, as_of=as_of, dry_run=False, changed_ids=ids, emails=len(emails))


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
