"""The message broker: Redis when REDIS_URL is set, else the in-process StubBroker.

`setup_broker` is called wherever a process sends or consumes messages (the API, the
worker, the scheduler, `rent-assist dev`): it sets dramatiq's global broker, binds our
actors to it and registers the outbox hand-off (a committed notification's id, never
its content, goes to the `send_notifications` actor).
"""

from __future__ import annotations

import dramatiq
from dramatiq import Broker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO

from workers.middleware import TortoiseOrm


def _redis_broker(redis_url: str) -> Broker:
    from dramatiq.brokers.redis import RedisBroker

    # Short timeouts: a dead Redis must fail an enqueue fast (the outbox relay catches
    # up later), never hang a request.
    return RedisBroker(url=redis_url, socket_timeout=5, socket_connect_timeout=3)


def setup_broker(
    redis_url: str | None, *, db_url: str | None = None, prometheus: bool = False
) -> Broker:
    """Build the broker, make it dramatiq's global one, bind the actors and the outbox."""
    broker = _redis_broker(redis_url) if redis_url else StubBroker()
    broker.add_middleware(AsyncIO())
    broker.add_middleware(TortoiseOrm(db_url))
    if prometheus:
        from dramatiq.middleware.prometheus import Prometheus

        broker.add_middleware(Prometheus())
    dramatiq.set_broker(broker)

    from models.actions import outbox
    from workers import actors

    actors.bind(broker)

    def hand_off(notification_ids: list[int]) -> None:
        actors.send_notifications.send(notification_ids)

    outbox.set_dispatcher(hand_off)
    return broker
