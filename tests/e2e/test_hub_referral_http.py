"""End to end over HTTP against a running `rent-assist serve` (a fresh migrated and seeded
SQLite file): continuing from a sent referral, the hub finds it in its queue, accepts,
takes over Customer Of, enters Homeless Prevention; the coach copies a coaching service;
the record is fully enrolled; the outbox, delivered to a real SMTP sink, holds exactly
the emails R-REF-5 names (issue 5)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from tests.conftest import COACH, HUB, SINK, Api
from tests.ids import gid_of
from workers.mailsink import MailSink, free_port

ROOT = Path(__file__).resolve().parents[2]
RENT_ASSIST = str(Path(sys.executable).with_name("rent-assist"))
REFERRAL_ADDRESS = "referrals.latino-network@example.org"

QUEUE = """
query { referralQueue(stage: SENT) { edges { node { id stage customer { customerId }
  referralChecklist { nextStep } } } } }
"""
ACCEPT = """
mutation($id: ID!, $on: Date!) { referralAccept(enrollmentId: $id, reviewDate: $on) {
  enrollment { stage } errors { code } } }
"""
HUB_STAFF = "query($hub: ID!) { hubStaff(hubId: $hub) { id email } }"
ASSIGN = """
mutation($id: ID!, $staff: ID!) { customerOfAssign(enrollmentId: $id, staffId: $staff) {
  enrollment { customerOf { email } } errors { code } } }
"""
CREATE = """
mutation($input: ServiceCreateInput!) { serviceCreate(input: $input) {
  service { type } errors { code } } }
"""
COPY = """
mutation($s: ID!, $to: ID!) { serviceCopy(serviceId: $s, toEnrollmentId: $to) {
  service { copiedFrom { name } } errors { code } } }
"""
RECORD = """
query($id: ID!) { enrollment(id: $id) { stage fullyEnrolled participationDate
  lqFundServiceDate housingTypeReceived customerOf { email } } }
"""


async def _run(env: dict[str, str], *args: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        *args, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def _task(env: dict[str, str], task: str) -> dict:
    out = await _run(env, sys.executable, "-m", "tests.e2e.hub_file_tasks", task)
    return json.loads(out.strip().splitlines()[-1])


@pytest_asyncio.fixture
async def server(tmp_path: Path, mail_sink: MailSink) -> AsyncIterator[tuple[str, dict]]:
    """A migrated, seeded SQLite file and `rent-assist serve` on a free port."""
    env = {
        **os.environ,
        "METRICS_PORT": "0",  # no fixed port for the metrics server
        "DATABASE_URL": f"sqlite://{tmp_path / 'e2e.sqlite3'}",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mail_sink.port),
    }
    await _run(env, RENT_ASSIST, "migrate")
    await _run(env, RENT_ASSIST, "seed-demo")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = await asyncio.create_subprocess_exec(
        RENT_ASSIST,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as client:
            for _ in range(200):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail((tmp_path / "serve.log").read_text())
        yield base, env
    finally:
        proc.terminate()
        await proc.wait()
        log.close()


async def test_hub_takes_a_sent_referral_to_full_enrollment_over_http(
    server: tuple[str, dict],
) -> None:
    base, env = server
    ids = await _task(env, "setup")
    SINK.clear()
    ra, today = gid_of("Enrollment", ids["ra"]), ids["today"]

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        api = Api(client)
        queue = (await api.ok(QUEUE, as_=HUB))["referralQueue"]["edges"]
        assert [e["node"]["id"] for e in queue] == [ra]
        assert queue[0]["node"]["customer"]["customerId"] == ids["customer_id"]

        accepted = (await api.ok(ACCEPT, {"id": ra, "on": today}, as_=HUB))["referralAccept"]
        assert accepted == {"enrollment": {"stage": "ACCEPTED"}, "errors": []}

        hub_id = gid_of("Provider", ids["hub"])
        staff = (await api.ok(HUB_STAFF, {"hub": hub_id}, as_=HUB))["hubStaff"]
        me = next(s["id"] for s in staff if s["email"] == HUB)
        assigned = (await api.ok(ASSIGN, {"id": ra, "staff": me}, as_=HUB))["customerOfAssign"]
        assert assigned == {"enrollment": {"customerOf": {"email": HUB}}, "errors": []}

        service = {"enrollmentId": ra, "type": "HOMELESS_PREVENTION", "startDate": today}
        created = (await api.ok(CREATE, {"input": service}, as_=HUB))["serviceCreate"]
        assert created == {"service": {"type": "HOMELESS_PREVENTION"}, "errors": []}

        copied = await api.ok(COPY, {"s": gid_of("Service", ids["original"]), "to": ra}, as_=COACH)
        assert copied["serviceCopy"] == {
            "service": {"copiedFrom": {"name": "EOP Portland - IRCO"}},
            "errors": [],
        }

        record = (await api.ok(RECORD, {"id": ra}, as_=HUB))["enrollment"]
        assert record == {
            "stage": "ENROLLED",
            "fullyEnrolled": True,
            "participationDate": today,
            "lqFundServiceDate": today,
            "housingTypeReceived": "HOMELESS_PREVENTION",
            "customerOf": {"email": HUB},
        }

    assert (await _task(env, "deliver")) == {"delivered": 2}
    # R-REF-5: the coach hears of the first hub service, Customer Of of the copy
    assert len(SINK.to(COACH)) == 1
    assert "started services" in SINK.to(COACH)[0].subject
    assert len(SINK.to(HUB)) == 1
    assert "copied" in SINK.to(HUB)[0].subject
    assert SINK.to(REFERRAL_ADDRESS) == []
    for mail in SINK.messages:
        assert ids["customer_id"] in mail.body
        for personal in ids["personal"]:
            assert personal not in mail.body
