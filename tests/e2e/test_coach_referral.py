"""The coach's whole referral over real HTTP against a running server (issue 3).

A fresh SQLite file is migrated and seeded by the `rent-assist` command, `rent-assist
serve` runs as a subprocess, and httpx drives the contract: customer, program record,
coaching service, RA record, registration, signature, budget, and the referral. The
documents (another capability's upload) are written with the test factories and the
outbox is delivered with workers.mailer.deliver_pending(), both in short-lived ORM
processes on the same file (tests/e2e/orm_steps.py), to the test's real SMTP sink.
The hub's address must get exactly one email holding the
customer ID and none of the participant's personal data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from models import clock
from tests.conftest import COACH, SINK
from tests.ids import row_id
from workers.mailsink import MailSink, free_port

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 6, 10)
HUB_ADDRESS = "referrals.latino-network@example.org"
PASSWORD = "rent-assist-demo"


@pytest.fixture
def server(tmp_path: Path, mail_sink: MailSink) -> Iterator[tuple[str, dict[str, str]]]:
    """A migrated, seeded SQLite file and `rent-assist serve` on a free port."""
    db_url = f"sqlite://{tmp_path / 'e2e.sqlite3'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "ENVIRONMENT": "test",
        "METRICS_PORT": "0",  # no fixed port for the metrics server
        "SECRET_KEY": "e2e-secret-key-0123456789abcdef0123456789",
        "PUBLIC_BASE_URL": base,
        "FROZEN_TODAY": TODAY.isoformat(),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mail_sink.port),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    env.pop("REDIS_URL", None)
    for command in ("migrate", "seed-demo"):
        subprocess.run(
            [BIN / "rent-assist", command], env=env, check=True, capture_output=True, timeout=60
        )
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [BIN / "rent-assist", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield base, env
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class Client:
    """GraphQL over HTTP as the coach."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token: str | None = None

    async def call(self, document: str, variables: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post(
            "/graphql", json={"query": document, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    async def mutate(self, document: str, variables: dict) -> dict:
        data = await self.call(document, variables)
        (payload,) = data.values()
        assert payload["errors"] == [], payload["errors"]
        return payload


LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p)
  { token staff { provider { id } } errors { code } } }"""
CUSTOMER_CREATE = """mutation($input: CustomerCreateInput!) { customerCreate(input: $input)
  { customer { id customerId } errors { code field } } }"""
ENROLLMENT_CREATE = """mutation($input: EnrollmentCreateInput!) { enrollmentCreate(input: $input)
  { enrollment { id } errors { code field } } }"""
SERVICE_CREATE = """mutation($input: ServiceCreateInput!) { serviceCreate(input: $input)
  { service { id } errors { code field } } }"""
HUBS = "{ hubsForMe { id name referralEmail } }"
REFERRAL_CREATE = """mutation($input: ReferralCreateInput!) { referralCreate(input: $input)
  { enrollment { id stage } errors { code field } } }"""
REGISTRATION_UPDATE = """mutation($id: ID!, $input: RegistrationInput!) {
  registrationUpdate(enrollmentId: $id, input: $input) {
    enrollment { registration { mfiMaximum incomeStatus missingInformation { field }
                                ineligibleReasons { field } } }
    errors { code field } } }"""
SIGN = """mutation($id: ID!, $on: Date!) { registrationSign(enrollmentId: $id, signedOn: $on)
  { enrollment { registrationDate } errors { code field } } }"""
BUDGET_SAVE = """mutation($input: BudgetSaveInput!) { budgetSave(input: $input)
  { budget { id } errors { code field } } }"""
RECORD = """query($id: ID!) { enrollment(id: $id) { stage lqFundServiceDate referralChecklist {
  registrationSigned applicationSigned careerPlanCurrent budgetCurrent sentAt nextStep } } }"""
REFERRAL_SEND = """mutation($id: ID!) { referralSend(enrollmentId: $id)
  { enrollment { stage } errors { code field } } }"""

REGISTRATION = {
    "residesInServiceArea": True,
    "otherFundingSources": [{"date": "2025-06-01", "fundingSource": "EOP Portland"}],
    "householdSize": 3,
    "householdIncome": "9000.00",
    "incomeDocumentation": "Pay Stubs",
    "adultsInHousehold": 1,
    "childrenInHousehold": 2,
    "totalAmountRequested": "3200.00",
    "monthsNeeded": 3,
    "housingType": "HOMELESS_PREVENTION",
    "planToPayRent": "Wages",
    "sourceOfIncome": "Work",
    "pastPropertyDebt": False,
    "creditDebt": False,
    "evictionHistory": False,
    "criminalHistory": False,
    "documentationOfNeed": "PROSPERITY_BUDGET",
    "employmentCharacteristics": ["HOUSING_INSECURE"],
    "address": {"street": "1 Main St", "city": "Portland", "state": "OR", "zip": "97201"},
    "notes": "Rent $1,100 a month",
}


def _orm_step(env: dict[str, str], *args: str) -> str:
    """Run one ORM step (tests/e2e/orm_steps.py) against the server's database."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.orm_steps", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


async def test_the_coach_refers_a_customer_and_the_hub_gets_one_email(
    server: tuple[str, dict[str, str]],
) -> None:
    base, env = server
    clock.freeze(TODAY)
    SINK.clear()
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        coach = Client(http)
        login = (await coach.call(LOGIN, {"e": COACH, "p": PASSWORD}))["login"]
        coach.token = login["token"]
        agency_id = login["staff"]["provider"]["id"]

        customer = (
            await coach.mutate(
                CUSTOMER_CREATE,
                {
                    "input": {
                        "legalFirstName": "Marisol",
                        "legalLastName": "Quintanilla",
                        "dateOfBirth": "1987-11-23",
                        "ssnLast4": "4821",
                        "email": "marisol@example.org",
                    }
                },
            )
        )["customer"]
        program = (
            await coach.mutate(
                ENROLLMENT_CREATE,
                {
                    "input": {
                        "customerId": customer["id"],
                        "providerId": agency_id,
                        "applicationDate": "2025-05-01",
                    }
                },
            )
        )["enrollment"]
        await coach.mutate(
            SERVICE_CREATE,
            {
                "input": {
                    "enrollmentId": program["id"],
                    "type": "CAREER_COACHING",
                    "startDate": "2025-06-09",
                }
            },
        )
        assert (await coach.call(RECORD, {"id": program["id"]}))["enrollment"][
            "lqFundServiceDate"
        ] == "2025-06-09"

        (hub,) = (await coach.call(HUBS))["hubsForMe"]
        assert hub["referralEmail"] == HUB_ADDRESS
        ra = (
            await coach.mutate(
                REFERRAL_CREATE,
                {
                    "input": {
                        "customerId": customer["id"],
                        "hubId": hub["id"],
                        "applicationDate": "2025-06-10",
                    }
                },
            )
        )["enrollment"]
        assert ra["stage"] == "DRAFT"
        registration = (
            await coach.mutate(
                REGISTRATION_UPDATE,
                {
                    "id": ra["id"],
                    "input": REGISTRATION,
                },
            )
        )["enrollment"]["registration"]
        assert registration["missingInformation"] == []
        assert registration["ineligibleReasons"] == []
        assert registration["incomeStatus"] == "LOW_INCOME"
        assert registration["mfiMaximum"] == "27922.50"
        signed = await coach.mutate(SIGN, {"id": ra["id"], "on": "2025-06-10"})
        assert signed["enrollment"]["registrationDate"] == "2025-06-10"
        await coach.mutate(
            BUDGET_SAVE,
            {
                "input": {
                    "customerId": customer["id"],
                    "savedOn": "2025-06-10",
                    "lines": [
                        {"label": "Wages", "amount": "1500.00", "isIncome": True},
                        {"label": "Rent", "amount": "1100.00", "isIncome": False},
                    ],
                }
            },
        )

        # not ready yet: the refusal names the unmet conditions
        refused = (await coach.call(REFERRAL_SEND, {"id": ra["id"]}))["referralSend"]
        assert [e["code"] for e in refused["errors"]] == [
            "APPLICATION_NOT_SIGNED",
            "CAREER_PLAN_NOT_CURRENT",
        ]
        _orm_step(
            env, "documents", str(row_id(customer["id"])), str(row_id(ra["id"])), TODAY.isoformat()
        )
        record = (await coach.call(RECORD, {"id": ra["id"]}))["enrollment"]
        assert record["stage"] == "READY"
        assert record["referralChecklist"]["nextStep"] == "Send the referral to the hub"

        sent = await coach.mutate(REFERRAL_SEND, {"id": ra["id"]})
        assert sent["enrollment"]["stage"] == "SENT"
        again = (await coach.call(REFERRAL_SEND, {"id": ra["id"]}))["referralSend"]
        assert [e["code"] for e in again["errors"]] == ["WRONG_STAGE"]

    assert _orm_step(env, "deliver") == "1"
    assert _orm_step(env, "deliver") == "0"
    mails = SINK.to(HUB_ADDRESS)
    assert len(mails) == 1
    body = mails[0].body
    assert customer["customerId"] in body
    assert f"{base}/enrollments/{row_id(ra['id'])}" in body  # the email's link (issue 12 §6)
    for personal in (
        "Marisol",
        "Quintanilla",
        "1987",
        "11/23",
        "4821",
        "marisol@example.org",
        "1 Main St",
    ):
        assert personal not in body and personal not in mails[0].subject
