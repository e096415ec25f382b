"""B1: the customer record query through the real app (GraphQL `customer { enrollments
{ registration services payments … } }` as a contract manager, over httpx's
ASGITransport) against a hand-written Starlette endpoint doing raw SQL (a few SELECTs
via the Tortoise connection) and orjson, returning the same JSON. One customer with 3
enrollments (1 program record, 2 RA records), 30 services, 2 plans and 12 payments;
the median time per request over REQUESTS requests each."""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bench.b1_raw import baseline_app, gid, money
from bench.harness import (
    Result,
    app_client,
    bearer_headers,
    count_statements,
    fresh_database,
    people,
)

REQUESTS = 200
DAY = date(2026, 3, 2)

QUERY = """query($id: ID!) { customer(id: $id) {
  id customerId legalFirstName legalLastName preferredName birthMonthDay ssnLast4 email phone
  enrollments {
    id applicationDate participationDate exitDate lqFundServiceDate programStatus
    fullyEnrolled housingTypeReceived servicePointId
    provider { id name } customerOf { id name } referredBy { id name }
    registration { phones email householdSize householdIncome totalAmountRequested
      monthsNeeded registeredOn otherFundingSources { date fundingSource notes } }
    services { id type startDate endDate enteredBy { id name } }
    paymentPlans { id fundingSource paymentTypes startDate targetEndDate endDate }
    payments { id paidOn amount forMonth fundingSource paymentType overRequested }
    totalPaid
  } } }"""


async def seed() -> tuple[int, int]:
    """The customer and its rows, straight through the ORM; (customer id, manager id)."""
    from models.customers import Customer
    from models.enrollments import Enrollment, FundingSourceEntry, Registration
    from models.payments import Payment, PaymentPlan
    from models.rules.enums import HousingType, ProgramStatus, ServiceType
    from models.services import Service

    p = await people()
    cust = await Customer.create(
        legal_first_name="Ana",
        legal_last_name="Pérez",
        date_of_birth=date(1990, 4, 5),
        ssn_last4="1234",
        email="ana@example.org",
        phone="503-555-0100",
        search_name="ana perez",
        created_by_provider_id=p.agency_id,
    )
    cust.customer_id = str(2_000_000 + cust.id)
    await cust.save(update_fields=["customer_id"])
    common = {"customer": cust, "customer_of_id": p.coach_id, "created_by_id": p.coach_id}
    program = await Enrollment.create(provider_id=p.agency_id, application_date=DAY, **common)
    first = await Enrollment.create(
        provider_id=p.hub_id,
        is_ra=True,
        referred_by_id=p.coach_id,
        **common,
        application_date=DAY + timedelta(10),
        review_date=DAY + timedelta(12),
        participation_date=DAY + timedelta(12),
        lq_fund_service_date=DAY + timedelta(100),
        fully_enrolled=True,
        housing_type_received=HousingType.HOMELESS_PREVENTION,
        program_status=ProgramStatus.EXIT,
        exit_date=DAY + timedelta(120),
    )
    second = await Enrollment.create(
        provider_id=p.hub_id,
        is_ra=True,
        referred_by_id=p.coach_id,
        **common,
        application_date=DAY + timedelta(250),
        review_date=DAY + timedelta(252),
        participation_date=DAY + timedelta(252),
        lq_fund_service_date=DAY + timedelta(300),
        fully_enrolled=True,
        housing_type_received=HousingType.RAPID_REHOUSING,
        service_point_id="SP-1",
    )
    await Registration.create(enrollment=program, phones=["503-555-0100"])
    for ra in (first, second):
        await Registration.create(
            enrollment=ra,
            phones=["503-555-0100"],
            email="ana@example.org",
            household_size=3,
            household_income=Decimal("9000.00"),
            total_amount_requested=Decimal("3200.00"),
            months_needed=3,
            registered_by_id=p.coach_id,
            registered_on=ra.application_date,
        )
        await FundingSourceEntry.create(
            enrollment=ra, position=0, date=ra.application_date, funding_source="EOP Portland"
        )
    types = [ServiceType.CAREER_COACHING, ServiceType.HOMELESS_PREVENTION]
    for n, record in enumerate((program, first, second)):
        for i in range(10):
            on = record.application_date + timedelta(days=i * 7)
            await Service.create(
                enrollment=record,
                type=types[min(n, 1) if i % 2 else 0],
                start_date=on,
                end_date=on,
                entered_by_id=p.hub_staff_id if n and i % 2 else p.coach_id,
            )
    for ra in (first, second):
        plan = await PaymentPlan.create(
            enrollment=ra,
            funding_source="EOP Portland",
            payment_types=["Rent"],
            start_date=ra.application_date,
            target_end_date=ra.application_date + timedelta(180),
            created_by_id=p.hub_staff_id,
        )
        for i in range(6):
            paid = ra.application_date + timedelta(days=30 * i)
            await Payment.create(
                enrollment=ra,
                plan=plan,
                paid_on=paid,
                amount=Decimal("550.25") + i,
                for_month=paid.strftime("%Y-%m"),
                funding_source="EOP Portland",
                payment_type="Rent",
                over_requested=i == 5,
                entered_by_id=p.hub_staff_id,
            )
    return cust.id, p.manager_id


def _normalise(body: Any) -> Any:
    """Money as 2-decimal strings, so that "550.2" and "550.20" compare equal."""
    if isinstance(body, dict):
        return {
            k: money(v)
            if k in {"amount", "totalPaid", "householdIncome", "totalAmountRequested"}
            and v is not None
            else _normalise(v)
            for k, v in body.items()
        }
    if isinstance(body, list):
        return [_normalise(v) for v in body]
    return body


async def _median(client: Any, send: Any, requests: int) -> float:
    for _ in range(min(10, requests)):  # warm-up: caches, pools
        await send(client)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        await send(client)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def measure(requests: int = REQUESTS) -> Result:
    """B1 on the open ORM connection (an empty migrated database)."""
    customer_id, manager_id = await seed()
    headers = bearer_headers(manager_id)
    payload = {"query": QUERY, "variables": {"id": gid("Customer", customer_id)}}

    async def ours(client: Any) -> Any:
        response = await client.post("/graphql", json=payload, headers=headers)
        return response.json()

    async def baseline(client: Any) -> Any:
        response = await client.get(f"/customers/{customer_id}", headers=headers)
        return response.json()

    async with app_client() as app, app_client(baseline_app()) as raw:
        expected, got = _normalise(await ours(app)), _normalise(await baseline(raw))
        assert "errors" not in expected, expected
        customer = expected["data"]["customer"]
        assert len(customer["enrollments"]) == 3
        assert sum(len(e["services"]) for e in customer["enrollments"]) == 30
        assert sum(len(e["payments"]) for e in customer["enrollments"]) == 12
        assert got == expected, (got, expected)
        with count_statements() as ours_sql:
            await ours(app)
        with count_statements() as base_sql:
            await baseline(raw)
        ours_s = await _median(app, ours, requests)
        base_s = await _median(raw, baseline, requests)
    return Result(
        "B1",
        "customer record query (3 enrollments, 30 services, 12 payments)",
        ours_s * 1000,
        base_s * 1000,
        unit="ms",
        notes=[
            f"median per request over {requests} requests each; baseline: raw SQL "
            "+ orjson in a bare Starlette endpoint",
            f"SQL statements per request: ours {ours_sql.count}, baseline {base_sql.count}",
        ],
    )


async def run(url: str) -> Result:
    async with fresh_database(url):
        return await measure()
