"""The daily sweeps (R-REF-4, R-OUT-4, R-OUT-5): who is swept at the day boundaries, what
a run writes, idempotence, dry runs, and a constant number of SQL statements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import clock
from models.actions.sweeps import run_sweep
from models.enrollments import Enrollment
from models.rules.enums import ErrorCode, ProgramStatus, SweepKind
from models.services import CaseNote
from models.system import AuditEntry, Notification, SweepRun
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, SINK
from tests.querycount import count_queries

TODAY = date(2025, 6, 2)
REF = SweepKind.REFERRAL_45_DAY
INACTIVE = SweepKind.INACTIVITY_90_DAY


async def _counts() -> tuple[int, ...]:
    return (
        await AuditEntry.all().count(),
        await CaseNote.all().count(),
        await Notification.all().count(),
        await Enrollment.filter(program_status=ProgramStatus.OPEN).count(),
    )


async def _status(row: Enrollment) -> tuple[ProgramStatus, date | None]:
    fresh = await Enrollment.get(id=row.id)
    return fresh.program_status, fresh.exit_date


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.freeze(TODAY)


# --- R-REF-4: the 45-day Pre-Program Exit ----------------------------------------------


async def test_45_day_sweep_exits_day_46_records_and_emails_their_coach(seeded: str) -> None:
    coach, other = await f.staff(COACH), await f.staff(COACH_OJF)
    day46 = await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    draft = await f.ra_record(
        await f.customer(other),
        other,
        application_date=TODAY - timedelta(days=60),
        complete=False,
    )
    day45 = await f.sent_referral(coach, application_date=TODAY - timedelta(days=45))
    accepted = await f.accepted_referral(
        coach, await f.staff(HUB), application_date=TODAY - timedelta(days=80)
    )

    dry = await run_sweep(kind=REF, as_of=TODAY, dry_run=True, actor_id=None)
    assert dry.changed_ids == (day46.id, draft.id)
    outcome = await run_sweep(kind=REF, as_of=TODAY, dry_run=False, actor_id=None)

    assert outcome.changed_ids == dry.changed_ids
    assert await _status(day46) == (ProgramStatus.PRE_PROGRAM_EXIT, TODAY)
    assert await _status(draft) == (ProgramStatus.PRE_PROGRAM_EXIT, TODAY)
    assert await _status(day45) == (ProgramStatus.OPEN, None)
    assert await _status(accepted) == (ProgramStatus.OPEN, None)
    notes = await CaseNote.filter(enrollment_id__in=[day46.id, draft.id])
    assert len(notes) == 2 and all(n.system and n.author_id is None for n in notes)  # type: ignore[attr-defined]
    audits = await AuditEntry.filter(action="sweep.REFERRAL_45_DAY").order_by("entity_id")
    assert sorted(a.entity_id for a in audits) == sorted([str(day46.id), str(draft.id)])
    assert audits[0].changes["program_status"] == ["OPEN", "PRE_PROGRAM_EXIT"]
    run = await SweepRun.get(kind=REF, as_of=TODAY)
    assert run.changed == 2 and run.finished_at is not None

    from workers.mailer import deliver_pending

    SINK.clear()
    assert await deliver_pending() == 2
    assert len(SINK.to(COACH)) == 1 and len(SINK.to(COACH_OJF)) == 1
    message = SINK.to(COACH)[0]
    body = message.message.get_body(("plain",))
    text = message.subject + (body.get_content() if body else "")
    assert f"/enrollments/{day46.id}" in text
    customer = await day46.customer
    assert customer.customer_id in text
    for personal in (customer.legal_first_name, customer.legal_last_name, customer.email):
        assert personal not in text
    from models.actions.sweeps import _EMAIL_BODY

    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == _EMAIL_BODY.format(
        number=customer.customer_id, link=f"http://testserver/enrollments/{day46.id}"
    )
    assert message.subject == f"Referral closed after 45 days: customer {customer.customer_id}"


async def test_45_day_sweep_of_an_earlier_day_catches_up(seeded: str) -> None:
    coach = await f.staff(COACH)
    row = await f.sent_referral(coach, application_date=TODAY - timedelta(days=50))
    assert (
        await run_sweep(kind=REF, as_of=TODAY - timedelta(days=5), dry_run=True, actor_id=None)
    ).changed_ids == ()
    assert (
        await run_sweep(kind=REF, as_of=TODAY - timedelta(days=4), dry_run=True, actor_id=None)
    ).changed_ids == (row.id,)


async def test_a_second_run_the_same_day_changes_nothing(seeded: str) -> None:
    coach = await f.staff(COACH)
    await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    first = await run_sweep(kind=REF, as_of=TODAY, dry_run=False, actor_id=None)
    assert len(first.changed_ids) == 1
    before = await _counts()
    # a record that becomes due later the same day waits for tomorrow's run
    await f.sent_referral(coach, application_date=TODAY - timedelta(days=47))
    before = await _counts()
    second = await run_sweep(kind=REF, as_of=TODAY, dry_run=False, actor_id=None)
    assert second.already_ran and second.changed_ids == ()
    assert await _counts() == before
    assert await SweepRun.filter(kind=REF).count() == 1


async def test_a_dry_run_changes_nothing(seeded: str) -> None:
    coach = await f.staff(COACH)
    await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    before = await _counts()
    outcome = await run_sweep(
        kind=REF, as_of=TODAY + timedelta(days=30), dry_run=True, actor_id=None
    )
    assert len(outcome.changed_ids) == 1
    assert await _counts() == before
    assert await SweepRun.all().count() == 0


async def test_a_real_run_in_the_future_is_refused(seeded: str) -> None:
    coach = await f.staff(COACH)
    await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    before = await _counts()
    outcome = await run_sweep(
        kind=REF, as_of=TODAY + timedelta(days=1), dry_run=False, actor_id=None
    )
    assert [(v.code, v.field) for v in outcome.violations] == [(ErrorCode.DATE_IN_FUTURE, "asOf")]
    assert outcome.changed_ids == ()
    assert await _counts() == before
    assert await SweepRun.all().count() == 0


# --- R-OUT-4: the 90-day Auto Exit -----------------------------------------------------


async def _accepted(review: date, **dates: date | None) -> Enrollment:
    row = await f.accepted_referral(
        await f.staff(COACH),
        await f.staff(HUB),
        application_date=review - timedelta(days=3),
        review_date=review,
    )
    for name, value in dates.items():
        setattr(row, name, value)
    await row.save(update_fields=list(dates))
    return row


@pytest.mark.parametrize(
    "fallback",
    ["lq_fund_service_date", "participation_date", "review_date", "exit_removed_on"],
)
@pytest.mark.parametrize(("days", "due"), [(89, False), (90, False), (91, True)])
async def test_90_day_sweep_at_the_boundary_with_each_fallback(
    seeded: str, fallback: str, days: int, due: bool
) -> None:
    last = TODAY - timedelta(days=days)
    older = last - timedelta(days=20)
    dates = {
        "lq_fund_service_date": {"lq_fund_service_date": last, "participation_date": older},
        "participation_date": {"participation_date": last},
        "review_date": {},
        "exit_removed_on": {"lq_fund_service_date": older, "exit_removed_on": last},
    }[fallback]
    review = last if fallback == "review_date" else older - timedelta(days=1)
    row = await _accepted(review, **dates)
    outcome = await run_sweep(kind=INACTIVE, as_of=TODAY, dry_run=False, actor_id=None)
    assert outcome.changed_ids == ((row.id,) if due else ())
    expected = (ProgramStatus.AUTO_EXIT, last) if due else (ProgramStatus.OPEN, None)
    assert await _status(row) == expected


async def test_90_day_sweep_skips_unaccepted_and_closed_records(seeded: str) -> None:
    coach = await f.staff(COACH)
    old = TODAY - timedelta(days=200)
    unaccepted = await f.sent_referral(coach, application_date=old)
    exited = await _accepted(old)
    exited.program_status, exited.exit_date = ProgramStatus.EXIT, old
    await exited.save(update_fields=["program_status", "exit_date"])
    due = await _accepted(old)
    outcome = await run_sweep(kind=INACTIVE, as_of=TODAY, dry_run=False, actor_id=None)
    assert outcome.changed_ids == (due.id,)
    assert await _status(unaccepted) == (ProgramStatus.OPEN, None)
    assert await _status(exited) == (ProgramStatus.EXIT, old)
    audit = await AuditEntry.get(action="sweep.INACTIVITY_90_DAY")
    assert audit.changes == {
        "program_status": ["OPEN", "AUTO_EXIT"],
        "exit_date": [None, old.isoformat()],
    }
    assert await CaseNote.filter(enrollment_id=due.id, system=True).count() == 1
    assert await Notification.all().count() == 0


# --- set-based: the statement count does not grow with the records ---------------------


async def _bulk_records(n: int, kind: SweepKind) -> None:
    coach = await f.staff(COACH)
    hub = await f.hub_of(coach)
    customer = await f.customer(coach)
    old = TODAY - timedelta(days=300)
    await Enrollment.bulk_create(
        [
            Enrollment(
                customer=customer,
                provider=hub,
                is_ra=True,
                customer_of=coach,
                referred_by=coach,
                created_by=coach,
                application_date=old,
                review_date=old if kind is INACTIVE else None,
            )
            for _ in range(n)
        ],
        batch_size=None,
    )


@pytest.mark.parametrize("kind", [REF, INACTIVE])
async def test_statement_count_is_constant(seeded: str, kind: SweepKind) -> None:
    counts = []
    for n in (10, 1000):
        await Enrollment.filter(is_ra=True).delete()
        await SweepRun.all().delete()
        await _bulk_records(n, kind)
        with count_queries() as queries:
            outcome = await run_sweep(kind=kind, as_of=TODAY, dry_run=False, actor_id=None)
        assert len(outcome.changed_ids) == n
        assert await Enrollment.filter(is_ra=True, program_status=ProgramStatus.OPEN).count() == 0
        counts.append(queries.count)
    assert counts[0] == counts[1], counts
    assert 3 <= counts[0] <= 10


POSTGRES = __import__(
    "tests.conftest", fromlist=["TEST_DATABASE_URL"]
).TEST_DATABASE_URL.startswith(("postgres", "asyncpg"))


@pytest.mark.skipif(not POSTGRES, reason="needs TEST_DATABASE_URL on PostgreSQL")
@pytest.mark.parametrize("kind", [INACTIVE, REF])
async def test_100_000_records_with_a_constant_statement_count(
    seeded: str, kind: SweepKind
) -> None:
    from tortoise import connections

    coach = await f.staff(COACH)
    hub = await f.hub_of(coach)
    customer = await f.customer(coach)
    await _bulk_records(10, kind)
    with count_queries() as small:
        await run_sweep(kind=kind, as_of=TODAY - timedelta(days=1), dry_run=False, actor_id=None)
    old = TODAY - timedelta(days=300)
    await connections.get("default").execute_query(
        "INSERT INTO enrollment (customer_id, provider_id, is_ra, customer_of_id, referred_by_id, "
        "application_date, program_status, review_date, fully_enrolled, created_by_id, "
        "created_at) SELECT $1, $2, TRUE, $3, $3, $4, 'OPEN', $5, FALSE, $3, now() "
        "FROM generate_series(1, 100000)",
        [customer.id, hub.id, coach.id, old, old if kind is INACTIVE else None],
    )
    with count_queries() as big:
        outcome = await run_sweep(kind=kind, as_of=TODAY, dry_run=False, actor_id=None)
    assert len(outcome.changed_ids) == 100_000
    assert await Enrollment.filter(program_status=ProgramStatus.OPEN, is_ra=True).count() == 0
    assert await AuditEntry.filter(action=f"sweep.{kind.value}").count() == 100_010
    assert big.count == small.count, (small.statements, big.statements)


async def test_emails_are_handed_to_the_queue_only_after_the_commit(seeded: str) -> None:
    from models.actions import outbox

    handed: list[int] = []
    outbox.set_dispatcher(handed.extend)
    coach = await f.staff(COACH)
    await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    await f.sent_referral(coach, application_date=TODAY - timedelta(days=50))
    await run_sweep(kind=REF, as_of=TODAY, dry_run=True, actor_id=None)
    assert handed == []
    await run_sweep(kind=REF, as_of=TODAY, dry_run=False, actor_id=None)
    assert sorted(handed) == sorted(await Notification.all().values_list("id", flat=True))
    assert len(handed) == 2


async def test_a_record_without_a_coach_is_exited_and_the_rest_go_on(seeded: str) -> None:
    coach = await f.staff(COACH)
    orphan = await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    orphan.referred_by = None  # type: ignore[assignment]
    await orphan.save(update_fields=["referred_by_id"])
    other = await f.sent_referral(coach, application_date=TODAY - timedelta(days=47))
    outcome = await run_sweep(kind=REF, as_of=TODAY, dry_run=False, actor_id=None)
    assert outcome.changed_ids == (orphan.id, other.id)
    assert await _status(orphan) == (ProgramStatus.PRE_PROGRAM_EXIT, TODAY)
    assert await Notification.all().values_list("to_address", flat=True) == [COACH]


async def test_two_schedulers_the_same_day_sweep_once(seeded: str) -> None:
    import asyncio

    coach = await f.staff(COACH)
    row = await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    outcomes = await asyncio.gather(
        *(run_sweep(kind=REF, as_of=TODAY, dry_run=False, actor_id=None) for _ in range(2))
    )
    assert sorted(o.changed_ids for o in outcomes) == [(), (row.id,)]
    assert sum(o.already_ran for o in outcomes) == 1
    assert await AuditEntry.filter(action="sweep.REFERRAL_45_DAY").count() == 1
    assert await Notification.all().count() == 1
