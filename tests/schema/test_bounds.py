"""Every input is bounded at the edge (issue 10 §5): the schema has no undeclared input,
and each kind of bound holds at its boundary, refused with BAD_USER_INPUT naming the
path, before anything is written (tables at every bound)."""

from __future__ import annotations

from datetime import date

import pytest
from tortoise import Tortoise

from models.config import Settings
from models.customers import Customer
from schema import bounds_check as bounds
from schema.bounds_table import BOUNDS
from schema.root import build_schema
from tests import factories as f
from tests.conftest import COACH, MANAGER, Api
from tests.ids import gid, row_id

CUSTOMER_CREATE = """
mutation($input: CustomerCreateInput!) {
  customerCreate(input: $input) { customer { id legalFirstName } errors { field code } }
}
"""
INCOME_LIMIT = """
mutation($d: Date!, $m: Decimal!) {
  incomeLimitSet(effectiveFrom: $d, medianFamilyIncome: $m) { medianFamilyIncome errors { code } }
}
"""
BUDGET = """
mutation($input: BudgetSaveInput!) { budgetSave(input: $input) { budget { id } errors { code } } }
"""
REGISTRATION = """
mutation($id: ID!, $input: RegistrationInput!) {
  registrationUpdate(enrollmentId: $id, input: $input) { enrollment { id } errors { code } }
}
"""
SEARCH = "query($s: String!, $n: Int) { customers(search: $s, first: $n) { edges { cursor } } }"
CUSTOMER = "query($id: ID!) { customer(id: $id) { id } }"
LOGIN = 'mutation($p: String!) { login(email: "x@example.org", password: $p) { token } }'


def test_every_input_of_the_schema_has_a_declared_bound() -> None:
    schema = build_schema(Settings(environment="test"))
    assert bounds.missing_bounds(schema, BOUNDS) == [], "declare these in schema/bounds_table.py"


def test_no_declared_bound_names_an_input_that_does_not_exist() -> None:
    schema = build_schema(Settings(environment="test"))
    coordinates = set(bounds.input_coordinates(schema))
    assert [c for c in BOUNDS if c not in coordinates] == []


def test_a_new_field_without_a_bound_is_reported() -> None:
    schema = build_schema(Settings(environment="test"))
    table = {k: v for k, v in BOUNDS.items() if k != "Query.customers(search:)"}
    assert bounds.missing_bounds(schema, table) == ["Query.customers(search:)"]


async def rows() -> dict[str, int]:
    return {
        name: await model.all().count()
        for name, model in Tortoise.apps["models"].items()  # type: ignore[union-attr]
    }


def refused(body: dict, field: str) -> bool:
    errors = body.get("errors") or []
    return any(
        e.get("extensions", {}).get("code") == "BAD_USER_INPUT"
        and e["extensions"].get("field") == field
        for e in errors
    )


def person(**changes: object) -> dict:
    return {
        "input": {
            "legalFirstName": "Ana",
            "legalLastName": "Pérez",
            "dateOfBirth": "1990-04-05",
            **changes,
        }
    }


TEXT_CASES = [
    # (changes, field refused or None when accepted)
    ({"legalFirstName": "A" * 100}, None),
    ({"legalFirstName": "A" * 101}, "input.legalFirstName"),
    ({"legalFirstName": "Ana\x00"}, "input.legalFirstName"),
    ({"legalFirstName": "Ana\nBeth"}, "input.legalFirstName"),  # single-line
    ({"legalFirstName": "\u200b\u200c\u200d"}, "input.legalFirstName"),  # zero-width only
    ({"legalFirstName": "\u202e\u2066"}, "input.legalFirstName"),  # direction overrides
    ({"legalFirstName": "\u3164"}, "input.legalFirstName"),  # a blank filler letter
    ({"preferredName": "\ufeff "}, "input.preferredName"),
    ({"email": "ana@example.org"}, None),
    ({"email": "@"}, "input.email"),
    ({"email": "ana@"}, "input.email"),
    ({"email": "a" * 250 + "@example.org"}, "input.email"),
    ({"dateOfBirth": "1900-01-01"}, None),
    ({"dateOfBirth": "1899-12-31"}, "input.dateOfBirth"),
    ({"dateOfBirth": "2101-01-01"}, "input.dateOfBirth"),
    ({"dateOfBirth": "0001-01-01"}, "input.dateOfBirth"),
]


@pytest.mark.parametrize(("changes", "field"), TEXT_CASES)
async def test_text_and_date_bounds_of_a_new_customer(
    api: Api, changes: dict, field: str | None
) -> None:
    before = await rows()
    body = await api.post(CUSTOMER_CREATE, person(**changes), as_=COACH)
    if field is None:
        assert body["data"]["customerCreate"]["errors"] == [], body
        return
    assert refused(body, field), body
    assert body["data"] is None
    assert await rows() == before


async def test_text_is_stored_nfc_normalised(api: Api) -> None:
    body = await api.post(CUSTOMER_CREATE, person(legalFirstName="Jose\u0301"), as_=COACH)
    customer = body["data"]["customerCreate"]["customer"]
    assert customer["legalFirstName"] == "Jos\u00e9"
    assert (await Customer.get(id=row_id(customer["id"]))).legal_first_name == "Jos\u00e9"


async def test_a_lone_surrogate_is_refused_not_stored(api: Api) -> None:
    before = await rows()
    response = await api.client.post(
        "/graphql",
        content=b'{"query": "query { customers(search: \\"\\\\ud800\\") { edges { cursor } } }"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code in (200, 400)
    assert "Unexpected error" not in response.text
    assert await rows() == before


MONEY_CASES = [
    ("10.50", None),
    ("10.500", None),  # two places written with a third zero
    ("99999999.99", None),
    ("10.005", "medianFamilyIncome"),  # refused, never rounded to 10.00 or 10.01
    ("100000000.00", "medianFamilyIncome"),
    ("-100000000.00", "medianFamilyIncome"),
]


@pytest.mark.parametrize(("amount", "field"), MONEY_CASES)
async def test_money_has_at_most_two_places_and_a_range(
    api: Api, amount: str, field: str | None
) -> None:
    before = await rows()
    body = await api.post(INCOME_LIMIT, {"d": "2024-01-01", "m": amount}, as_=MANAGER)
    if field is None:
        assert body["data"]["incomeLimitSet"]["errors"] == [], body
        return
    assert refused(body, field), body
    assert await rows() == before


@pytest.mark.parametrize(
    "amount", ["NaN", "-NaN", "sNaN", "Infinity", "-Inf", "1e400", "12,50", True]
)
async def test_nan_infinity_and_junk_are_refused_as_variables(api: Api, amount: object) -> None:
    before = await rows()
    body = await api.post(INCOME_LIMIT, {"d": "2024-01-01", "m": amount}, as_=MANAGER)
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "$m"}, error
    assert "Decimal" in error["message"] or "number" in error["message"]
    assert await rows() == before


@pytest.mark.parametrize(
    ("day", "field"),
    [("1900-01-01", None), ("1899-12-31", "effectiveFrom"), ("2101-01-01", "effectiveFrom")],
)
async def test_dates_are_within_1900_and_2100(api: Api, day: str, field: str | None) -> None:
    body = await api.post(INCOME_LIMIT, {"d": day, "m": "1000.00"}, as_=MANAGER)
    if field is None:
        assert "errors" not in body, body
    else:
        assert refused(body, field), body


@pytest.mark.parametrize("day", ["1990-02-30", "2023-13-01", "19900201", "1990-2-3", "", 19900201])
async def test_a_date_that_does_not_exist_is_bad_user_input(api: Api, day: object) -> None:
    body = await api.post(INCOME_LIMIT, {"d": day, "m": "1000.00"}, as_=MANAGER)
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "$d"}, error
    assert "YYYY-MM-DD" in error["message"]


@pytest.mark.parametrize(("count", "ok"), [(100, True), (101, False)])
async def test_lists_have_a_size_bound(api: Api, count: int, ok: bool) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    lines = [{"label": f"line {i}", "amount": "1.00", "isIncome": True} for i in range(count)]
    variables = {"input": {"customerId": gid(cust), "savedOn": "2024-01-02", "lines": lines}}
    before = await rows()
    body = await api.post(BUDGET, variables, as_=COACH)
    if ok:
        assert body["data"]["budgetSave"]["errors"] == [], body
    else:
        assert refused(body, "input.lines"), body
        assert await rows() == before


@pytest.mark.parametrize(
    ("size", "field"),
    [(99, None), (-99, None), (100, "input.householdSize"), (-100, "input.householdSize")],
)
async def test_counts_have_a_range(api: Api, size: int, field: str | None) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    record = await f.program_record(cust, coach, application_date=date(2024, 1, 2))
    body = await api.post(
        REGISTRATION, {"id": gid(record), "input": {"householdSize": size}}, as_=COACH
    )
    if field is None:
        assert "errors" not in body, body
    else:
        assert refused(body, field), body


async def test_items_of_a_list_are_bounded_with_their_index(api: Api) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    record = await f.program_record(cust, coach, application_date=date(2024, 1, 2))
    phones = ["503-555-0100", "5" * 41]
    body = await api.post(REGISTRATION, {"id": gid(record), "input": {"phones": phones}}, as_=COACH)
    assert refused(body, "input.phones.1"), body


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"s": "x" * 200, "n": 20}, None),
        ({"s": "x" * 201, "n": 20}, "search"),
        ({"s": "1234567", "n": 0}, "first"),
        ({"s": "1234567", "n": 201}, "first"),
        ({"s": "1234567", "n": 200}, None),
    ],
)
async def test_search_and_page_size_bounds(api: Api, variables: dict, field: str | None) -> None:
    body = await api.post(SEARCH, variables, as_=COACH)
    if field is None:
        assert "errors" not in body, body
    else:
        assert refused(body, field), body


async def test_long_and_malformed_ids(api: Api) -> None:
    body = await api.post(CUSTOMER, {"id": "9" * 8193}, as_=COACH)
    assert refused(body, "id"), body
    for raw in ("9" * 8192, "99999999999", "-1", "0", "\u00b2", "1e3", " 1 x", "Q3VzdG9tZXI6MQ"):
        body = await api.post(CUSTOMER, {"id": raw}, as_=COACH)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (raw, body)


async def test_a_password_has_a_length_bound(api: Api) -> None:
    body = await api.post(LOGIN, {"p": "p" * 256})
    assert "errors" not in body, body
    body = await api.post(LOGIN, {"p": "p" * 257})
    assert refused(body, "password"), body
