"""B1's baseline: a hand-written Starlette endpoint that checks the bearer token, reads
the customer record with raw SQL (a few SELECTs on the Tortoise connection) and returns
the same JSON as the GraphQL query of bench/b1_record.py, encoded with orjson."""

from __future__ import annotations

import base64
from collections import defaultdict
from decimal import Decimal
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import placeholders


def _day(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def money(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.01")))


def gid(type_name: str, key: int) -> str:
    """A global id (schema/ids.py), as a hand-written endpoint would build it."""
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).rstrip(b"=").decode()


def _json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


async def raw_record(conn: Any, customer_id: int) -> dict[str, Any]:
    """The same JSON as the GraphQL query, from six SELECTs."""
    (ph,) = placeholders(1)
    customer = (
        await conn.execute_query_dict(
            "SELECT id, customer_id, legal_first_name, legal_last_name, preferred_name, "
            f"date_of_birth, ssn_last4, email, phone FROM customer WHERE id = {ph}",
            [customer_id],
        )
    )[0]
    enrollments = await conn.execute_query_dict(
        "SELECT e.*, p.name AS provider_name, co.name AS customer_of_name, "
        "rb.name AS referred_by_name, r.phones, r.email AS reg_email, r.household_size, "
        "r.household_income, r.total_amount_requested, r.months_needed, r.registered_on "
        "FROM enrollment e JOIN provider p ON p.id = e.provider_id "
        "JOIN staff co ON co.id = e.customer_of_id LEFT JOIN staff rb ON rb.id = e.referred_by_id "
        f"LEFT JOIN registration r ON r.enrollment_id = e.id WHERE e.customer_id = {ph} "
        "ORDER BY e.application_date, e.id",
        [customer_id],
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
        "ORDER BY s.start_date, s.id"
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
        out.append(
            {
                "id": gid("Enrollment", eid),
                "applicationDate": _day(e["application_date"]),
                "participationDate": _day(e["participation_date"]),
                "exitDate": _day(e["exit_date"]),
                "lqFundServiceDate": _day(e["lq_fund_service_date"]),
                "programStatus": e["program_status"],
                "fullyEnrolled": bool(e["fully_enrolled"]),
                "housingTypeReceived": e["housing_type_received"],
                "servicePointId": e["service_point_id"],
                "provider": {"id": gid("Provider", e["provider_id"]), "name": e["provider_name"]},
                "customerOf": {
                    "id": gid("Staff", e["customer_of_id"]),
                    "name": e["customer_of_name"],
                },
                "referredBy": None
                if e["referred_by_id"] is None
                else {"id": gid("Staff", e["referred_by_id"]), "name": e["referred_by_name"]},
                "registration": {
                    "phones": _json(e["phones"]) or [],
                    "email": e["reg_email"],
                    "householdSize": e["household_size"] if ra else None,
                    "householdIncome": money(e["household_income"]) if ra else None,
                    "totalAmountRequested": money(e["total_amount_requested"]) if ra else None,
                    "monthsNeeded": e["months_needed"] if ra else None,
                    "registeredOn": _day(e["registered_on"]),
                    "otherFundingSources": [
                        {
                            "date": _day(f["date"]),
                            "fundingSource": f["funding_source"],
                            "notes": f["notes"],
                        }
                        for f in sources[eid]
                    ]
                    if ra
                    else [],
                },
                "services": [
                    {
                        "id": gid("Service", s["id"]),
                        "type": s["type"],
                        "startDate": _day(s["start_date"]),
                        "endDate": _day(s["end_date"]),
                        "enteredBy": {
                            "id": gid("Staff", s["entered_by_id"]),
                            "name": s["entered_by_name"],
                        },
                    }
                    for s in services[eid]
                ],
                "paymentPlans": [
                    {
                        "id": gid("PaymentPlan", pl["id"]),
                        "fundingSource": pl["funding_source"],
                        "paymentTypes": _json(pl["payment_types"]),
                        "startDate": _day(pl["start_date"]),
                        "targetEndDate": _day(pl["target_end_date"]),
                        "endDate": _day(pl["end_date"]),
                    }
                    for pl in plans[eid]
                ],
                "payments": [
                    {
                        "id": gid("Payment", pa["id"]),
                        "paidOn": _day(pa["paid_on"]),
                        "amount": money(pa["amount"]),
                        "forMonth": pa["for_month"],
                        "fundingSource": pa["funding_source"],
                        "paymentType": pa["payment_type"],
                        "overRequested": bool(pa["over_requested"]),
                    }
                    for pa in pays
                ],
                "totalPaid": money(sum((Decimal(str(pa["amount"])) for pa in pays), Decimal(0))),
            }
        )
    return {
        "data": {
            "customer": {
                "id": gid("Customer", customer["id"]),
                "customerId": customer["customer_id"],
                "legalFirstName": customer["legal_first_name"],
                "legalLastName": customer["legal_last_name"],
                "preferredName": customer["preferred_name"],
                "birthMonthDay": _day(customer["date_of_birth"])[5:].replace("-", "/"),  # type: ignore[index]
                "ssnLast4": customer["ssn_last4"],
                "email": customer["email"],
                "phone": customer["phone"],
                "enrollments": out,
            }
        }
    }


def baseline_app() -> Starlette:
    """GET /customers/{id}: the bearer token checked, then raw SQL and orjson."""
    from tortoise import connections

    from models.actions.tokens import bearer, staff_id_from_token

    async def endpoint(request: Request) -> Response:
        conn = connections.get("default")
        token = bearer(request.headers.get("authorization"))
        claims = staff_id_from_token(token) if token else None
        staff_id, version = claims or (0, 0)
        ph, ph2 = placeholders(2)
        staff = await conn.execute_query_dict(
            f"SELECT role FROM staff WHERE id = {ph} AND is_active AND token_version = {ph2}",
            [staff_id, version],
        )
        if not staff or staff[0]["role"] != "CONTRACT_MANAGER":
            return Response(status_code=403)
        body = await raw_record(conn, int(request.path_params["id"]))
        return Response(orjson.dumps(body), media_type="application/json")

    return Starlette(routes=[Route("/customers/{id:int}", endpoint)])
