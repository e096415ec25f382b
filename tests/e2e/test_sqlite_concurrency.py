"""The embedded default never loses a request (issue 17 §7).

`rent-assist serve` on SQLite in dev runs the API and an in-process mail worker on two
connections to one file. Ten clients (one coach of each demo agency) send 200 mutations
at once — customers, program records, case notes and upload requests, each of which
emails the participant — while the worker delivers those emails. Before every write
transaction took SQLite's write lock up front (models/sqlite.py), a transaction that
read and then wrote while the worker was marking an email sent failed with "database
is locked" ("Unexpected error." to the client). Now: no failure, and every email
arrives exactly once.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import httpx
import pytest

from models.actions.seed import DEMO_PASSWORD, demo_accounts
from models.rules.enums import Role
from tests.e2e.live import live_server
from workers.mailsink import MailSink

CLIENTS = 10
MUTATIONS_PER_CLIENT = 20  # 200 in all
TODAY = date(2026, 3, 2)

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p)
  { token staff { provider { id } } errors { code } } }"""
CUSTOMER_CREATE = """mutation($input: CustomerCreateInput!) { customerCreate(input: $input)
  { customer { id } errors { code field } } }"""
ENROLLMENT_CREATE = """mutation($input: EnrollmentCreateInput!) { enrollmentCreate(input: $input)
  { enrollment { id } errors { code field } } }"""
NOTE = """mutation($id: ID!, $text: String!) { caseNoteCreate(enrollmentId: $id, text: $text)
  { caseNote { id } errors { code field } } }"""
UPLOAD_REQUEST = """mutation($id: ID!) {
  uploadRequestSend(customerId: $id, type: INDIVIDUAL_PLAN) { link { id } errors { code } } }"""


async def _mutate(http: httpx.AsyncClient, token: str, document: str, variables: dict) -> dict:
    response = await http.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    assert payload["errors"] == [], payload
    return payload


async def _coach_session(http: httpx.AsyncClient, email: str, n: int) -> int:
    """One coach's 20 mutations; returns how many emails they caused."""
    variables = {"e": email, "p": DEMO_PASSWORD}
    login = (await http.post("/graphql", json={"query": LOGIN, "variables": variables})).json()
    token = login["data"]["login"]["token"]
    agency = login["data"]["login"]["staff"]["provider"]["id"]
    customer = await _mutate(http, token, CUSTOMER_CREATE, {"input": {
        "legalFirstName": f"Load{n}", "legalLastName": "Tester", "dateOfBirth": "1990-05-06",
        "email": f"participant{n}@example.org"}})  # fmt: skip
    customer_id = customer["customer"]["id"]
    record = await _mutate(http, token, ENROLLMENT_CREATE, {"input": {
        "customerId": customer_id, "providerId": agency,
        "applicationDate": TODAY.isoformat()}})  # fmt: skip
    record_id = record["enrollment"]["id"]
    emails = 0
    for i in range(MUTATIONS_PER_CLIENT - 2):
        if i % 2:
            await _mutate(http, token, UPLOAD_REQUEST, {"id": customer_id})
            emails += 1
        else:
            await _mutate(http, token, NOTE, {"id": record_id, "text": f"call {i}"})
    return emails


@pytest.mark.timeout(240)
async def test_200_concurrent_mutations_while_the_worker_mails(
    tmp_path: Path, mail_sink: MailSink
) -> None:
    coaches = [a.email for a in demo_accounts() if a.role is Role.CAREER_COACH][:CLIENTS]
    assert len(coaches) == CLIENTS
    mail_sink.clear()
    with live_server(tmp_path, mail_sink, environment="dev", today=TODAY) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            sent = await asyncio.gather(
                *(_coach_session(http, email, n) for n, email in enumerate(coaches))
            )
        expected = sum(sent)
        assert expected == CLIENTS * (MUTATIONS_PER_CLIENT - 2) // 2
        for _ in range(300):
            if len(mail_sink.messages) >= expected:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # would a duplicate follow?
    ids = [m.message_id for m in mail_sink.messages]
    assert len(ids) == expected, f"{len(ids)} emails for {expected} upload requests"
    assert len(set(ids)) == expected, "an email was delivered twice"
