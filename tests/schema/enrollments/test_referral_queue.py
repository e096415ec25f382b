"""referralQueue and enrollment(id) for hub staff: their hub's sent referrals only,
by stage, oldest review deadline first, stable cursors, no N+1 (R-ACL-1, R-REF-2)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from tests import factories as f
from tests.conftest import COACH, HUB, HUB_OJF, MANAGER, Api
from tests.hubkit import APPLIED, forbidden, people
from tests.ids import gid
from tests.querycount import count_queries

QUEUE = """
query Queue($stage: ReferralStage, $first: Int, $after: String) {
  referralQueue(stage: $stage, first: $first, after: $after) {
    edges {
      cursor
      node {
        id stage applicationDate
        customer { customerId }
        referredBy { name }
        customerOf { email }
        referralChecklist {
          registrationSigned applicationSigned careerPlanCurrent budgetCurrent
          reviewDeadline nextStep
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ENROLLMENT = "query One($id: ID!) { enrollment(id: $id) { id stage customer { customerId } } }"
NESTED = """
query Nested($id: ID!) {
  enrollment(id: $id) { id customer { customerId enrollments { id provider { name } } } }
}
"""


def ids(data: dict) -> list[str]:
    return [e["node"]["id"] for e in data["referralQueue"]["edges"]]


async def test_queue_shows_the_hubs_sent_referrals_oldest_deadline_first(api: Api) -> None:
    p = await people()
    late = await f.sent_referral(p.coach, application_date=APPLIED)
    early = await f.sent_referral(p.coach, application_date=APPLIED - timedelta(days=5))
    same_day = await f.sent_referral(p.coach, application_date=APPLIED)
    await f.ready_referral(p.coach, application_date=APPLIED)  # not sent: never in a queue
    await f.sent_referral(p.coach_ojf, application_date=APPLIED)  # the other hub's

    data = await api.ok(QUEUE, {}, as_=HUB)

    assert ids(data) == [gid(early), gid(late), gid(same_day)]
    node = data["referralQueue"]["edges"][0]["node"]
    deadline = early.application_date + timedelta(days=45)
    assert node["stage"] == "SENT"
    assert node["referredBy"]["name"] == p.coach.name
    assert node["customerOf"]["email"] == COACH
    assert node["referralChecklist"] == {
        "registrationSigned": True,
        "applicationSigned": True,
        "careerPlanCurrent": True,
        "budgetCurrent": True,
        "reviewDeadline": deadline.isoformat(),
        "nextStep": f"Waiting for the hub to review (deadline {deadline})",
    }


async def test_queue_filters_by_stage_as_the_stage_field_says(api: Api) -> None:
    p = await people()
    sent = await f.sent_referral(p.coach, application_date=APPLIED)
    accepted = await f.accepted_referral(p.coach, p.hub, application_date=APPLIED)
    enrolled = await f.enrolled_record(p.coach, p.hub, application_date=APPLIED)
    closed = await f.sent_referral(p.coach, application_date=APPLIED)
    await Enrollment.filter(id=closed.id).update(program_status=ProgramStatus.PRE_PROGRAM_EXIT)
    expected = {"SENT": sent, "ACCEPTED": accepted, "ENROLLED": enrolled, "CLOSED": closed}

    for stage, row in expected.items():
        data = await api.ok(QUEUE, {"stage": stage}, as_=HUB)
        assert ids(data) == [gid(row)], stage
        assert data["referralQueue"]["edges"][0]["node"]["stage"] == stage
    for stage in ("DRAFT", "READY"):
        assert ids(await api.ok(QUEUE, {"stage": stage}, as_=HUB)) == []
    assert len(ids(await api.ok(QUEUE, {}, as_=HUB))) == 4


async def test_cursors_are_stable_and_page_through_everything_once(api: Api) -> None:
    p = await people()
    rows = [
        await f.sent_referral(p.coach, application_date=APPLIED - timedelta(days=i % 3))
        for i in range(7)
    ]
    seen: list[str] = []
    after = None
    while True:
        data = await api.ok(QUEUE, {"first": 3, "after": after}, as_=HUB)
        seen += ids(data)
        info = data["referralQueue"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
        # a referral arriving with a later deadline does not shift the pages already read
        await f.sent_referral(p.coach, application_date=APPLIED + timedelta(days=1))
    ordered = sorted(rows, key=lambda r: (r.application_date, r.id))
    assert seen[:7] == [gid(r) for r in ordered]
    assert len(seen) == len(set(seen))


async def test_a_bad_cursor_is_bad_user_input(api: Api) -> None:
    await people()
    body = await api.post(QUEUE, {"after": "bm90LWEtY3Vyc29y"}, as_=HUB)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("who", [COACH, MANAGER])
async def test_queue_is_for_hub_staff_only(api: Api, who: str) -> None:
    p = await people()
    await f.sent_referral(p.coach, application_date=APPLIED)
    body = await api.post(QUEUE, {}, as_=who)
    assert forbidden(body)
    assert body["data"] is None


async def test_the_other_hub_sees_none_of_them_in_queue_by_id_or_nested(api: Api) -> None:
    p = await people()
    cust = await f.customer(p.coach)
    ojf_record = await f.sent_referral(
        p.coach_ojf, application_date=APPLIED - timedelta(200), cust=cust
    )
    await Enrollment.filter(id=ojf_record.id).update(
        program_status=ProgramStatus.EXIT, exit_date=APPLIED - timedelta(100)
    )
    ln_records = [
        await f.sent_referral(p.coach, application_date=APPLIED, cust=cust),
        await f.enrolled_record(p.coach, p.hub, application_date=APPLIED),
    ]

    for stage in (None, "SENT", "ACCEPTED", "ENROLLED", "CLOSED"):
        data = await api.ok(QUEUE, {"stage": stage}, as_=HUB_OJF)
        assert all(gid(r) not in ids(data) for r in ln_records)
    assert ids(await api.ok(QUEUE, {}, as_=HUB_OJF)) == [gid(ojf_record)]
    for row in ln_records:
        body = await api.post(ENROLLMENT, {"id": gid(row)}, as_=HUB_OJF)
        assert forbidden(body)
        assert body["data"] == {"enrollment": None}
    nested = await api.ok(NESTED, {"id": gid(ojf_record)}, as_=HUB_OJF)
    seen = [e["id"] for e in nested["enrollment"]["customer"]["enrollments"]]
    assert seen == [gid(ojf_record)]
    # the record's own hub does see it, by id
    mine = await api.ok(ENROLLMENT, {"id": gid(ln_records[0])}, as_=HUB)
    assert mine["enrollment"]["stage"] == "SENT"


async def test_unknown_and_unsent_records_are_forbidden_alike(api: Api) -> None:
    p = await people()
    draft = await f.ready_referral(p.coach, application_date=APPLIED)
    for record_id in (gid(draft), "999999", "not-an-id"):
        assert forbidden(await api.post(ENROLLMENT, {"id": record_id}, as_=HUB))


async def _statements(api: Api, n: int) -> int:
    await api.token(HUB)  # sign in outside the count
    with count_queries() as q:
        data = await api.ok(QUEUE, {"first": 200}, as_=HUB)
    assert len(ids(data)) == n
    return q.count


async def test_queue_issues_the_same_statements_for_1_10_and_100(api: Api) -> None:
    p = await people()
    counts = []
    made = 0
    for n in (1, 10, 100):
        while made < n:
            await f.sent_referral(p.coach, application_date=APPLIED - timedelta(days=made % 40))
            made += 1
        counts.append(await _statements(api, n))
    assert counts[0] > 0
    assert counts[0] == counts[1] == counts[2], counts
