"""The coach's referral and the hub's acceptance over real HTTP, for test_topology.py.

Every GraphQL call goes to the next API process in turn (round robin over the ports),
so one request signs in on one process and the next uses that token on the other. The
GraphQL documents and inputs are the ones of tests/e2e/test_coach_referral.py and
test_hub_referral_http.py; the Individual Plan and the signed application come in
through documentUpload (the GraphQL multipart request) as small PDFs made by fpdf2.

The processes run with the real clock (FROZEN_TODAY is refused in prod), so the dates
are counted back from today in the program's time zone.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx

from tests import samples
from tests.conftest import COACH, HUB
from tests.e2e.test_coach_referral import (
    BUDGET_SAVE,
    CUSTOMER_CREATE,
    ENROLLMENT_CREATE,
    HUB_ADDRESS,
    HUBS,
    LOGIN,
    RECORD,
    REFERRAL_CREATE,
    REFERRAL_SEND,
    REGISTRATION,
    REGISTRATION_UPDATE,
    SERVICE_CREATE,
    SIGN,
)
from tests.e2e.test_hub_referral_http import ACCEPT, QUEUE
from tests.schema.documents.util import DOCUMENT_UPLOAD


def _timezone() -> str:
    from models.config import get_settings

    return get_settings().program_timezone


def program_today() -> date:
    """Today as the API processes see it (clock.today(): the program's time zone)."""
    return datetime.now(ZoneInfo(_timezone())).date()


async def _not_at_midnight() -> None:
    """Wait past midnight when it is close: every date of one referral is today's."""
    now = datetime.now(ZoneInfo(_timezone()))
    left = (datetime.combine(now.date() + timedelta(days=1), time(), now.tzinfo) - now).seconds
    if left < 120:
        await asyncio.sleep(left + 1)


@dataclass
class RoundRobin:
    """GraphQL over HTTP as one staff member, each call on the next API port."""

    http: httpx.AsyncClient
    ports: list[int]
    token: str | None = None
    calls: Counter[int] = field(default_factory=Counter)
    _next: int = 0

    def _url(self) -> str:
        port = self.ports[self._next % len(self.ports)]
        self._next += 1
        self.calls[port] += 1
        return f"http://127.0.0.1:{port}/graphql"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def call(self, document: str, variables: dict | None = None) -> dict:
        """A document that must have no top-level errors; its data."""
        response = await self.http.post(
            self._url(),
            json={"query": document, "variables": variables or {}},
            headers=self._headers(),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return dict(body["data"])

    async def mutate(self, document: str, variables: dict) -> dict:
        """A mutation whose payload must hold no errors; the payload."""
        (payload,) = (await self.call(document, variables)).values()
        assert payload["errors"] == [], payload["errors"]
        return dict(payload)

    async def sign_in(self, email: str) -> dict:
        """login; the staff member (with provider id) it returns."""
        from models.actions.seed import DEMO_PASSWORD

        login = (await self.call(LOGIN, {"e": email, "p": DEMO_PASSWORD}))["login"]
        assert login["token"], login
        self.token = login["token"]
        return dict(login["staff"])

    async def upload_pdf(self, customer_id: str, type: str, text: str) -> dict:
        """documentUpload of a small valid PDF (multipart request); the payload."""
        form, files = samples.multipart_upload(
            DOCUMENT_UPLOAD,
            {"customerId": customer_id, "type": type},
            f"{type.lower()}.pdf",
            samples.pdf(text),
            "application/pdf",
        )
        response = await self.http.post(
            self._url(), data=form, files=files, headers={**self._headers(), **samples.PREFLIGHT}
        )
        assert response.status_code == 200, response.text
        payload = response.json()["data"]["documentUpload"]
        assert payload["errors"] == [], payload["errors"]
        assert payload["document"]["type"] == type
        return dict(payload)


@dataclass(frozen=True)
class Referral:
    """A READY RA record the coach built over HTTP."""

    customer_id: str  # the program's Customer ID (shown in the hub's email)
    customer_pk: str
    enrollment_id: str


async def coach_prepares(coach: RoundRobin, *, birth_year: int) -> Referral:
    """Sign in, customer, program record, coaching, RA record, registration signed,
    budget, Individual Plan and signed application: the record is READY (R-REF-1)."""
    await _not_at_midnight()
    today = program_today()
    agency = (await coach.sign_in(COACH))["provider"]["id"]
    customer = (
        await coach.mutate(
            CUSTOMER_CREATE,
            {
                "input": {
                    "legalFirstName": "Marisol",
                    "legalLastName": "Quintanilla",
                    "dateOfBirth": f"{birth_year}-11-23",
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
                    "providerId": agency,
                    "applicationDate": (today - timedelta(days=40)).isoformat(),
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
                "startDate": (today - timedelta(days=1)).isoformat(),
            }
        },
    )
    (hub,) = (await coach.call(HUBS))["hubsForMe"]
    assert hub["referralEmail"] == HUB_ADDRESS
    ra = (
        await coach.mutate(
            REFERRAL_CREATE,
            {
                "input": {
                    "customerId": customer["id"],
                    "hubId": hub["id"],
                    "applicationDate": today.isoformat(),
                }
            },
        )
    )["enrollment"]
    assert ra["stage"] == "DRAFT"
    funding = [{"date": (today - timedelta(days=9)).isoformat(), "fundingSource": "EOP Portland"}]
    registration = (
        await coach.mutate(
            REGISTRATION_UPDATE,
            {"id": ra["id"], "input": {**REGISTRATION, "otherFundingSources": funding}},
        )
    )["enrollment"]["registration"]
    assert registration["missingInformation"] == []
    assert registration["ineligibleReasons"] == []
    signed = await coach.mutate(SIGN, {"id": ra["id"], "on": today.isoformat()})
    assert signed["enrollment"]["registrationDate"] == today.isoformat()
    await coach.mutate(
        BUDGET_SAVE,
        {
            "input": {
                "customerId": customer["id"],
                "savedOn": today.isoformat(),
                "lines": [
                    {"label": "Wages", "amount": "1500.00", "isIncome": True},
                    {"label": "Rent", "amount": "1100.00", "isIncome": False},
                ],
            }
        },
    )
    await coach.upload_pdf(customer["id"], "INDIVIDUAL_PLAN", "Individual Plan")
    await coach.upload_pdf(
        customer["id"], "RENT_ASSISTANCE_APPLICATION", "Rent Assistance Application (signed)"
    )
    record = (await coach.call(RECORD, {"id": ra["id"]}))["enrollment"]
    assert record["stage"] == "READY", record
    return Referral(customer["customerId"], customer["id"], ra["id"])


async def coach_sends(coach: RoundRobin, referral: Referral) -> None:
    """referralSend: the record is SENT and the hub's email is in the outbox."""
    sent = await coach.mutate(REFERRAL_SEND, {"id": referral.enrollment_id})
    assert sent["enrollment"]["stage"] == "SENT"


async def hub_accepts(hub: RoundRobin, referral: Referral) -> dict:
    """The hub signs in, finds the referral in its queue and accepts it; the payload."""
    await hub.sign_in(HUB)
    edges = (await hub.call(QUEUE))["referralQueue"]["edges"]
    nodes = {e["node"]["id"]: e["node"] for e in edges}
    assert referral.enrollment_id in nodes, nodes
    assert nodes[referral.enrollment_id]["customer"]["customerId"] == referral.customer_id
    accepted = await hub.call(
        ACCEPT, {"id": referral.enrollment_id, "on": program_today().isoformat()}
    )
    record = (await hub.call(RECORD, {"id": referral.enrollment_id}))["enrollment"]
    assert record["stage"] == "ACCEPTED", record  # read back on the other process
    return dict(accepted["referralAccept"])
