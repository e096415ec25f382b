"""A real Dramatiq worker in the test process: StubBroker (or Redis) + worker threads.

The worker runs its actors on its own event loop thread with its own Tortoise context
(workers/middleware.py), on the same database file as the test, so everything a test
wants the worker to see must be committed first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from dramatiq import Broker, Worker

from tests.conftest import TEST_DATABASE_URL
from workers.broker import setup_broker


@dataclass
class RunningWorker:
    """The broker and its in-process worker; `await drained()` waits for every queue."""

    broker: Broker
    worker: Worker

    async def drained(self, *queues: str) -> None:
        await asyncio.to_thread(self._join, queues or ("mail", "sweeps"))

    def _join(self, queues: tuple[str, ...]) -> None:
        from dramatiq.brokers.stub import StubBroker

        if isinstance(self.broker, StubBroker):
            for _ in range(2):  # an actor may enqueue into another queue
                for name in queues:
                    if name in self.broker.queues:
                        self.broker.join(name, fail_fast=True)
                self.worker.join()
        else:
            _join_redis(self.broker, queues)


def _join_redis(broker: Any, queues: tuple[str, ...], timeout: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = False
        for name in queues:
            acks = broker.client.keys(f"{broker.namespace}:{name}.acks*")
            if broker.client.llen(f"{broker.namespace}:{name}") or any(
                broker.client.scard(key) for key in acks
            ):
                busy = True
        if not busy:
            time.sleep(0.3)
            return
        time.sleep(0.1)
    raise TimeoutError(f"queues {queues} not drained")


def start_worker(redis_url: str | None) -> RunningWorker:
    broker = setup_broker(redis_url, db_url=TEST_DATABASE_URL)
    worker = Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    return RunningWorker(broker, worker)


@pytest.fixture
def stub_worker(db: str) -> Iterator[RunningWorker]:
    """An in-process worker on a StubBroker; the outbox hands ids to it."""
    running = start_worker(None)
    yield running
    running.worker.stop(timeout=5000)
    running.broker.close()
