"""The lists screens are built on (issue 12 §3): a coach's referrals, the hub's queue with
its filters, and the stage filter's agreement with each record's own stage (R-REF-1,
R-REF-2, R-DOC-5), at their boundaries; totalCount, keyset pages, constant statements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.enrollments import Enrollment
from models.rules.dates import add_months
from models.rules.enums import DocumentType, ProgramStatus
from models.staff import Staff
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, MANAGER, Api
from tests.hubkit import forbidden, people
from tests.ids import gid
from tests.querycount import count_queries

TODAY = date(2025, 3, 10)
REFERRALS = """
query($stages: [ReferralStage!], $mine: Boolean, $due: Int, $first: Int, $after: String) {
  referrals(stages: $stages, referredByMe: $mine, dueWithinDays: $due, first: $first,
            after: $after) {
    totalCount
    edges { cursor node { id stage applicationDate customer { customerId } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
QUEUE = """
query($stages: [ReferralStage!], $of: CustomerOfFilter, $due: Int, $search: String,
      $first: Int, $after: String) {
  referralQueue(stages: $stages, customerOf: $of, dueWithinDays: $due, search: $search,
                first: $first, after: $after) {
    totalCount
    edges { cursor node { id stage customerOf { email } customer { customerId } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def ids(data: dict, name: str) -> list[str]:
    return [e["node"]["id"] for e in data[name]["edges"]]


async def _draft(coach: Staff, applied: date) -> Enrollment:
    cust = await f.customer(coach)
    await f.program_record(cust, coach, application_date=applied - timedelta(days=30))
    return await f.ra_record(cust, coach, application_date=applied, complete=False)


async def test_the_stage_filter_agrees_with_each_records_stage(api: Api) -> None:
    """Every stage, with READY and DRAFT at the R-DOC-5 three-month edge of the budget
    and the Career Plan: the list filter in SQL and the record's stage agree."""
    p = await people(TODAY)
    edge = add_months(TODAY, -3)  # 2024-12-10: still current on TODAY
    ready_at_edge = await f.ready_referral(p.coach, application_date=edge)
    stale = await f.ready_referral(p.coach, application_date=edge - timedelta(days=1))
    plan_stale = await f.ready_referral(p.coach, application_date=TODAY - timedelta(days=5))
    cust = await Enrollment.get(id=plan_stale.id).prefetch_related("customer")
    from models.customers import Document

    await Document.filter(
        customer_id=cust.customer_id,
        type=DocumentType.INDIVIDUAL_PLAN,  # type: ignore[attr-defined]
    ).delete()
    await f.document(cust.customer, DocumentType.INDIVIDUAL_PLAN, edge - timedelta(days=1))
    draft = await _draft(p.coach, TODAY)
    sent = await f.sent_referral(p.coach, application_date=TODAY - timedelta(days=3))
    accepted = await f.accepted_referral(p.coach, p.hub, application_date=TODAY - timedelta(10))
    enrolled = await f.enrolled_record(p.coach, p.hub, application_date=TODAY - timedelta(20))
    closed = await f.sent_referral(p.coach, application_date=TODAY - timedelta(days=4))
    closed.program_status = ProgramStatus.PRE_PROGRAM_EXIT
    await closed.save(update_fields=["program_status"])
    await f.sent_referral(p.coach_ojf, application_date=TODAY)  # another agency's

    every = await api.ok(REFERRALS, {}, as_=COACH)
    stage_of = {e["node"]["id"]: e["node"]["stage"] for e in every["referrals"]["edges"]}
    assert stage_of == {
        gid(ready_at_edge): "READY",
        gid(stale): "DRAFT",
        gid(plan_stale): "DRAFT",
        gid(draft): "DRAFT",
        gid(sent): "SENT",
        gid(accepted): "ACCEPTED",
        gid(enrolled): "ENROLLED",
        gid(closed): "CLOSED",
    }
    assert every["referrals"]["totalCount"] == 8
    for stage in ("DRAFT", "READY", "SENT", "ACCEPTED", "ENROLLED", "CLOSED"):
        data = await api.ok(REFERRALS, {"stages": [stage]}, as_=COACH)
        expected = {i for i, s in stage_of.items() if s == stage}
        assert set(ids(data, "referrals")) == expected, stage
        assert data["referrals"]["totalCount"] == len(expected)
    both = await api.ok(REFERRALS, {"stages": ["READY", "SENT"]}, as_=COACH)
    assert set(ids(both, "referrals")) == {gid(ready_at_edge), gid(sent)}
    assert ids(await api.ok(REFERRALS, {"stages": []}, as_=COACH), "referrals") == []


async def test_due_within_n_days_of_the_45_day_window(api: Api) -> None:
    """Deadline = application date + 45 days (R-REF-2): due within 5 days on 03-10 takes
    deadlines up to 03-15 (application 01-29), overdue ones too, not 03-16."""
    p = await people(TODAY)
    on_the_edge = await f.sent_referral(p.coach, application_date=date(2025, 1, 29))
    one_day_later = await f.sent_referral(p.coach, application_date=date(2025, 1, 30))
    overdue = await _draft(p.coach, date(2025, 1, 20))
    await f.accepted_referral(p.coach, p.hub, application_date=date(2025, 1, 20))  # reviewed

    data = await api.ok(REFERRALS, {"due": 5}, as_=COACH)
    assert ids(data, "referrals") == [gid(overdue), gid(on_the_edge)]
    data = await api.ok(REFERRALS, {"due": 6}, as_=COACH)
    assert gid(one_day_later) in ids(data, "referrals")
    queue = await api.ok(QUEUE, {"due": 5}, as_=HUB)
    assert ids(queue, "referralQueue") == [gid(on_the_edge)]  # the hub sees sent ones only
    for bad in (-1, 367):
        body = await api.post(REFERRALS, {"due": bad}, as_=COACH)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_referred_by_me_and_the_agency(api: Api) -> None:
    p = await people(TODAY)
    colleague = await Staff.create(
        email="coach2.eop-portland-irco@example.org",
        name="Second Coach",
        role=p.coach.role,
        provider_id=p.coach.provider_id,  # type: ignore[attr-defined]
        password_hash="x",
    )
    mine = await f.sent_referral(p.coach, application_date=TODAY)
    theirs = await f.sent_referral(colleague, application_date=TODAY - timedelta(days=1))
    await f.sent_referral(p.coach_ojf, application_date=TODAY)
    agency = await api.ok(REFERRALS, {}, as_=COACH)
    assert ids(agency, "referrals") == [gid(theirs), gid(mine)]
    assert ids(await api.ok(REFERRALS, {"mine": True}, as_=COACH), "referrals") == [gid(mine)]
    assert ids(await api.ok(REFERRALS, {}, as_=COACH_OJF), "referrals") != []
    for who in (HUB, MANAGER):
        assert forbidden(await api.post(REFERRALS, {}, as_=who))
    assert forbidden(await api.post(QUEUE, {}, as_=COACH))


async def test_queue_filters_by_stages_customer_of_and_customer(api: Api) -> None:
    p = await people(TODAY)
    sent = await f.sent_referral(p.coach, application_date=TODAY)
    accepted = await f.accepted_referral(p.coach, p.hub, application_date=TODAY - timedelta(9))
    taken = await f.accepted_referral(p.coach, p.hub, application_date=TODAY - timedelta(8))
    taken.customer_of_id = p.hub.id  # type: ignore[attr-defined]
    await taken.save(update_fields=["customer_of_id"])
    advocates = await f.accepted_referral(p.coach, p.hub, application_date=TODAY - timedelta(7))
    advocates.customer_of_id = p.advocate.id  # type: ignore[attr-defined]
    await advocates.save(update_fields=["customer_of_id"])
    named = await f.customer(p.coach, first="María Guadalupe", last="Hernández-O'Neil")
    by_name = await f.sent_referral(p.coach, application_date=TODAY, cust=named)

    stages = await api.ok(QUEUE, {"stages": ["ACCEPTED"]}, as_=HUB)
    assert ids(stages, "referralQueue") == [gid(accepted), gid(taken), gid(advocates)]
    me = await api.ok(QUEUE, {"of": "ME"}, as_=HUB)
    assert ids(me, "referralQueue") == [gid(taken)]
    assert ids(await api.ok(QUEUE, {"of": "ME"}, as_=HUB_ADVOCATE), "referralQueue") == [
        gid(advocates)
    ]
    unassigned = await api.ok(QUEUE, {"of": "UNASSIGNED"}, as_=HUB)
    assert set(ids(unassigned, "referralQueue")) == {gid(sent), gid(accepted), gid(by_name)}
    for search in (named.customer_id, "hernandez maria", "O'Neil", "oneil", "guadalupe hern"):
        found = await api.ok(QUEUE, {"search": search}, as_=HUB)
        assert ids(found, "referralQueue") == [gid(by_name)], search
    assert ids(await api.ok(QUEUE, {"search": "nobody"}, as_=HUB), "referralQueue") == []
    combined = await api.ok(
        QUEUE, {"stages": ["SENT"], "of": "UNASSIGNED", "search": "ana"}, as_=HUB
    )
    assert ids(combined, "referralQueue") == [gid(sent)]  # the factory's customer is Ana


async def test_pages_total_count_and_cursors_without_personal_data(api: Api) -> None:
    p = await people(TODAY)
    rows = [
        await f.sent_referral(p.coach, application_date=TODAY - timedelta(days=i % 3))
        for i in range(7)
    ]
    expected = [gid(r) for r in sorted(rows, key=lambda r: (r.application_date, r.id))]
    seen: list[str] = []
    after = None
    while True:
        data = (await api.ok(QUEUE, {"first": 3, "after": after}, as_=HUB))["referralQueue"]
        assert data["totalCount"] == 7
        seen += [e["node"]["id"] for e in data["edges"]]
        for edge in data["edges"]:
            assert "Ana" not in edge["cursor"] and "P\u00e9rez" not in edge["cursor"]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert seen == expected
    # a cursor is signed for its list: altered, or from another list, it is refused
    cursor = (await api.ok(QUEUE, {"first": 1}, as_=HUB))["referralQueue"]["pageInfo"]["endCursor"]
    for bad in (cursor[:-2] + "xx", "garbage", "x" * 300):
        body = await api.post(QUEUE, {"after": bad}, as_=HUB)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await api.post(REFERRALS, {"after": cursor}, as_=COACH)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("name", ["referrals", "referralQueue"])
async def test_statements_do_not_grow_with_the_list(api: Api, name: str) -> None:
    p = await people(TODAY)
    document, who = (REFERRALS, COACH) if name == "referrals" else (QUEUE, HUB)
    variables = {"first": 200, "due": 45}
    if name == "referralQueue":
        variables |= {"stages": ["SENT", "ACCEPTED"], "of": "UNASSIGNED", "search": "ana"}
    else:
        variables |= {"stages": ["SENT", "READY", "DRAFT"]}
    await api.token(who)
    counts, made = [], 0
    for size in (1, 10, 100):
        while made < size:
            await f.sent_referral(p.coach, application_date=TODAY - timedelta(days=made % 40))
            made += 1
        with count_queries() as counter:
            data = await api.ok(document, variables, as_=who)
        assert len(data[name]["edges"]) == size and data[name]["totalCount"] == size
        counts.append(counter.count)
    print(f"statements at 1, 10, 100: {counts}")
    assert counts[0] == counts[1] == counts[2], counts
