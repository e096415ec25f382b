"""sweepRun (R-OUT-5): contract managers; a dry run by default lists exactly what the real
run then changes; a real run only for today or earlier."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import clock
from models.enrollments import Enrollment
from models.rules.enums import ProgramStatus
from models.system import SweepRun
from tests import factories as f
from tests.conftest import COACH, HUB, MANAGER, Api
from tests.ids import gid
from tests.schema import moneykit as k

SWEEP_RUN = """
mutation($kind: SweepKind!, $asOf: Date!, $dryRun: Boolean) {
  sweepRun(kind: $kind, asOf: $asOf, dryRun: $dryRun) {
    result { kind asOf dryRun changed { id programStatus exitDate } }
    errors { field code message }
  }
}
"""
SWEEP_DEFAULT = """
mutation($asOf: Date!) {
  sweepRun(kind: REFERRAL_45_DAY, asOf: $asOf) { result { dryRun changed { id } } errors { code } }
}
"""
TODAY = date(2025, 6, 2)


@pytest.fixture(autouse=True)
def _today(api: Api) -> None:
    clock.freeze(TODAY)


async def test_dry_run_by_default_then_the_real_run_changes_the_same_records(api: Api) -> None:
    coach = await f.staff(COACH)
    due = await f.sent_referral(coach, application_date=TODAY - timedelta(days=46))
    await f.sent_referral(coach, application_date=TODAY - timedelta(days=45))
    before = await k.snapshot(due)
    dry = await api.ok(SWEEP_DEFAULT, {"asOf": TODAY.isoformat()}, as_=MANAGER)
    assert dry["sweepRun"] == {
        "result": {"dryRun": True, "changed": [{"id": gid(due)}]},
        "errors": [],
    }
    assert await k.snapshot(due) == before
    real = await api.ok(
        SWEEP_RUN,
        {"kind": "REFERRAL_45_DAY", "asOf": TODAY.isoformat(), "dryRun": False},
        as_=MANAGER,
    )
    assert real["sweepRun"]["result"] == {
        "kind": "REFERRAL_45_DAY",
        "asOf": TODAY.isoformat(),
        "dryRun": False,
        "changed": [
            {"id": gid(due), "programStatus": "PRE_PROGRAM_EXIT", "exitDate": TODAY.isoformat()}
        ],
    }
    again = await api.ok(
        SWEEP_RUN,
        {"kind": "REFERRAL_45_DAY", "asOf": TODAY.isoformat(), "dryRun": False},
        as_=MANAGER,
    )
    assert again["sweepRun"]["result"]["changed"] == []


async def test_90_day_dry_run_of_a_future_day(api: Api) -> None:
    row = await k.enrolled()  # last qualifying date 2025-01-13
    data = await api.ok(
        SWEEP_RUN, {"kind": "INACTIVITY_90_DAY", "asOf": "2025-04-14", "dryRun": True}, as_=MANAGER
    )
    assert data["sweepRun"]["result"]["changed"] == [
        {"id": gid(row), "programStatus": "OPEN", "exitDate": None}
    ]
    data = await api.ok(
        SWEEP_RUN, {"kind": "INACTIVITY_90_DAY", "asOf": "2025-04-13", "dryRun": True}, as_=MANAGER
    )
    assert data["sweepRun"]["result"]["changed"] == []


async def test_a_real_run_in_the_future_is_refused(api: Api) -> None:
    coach = await f.staff(COACH)
    row = await f.sent_referral(coach, application_date=TODAY - timedelta(days=60))
    before = await k.snapshot(row)
    data = await api.ok(
        SWEEP_RUN,
        {
            "kind": "REFERRAL_45_DAY",
            "asOf": (TODAY + timedelta(days=1)).isoformat(),
            "dryRun": False,
        },
        as_=MANAGER,
    )
    assert k.codes(data["sweepRun"]) == [("DATE_IN_FUTURE", "asOf")]
    assert data["sweepRun"]["result"] is None
    assert await k.snapshot(row) == before
    assert await SweepRun.all().count() == 0


@pytest.mark.parametrize("who", [COACH, HUB])
async def test_only_contract_managers(api: Api, who: str) -> None:
    row = await f.sent_referral(await f.staff(COACH), application_date=TODAY - timedelta(days=60))
    before = await k.snapshot(row)
    body = await api.post(
        SWEEP_RUN,
        {"kind": "REFERRAL_45_DAY", "asOf": TODAY.isoformat(), "dryRun": False},
        as_=who,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await k.snapshot(row) == before
    assert (await Enrollment.get(id=row.id)).program_status is ProgramStatus.OPEN
