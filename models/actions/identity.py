"""Identity lookups (R-ACL-1, R-ACL-2; issue 10 §2): a coach's exact customer-ID or job
seeker ID search that reaches beyond the customers the coach already sees.

Such a lookup shows the identity-check view and a selection token, so it is a read of
personal data and an enumeration risk. Each one (a hit or a miss, each alias of a
request) spends the coach's hourly budget (IDENTITY_LOOKUPS_PER_HOUR); each hit is
audited as `customer.identity_lookup` (who, whom, when; contract managers read them in
the audit log). The first refusal of a window is a burst: audited as
`staff.identity_lookup_burst` and emailed to every contract manager, without any
participant's data, through the outbox.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from tortoise.expressions import Q

from models import clock
from models.actions import audit
from models.actions.access import visible_customers
from models.actions.outbox import notify, unit_of_work
from models.config import get_settings
from models.customers import Customer
from models.ratelimit import limiter
from models.rules.customers import identifier_search
from models.rules.enums import Role
from models.staff import Staff

LOOKUP_ACTION = "customer.identity_lookup"
BURST_ACTION = "staff.identity_lookup_burst"


class LookupLimited(Exception):
    """The staff member's hourly budget of identity lookups is spent."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("identity lookup budget spent")
        self.retry_after = retry_after


def by_identifier(search: str) -> Q | None:
    """Customers whose customer ID or job seeker ID is exactly the search, compared only
    with the columns whose identifier form it has (models/rules/customers.py); None when
    it has none (a name)."""
    ident = identifier_search(search)
    parts = [
        Q(**{column: value})
        for column, value in (
            ("customer_id", ident.customer_id),
            ("job_seeker_id", ident.job_seeker_id),
        )
        if value is not None
    ]
    return Q(*parts, join_type="OR") if parts else None


async def may_look_beyond(staff: Staff, search: str) -> bool:
    """Whether this search may also find customers the staff member does not see: only a
    coach's exact identifier that matches none of their own customers, and only while
    their hourly budget lasts (LookupLimited when spent)."""
    if staff.role is not Role.CAREER_COACH:
        return False
    matching = by_identifier(search)
    if matching is None:
        return False
    if await Customer.filter(visible_customers(staff), matching).exists():
        return False  # one of the coach's own: no lookup beyond
    budget = f"{get_settings().identity_lookups_per_hour}/hour"
    refusal = await limiter().hit(budget, "identity-lookup", staff.id)
    if refusal is not None:
        # shielded: the aliases of one request run at once, and when one of them fails
        # the others are cancelled; a write must not be cut off inside its transaction
        await asyncio.shield(_report_burst(staff))
        raise LookupLimited(refusal.retry_after)
    return True


async def record_lookups(staff: Staff, customer_ids: Sequence[int]) -> None:
    """Audit each customer shown identity-only: who looked up whom, when (shielded from
    the cancellation of a failing sibling alias, like the burst report)."""
    if customer_ids:
        await asyncio.shield(
            audit.record_many(
                actor_id=staff.id,
                action=LOOKUP_ACTION,
                entity="Customer",
                rows=[(customer_id, None, {}) for customer_id in customer_ids],
            )
        )


async def _report_burst(staff: Staff) -> None:
    """Once per staff member and hour: an audit entry and an email to every contract
    manager (no participant's data in it)."""
    from models.system import AuditEntry

    async with _burst_lock():
        now = clock.now()
        hour_start = now.replace(minute=0, second=0, microsecond=0)
        if await AuditEntry.filter(
            action=BURST_ACTION, entity_id=str(staff.id), at__gte=hour_start
        ).exists():
            return
        await _write_burst(staff, hour_start)


_locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}


def _burst_lock() -> asyncio.Lock:
    """One burst report at a time in this process (the aliases of a request race)."""
    return _locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())


async def _write_burst(staff: Staff, hour_start: datetime) -> None:
    limit = get_settings().identity_lookups_per_hour
    managers = await Staff.filter(role=Role.CONTRACT_MANAGER, is_active=True).values_list(
        "email", flat=True
    )
    async with unit_of_work():
        await audit.record(
            actor_id=staff.id,
            action=BURST_ACTION,
            entity="Staff",
            entity_id=staff.id,
            after={"limit_per_hour": limit},
        )
        for email in managers:
            await notify(
                kind="identity_lookup_burst",
                dedupe_key=f"identity-lookup-burst:{staff.id}:{hour_start:%Y%m%d%H}:{email}",
                to=str(email),
                subject=f"Identity lookups: {staff.name} reached the hourly limit",
                body=(
                    f"{staff.name} (staff #{staff.id}, {staff.role.value}) made more than "
                    f"{limit} exact-identifier lookups of customers outside their records "
                    f"within an hour; further lookups are refused until the hour has passed "
                    f"(R-ACL-1, identity lookups).\n\n"
                    f"The lookups are in the audit log under the action {LOOKUP_ACTION}, "
                    f"this alert under {BURST_ACTION}.\n"
                ),
            )
