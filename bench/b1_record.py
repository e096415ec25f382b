"""B1: the customer record query through the real app (GraphQL `customer { enrollments
{ registration services payments … } }` as a contract manager, over httpx's
ASGITransport) against a hand-written Starlette endpoint doing raw SQL (a few SELECTs
via the Tortoise connection) and orjson, returning the same JSON. One customer with 3
enrollments (1 program record, 2 RA records), 30 services, 2 plans and 12 payments;
the median time per request over REQUESTS requests each."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import (
    Result,
    app_client,
    bearer_headers,
    count_statements,
    fresh_database,
    people,
    placeholders,
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
        legal_first_name="Ana", legal_last_name="Pérez", date_of_birth=date(1990, 4, 5),
        ssn_last4="1234", email="ana@example.org", phone="503-555-0100",
        search_name="ana perez", created_by_provider_id=p.agency_id,
    )
    cust.customer_id = str(2_000_000 + cust.id)
    await cust.save(update_fields=["customer_id"])
    common = {"customer": cust, "customer_of_id": p.coach_id, "created_by_id": p.coach_id}
    program = await Enrollment.create(provider_id=p.agency_id, application_date=DAY, **common)
    first = await Enrollment.create(
        provider_id=p.hub_id, is_ra=True, referred_by_id=p.coach_id, **common,
        application_date=DAY + timedelta(10), review_date=DAY + timedelta(12),
        participation_date=DAY + timedelta(12), lq_fund_service_date=DAY + timedelta(100),
        fully_enrolled=True, housing_type_received=HousingType.HOMELESS_PREVENTION,
        program_status=ProgramStatus.EXIT, exit_date=DAY + timedelta(120),
    )
    second = await Enrollment.create(
        provider_id=p.hub_id, is_ra=True, referred_by_id=p.coach_id, **common,
        application_date=DAY + timedelta(250), review_date=DAY + timedelta(252),
        participation_date=DAY + timedelta(252), lq_fund_service_date=DAY + timedelta(300),
        fully_enrolled=True, housing_type_received=HousingType.RAPID_REHOUSING,
        service_point_id="SP-1",
    )
    await Registration.create(enrollment=program, phones=["503-555-0100"])
    for ra in (first, second):
        await Registration.create(
            enrollment=ra, phones=["503-555-0100"], email="ana@example.org", household_size=3,
            household_income=Decimal("9000.00"), total_amount_requested=Decimal("3200.00"),
            months_needed=3, registered_by_id=p.coach_id, registered_on=ra.application_date,
        )
        await FundingSourceEntry.create(
            enrollment=ra, position=0, date=ra.application_date, funding_source="EOP Portland"
        )
    types = [ServiceType.CAREER_COACHING, ServiceType.HOMELESS_PREVENTION]
    for n, record in enumerate((program, first, second)):
        for i in range(10):
            on = record.application_date + timedelta(days=i * 7)
            await Service.create(
                enrollment=record, type=types[min(n, 1) if i % 2 else 0], start_date=on,
                end_date=on, entered_by_id=p.hub_staff_id if n and i % 2 else p.coach_id,
            )
    for ra in (first, second):
        plan = await PaymentPlan.create(
            enrollment=ra, funding_source="EOP Portland", payment_types=["Rent"],
            start_date=ra.application_date, target_end_date=ra.application_date + timedelta(180),
            created_by_id=p.hub_staff_id,
        )
        for i in range(6):
            paid = ra.application_date + timedelta(days=30 * i)
            await Payment.create(
                enrollment=ra, plan=plan, paid_on=paid, amount=Decimal("550.25") + i,
                for_month=paid.strftime("%Y-%m"), funding_source="EOP Portland",
                payment_type="Rent", over_requested=i == 5, entered_by_id=p.hub_staff_id,
            )
    return cust.id, p.manager_id


def _day(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _money(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.01")))


def _json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


async def raw_record(conn: Any, customer_id: int) -> dict[str, Any]:
    """The same JSON as the GraphQL query, from six SELECTs."""
    (ph,) = placeholders(1)
    customer = (await conn.execute_query_dict(
        "SELECT id, customer_id, legal_first_name, legal_last_name, preferred_name, "
        f"date_of_birth, ssn_last4, email, phone FROM customer WHERE id = {ph}", [customer_id]
    ))[0]
    enrollments = await conn.execute_query_dict(
        "SELECT e.*, p.name AS provider_name, co.name AS customer_of_name, "
        "rb.name AS referred_by_name, r.phones, r.email AS reg_email, r.household_size, "
        "r.household_income, r.total_amount_requested, r.months_needed, r.registered_on "
        "FROM enrollment e JOIN provider p ON p.id = e.provider_id "
        "JOIN staff co ON co.id = e.customer_of_id LEFT JOIN staff rb ON rb.id = e.referred_by_id "
        f"LEFT JOIN registration r ON r.enrollment_id = e.id WHERE e.customer_id = {ph} "
        "ORDER BY e.application_date, e.id", [customer_id]
    )
    ids = [e["id"] for e in enrollments]
    marks = ", ".join(placeholders(len(ids)))

    async def children(sql: str) -> dict[int, list[dict[str, Any]]]:
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in await conn.execute_query_dict(sql.format(ids=marks), ids):
            grouped[row["enrollment_id"]].append(row)
        return grouped

    sources = await children(
        "SELECT * FROM funding_source_entry WHERE enrollment_id IN ({ids}) ORDER BY position"
    )
    services = await children(
        "SELECT s.*, st.name AS entered_by_name FROM service s JOIN staff st "
        "ON st.id = s.entered_by_id WHERE s.enrollment_id IN ({ids}) "
        "ORDER BY s.start_date DESC, s.id DESC"
    )
    plans = await children(
        "SELECT * FROM payment_plan WHERE enrollment_id IN ({ids}) ORDER BY start_date, id"
    )
    payments = await children(
        "SELECT * FROM payment WHERE enrollment_id IN ({ids}) ORDER BY paid_on, id"
    )
    out = []
    for e in enrollments:
        ra, eid = bool(e["is_ra"]), e["id"]
        pays = payments[eid]
        out.append({
            "id": str(eid), "applicationDate": _day(e["application_date"]),
            "participationDate": _day(e["participation_date"]), "exitDate": _day(e["exit_date"]),
            "lqFundServiceDate": _day(e["lq_fund_service_date"]),
            "programStatus": e["program_status"], "fullyEnrolled": bool(e["fully_enrolled"]),
            "housingTypeReceived": e["housing_type_received"],
            "servicePointId": e["service_point_id"],
            "provider": {"id": str(e["provider_id"]), "name": e["provider_name"]},
            "customerOf": {"id": str(e["customer_of_id"]), "name": e["customer_of_name"]},
            "referredBy": None if e["referred_by_id"] is None
            else {"id": str(e["referred_by_id"]), "name": e["referred_by_name"]},
            "registration": {
                "phones": _json(e["phones"]) or [], "email": e["reg_email"],
                "householdSize": e["household_size"] if ra else None,
                "householdIncome": _money(e["household_income"]) if ra else None,
                "totalAmountRequested": _money(e["total_amount_requested"]) if ra else None,
                "monthsNeeded": e["months_needed"] if ra else None,
                "registeredOn": _day(e["registered_on"]),
                "otherFundingSources": [
                    {"date": _day(f["date"]), "fundingSource": f["funding_source"],
                     "notes": f["notes"]} for f in sources[eid]
                ] if ra else [],
            },
            "services": [
                {"id": str(s["id"]), "type": s["type"], "startDate": _day(s["start_date"]),
                 "endDate": _day(s["end_date"]),
                 "enteredBy": {"id": str(s["entered_by_id"]), "name": s["entered_by_name"]}}
                for s in services[eid]
            ],
            "paymentPlans": [
                {"id": str(pl["id"]), "fundingSource": pl["funding_source"],
                 "paymentTypes": _json(pl["payment_types"]), "startDate": _day(pl["start_date"]),
                 "targetEndDate": _day(pl["target_end_date"]), "endDate": _day(pl["end_date"])}
                for pl in plans[eid]
            ],
            "payments": [
                {"id": str(pa["id"]), "paidOn": _day(pa["paid_on"]),
                 "amount": _money(pa["amount"]), "forMonth": pa["for_month"],
                 "fundingSource": pa["funding_source"], "paymentType": pa["payment_type"],
                 "overRequested": bool(pa["over_requested"])} for pa in pays
            ],
            "totalPaid": _money(sum((Decimal(str(pa["amount"])) for pa in pays), Decimal(0))),
        })
    return {"data": {"customer": {
        "id": str(customer["id"]), "customerId": customer["customer_id"],
        "legalFirstName": customer["legal_first_name"],
        "legalLastName": customer["legal_last_name"],
        "preferredName": customer["preferred_name"],
        "birthMonthDay": _day(customer["date_of_birth"])[5:].replace("-", "/"),  # type: ignore[index]
        "ssnLast4": customer["ssn_last4"], "email": customer["email"], "phone": customer["phone"],
        "enrollments": out,
    }}}


def baseline_app() -> Starlette:
    """GET /customers/{id}: the bearer token checked, then raw SQL and orjson."""
    from tortoise import connections

    from api.auth import bearer, staff_id_from_token

    async def endpoint(request: Request) -> Response:
        conn = connections.get("default")
        token = bearer(request.headers.get("authorization"))
        staff_id = staff_id_from_token(token) if token else None
        (ph,) = placeholders(1)
        staff = await conn.execute_query_dict(
            f"SELECT role FROM staff WHERE id = {ph} AND is_active", [staff_id or 0]
        )
        if not staff or staff[0]["role"] != "CONTRACT_MANAGER":
            return Response(status_code=403)
        body = await raw_record(conn, int(request.path_params["id"]))
        return Response(orjson.dumps(body), media_type="application/json")

    return Starlette(routes=[Route("/customers/{id:int}", endpoint)])


def _normalise(body: Any) -> Any:
    """Money as 2-decimal strings, so that "550.2" and "550.20" compare equal."""
    if isinstance(body, dict):
        return {k: _money(v) if k in {"amount", "totalPaid", "householdIncome",
                                      "totalAmountRequested"} and v is not None
                else _normalise(v) for k, v in body.items()}
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
    payload = {"query": QUERY, "variables": {"id": str(customer_id)}}

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
        "B1", "customer record query (3 enrollments, 30 services, 12 payments)",
        ours_s * 1000, base_s * 1000, unit="ms",
        notes=[f"median per request over {requests} requests each; baseline: raw SQL "
               "+ orjson in a bare Starlette endpoint",
               f"SQL statements per request: ours {ours_sql.count}, baseline {base_sql.count}"],
    )


async def run(url: str) -> Result:
    async with fresh_database(url):
        return await measure()
