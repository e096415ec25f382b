"""The actors: thin shells that take ids (never content), await a plain async function
and are idempotent, so a message delivered twice or re-enqueued by the relay is harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import dramatiq
import structlog
from dramatiq import Actor, Broker
from dramatiq.brokers.stub import StubBroker

from models.rules.enums import SweepKind

log = structlog.get_logger(__name__)


def ensure_broker() -> Broker:
    """dramatiq's global broker, a StubBroker until `workers.broker.setup_broker` runs.

    Declaring actors needs a broker; without this dramatiq would make a default one
    that tries RabbitMQ or a Redis on localhost. (Here, not in workers/broker.py, so that
    the broker module imports the actors and never the other way round.)
    """
    if dramatiq.broker.global_broker is None:
        dramatiq.set_broker(StubBroker())
    return dramatiq.get_broker()


ensure_broker()

# A notification left PENDING this long after its commit lost its hand-off to the queue
# (Redis down at commit, a worker killed): the relay enqueues it again.
RELAY_AGE = timedelta(seconds=10)
RELAY_BATCH = 100


@dramatiq.actor(queue_name="mail", max_retries=5, min_backoff=2_000, max_backoff=60_000)
async def send_notifications(ids: Sequence[int]) -> None:
    """Deliver these outbox notifications (rows already SENT are skipped)."""
    from workers.mailer import deliver

    await deliver(list(ids))


@dramatiq.actor(queue_name="mail", max_retries=0)
async def relay_outbox() -> None:
    """Enqueue again the notifications whose hand-off to the queue was lost."""
    from models.actions.outbox import pending_ids

    ids = await pending_ids(older_than=RELAY_AGE)
    for start in range(0, len(ids), RELAY_BATCH):
        send_notifications.send(ids[start : start + RELAY_BATCH])
    if ids:
        log.info("outbox.relayed", count=len(ids))


@dramatiq.actor(queue_name="sweeps", max_retries=3, time_limit=3_600_000)
async def run_daily_sweeps(as_of: str) -> None:
    """Run both daily sweeps (R-OUT-5) for one day; a sweep that fails doesn't stop the other.

    Safe to run twice or late: the sweeps compute who is due from dates in the database
    and a sweep run is unique per kind and day.
    """
    from models.actions.sweeps import run_sweep

    day = date.fromisoformat(as_of)
    failed: list[str] = []
    for kind in SweepKind:
        try:
            outcome = await run_sweep(kind=kind, as_of=day, dry_run=False, actor_id=None)
        except Exception:
            log.exception("sweep.failed", kind=kind.value, as_of=as_of)
            failed.append(kind.value)
            continue
        refused = [v.code for v in getattr(outcome, "violations", None) or ()]
        if refused:  # e.g. a day in the future: nothing to retry
            log.warning("sweep.refused", kind=kind.value, as_of=as_of, codes=refused)
    if failed:
        raise RuntimeError(f"sweeps failed for {as_of}: {', '.join(failed)}")


ACTORS: tuple[Actor, ...] = (send_notifications, relay_outbox, run_daily_sweeps)  # type: ignore[type-arg]


def bind(broker: Broker) -> None:
    """Declare every actor on `broker` (setup_broker calls this)."""
    for actor in ACTORS:
        actor.broker = broker
        broker.declare_actor(actor)
