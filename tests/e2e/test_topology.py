"""Issue 7: the deployment topology, proven with separate OS processes.

Two `serve` processes on different ports, two `worker`s and one `scheduler` on a fresh
PostgreSQL database and a private Redis, mailing a real aiosmtpd sink. Runs only when
TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL are set and redis-server exists.

The notifications are written through the outbox actions from the test process with
the same Redis hand-off an API process uses (unit_of_work → send_notifications on
Redis): this branch has no mutation that writes a notification yet. Once the referral
mutations are merged, `_cause` can drive referralSend/referralAccept over HTTP instead.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL
from tests.e2e.topology import Topology

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (TEST_DATABASE_URL.startswith(("postgres", "asyncpg")) and TEST_REDIS_URL),
        reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
    pytest.mark.timeout(300),
]

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token errors { code } }
}
"""
ME = "query Me { me { email role } }"
TO = "hub.latino-network@example.org"


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    tmp = Path(tempfile.mkdtemp(prefix="rent-e2e-"))
    top = Topology(tmp=tmp, admin_url=TEST_DATABASE_URL)
    top.sink.start()
    top.create_database()
    try:
        top.start_redis()
        top.run("migrate")
        top.run("seed-demo")
        top.start_api()
        top.start_api()
        top.start_worker()
        top.start_worker()
        top.start_scheduler()
        yield top
    finally:
        import dramatiq

        from workers.broker import setup_broker

        dramatiq.get_broker().close()
        setup_broker(None)  # leave this test process on the stub broker
        top.stop()
        top.drop_database()
        shutil.rmtree(tmp, ignore_errors=True)


@asynccontextmanager
async def _outbox(top: Topology) -> AsyncIterator[None]:
    """This process as an API process would be: its own ORM context, Redis hand-off."""
    from tortoise.context import TortoiseContext

    from api.db import tortoise_config
    from workers.broker import setup_broker

    setup_broker(top.redis_url, db_url=top.db_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(top.db_url))
        yield


async def _cause(top: Topology, count: int, tag: str) -> list[str]:
    """Commit `count` notifications (one unit of work); their Message-IDs."""
    from models.actions.outbox import notify, unit_of_work
    from models.system import Notification

    async with _outbox(top):
        async with unit_of_work():
            for i in range(count):
                await notify(
                    kind="E2E",
                    dedupe_key=f"{tag}-{i}",
                    to=TO,
                    subject=f"{tag} {i}",
                    body="Customer ID 1",
                )
        rows = await Notification.filter(dedupe_key__startswith=f"{tag}-").values_list(
            "message_id", flat=True
        )
    return [str(r) for r in rows]


async def _arrivals(top: Topology, expected: list[str], seconds: float) -> Counter[str]:
    """Wait until every expected Message-ID arrived, then a little longer for duplicates."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = Counter(top.sink.message_ids())
        if all(got[m] for m in expected):
            await asyncio.sleep(3)
            got = Counter(top.sink.message_ids())
            return Counter({m: got[m] for m in expected})
        await asyncio.sleep(0.25)
    got = Counter(top.sink.message_ids())
    missing = [m for m in expected if not got[m]]
    raise AssertionError(f"{len(missing)} of {len(expected)} never arrived\n{top.logs()}")


async def _statuses(top: Topology, tag: str) -> Counter[str]:
    from models.system import Notification

    async with _outbox(top):
        rows = await Notification.filter(dedupe_key__startswith=f"{tag}-").values_list(
            "status", flat=True
        )
    return Counter(str(s) for s in rows)


def test_two_api_processes_serve_sign_in_and_metrics(topology: Topology) -> None:
    from models.actions.seed import DEMO_PASSWORD

    for i, email in enumerate([TO, "manager@example.org", "coach.ahfe-irco@example.org"]):
        port = topology.apis[i % 2].port  # alternate between the API processes
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            body = client.post(
                "/graphql",
                json={"query": LOGIN, "variables": {"email": email, "password": DEMO_PASSWORD}},
            ).json()
            token = body["data"]["login"]["token"]
            assert token, body
            me = client.post(
                "/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token}"}
            ).json()
            assert me["data"]["me"]["email"] == email
    for api in topology.apis:
        text = httpx.get(f"http://127.0.0.1:{api.port}/metrics").text
        assert 'rent_assist_graphql_operations_total{operation="Login",result="ok"}' in text


async def test_each_email_arrives_exactly_once(topology: Topology) -> None:
    ids = await _cause(topology, 6, "plain")
    arrived = await _arrivals(topology, ids, 30)
    assert set(arrived.values()) == {1}, arrived
    assert await _statuses(topology, "plain") == Counter({"SENT": 6})
    texts = []
    async with httpx.AsyncClient() as client:  # Dramatiq's Prometheus middleware
        for worker in topology.workers:
            response = await client.get(f"http://127.0.0.1:{worker.port}/")
            assert response.status_code == 200
            texts.append(response.text)
    # a worker that has processed nothing yet has no samples to show
    assert any(
        line.startswith("dramatiq_messages_total{") and 'actor_name="send_notifications"' in line
        for text in texts
        for line in text.splitlines()
    ), texts


async def test_redis_down_at_commit_the_relay_delivers_once_after_it_returns(
    topology: Topology,
) -> None:
    topology.stop_redis()
    ids = await _cause(topology, 2, "redis-down")  # the hand-off fails: rows stay PENDING
    await asyncio.sleep(4)
    assert await _statuses(topology, "redis-down") == Counter({"PENDING": 2})
    topology.start_redis()  # empty: whatever was queued is gone, the relay re-enqueues
    arrived = await _arrivals(topology, ids, 60)
    assert set(arrived.values()) == {1}, arrived


async def test_redis_stopped_right_after_commit_the_email_still_arrives_once(
    topology: Topology,
) -> None:
    ids = await _cause(topology, 3, "redis-after")  # handed off; maybe not consumed yet
    topology.stop_redis()  # no persistence: a message still queued is lost with it
    await asyncio.sleep(4)
    topology.start_redis()
    arrived = await _arrivals(topology, ids, 60)
    assert set(arrived.values()) == {1}, arrived
    assert await _statuses(topology, "redis-after") == Counter({"SENT": 3})


async def test_smtp_down_at_first_the_email_arrives_once_after_it_returns(
    topology: Topology,
) -> None:
    topology.sink.stop()
    ids = await _cause(topology, 3, "smtp-down")
    await asyncio.sleep(5)
    assert await _statuses(topology, "smtp-down") == Counter({"PENDING": 3})
    topology.sink.start()
    arrived = await _arrivals(topology, ids, 90)
    assert set(arrived.values()) == {1}, arrived


async def test_sigterm_to_a_worker_mid_batch_of_200_then_a_new_worker_delivers_all_once(
    topology: Topology, record_property: pytest.RecordProperty
) -> None:
    spare = topology.workers[1]  # one worker takes the batch alone
    spare.terminate()
    assert spare.wait(30) == 0, spare.tail()
    worker = topology.workers[0]
    topology.sink.handler.delay = 0.02  # a batch that takes a few seconds
    try:
        ids = await _cause(topology, 200, "batch")
        deadline = time.monotonic() + 30
        while len(set(topology.sink.message_ids()) & set(ids)) < 20:
            assert time.monotonic() < deadline, topology.logs()
            await asyncio.sleep(0.05)
        started = time.monotonic()
        worker.terminate()  # drains: in-flight messages finish, the rest go back to Redis
        assert worker.wait(30) == 0, worker.tail()
        drained_in = time.monotonic() - started
        before_new = len(set(topology.sink.message_ids()) & set(ids))
        topology.start_worker()
        arrived = await _arrivals(topology, ids, 120)
    finally:
        topology.sink.handler.delay = 0.0
    duplicates = sum(n - 1 for n in arrived.values())
    record_property("sigterm_batch_duplicates", duplicates)
    record_property("sigterm_batch_delivered_before_new_worker", before_new)
    print(
        f"SIGTERM batch: {before_new}/200 before the new worker, drained in "
        f"{drained_in:.1f}s, duplicates {duplicates}"
    )
    assert before_new < 200, "the batch finished before SIGTERM took effect"
    assert drained_in < 25
    assert duplicates == 0, arrived
    assert await _statuses(topology, "batch") == Counter({"SENT": 200})


async def test_sigterm_stops_an_api_and_the_scheduler_cleanly_and_the_other_api_serves(
    topology: Topology,
) -> None:
    first, second = topology.apis
    first.terminate()
    # uvicorn re-raises the signal it handled once it has shut down cleanly
    assert await asyncio.to_thread(first.wait, 25) in (0, -signal.SIGTERM), first.tail()
    assert "Application shutdown complete" in first.log.read_text()
    assert topology.scheduler is not None
    topology.scheduler.terminate()
    assert await asyncio.to_thread(topology.scheduler.wait, 15) == 0, topology.scheduler.tail()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{second.port}") as client:
        assert (await client.get("/readyz")).json()["ready"] is True
