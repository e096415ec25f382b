"""The participants of the demo caseload: one timeline each, dated relative to today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from api.demo.client import (
    ADVOCATE_LN,
    COACH_TFP,
    Caseload,
    Record,
)
from api.demo.documents import CUSTOMER_OF, REFUSE, WITHDRAW
from models import clock
from models.rules.dates import add_months


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _month_end(d: date) -> date:
    return add_months(d.replace(day=1), 1) - timedelta(days=1)


async def enrolled(c: Caseload, r: Record, application: date, *, months: int, last: date) -> str:
    """Sent, accepted, Homeless Prevention started, a plan, and then each month a coaching
    session copied into the RA record and that month's rent paid, until `last` (R-REF-2,
    R-SVC-2, R-SVC-4, R-PAY-3: a month's payment needs the previous month's coaching;
    the participation month's, that month's own). Returns the plan's id."""
    await c.referral(r, application)
    await c.send(r, application + timedelta(days=1))
    accepted = application + timedelta(days=4)
    await c.accept(r, accepted)
    start = accepted + timedelta(days=2)
    await c.hub_service(r, "HOMELESS_PREVENTION", start)
    await c.coach_and_copy(r, start)  # fully enrolled (R-SVC-4)
    plan = await c.plan(r, start, add_months(start, months))
    await c.pay(r, start, start)
    month = add_months(_month_start(start), 1)
    while month + timedelta(days=2) <= last:
        await c.coach_and_copy(r, month + timedelta(days=2))
        if month + timedelta(days=7) <= last:
            await c.pay(r, month + timedelta(days=7), month)
        month = add_months(month, 1)
    return plan


# Each timeline: (number, first name, what it shows, the builder)
Timeline = Callable[[Caseload, date], Any]


async def _draft(c: Caseload, today: date) -> None:
    r = await c.customer(1, "Ada", today - timedelta(days=12))
    await c.coaching(r, today - timedelta(days=10))
    await c.referral(r, today - timedelta(days=5), complete=False)


async def _ready(c: Caseload, today: date) -> None:
    r = await c.customer(2, "Bao", today - timedelta(days=30))
    await c.coaching(r, today - timedelta(days=20))
    await c.referral(r, today - timedelta(days=3))


async def _sent_fresh(c: Caseload, today: date) -> None:
    r = await c.customer(3, "Cleo", today - timedelta(days=25), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=20))
    await c.referral(r, today - timedelta(days=6))
    await c.send(r, today - timedelta(days=5))


async def _sent_near_window(c: Caseload, today: date) -> None:
    r = await c.customer(4, "Dario", today - timedelta(days=60))
    await c.coaching(r, today - timedelta(days=50))
    await c.referral(r, today - timedelta(days=40))
    await c.send(r, today - timedelta(days=38))


async def _accepted_no_service(c: Caseload, today: date) -> None:
    r = await c.customer(5, "Esi", today - timedelta(days=40))
    await c.coaching(r, today - timedelta(days=30))
    await c.referral(r, today - timedelta(days=20))
    await c.send(r, today - timedelta(days=19))
    await c.accept(r, today - timedelta(days=15))


async def _enrolled_paying(c: Caseload, today: date) -> None:
    r = await c.customer(6, "Farid", today - timedelta(days=170))
    await c.coaching(r, today - timedelta(days=160))
    await enrolled(c, r, today - timedelta(days=150), months=6, last=today)
    await c.call(
        r.hub_staff,
        today - timedelta(days=100),
        CUSTOMER_OF,
        id=r.ra,
        staff=await _staff_id(c, r.hub_staff, ADVOCATE_LN),
    )


async def _approaching_auto_exit(c: Caseload, today: date) -> None:
    r = await c.customer(7, "Gia", today - timedelta(days=140))
    await c.coaching(r, today - timedelta(days=130))
    await enrolled(c, r, today - timedelta(days=120), months=3, last=today - timedelta(days=83))
    await c.coach_and_copy(r, today - timedelta(days=82))  # the last qualifying date


async def _engagement_missing(c: Caseload, today: date) -> None:
    r = await c.customer(8, "Hugo", today - timedelta(days=120))
    await c.coaching(r, today - timedelta(days=110))
    last = _month_start(add_months(today, -1)) - timedelta(days=1)  # coaching stopped
    await enrolled(c, r, today - timedelta(days=100), months=5, last=last)


async def _exited_retention_due(c: Caseload, today: date) -> None:
    r = await c.customer(9, "Iris", today - timedelta(days=330), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=320))
    application = today - timedelta(days=300)
    last = application + timedelta(days=80)
    plan = await enrolled(c, r, application, months=3, last=last)
    exit_day = _month_end(last)  # the last day of the last month paid (R-SVC-5)
    await c.end_and_exit(r, plan, exit_day, exit_day + timedelta(days=3))


async def _twelve_month_due(c: Caseload, today: date) -> None:
    r = await c.customer(10, "Jonah", today - timedelta(days=520))
    await c.coaching(r, today - timedelta(days=510))
    application = today - timedelta(days=500)
    last = application + timedelta(days=70)
    plan = await enrolled(c, r, application, months=3, last=last)
    exit_day = _month_end(last)
    await c.end_and_exit(r, plan, exit_day, exit_day + timedelta(days=2))
    six = add_months(exit_day, 6)
    await c.outcome(r, "SIX_MONTH_RETENTION", "HOUSED", six + timedelta(days=4))


async def _auto_exit(c: Caseload, today: date) -> None:
    r = await c.customer(11, "Kemal", today - timedelta(days=260))
    await c.coaching(r, today - timedelta(days=250))
    await enrolled(c, r, today - timedelta(days=240), months=3, last=today - timedelta(days=180))


async def _returning(c: Caseload, today: date) -> None:
    r = await c.customer(12, "Lena", today - timedelta(days=420))
    await c.coaching(r, today - timedelta(days=410))
    application = today - timedelta(days=400)
    last = application + timedelta(days=60)
    plan = await enrolled(c, r, application, months=2, last=last)
    exit_day = _month_end(last)
    await c.end_and_exit(r, plan, exit_day, exit_day + timedelta(days=1))
    # back more than 90 days after the exit: a new RA record; on acceptance the system
    # records Received RA Again on the first episode (R-ENR-6, R-OUT-8)
    back = today - timedelta(days=30)
    await c.coaching(r, back - timedelta(days=2))
    await c.referral(r, back)
    await c.send(r, back + timedelta(days=1))
    await c.accept(r, back + timedelta(days=3))


async def _refused(c: Caseload, today: date) -> None:
    r = await c.customer(13, "Mira", today - timedelta(days=50), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=45))
    await c.referral(r, today - timedelta(days=30))
    await c.send(r, today - timedelta(days=29))
    await c.call(
        r.hub_staff,
        today - timedelta(days=25),
        REFUSE,
        id=r.ra,
        note="Household moved out of the service area (demo).",
    )


async def _withdrawn(c: Caseload, today: date) -> None:
    r = await c.customer(14, "Nils", today - timedelta(days=40))
    await c.coaching(r, today - timedelta(days=35))
    await c.referral(r, today - timedelta(days=21), complete=False)
    await c.call(
        r.coach,
        today - timedelta(days=18),
        WITHDRAW,
        id=r.ra,
        reason="Wrong application date; entered again (demo).",
    )


async def _expired_draft(c: Caseload, today: date) -> None:
    r = await c.customer(15, "Oona", today - timedelta(days=70))
    await c.coaching(r, today - timedelta(days=60))
    await c.referral(r, today - timedelta(days=50), complete=False)


async def _program_only(c: Caseload, today: date) -> None:
    r = await c.customer(16, "Pita", today - timedelta(days=15), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=9))


TIMELINES: tuple[tuple[int, str, Timeline], ...] = (
    (1, "a draft referral, registration half done", _draft),
    (2, "a referral ready to send", _ready),
    (3, "a referral sent five days ago (Our Just Future)", _sent_fresh),
    (4, "a referral sent, five days left of the 45-day window", _sent_near_window),
    (5, "accepted, no first hub service yet", _accepted_no_service),
    (6, "fully enrolled: five months of coaching copies and rent paid", _enrolled_paying),
    (7, "enrolled, no qualifying service for 82 days: auto exit in 8", _approaching_auto_exit),
    (
        8,
        "enrolled, last month's coaching not copied: this month's rent blocked",
        _engagement_missing,
    ),
    (9, "exited Housed ~9 months ago: 6-month retention due", _exited_retention_due),
    (10, "exited ~15 months ago, 6-month Housed: 12-month retention due", _twelve_month_due),
    (11, "auto exited by today's 90-day sweep", _auto_exit),
    (12, "a returning participant: Received RA Again on the first episode", _returning),
    (13, "a referral refused by the hub (Pre-Program Exit)", _refused),
    (14, "a referral withdrawn by the coach", _withdrawn),
    (15, "a draft past day 45: Pre-Program Exit by today's sweep", _expired_draft),
    (16, "a program record only, no referral", _program_only),
)


async def _staff_id(c: Caseload, hub_email: str, email: str) -> str:
    clock.freeze(None)
    data = await c._post(hub_email, json={"query": "query { me { provider { id } } }"})
    hub = data["me"]["provider"]["id"]
    staff = await c._post(
        hub_email,
        json={
            "query": "query($h: ID!) { hubStaff(hubId: $h) { id email } }",
            "variables": {"h": hub},
        },
    )
    return next(s["id"] for s in staff["hubStaff"] if s["email"] == email)
