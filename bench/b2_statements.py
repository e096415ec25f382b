"""B2: SQL statements per request of the list queries at 1, 10, 100 and 1,000 items (no
N+1, architecture.md): customers(search) as a contract manager, referralQueue as hub
staff, auditLog, and one customer's enrollments.services nested. Each size is seeded on
an emptied database and one request is counted (after a warm-up) with a handler on the
"tortoise.db_client" logger. The Result compares the total at the largest size (ours)
with the total at 1 item (baseline): the ratio must be 1.00. The paged lists return at
most MAX_PAGE (200) nodes, their nested lists and the nested query grow with n."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.b1_raw import gid
from bench.harness import (
    People,
    Result,
    app_client,
    bearer_headers,
    count_statements,
    fresh_database,
    people,
)

SIZES = (1, 10, 100, 1000)
DAY = date(2026, 3, 2)

CUSTOMERS = """query($first: Int!) { customers(search: "bench", first: $first) {
  edges { node { id customerId legalFirstName birthMonthDay
    enrollments { id programStatus provider { name } services { id type enteredBy { name } } }
  } } pageInfo { hasNextPage endCursor } } }"""
QUEUE = """query($first: Int!) { referralQueue(first: $first) {
  edges { node { id stage applicationDate customer { customerId legalFirstName }
    provider { name } customerOf { name } referredBy { name }
    registration { householdSize registeredOn } referralChecklist { nextStep }
    services { type } } } pageInfo { hasNextPage } } }"""
AUDIT = """query($first: Int!) { auditLog(first: $first) {
  edges { node { at actor { name } action entity entityId changes } }
  pageInfo { hasNextPage } } }"""
NESTED = """query($id: ID!) { customer(id: $id) {
  enrollments { id services { id type startDate enteredBy { name }
    copiedFrom { name } } } } }"""


async def seed(p: People, n: int) -> int:
    """n customers (program record + sent RA record each, registrations), n audit
    entries, and n services on the first customer's program record; its id."""
    from models.customers import Customer
    from models.enrollments import Enrollment, Registration
    from models.rules.enums import ServiceType
    from models.services import Service
    from models.system import AuditEntry

    await Customer.bulk_create(
        [
            Customer(
                legal_first_name=f"Bench{k}",
                legal_last_name="Person",
                search_name=f"bench {k}",
                date_of_birth=date(1990, 1, 1),
                customer_id=str(2_000_000 + k),
                created_by_provider_id=p.agency_id,
            )
            for k in range(n)
        ],
        batch_size=500,
    )
    ids = list(await Customer.all().order_by("id").values_list("id", flat=True))
    common = {"customer_of_id": p.coach_id, "created_by_id": p.coach_id}
    sent = datetime.combine(DAY, datetime.min.time(), tzinfo=UTC)
    await Enrollment.bulk_create(
        [
            row
            for cid in ids
            for row in (
                Enrollment(
                    customer_id=cid, provider_id=p.agency_id, application_date=DAY, **common
                ),
                Enrollment(
                    customer_id=cid,
                    provider_id=p.hub_id,
                    is_ra=True,
                    sent_at=sent,
                    referred_by_id=p.coach_id,
                    application_date=DAY,
                    **common,
                ),
            )
        ],
        batch_size=500,
    )
    records = await Enrollment.all().order_by("id").values("id", "customer_id", "is_ra")
    await Registration.bulk_create(
        [
            Registration(
                enrollment_id=r["id"],
                household_size=3,
                registered_on=DAY,
                registered_by_id=p.coach_id,
            )
            for r in records
        ],
        batch_size=500,
    )
    first_program = next(r["id"] for r in records if r["customer_id"] == ids[0] and not r["is_ra"])
    services = [
        Service(
            enrollment_id=first_program if k < n else r["id"],
            type=ServiceType.CAREER_COACHING,
            start_date=DAY + timedelta(days=k % 300),
            end_date=DAY + timedelta(days=k % 300),
            entered_by_id=p.coach_id,
        )
        for k, r in enumerate([records[0]] * n + [r for r in records[2:] if not r["is_ra"]])
    ]
    await Service.bulk_create(services, batch_size=500)
    now = datetime.now(UTC)
    await AuditEntry.bulk_create(
        [
            AuditEntry(
                at=now,
                actor_id=p.coach_id,
                action="bench.update",
                entity="Customer",
                entity_id=str(cid),
                changes={"legal_first_name": ["A", "B"]},
            )
            for cid in ids
        ],
        batch_size=500,
    )
    return ids[0]


async def _count(client: Any, query: str, variables: dict[str, Any], staff_id: int) -> int:
    payload = {"query": query, "variables": variables}
    headers = bearer_headers(staff_id)
    body = (await client.post("/graphql", json=payload, headers=headers)).json()
    assert "errors" not in body, body
    with count_statements() as counter:
        await client.post("/graphql", json=payload, headers=headers)
    return counter.count


async def counts(sizes: tuple[int, ...] = SIZES) -> dict[str, list[int]]:
    """Statements per request of each list query at each size (database emptied per size)."""
    from tortoise.contrib.test import truncate_all_models

    found: dict[str, list[int]] = {
        "customers": [],
        "referralQueue": [],
        "auditLog": [],
        "customer.enrollments.services": [],
    }
    async with app_client() as client:
        for n in sizes:
            await truncate_all_models()
            p = await people()
            first_customer = await seed(p, n)
            page = {"first": min(n, 200)}
            found["customers"].append(await _count(client, CUSTOMERS, page, p.manager_id))
            found["referralQueue"].append(await _count(client, QUEUE, page, p.hub_staff_id))
            found["auditLog"].append(await _count(client, AUDIT, page, p.manager_id))
            found["customer.enrollments.services"].append(
                await _count(client, NESTED, {"id": gid("Customer", first_customer)}, p.manager_id)
            )
    return found


async def measure(sizes: tuple[int, ...] = SIZES) -> Result:
    """B2 on the open ORM connection."""
    found = await counts(sizes)
    notes = [
        f"{name}: " + ", ".join(f"{n}→{c}" for n, c in zip(sizes, per, strict=True))
        for name, per in found.items()
    ]
    notes.append("paged lists: first = min(n, 200) (MAX_PAGE); nested lists carry n")
    return Result(
        "B2",
        f"SQL statements per request, 4 list queries, {sizes[-1]} vs {sizes[0]} items",
        sum(per[-1] for per in found.values()),
        sum(per[0] for per in found.values()),
        unit="statements",
        notes=notes,
    )


async def run(url: str) -> Result:
    async with fresh_database(url):
        return await measure()
