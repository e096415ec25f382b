"""Issue 7: the deployment topology, proven with separate OS processes.

Two `serve` processes on different ports, two `worker`s and one `scheduler` on a fresh
PostgreSQL database and a private Redis, mailing a real aiosmtpd sink. Runs only when
TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL are set and redis-server exists.

The hub's email is caused by the real flow over HTTP, each call on the other API process
in turn (tests/e2e/topology_flow.py): the coach builds a READY RA record (customer,
program record, coaching, registration signed, budget, documents uploaded) and sends
the referral; the hub then finds it in its queue and accepts it. Only the batch of 200
for the SIGTERM run is written through the outbox actions from this process, with the
same Redis hand-off an API process uses (unit_of_work → send_notifications on Redis).
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_DATABASE_ADMIN_URL, TEST_DATABASE_URL, TEST_REDIS_URL
from tests.e2e.topology import METRICS_TOKEN, Topology
from tests.e2e.topology_flow import coach_prepares, coach_sends, hub_accepts
from tests.e2e.topology_outbox import (
    TO,
    arrivals,
    assert_one_email_to_the_hub,
    cause,
    coach_and_hub,
    referral_email,
    statuses,
)

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


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    tmp = Path(tempfile.mkdtemp(prefix="rent-e2e-"))
    top = Topology(tmp=tmp, admin_url=TEST_DATABASE_ADMIN_URL)
    top.sink.start()
    top.create_database()
    try:
        top.start_redis()
        top.run("migrate")
        # the demo accounts: seed-demo is refused in prod, so this one step runs as dev
        top.run("seed-demo", ENVIRONMENT="dev")
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
        assert httpx.get(f"http://127.0.0.1:{api.port}/metrics").status_code == 404
        bearer = {"Authorization": f"Bearer {METRICS_TOKEN}"}
        text = httpx.get(f"http://127.0.0.1:{api.port}/metrics", headers=bearer).text
        assert 'rent_assist_graphql_operations_total{operation="Login",result="ok"}' in text


async def test_a_referral_over_http_mails_the_hub_once_and_the_hub_accepts_it(
    topology: Topology,
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        coach, hub = coach_and_hub(topology, http)
        referral = await coach_prepares(coach, birth_year=1987)
        await coach_sends(coach, referral)
        arrived = await arrivals(topology, [await referral_email(topology, referral)], 30)
        assert list(arrived.values()) == [1], arrived
        assert_one_email_to_the_hub(topology, referral)
        accepted = await hub_accepts(hub, referral)
    assert accepted == {"enrollment": {"stage": "ACCEPTED"}, "errors": []}
    ports = {api.port for api in topology.apis}
    assert set(coach.calls) == ports and set(hub.calls) == ports  # both processes served
    assert await statuses(topology, referral) == Counter({"SENT": 1})
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
    async with httpx.AsyncClient(timeout=30) as http:
        coach, hub = coach_and_hub(topology, http)
        referral = await coach_prepares(coach, birth_year=1988)
        topology.stop_redis()
        await coach_sends(coach, referral)  # committed; the hand-off fails: PENDING
        await asyncio.sleep(4)
        assert await statuses(topology, referral) == Counter({"PENDING": 1})
        topology.start_redis()  # empty: whatever was queued is gone, the relay re-enqueues
        arrived = await arrivals(topology, [await referral_email(topology, referral)], 60)
        assert list(arrived.values()) == [1], arrived
        assert_one_email_to_the_hub(topology, referral)
        accepted = await hub_accepts(hub, referral)
    assert accepted == {"enrollment": {"stage": "ACCEPTED"}, "errors": []}


async def test_redis_stopped_right_after_the_referral_is_sent_the_email_still_arrives_once(
    topology: Topology,
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        coach, hub = coach_and_hub(topology, http)
        referral = await coach_prepares(coach, birth_year=1989)
        await coach_sends(coach, referral)  # handed off; maybe not consumed yet
        topology.stop_redis()  # no persistence: a message still queued is lost with it
        await asyncio.sleep(4)
        topology.start_redis()
        arrived = await arrivals(topology, [await referral_email(topology, referral)], 60)
        assert list(arrived.values()) == [1], arrived
        assert_one_email_to_the_hub(topology, referral)
        assert await statuses(topology, referral) == Counter({"SENT": 1})
        accepted = await hub_accepts(hub, referral)
    assert accepted == {"enrollment": {"stage": "ACCEPTED"}, "errors": []}


async def test_smtp_down_at_first_the_email_arrives_once_after_it_returns(
    topology: Topology,
) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        coach, hub = coach_and_hub(topology, http)
        referral = await coach_prepares(coach, birth_year=1990)
        topology.sink.stop()
        try:
            await coach_sends(coach, referral)
            await asyncio.sleep(5)
            assert await statuses(topology, referral) == Counter({"PENDING": 1})
        finally:
            topology.sink.start()
        arrived = await arrivals(topology, [await referral_email(topology, referral)], 90)
        assert list(arrived.values()) == [1], arrived
        assert_one_email_to_the_hub(topology, referral)
        accepted = await hub_accepts(hub, referral)
    assert accepted == {"enrollment": {"stage": "ACCEPTED"}, "errors": []}


async def test_sigterm_to_a_worker_mid_batch_of_200_then_a_new_worker_delivers_all_once(
    topology: Topology, record_property: pytest.RecordProperty
) -> None:
    spare = topology.workers[1]  # one worker takes the batch alone
    spare.terminate()
    assert spare.wait(30) == 0, spare.tail()
    worker = topology.workers[0]
    topology.sink.handler.delay = 0.02  # a batch that takes a few seconds
    try:
        ids = await cause(topology, 200, "batch")
        deadline = time.monotonic() + 30
        while len(set(topology.sink.message_ids()) & set(ids)) < 20:
            assert time.monotonic() < deadline, topology.logs()
            await asyncio.sleep(0.05)
        at_sigterm = len(set(topology.sink.message_ids()) & set(ids))
        started = time.monotonic()
        worker.terminate()  # drains: in-flight messages finish, the rest go back to Redis
        assert worker.wait(30) == 0, worker.tail()
        drained_in = time.monotonic() - started
        before_new = len(set(topology.sink.message_ids()) & set(ids))
        topology.start_worker()
        arrived = await arrivals(topology, ids, 120)
    finally:
        topology.sink.handler.delay = 0.0
    duplicates = sum(n - 1 for n in arrived.values())
    record_property("sigterm_batch_duplicates", duplicates)
    record_property("sigterm_batch_delivered_at_sigterm", at_sigterm)
    record_property("sigterm_batch_delivered_before_new_worker", before_new)
    print(
        f"SIGTERM batch: {at_sigterm}/200 at SIGTERM, {before_new}/200 before the new worker "
        f"(a queue message carries up to 100 ids and a drain finishes it), drained in "
        f"{drained_in:.1f}s, duplicates {duplicates}"
    )
    assert at_sigterm < 200, "the batch finished before SIGTERM was sent"
    assert drained_in < 25
    assert duplicates == 0, arrived
    assert await statuses(topology, "batch") == Counter({"SENT": 200})


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
