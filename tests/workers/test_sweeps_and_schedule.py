"""The daily-sweeps actor and the schedules (workers/scheduler.py).

models/actions/sweeps.py is written on another branch: these tests put a stand-in
module in its place, so they check only our side (both kinds, one day, go on after a
failure, enqueue only).
"""

from __future__ import annotations

import sys
import types
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from dramatiq.brokers.stub import StubBroker

from models import clock
from models.config import Settings
from models.rules.enums import SweepKind
from tests.workers.conftest import RunningWorker
from workers import actors, scheduler
from workers.broker import setup_broker


class FakeSweeps:
    """Stands in for models.actions.sweeps: records run_sweep calls."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail_kind: SweepKind | None = None

    async def run_sweep(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        if kwargs["kind"] == self.fail_kind:
            raise RuntimeError("boom")
        return types.SimpleNamespace(violations=(), already_ran=False)


@pytest.fixture
def fake_sweeps(monkeypatch: pytest.MonkeyPatch) -> FakeSweeps:
    fake = FakeSweeps()
    module = types.ModuleType("models.actions.sweeps")
    module.run_sweep = fake.run_sweep  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "models.actions.sweeps", module)
    return fake


async def test_daily_sweeps_actor_runs_both_kinds_for_the_day(
    stub_worker: RunningWorker, fake_sweeps: FakeSweeps
) -> None:
    actors.run_daily_sweeps.send("2026-03-02")
    await stub_worker.drained("sweeps")
    assert fake_sweeps.calls == [
        {"kind": kind, "as_of": date(2026, 3, 2), "dry_run": False, "actor_id": None}
        for kind in SweepKind
    ]


async def test_one_failing_sweep_does_not_stop_the_other_and_the_message_fails(
    db: str, fake_sweeps: FakeSweeps
) -> None:
    fake_sweeps.fail_kind = SweepKind.REFERRAL_45_DAY
    with pytest.raises(RuntimeError, match="REFERRAL_45_DAY"):
        await actors.run_daily_sweeps.fn.__wrapped__("2026-03-02")  # type: ignore[attr-defined]
    assert [c["kind"] for c in fake_sweeps.calls] == list(SweepKind)


def test_every_schedule_is_in_one_place_with_catch_up_settings() -> None:
    settings = Settings(
        sweep_hour=3, sweep_minute=15, sweep_timezone="America/Los_Angeles", outbox_relay_seconds=45
    )
    sched = scheduler.add_jobs(BackgroundScheduler(), settings)
    jobs = {job.id: job for job in sched.get_jobs()}
    assert set(jobs) == {scheduler.SWEEPS_JOB, scheduler.RELAY_JOB}

    sweeps = jobs[scheduler.SWEEPS_JOB]
    assert isinstance(sweeps.trigger, CronTrigger)
    fields = {f.name: str(f) for f in sweeps.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("3", "15")
    assert str(sweeps.trigger.timezone) == "America/Los_Angeles"
    assert sweeps.coalesce is True
    assert sweeps.misfire_grace_time >= 3600
    assert sweeps.max_instances == 1

    relay = jobs[scheduler.RELAY_JOB]
    assert isinstance(relay.trigger, IntervalTrigger)
    assert relay.trigger.interval == timedelta(seconds=45)
    assert relay.coalesce is True


@pytest.mark.parametrize(
    ("utc", "due"),
    [
        (datetime(2026, 3, 2, 10, 59, tzinfo=UTC), False),  # 02:59 in Portland (PST)
        (datetime(2026, 3, 2, 11, 0, tzinfo=UTC), True),  # 03:00
        (datetime(2026, 3, 3, 7, 59, tzinfo=UTC), True),  # 23:59 the same local day
    ],
)
def test_a_sweep_missed_today_is_caught_up_at_start(utc: datetime, due: bool) -> None:
    settings = Settings(sweep_hour=3, sweep_minute=0, sweep_timezone="America/Los_Angeles")
    assert scheduler.sweep_due_at_start(settings, utc) is due


def test_the_scheduler_only_enqueues_with_the_program_date() -> None:
    broker = setup_broker(None)
    assert isinstance(broker, StubBroker)
    clock.freeze(date(2026, 5, 4))
    scheduler.enqueue_daily_sweeps()
    scheduler.enqueue_outbox_relay()
    sweeps = broker.queues["sweeps"].get_nowait()
    relay = broker.queues["mail"].get_nowait()
    assert b'"args":["2026-05-04"]' in sweeps.replace(b" ", b"")
    assert b'"actor_name":"relay_outbox"' in relay.replace(b" ", b"")
    broker.close()


async def test_a_sweep_run_is_unique_per_kind_and_day_so_two_schedulers_cannot_double_it(
    db: str,
) -> None:
    from tortoise.exceptions import IntegrityError

    from models.system import SweepRun

    day = date(2026, 3, 2)
    await SweepRun.create(kind=SweepKind.REFERRAL_45_DAY, as_of=day, started_at=clock.now())
    await SweepRun.create(kind=SweepKind.INACTIVITY_90_DAY, as_of=day, started_at=clock.now())
    with pytest.raises(IntegrityError):
        await SweepRun.create(kind=SweepKind.REFERRAL_45_DAY, as_of=day, started_at=clock.now())
    assert await SweepRun.all().count() == 2
