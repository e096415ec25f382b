"""The same delivery through a real RedisBroker (service tier: TEST_REDIS_URL set).

Uses its own Redis database number so it never meets another suite's queues.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest

from models import clock
from models.actions import outbox
from models.actions.outbox import notify, unit_of_work
from models.system import Notification, NotificationStatus
from tests.conftest import SINK, TEST_REDIS_URL, scratch_redis_url
from tests.workers.conftest import RunningWorker, start_worker
from workers import actors

pytestmark = pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL not set")

REDIS_DB_OFFSET = 4  # TEST_REDIS_URL's number + 4 (+ the xdist worker's index)


def _own_db(url: str) -> str:
    own = scratch_redis_url(REDIS_DB_OFFSET)
    assert own is not None
    return own


@pytest.fixture
def redis_worker(db: str) -> Iterator[RunningWorker]:
    import redis

    url = _own_db(str(TEST_REDIS_URL))
    redis.Redis.from_url(url).flushdb()
    running = start_worker(url)
    yield running
    running.worker.stop(timeout=5000)
    running.broker.close()
    redis.Redis.from_url(url).flushdb()


async def _wait_for(count: int, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if len(SINK.messages) >= count:
            await asyncio.sleep(0.5)  # would a duplicate follow?
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"expected {count} messages, got {len(SINK.messages)}")


async def test_delivery_through_redis_once(redis_worker: RunningWorker) -> None:
    async with unit_of_work():
        await notify(
            kind="TEST",
            dedupe_key="redis",
            to="hub.latino-network@example.org",
            subject="Via Redis",
            body="Customer ID 7",
        )
    await _wait_for(1)
    assert [m.subject for m in SINK.messages] == ["Via Redis"]
    row = await Notification.get(dedupe_key="redis")
    assert row.status == NotificationStatus.SENT

    actors.send_notifications.send([row.id])  # a duplicate message changes nothing
    await asyncio.sleep(1.0)
    assert len(SINK.messages) == 1


async def test_relay_through_redis_delivers_a_lost_hand_off_once(
    redis_worker: RunningWorker,
) -> None:
    outbox.set_dispatcher(None)
    async with unit_of_work():
        await notify(
            kind="TEST",
            dedupe_key="lost",
            to="hub.latino-network@example.org",
            subject="Lost",
            body="Customer ID 8",
        )
    old = clock.now() - timedelta(minutes=1)
    await Notification.filter(dedupe_key="lost").update(created_at=old)
    actors.relay_outbox.send()
    actors.relay_outbox.send()  # two relays (two schedulers by mistake): still once
    await _wait_for(1)
    await asyncio.sleep(1.0)
    assert [m.subject for m in SINK.messages] == ["Lost"]
