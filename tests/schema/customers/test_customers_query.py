"""customers(search:) and customer(id) (R-ACL-1, R-ACL-2), and no N+1."""

from __future__ import annotations

from datetime import date

import pytest

from models.customers import Customer
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, MANAGER, Api
from tests.ids import gid
from tests.querycount import count_queries

SEARCH = """
query($search: String!, $first: Int, $after: String) {
  customers(search: $search, first: $first, after: $after) {
    edges { cursor node { id customerId legalFirstName legalLastName identityOnly birthMonthDay
                          ssnLast4 jobSeekerId email enrollments { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CUSTOMER = """
query($id: ID!) { customer(id: $id) { id customerId legalLastName identityOnly email
                                      enrollments { id provider { name } } } }
"""


def names(data: dict) -> list[str]:
    return [e["node"]["legalFirstName"] for e in data["customers"]["edges"]]


async def test_name_search_is_case_and_accent_insensitive_and_partial(api: Api) -> None:
    coach = await factories.staff(COACH)
    await factories.customer(coach, first="José", last="Pérez")
    await factories.customer(coach, first="Joseph", last="Smith")
    await factories.customer(coach, first="Ana", last="Perezoso")
    for search, expected in (
        ("jose", ["José", "Joseph"]),
        ("JOSÉ pér", ["José"]),
        ("PEREZ", ["Ana", "José"]),
        ("erez", ["Ana", "José"]),
        ("nobody", []),
        ("", ["Ana", "José", "Joseph"]),
    ):
        data = await api.ok(SEARCH, {"search": search}, as_=COACH)
        assert sorted(names(data)) == sorted(expected), search


async def test_other_agencies_customers_are_found_only_by_exact_id_identity_only(
    api: Api,
) -> None:
    other = await factories.customer(
        await factories.staff(COACH_OJF), first="Zoe", last="Lee", job_seeker_id="JS-9"
    )
    assert names(await api.ok(SEARCH, {"search": "zoe"}, as_=COACH)) == []
    assert names(await api.ok(SEARCH, {"search": other.customer_id[:4]}, as_=COACH)) == []
    for exact in (other.customer_id, "JS-9"):
        node = (await api.ok(SEARCH, {"search": exact}, as_=COACH))["customers"]["edges"][0]["node"]
        assert node["identityOnly"] is True
        assert node["legalFirstName"] == "Zoe" and node["birthMonthDay"] == "04/05"
        assert node["ssnLast4"] == "1234"
        assert node["email"] is None and node["jobSeekerId"] is None
        assert node["enrollments"] == []
    # the full record stays closed to the coach
    body = await api.post(CUSTOMER, {"id": gid(other)}, as_=COACH)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # the owning agency sees it in full
    node = (await api.ok(SEARCH, {"search": "zoe"}, as_=COACH_OJF))["customers"]["edges"][0]["node"]
    assert node["identityOnly"] is False and node["email"] == other.email


async def test_a_program_record_at_the_agency_gives_the_coach_full_access(api: Api) -> None:
    coach = await factories.staff(COACH)
    other = await factories.customer(await factories.staff(COACH_OJF), first="Zoe")
    await factories.program_record(other, coach, application_date=date(2025, 1, 2))
    data = await api.ok(CUSTOMER, {"id": gid(other)}, as_=COACH)
    assert data["customer"]["identityOnly"] is False
    assert len(data["customer"]["enrollments"]) == 1


async def test_hub_staff_find_only_customers_with_a_sent_referral_at_their_hub(api: Api) -> None:
    coach = await factories.staff(COACH)
    sent = await factories.sent_referral(coach, application_date=date(2025, 5, 1))
    draft = await factories.customer(coach, first="Bea")
    cust = await Customer.get(id=sent.customer_id)  # type: ignore[attr-defined]
    assert names(await api.ok(SEARCH, {"search": "ana"}, as_=HUB)) == ["Ana"]
    assert names(await api.ok(SEARCH, {"search": draft.customer_id}, as_=HUB)) == []
    assert names(await api.ok(SEARCH, {"search": cust.customer_id}, as_=HUB)) == ["Ana"]
    body = await api.post(CUSTOMER, {"id": gid(draft)}, as_=HUB)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert names(await api.ok(SEARCH, {"search": "bea"}, as_=MANAGER)) == ["Bea"]


async def test_pages_follow_keyset_cursors_without_gaps_or_repeats(api: Api) -> None:
    coach = await factories.staff(COACH)
    for i in range(7):
        await factories.customer(coach, first=f"Kim{i}", last="Lopez")
    seen: list[str] = []
    after = None
    while True:
        data = (await api.ok(SEARCH, {"search": "lopez", "first": 3, "after": after}, as_=COACH))[
            "customers"
        ]
        seen += [e["node"]["legalFirstName"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert seen == [f"Kim{i}" for i in range(7)]
    body = await api.post(SEARCH, {"search": "x", "after": "garbage"}, as_=COACH)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("first", [0, 201])
async def test_page_size_is_bounded(api: Api, first: int) -> None:
    body = await api.post(SEARCH, {"search": "x", "first": first}, as_=COACH)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_search_issues_the_same_number_of_statements_for_1_10_and_100(api: Api) -> None:
    coach = await factories.staff(COACH)
    other = await factories.staff(COACH_OJF)
    await api.token(COACH)
    counts = []
    made = 0
    for size in (1, 10, 100):
        while made < size:
            # every customer has a record, half of them also an identity-only neighbour
            cust = await factories.customer(coach, first=f"Q{made:03d}", last="Count")
            await factories.program_record(cust, coach, application_date=date(2025, 1, 2))
            made += 1
        await factories.customer(other, first="Zed", last="Count")
        with count_queries() as counter:
            data = await api.ok(SEARCH, {"search": "q count", "first": 200}, as_=COACH)
        assert len(data["customers"]["edges"]) == size
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] > 0


NAMES = [
    ("Maria Guadalupe", "Hernandez"),
    ("José", "Núñez-García"),
    ("Siobhán", "O'Brien"),
    ("D\u2019Angelo", "Smith Jones"),
    ("Nguyễn", "Thị Minh"),
]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Maria Guadalupe Hernandez", ["Maria Guadalupe"]),  # 25 characters (issue 11 §6)
        ("Hernandez Maria", ["Maria Guadalupe"]),  # both orders
        ("guada", ["Maria Guadalupe"]),  # partial
        ("Nunez Garcia", ["José"]),  # accents, hyphen typed as a space
        ("núñez-garcía", ["José"]),
        ("garcia jose", ["José"]),
        ("O'Brien", ["Siobhán"]),  # apostrophes
        ("obrien siobhan", ["Siobhán"]),
        ("O\u2019Brien", ["Siobhán"]),
        ("dangelo", ["D\u2019Angelo"]),
        ("D'Angelo Smith-Jones", ["D\u2019Angelo"]),
        ("nguyen minh", ["Nguyễn"]),
        ("50% off_", []),  # LIKE wildcards are matched literally
        ("x" * 200, []),  # the input bound itself
    ],
)
async def test_name_search_finds_real_names(api: Api, search: str, expected: list[str]) -> None:
    coach = await factories.staff(COACH)
    for first, last in NAMES:
        await factories.customer(coach, first=first, last=last)
    for who in (COACH, MANAGER):
        body = await api.post(SEARCH, {"search": search}, as_=who)
        assert "errors" not in body, body
        assert names(body["data"]) == expected, (who, search)


async def test_search_longer_than_the_bound_is_bad_input(api: Api) -> None:
    body = await api.post(SEARCH, {"search": "x" * 201}, as_=COACH)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["data"] is None


async def test_a_name_is_never_compared_with_an_identifier_column(api: Api) -> None:
    """A 25-character name must not reach the 20-character customer ID column: only an
    identifier-shaped search does (one word with a digit), and it still finds by ID."""
    coach = await factories.staff(COACH)
    other = await factories.customer(
        await factories.staff(COACH_OJF), first="Ida", last="Ng", job_seeker_id="A" * 25 + "1"
    )
    assert names(await api.ok(SEARCH, {"search": "A" * 25 + "1"}, as_=COACH)) == ["Ida"]
    assert names(await api.ok(SEARCH, {"search": other.customer_id}, as_=COACH)) == ["Ida"]
    mine = await factories.customer(coach, first="Maria Guadalupe", last="Hernandez")
    assert names(await api.ok(SEARCH, {"search": mine.customer_id}, as_=COACH)) == [
        "Maria Guadalupe"
    ]
