"""Endings close cleanly (issue 11 §2: R-OUT-4, R-OUT-6, R-PAY-2, R-PAY-6), walked through
the API on a moving calendar: the 90-day sweep auto-exits a record whose plan is open;
the hub may end the plan with Housing Status at Funding End and record the At Exit
outcome, nothing that moves money; the contract manager removes the Auto Exit and its
outcome goes with it (kept in the audit trail); the plan is reopened and rent is paid."""

from __future__ import annotations

from datetime import date

from models import clock
from models.system import AuditEntry
from tests.conftest import HUB, MANAGER, Api
from tests.ids import gid, row_id
from tests.schema import moneykit as k

PLAN_CREATE = """
mutation($input: PaymentPlanCreateInput!) {
  paymentPlanCreate(input: $input) { paymentPlan { id } errors { field code } }
}
"""
PLAN_UPDATE = """
mutation($input: PaymentPlanUpdateInput!) {
  paymentPlanUpdate(input: $input) {
    paymentPlan { endDate housingStatusAtFundingEnd } errors { field code }
  }
}
"""
PAY = """
mutation($input: PaymentCreateInput!) {
  paymentCreate(input: $input) { payment { id } errors { field code } }
}
"""
SWEEP = """
mutation($asOf: Date!) {
  sweepRun(kind: INACTIVITY_90_DAY, asOf: $asOf, dryRun: false) {
    result { changed { id programStatus exitDate } } errors { code }
  }
}
"""
OUTCOME = """
mutation($id: ID!, $on: Date!) {
  outcomeRecord(enrollmentId: $id, type: AT_EXIT, housingStatus: HOUSED, recordedOn: $on) {
    outcome { id type } errors { field code }
  }
}
"""
EXIT_REMOVE = """
mutation($id: ID!) {
  exitRemove(enrollmentId: $id, reason: "Services were entered late") {
    enrollment { programStatus outcomes { type } } errors { code }
  }
}
"""


def walk_to(api: Api, day: date) -> None:
    """Move the calendar (as FROZEN_TODAY would); sign in again on the new day."""
    clock.freeze(day)
    api.tokens.clear()


def payment(row_id: str, paid_on: str, for_month: str) -> dict:
    return {
        "input": {
            "enrollmentId": row_id,
            "paidOn": paid_on,
            "amount": "900.00",
            "forMonth": for_month,
            "fundingSource": k.FUND,
            "paymentType": k.RENT,
        }
    }


async def test_an_auto_exit_closes_cleanly_and_reopens_cleanly(api: Api) -> None:
    row = await k.enrolled()  # applied 2025-01-10, participating and coached 2025-01-13
    rid = gid(row)
    walk_to(api, date(2025, 1, 20))
    created = await api.ok(
        PLAN_CREATE,
        {
            "input": {
                "enrollmentId": rid,
                "fundingSource": k.FUND,
                "paymentTypes": [k.RENT],
                "startDate": "2025-01-13",
                "targetEndDate": "2025-06-30",
            }
        },
        as_=HUB,
    )
    plan_id = created["paymentPlanCreate"]["paymentPlan"]["id"]
    paid = await api.ok(PAY, payment(rid, "2025-01-20", "2025-01"), as_=HUB)
    assert paid["paymentCreate"]["errors"] == []

    # day 91 after the last qualifying date: the sweep leaves the plan open
    walk_to(api, date(2025, 4, 14))
    swept = await api.ok(SWEEP, {"asOf": "2025-04-14"}, as_=MANAGER)
    assert swept["sweepRun"]["result"]["changed"] == [
        {"id": rid, "programStatus": "AUTO_EXIT", "exitDate": "2025-01-13"}
    ]
    before = await k.snapshot(row)
    refused = await api.ok(PAY, payment(rid, "2025-04-14", "2025-04"), as_=HUB)
    assert ("WRONG_STAGE", None) in k.codes(refused["paymentCreate"])
    second = await api.ok(
        PLAN_CREATE,
        {
            "input": {
                "enrollmentId": rid,
                "fundingSource": "Supportive Housing Services (SHS)",
                "paymentTypes": [k.RENT],
                "startDate": "2025-04-14",
                "targetEndDate": "2025-06-30",
            }
        },
        as_=HUB,
    )
    assert k.codes(second["paymentPlanCreate"]) == [("WRONG_STAGE", None)]
    reopen = {"input": {"planId": plan_id, "endDate": None}}
    assert k.codes((await api.ok(PLAN_UPDATE, reopen, as_=HUB))["paymentPlanUpdate"]) == [
        ("WRONG_STAGE", None)
    ]
    assert await k.snapshot(row) == before

    # "when payments end, Hub staff must enter Housing Status at Funding End"
    ended = await api.ok(
        PLAN_UPDATE,
        {
            "input": {
                "planId": plan_id,
                "endDate": "2025-01-31",
                "housingStatusAtFundingEnd": "HOUSED",
            }
        },
        as_=HUB,
    )
    assert ended["paymentPlanUpdate"] == {
        "paymentPlan": {"endDate": "2025-01-31", "housingStatusAtFundingEnd": "HOUSED"},
        "errors": [],
    }
    at_exit = await api.ok(OUTCOME, {"id": rid, "on": "2025-04-14"}, as_=HUB)
    assert at_exit["outcomeRecord"]["errors"] == []

    # the contract manager removes the Auto Exit: its At Exit outcome goes with it
    walk_to(api, date(2025, 4, 20))
    removed = await api.ok(EXIT_REMOVE, {"id": rid}, as_=MANAGER)
    assert removed["exitRemove"] == {
        "enrollment": {"programStatus": "OPEN", "outcomes": []},
        "errors": [],
    }
    kept = await AuditEntry.get(
        action="outcome.delete",
        entity_id=str(row_id(at_exit["outcomeRecord"]["outcome"]["id"])),
    )
    assert kept.changes["type"] == ["AT_EXIT", None]

    # the plan is reopened; rent follows the calendar again
    reopened = await api.ok(PLAN_UPDATE, reopen, as_=HUB)
    assert reopened["paymentPlanUpdate"]["errors"] == []
    assert reopened["paymentPlanUpdate"]["paymentPlan"]["housingStatusAtFundingEnd"] is None
