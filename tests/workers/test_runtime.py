"""What the API process starts besides itself (workers/process.py start_for_api)."""

from __future__ import annotations

import asyncio

from models.actions import outbox
from models.actions.outbox import notify, unit_of_work
from models.config import Settings
from models.system import Notification, NotificationStatus
from tests.conftest import SINK, TEST_DATABASE_URL
from workers import scheduler
from workers.process import start_for_api


def _settings(environment: str) -> Settings:
    # a sweep time that has not passed yet, so start-up enqueues no catch-up sweep
    return Settings(environment=environment, database_url=TEST_DATABASE_URL, sweep_hour=23,
                    sweep_minute=59, secret_key="s" * 40)  # fmt: skip


async def test_dev_without_redis_runs_a_worker_and_the_scheduler_in_process(db: str) -> None:
    runtime = await asyncio.to_thread(start_for_api, _settings("dev"), with_scheduler=True)
    try:
        assert runtime.worker is not None
        jobs = {job.id for job in runtime.scheduler.get_jobs()}
        assert jobs == {scheduler.SWEEPS_JOB, scheduler.RELAY_JOB}
        async with unit_of_work():
            await notify(kind="T", dedupe_key="dev", to="x@example.org", subject="dev", body="b")
        for _ in range(100):
            if SINK.messages:
                break
            await asyncio.sleep(0.05)
        assert [m.subject for m in SINK.messages] == ["dev"]
        row = await Notification.get(dedupe_key="dev")
        assert row.status == NotificationStatus.SENT
    finally:
        await asyncio.to_thread(runtime.stop)
    assert runtime.worker is None and runtime.scheduler is None


async def test_outside_dev_without_redis_nothing_runs_and_mail_waits(db: str) -> None:
    outbox.set_dispatcher(None)
    runtime = await asyncio.to_thread(start_for_api, _settings("test"))
    assert (runtime.worker, runtime.scheduler) == (None, None)
    async with unit_of_work():
        await notify(kind="T", dedupe_key="wait", to="x@example.org", subject="s", body="b")
    await asyncio.sleep(0.2)
    assert SINK.messages == []
    row = await Notification.get(dedupe_key="wait")
    assert row.status == NotificationStatus.PENDING


async def test_serve_in_dev_runs_a_worker_but_never_the_scheduler(db: str) -> None:
    """`rent-assist serve` must not sweep at start-up (issue 11 §8): no scheduler."""
    settings = _settings("dev")
    settings.sweep_hour, settings.sweep_minute = 0, 0  # the sweep time has passed today
    runtime = await asyncio.to_thread(start_for_api, settings)
    try:
        assert runtime.worker is not None
        assert runtime.scheduler is None
    finally:
        await asyncio.to_thread(runtime.stop)
