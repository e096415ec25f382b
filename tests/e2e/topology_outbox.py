"""The outbox side of tests/e2e/test_topology.py: this process's own ORM context on
the topology's database, the batch written through the outbox actions, and what the
sink and the outbox rows show (arrivals counted by Message-ID, statuses)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from models.actions.referrals import REFERRAL_EMAIL
from tests.e2e.test_coach_referral import HUB_ADDRESS
from tests.e2e.topology import Topology
from tests.e2e.topology_flow import Referral, RoundRobin
from tests.ids import row_id

TO = "hub.latino-network@example.org"


@asynccontextmanager
async def db(top: Topology) -> AsyncIterator[None]:
    """This process's own ORM context on the topology's database (reads)."""
    from tortoise.context import TortoiseContext

    from models.db import tortoise_config

    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(top.db_url))
        yield


@asynccontextmanager
async def outbox(top: Topology) -> AsyncIterator[None]:
    """This process as an API process would be: its own ORM context, Redis hand-off."""
    from workers.broker import setup_broker

    setup_broker(top.redis_url, db_url=top.db_url)
    async with db(top):
        yield


def coach_and_hub(top: Topology, http: httpx.AsyncClient) -> tuple[RoundRobin, RoundRobin]:
    """The coach and the hub, each alternating between the API ports (the hub starts on
    the one the coach does not)."""
    ports = [api.port for api in top.apis if api.port is not None]
    return RoundRobin(http, ports), RoundRobin(http, ports[::-1])


def referral_key(referral: Referral) -> str:
    return f"{REFERRAL_EMAIL}:{row_id(referral.enrollment_id)}"


async def referral_email(top: Topology, referral: Referral) -> str:
    """The Message-ID of the hub's email about this referral (one outbox row)."""
    from models.system import Notification

    async with db(top):
        rows = await Notification.filter(dedupe_key=referral_key(referral)).values_list(
            "message_id", "to_address"
        )
    assert [to for _, to in rows] == [HUB_ADDRESS], rows
    return str(rows[0][0])


def assert_one_email_to_the_hub(top: Topology, referral: Referral) -> None:
    """Exactly one email about this customer reached the hub's referral address, with
    the customer ID and none of the participant's personal data."""
    with top.sink.lock:
        mails = [
            m
            for m in top.sink.messages
            if HUB_ADDRESS in m.rcpt_tos and referral.customer_id in m.subject
        ]
    assert len(mails) == 1, [m.subject for m in mails]
    text = mails[0].subject + mails[0].body
    assert referral.customer_id in mails[0].body
    for personal in ("Marisol", "Quintanilla", "11/23", "-11-23", "4821", "marisol@"):
        assert personal not in text, personal


async def cause(top: Topology, count: int, tag: str) -> list[str]:
    """Commit `count` notifications (one unit of work); their Message-IDs."""
    from models.actions.outbox import notify, unit_of_work
    from models.system import Notification

    async with outbox(top):
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


async def arrivals(top: Topology, expected: list[str], seconds: float) -> Counter[str]:
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


async def statuses(top: Topology, what: Referral | str) -> Counter[str]:
    """Outbox statuses of a referral's email, or of the rows of a `_cause` tag."""
    from models.system import Notification

    async with db(top):  # a query is bound to the ORM context it is built in
        if isinstance(what, Referral):
            query = Notification.filter(dedupe_key=referral_key(what))
        else:
            query = Notification.filter(dedupe_key__startswith=f"{what}-")
        rows = await query.values_list("status", flat=True)
    return Counter(str(s) for s in rows)
