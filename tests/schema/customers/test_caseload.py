"""caseload: a coach's customers without search text (R-ACL-1, issue 12 §3), filtered by
an open RA record and by stage, name order, totalCount, opaque cursors, constant SQL."""

from __future__ import annotations

import base64
from datetime import date, timedelta

from models.rules.enums import ProgramStatus
from tests import factories as f
from tests.conftest import COACH, HUB, MANAGER, Api
from tests.hubkit import people
from tests.ids import gid
from tests.querycount import count_queries

TODAY = date(2025, 3, 10)
CASELOAD = """
query($open: Boolean, $stages: [ReferralStage!], $first: Int, $after: String) {
  caseload(hasOpenRaRecord: $open, stages: $stages, first: $first, after: $after) {
    totalCount
    edges { cursor node { id legalFirstName identityOnly } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
SEARCH = "query($s: String!) { customers(search: $s) { totalCount edges { node { id } } } }"


def names(data: dict) -> list[str]:
    return [e["node"]["legalFirstName"] for e in data["caseload"]["edges"]]


async def test_a_coach_lists_the_agencys_customers_without_search_text(api: Api) -> None:
    p = await people(TODAY)
    await f.customer(p.coach, first="Cy")  # created by the agency, no record yet
    enrolled_elsewhere = await f.customer(p.coach_ojf, first="Bo")
    await f.program_record(enrolled_elsewhere, p.coach, application_date=TODAY)
    await f.customer(p.coach_ojf, first="Zed")  # another agency's: never listed
    data = await api.ok(CASELOAD, {}, as_=COACH)
    assert names(data) == ["Bo", "Cy"]
    assert data["caseload"]["totalCount"] == 2
    assert all(not e["node"]["identityOnly"] for e in data["caseload"]["edges"])
    # and customers(search: "") lists the same (it never answers [] to a coach)
    assert (await api.ok(SEARCH, {"s": ""}, as_=COACH))["customers"]["totalCount"] == 2
    assert (await api.ok(CASELOAD, {}, as_=MANAGER))["caseload"]["totalCount"] == 3
    assert (await api.ok(CASELOAD, {}, as_=HUB))["caseload"]["totalCount"] == 0


async def test_filters_open_ra_record_and_stage(api: Api) -> None:
    p = await people(TODAY)
    await f.customer(p.coach, first="Al")  # no RA record
    sent = await f.sent_referral(
        p.coach, application_date=TODAY, cust=await f.customer(p.coach, first="Sue")
    )
    closed = await f.sent_referral(
        p.coach,
        application_date=TODAY - timedelta(days=5),
        cust=await f.customer(p.coach, first="Cal"),
    )
    closed.program_status = ProgramStatus.PRE_PROGRAM_EXIT
    await closed.save(update_fields=["program_status"])
    assert names(await api.ok(CASELOAD, {"open": True}, as_=COACH)) == ["Sue"]
    assert names(await api.ok(CASELOAD, {"open": False}, as_=COACH)) == ["Al", "Cal"]
    assert names(await api.ok(CASELOAD, {"stages": ["SENT"]}, as_=COACH)) == ["Sue"]
    assert names(await api.ok(CASELOAD, {"stages": ["CLOSED", "SENT"]}, as_=COACH)) == [
        "Cal",
        "Sue",
    ]
    assert names(await api.ok(CASELOAD, {"stages": ["CLOSED"], "open": True}, as_=COACH)) == []
    assert sent.customer_id  # type: ignore[attr-defined]


async def test_pages_and_cursors_hold_no_names(api: Api) -> None:
    p = await people(TODAY)
    made = [await f.customer(p.coach, first=f"Kim{i}", last="Lopez") for i in range(5)]
    seen: list[str] = []
    after = None
    while True:
        data = (await api.ok(CASELOAD, {"first": 2, "after": after}, as_=COACH))["caseload"]
        assert data["totalCount"] == 5
        for edge in data["edges"]:
            seen.append(edge["node"]["id"])
            payload = edge["cursor"].split(".")[0]
            decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
            assert "kim" not in decoded.lower() and "lopez" not in decoded.lower()
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert seen == [gid(c) for c in made]


async def test_statements_do_not_grow_with_the_caseload(api: Api) -> None:
    p = await people(TODAY)
    await api.token(COACH)
    counts, made = [], 0
    for size in (1, 10, 100):
        while made < size:
            await f.sent_referral(
                p.coach,
                application_date=TODAY,
                cust=await f.customer(p.coach, first=f"Q{made:03d}"),
            )
            made += 1
        with count_queries() as counter:
            data = await api.ok(
                CASELOAD, {"first": 200, "open": True, "stages": ["SENT"]}, as_=COACH
            )
        assert data["caseload"]["totalCount"] == size
        counts.append(counter.count)
    print(f"statements at 1, 10, 100: {counts}")
    assert counts[0] == counts[1] == counts[2], counts


async def test_filters_look_only_at_records_the_staff_member_sees(api: Api) -> None:
    """A hub's caseload filtered by stage never tells about another hub's record."""
    p = await people(TODAY)
    sent = await f.sent_referral(p.coach, application_date=TODAY)
    from models.customers import Customer
    from models.staff import Provider

    cust = await Customer.get(id=sent.customer_id)  # type: ignore[attr-defined]
    other_hub = await Provider.get(name="Rent Assistance - Our Just Future")
    elsewhere = await f.ra_record(
        cust, p.coach, application_date=TODAY - timedelta(days=200), hub=other_hub
    )
    elsewhere.program_status = ProgramStatus.PRE_PROGRAM_EXIT
    await elsewhere.save(update_fields=["program_status"])
    assert names(await api.ok(CASELOAD, {"stages": ["SENT"]}, as_=HUB)) == ["Ana"]
    assert names(await api.ok(CASELOAD, {"stages": ["CLOSED"]}, as_=HUB)) == []
    assert names(await api.ok(CASELOAD, {"stages": ["CLOSED"]}, as_=COACH)) == ["Ana"]
