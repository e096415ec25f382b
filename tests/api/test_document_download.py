"""GET /documents/{id} and GET /enrollments/{id}/application.pdf (R-ACL-1, R-DOC-1,
R-DOC-3): only staff who see the customer get the file; everyone else gets one and the
same answer whether or not the document exists."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from models import clock
from tests import factories as f
from tests import samples
from tests.conftest import COACH, COACH_OJF, HUB, HUB_OJF, MANAGER, Api
from tests.ids import row_id
from tests.schema.documents.util import upload


async def _get(api: Api, path: str, as_: str | None):  # type: ignore[no-untyped-def]
    headers = {}
    if as_ is not None:
        headers["Authorization"] = f"Bearer {await api.token(as_)}"
    return await api.client.get(path, headers=headers)


async def _uploaded(api: Api, *, sent: bool) -> tuple[str, bytes]:
    """A document of a customer whose RA record is sent to Latino Network (or not)."""
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    if sent:
        await f.sent_referral(coach, application_date=date(2025, 3, 3), cust=cust)
    else:
        await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    data = samples.pdf("Career plan")
    body = await upload(api, COACH, cust.id, "Plan März.pdf", data, "application/pdf")
    return row_id(body["data"]["documentUpload"]["document"]["id"]), data


@pytest.mark.parametrize("who", [COACH, HUB, MANAGER])
async def test_staff_who_see_the_customer_download_as_attachment(api: Api, who: str) -> None:
    doc_id, data = await _uploaded(api, sent=True)
    response = await _get(api, f"/documents/{doc_id}", who)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "Plan" in disposition and ".pdf" in disposition
    assert "no-store" in response.headers["cache-control"]


@pytest.mark.parametrize("who", [COACH_OJF, HUB_OJF, HUB])
async def test_others_get_forbidden_and_cannot_tell_it_exists(api: Api, who: str) -> None:
    """Another agency's coach, another hub's staff, and this hub before the referral is
    sent (R-ACL-1): the same 403 as for an id that does not exist."""
    doc_id, _ = await _uploaded(api, sent=False)
    denied = await _get(api, f"/documents/{doc_id}", who)
    missing = await _get(api, f"/documents/{int(doc_id) + 1000}", who)
    garbage = await _get(api, "/documents/not-a-number", who)
    assert denied.status_code == missing.status_code == garbage.status_code == 403
    assert denied.content == missing.content == garbage.content
    assert denied.json()["code"] == "FORBIDDEN"
    per_request = {"x-request-id"}
    assert {k: v for k, v in denied.headers.items() if k not in per_request} == {
        k: v for k, v in missing.headers.items() if k not in per_request
    }


async def test_download_without_token_is_unauthenticated(api: Api) -> None:
    doc_id, _ = await _uploaded(api, sent=True)
    response = await _get(api, f"/documents/{doc_id}", None)
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"


async def test_application_pdf_shows_the_r_doc_3_fields(api: Api) -> None:
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(
        coach,
        first="Zoë",
        last="Nguyễn",
        preferred_name="Zee",
        pronouns="she/her",
        sex="Female",
        gender="Woman",
        date_of_birth=date(1988, 11, 23),
        ssn_last4="4321",
    )
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    response = await _get(api, f"/enrollments/{ra.id}/application.pdf", COACH)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in (
        "Rent Assistance - Latino Network",
        cust.customer_id,
        "Zoë Nguyễn",
        "Zee",
        "she/her",
        "11/23/1988",
        "Female",
        "Woman",
        "XXX-XX-4321",
        "03/03/2025",
        coach.name,
        "Participant signature",
    ):
        assert expected in text, expected
    assert "Referral accepted (Review Date)" in text
    assert "1988-11-23" not in text


async def test_application_pdf_after_acceptance_shows_the_review_date(api: Api) -> None:
    clock.freeze(date(2025, 3, 20))
    coach, hub = await f.staff(COACH), await f.staff(HUB)
    ra = await f.accepted_referral(
        coach, hub, application_date=date(2025, 3, 3), review_date=date(2025, 3, 12)
    )
    response = await _get(api, f"/enrollments/{ra.id}/application.pdf", HUB)
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "03/12/2025" in text


@pytest.mark.parametrize("who", [COACH_OJF, HUB_OJF, HUB])
async def test_application_pdf_refused_like_a_missing_one(api: Api, who: str) -> None:
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    denied = await _get(api, f"/enrollments/{ra.id}/application.pdf", who)
    missing = await _get(api, f"/enrollments/{ra.id + 1000}/application.pdf", who)
    assert denied.status_code == missing.status_code == 403
    assert denied.content == missing.content


async def test_program_record_has_no_application_pdf(api: Api) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    program = await f.program_record(cust, coach, application_date=date(2025, 1, 6))
    response = await _get(api, f"/enrollments/{program.id}/application.pdf", COACH)
    assert response.status_code == 403
