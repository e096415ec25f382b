"""End to end over HTTP against a running `rent-assist serve` (issue 6): from an enrolled
record, a plan, a payment refused for missing engagement, a copied coaching service, the
payment accepted, the Hub Final Rent Exit, the plan ended, Exit, At Exit Housed, the
6-month retention too early and then accepted on its date (the server restarted with
FROZEN_TODAY to walk the clock), and the performance report counting the record. A
second referral left unaccepted is Pre-Program Exited by the sweep as of day 46 and its
coach receives the email. What other capabilities' mutations would do (referral, hub
and coach services) is done with the factories on the server's SQLite file."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from tests.conftest import COACH, HUB, MANAGER, SINK, Api
from tests.ids import gid_of, row_id

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
FUND, RENT = "Worksystems Rent Assistance", "Rent"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(db_file: Path, today: date | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": f"sqlite://{db_file}", "ENVIRONMENT": "dev", "METRICS_PORT": "0"})
    env.pop("REDIS_URL", None)
    env.pop("FROZEN_TODAY", None)
    if today is not None:
        env["FROZEN_TODAY"] = today.isoformat()
    return env


def _run(db_file: Path, *args: str) -> str:
    done = subprocess.run(
        args, env=_env(db_file), cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _step(db_file: Path, *args: str) -> dict:
    out = _run(db_file, sys.executable, "-m", "tests.e2e.money_steps", *args)
    return json.loads(out.strip().splitlines()[-1])


@contextmanager
def _server(db_file: Path, today: date) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "rent-assist"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(db_file, today),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode() if proc.stderr else "died")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


PLAN_CREATE = """mutation($input: PaymentPlanCreateInput!) {
  paymentPlanCreate(input: $input) { paymentPlan { id } errors { code field } } }"""
PAYMENT_CREATE = """mutation($input: PaymentCreateInput!) {
  paymentCreate(input: $input) { payment { id overRequested } errors { code field message } } }"""
PLAN_UPDATE = """mutation($input: PaymentPlanUpdateInput!) {
  paymentPlanUpdate(input: $input) { paymentPlan { endDate } errors { code } } }"""
EXIT = """mutation($id: ID!) {
  enrollmentExit(enrollmentId: $id) { enrollment { programStatus exitDate } errors { code } } }"""
OUTCOME = """mutation($id: ID!, $type: OutcomeType!, $on: Date!) {
  outcomeRecord(enrollmentId: $id, type: $type, housingStatus: HOUSED, recordedOn: $on) {
    outcome { type } errors { code field } } }"""
REPORT = """query($hub: ID!, $start: Date!, $end: Date!) {
  performanceReport(hubId: $hub, periodStart: $start, periodEnd: $end) {
    housingSupports sixMonthRetained sixMonthDenominator sixMonthRetentionRate
    housingSupportRecords { id } sixMonthRecords { id } } }"""
SWEEP = """mutation($asOf: Date!) {
  sweepRun(kind: REFERRAL_45_DAY, asOf: $asOf, dryRun: false) {
    result { changed { id programStatus } } errors { code } } }"""


@pytest.mark.timeout(300)
async def test_money_and_endings_over_http(mail_sink: object, tmp_path: Path) -> None:
    db_file = tmp_path / "e2e.sqlite3"
    _run(db_file, str(BIN / "rent-assist"), "migrate")
    _run(db_file, str(BIN / "rent-assist"), "seed-demo")
    record = _step(db_file, "enrolled", "2025-01-10")  # accepted and participating 2025-01-13
    ra, hub = gid_of("Enrollment", record["enrollment"]), gid_of("Provider", record["hub"])

    with _server(db_file, date(2025, 4, 1)) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            api = Api(client)
            plan = await api.ok(
                PLAN_CREATE,
                {
                    "input": {
                        "enrollmentId": ra,
                        "fundingSource": FUND,
                        "paymentTypes": [RENT],
                        "startDate": "2025-01-13",
                        "targetEndDate": "2025-06-30",
                    }
                },
                as_=HUB,
            )
            plan_id = plan["paymentPlanCreate"]["paymentPlan"]["id"]
            march = {
                "input": {
                    "enrollmentId": ra,
                    "paidOn": "2025-03-03",
                    "amount": "1100.00",
                    "forMonth": "2025-03",
                    "fundingSource": FUND,
                    "paymentType": RENT,
                }
            }
            refused = (await api.ok(PAYMENT_CREATE, march, as_=HUB))["paymentCreate"]
            assert [e["code"] for e in refused["errors"]] == ["ENGAGEMENT_MISSING"]
            assert "February 2025" in refused["errors"][0]["message"]

            _step(db_file, "copy-coaching", str(row_id(ra)), "2025-02-14")
            paid = (await api.ok(PAYMENT_CREATE, march, as_=HUB))["paymentCreate"]
            assert paid["errors"] == [] and paid["payment"]["overRequested"] is False

            _step(db_file, "final-rent-exit", str(row_id(ra)), "2025-03-31")
            ended = await api.ok(
                PLAN_UPDATE,
                {
                    "input": {
                        "planId": plan_id,
                        "endDate": "2025-03-31",
                        "housingStatusAtFundingEnd": "HOUSED",
                    }
                },
                as_=HUB,
            )
            assert ended["paymentPlanUpdate"]["errors"] == []
            exited = await api.ok(EXIT, {"id": ra}, as_=HUB)
            assert exited["enrollmentExit"] == {
                "enrollment": {"programStatus": "EXIT", "exitDate": "2025-03-31"},
                "errors": [],
            }
            at_exit = await api.ok(
                OUTCOME, {"id": ra, "type": "AT_EXIT", "on": "2025-04-01"}, as_=HUB
            )
            assert at_exit["outcomeRecord"]["errors"] == []
            early = await api.ok(
                OUTCOME, {"id": ra, "type": "SIX_MONTH_RETENTION", "on": "2025-04-01"}, as_=HUB
            )
            assert early["outcomeRecord"]["errors"] == [
                {"code": "RETENTION_TOO_EARLY", "field": "recordedOn"}
            ]
            supports = await api.ok(
                REPORT, {"hub": hub, "start": "2025-01-01", "end": "2025-03-31"}, as_=MANAGER
            )
            assert supports["performanceReport"]["housingSupports"] == 1
            assert supports["performanceReport"]["housingSupportRecords"] == [{"id": ra}]

    day46 = date(2025, 9, 30)  # 2025-03-31 + 6 months, and day 46 of the second referral
    second = _step(db_file, "sent", (day46 - timedelta(days=46)).isoformat())
    with _server(db_file, day46) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            api = Api(client)
            on_time = await api.ok(
                OUTCOME, {"id": ra, "type": "SIX_MONTH_RETENTION", "on": "2025-09-30"}, as_=HUB
            )
            assert on_time["outcomeRecord"] == {
                "outcome": {"type": "SIX_MONTH_RETENTION"},
                "errors": [],
            }
            report = await api.ok(
                REPORT, {"hub": hub, "start": "2025-09-01", "end": "2025-09-30"}, as_=MANAGER
            )
            assert report["performanceReport"] | {"housingSupportRecords": None} == {
                "housingSupports": 0,
                "sixMonthRetained": 1,
                "sixMonthDenominator": 1,
                "sixMonthRetentionRate": 1.0,
                "housingSupportRecords": None,
                "sixMonthRecords": [{"id": ra}],
            }
            swept = await api.ok(SWEEP, {"asOf": day46.isoformat()}, as_=MANAGER)
            assert swept["sweepRun"] == {
                "result": {
                    "changed": [
                        {
                            "id": gid_of("Enrollment", second["enrollment"]),
                            "programStatus": "PRE_PROGRAM_EXIT",
                        }
                    ]
                },
                "errors": [],
            }

    # the dev server's in-process worker may have sent it already; deliver what is left
    _step(db_file, "deliver")
    deadline = time.monotonic() + 15
    while True:
        mails = [m for m in SINK.to(COACH) if second["customer"] in m.subject]
        if mails or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    assert len(mails) == 1
    body = mails[0].message.get_body(("plain",))
    text = mails[0].subject + (body.get_content() if body else "")
    assert f"/enrollments/{second['enrollment']}" in text
    for name in second["names"]:
        assert name not in text
    # the CLI runs the same sweep: a second real run the same day changes nothing
    out = _run(
        db_file,
        str(BIN / "rent-assist"),
        "sweep",
        "--kind",
        "REFERRAL_45_DAY",
        "--as-of",
        day46.isoformat(),
        "--apply",
    )
    assert "already ran" in out
    out = _run(
        db_file,
        str(BIN / "rent-assist"),
        "sweep",
        "--kind",
        "INACTIVITY_90_DAY",
        "--as-of",
        day46.isoformat(),
    )
    assert "would change 0 records" in out
