"""The participant pages over HTTP (R-DOC-2, R-DOC-4): sign once with the evidence
trail, refuse used, expired and forged links with a clear page, and upload one
document through a link with the checks of staff uploads. (The same flows in a real
browser are in tests/e2e.)"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from models import clock
from models.actions.link_requests import create_device_link, send_signature_request
from models.actions.links import url_for
from models.config import get_settings
from models.customers import Customer, Document, ParticipantLink
from models.rules.enums import DocumentType, LinkPurpose, ProgramStatus
from models.system import Notification
from tests import factories as f
from tests import samples
from tests.conftest import COACH, SINK, Api
from tests.schema.documents.util import checklist, counts

UA = "Mozilla/5.0 (Linux; Android 14) TestPhone"


async def _signing_link():  # type: ignore[no-untyped-def]
    """An RA record, its signing link sent by email, and the URL caught in the email."""
    from workers.mailer import deliver_pending

    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    link, errors = await send_signature_request(actor=coach, enrollment=ra)
    assert link is not None and not errors
    await deliver_pending()
    [mail] = SINK.to(cust.email)
    [url] = re.findall(r"http://testserver(/p/sign/\S+)", mail.body)
    return coach, cust, ra, link, url


def _shown_hash(html: str) -> str:
    match = re.search(r'name="shown_sha256" value="([0-9a-f]{64})"', html)
    assert match, html
    return match.group(1)


async def _sign(api: Api, url: str, shown: str, name: str = "Ana Pérez", consent: bool = True):  # type: ignore[no-untyped-def]
    form = {"typed_name": name, "shown_sha256": shown}
    if consent:
        form["consent"] = "yes"
    return await api.client.post(url, data=form, headers={"User-Agent": UA})


async def test_sign_once_keeps_signed_pdf_with_evidence(api: Api) -> None:
    coach, cust, ra, link, url = await _signing_link()
    page = await api.client.get(url)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert 'name="viewport"' in page.text
    for shown in (
        cust.customer_id,
        "Ana Pérez",
        "Rent Assistance - Latino Network",
        "sign this application electronically",
        coach.name,
    ):
        assert shown in page.text
    assert (await checklist(ra.id)).application_signed is False

    response = await _sign(api, url, _shown_hash(page.text))
    assert response.status_code == 200
    assert "your application is signed" in response.text
    [doc] = await Document.filter(customer_id=cust.id)
    assert doc.type is DocumentType.RENT_ASSISTANCE_APPLICATION
    assert doc.enrollment_id == ra.id and doc.uploaded_by_id is None and doc.link_id == link.id
    ev = doc.signature_evidence
    assert ev["typed_name"] == "Ana Pérez" and ev["consent"] is True
    assert ev["consent_version"] == "esign-consent-v1"
    assert ev["user_agent"] == UA and ev["ip"]
    assert ev["shown_sha256"] == _shown_hash(page.text)
    assert ev["signed_at_utc"].endswith("+00:00")
    kept = (Path(get_settings().upload_dir) / doc.storage_key).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == ev["signed_sha256"] == doc.sha256
    assert kept.startswith(b"%PDF-")
    assert (await ParticipantLink.get(id=link.id)).used_at is not None
    assert (await checklist(ra.id)).application_signed is True
    # the referring coach is told, with the customer ID only
    note = await Notification.get(kind="application.signed")
    assert note.to_address == coach.email and cust.customer_id in note.body
    assert cust.legal_last_name not in note.body

    again = await api.client.get(url)
    assert again.status_code == 410 and "already been used" in again.text
    resubmit = await _sign(api, url, _shown_hash(page.text))
    assert resubmit.status_code == 410 and "already been used" in resubmit.text
    assert await Document.filter(customer_id=cust.id).count() == 1


async def test_expired_link_shows_clear_page_and_signs_nothing(api: Api) -> None:
    _, _cust, ra, _, url = await _signing_link()
    shown = _shown_hash((await api.client.get(url)).text)
    before = await counts()
    clock.freeze(date(2025, 3, 18))  # 8 days later (R-DOC-4: 7 days)
    page = await api.client.get(url)
    assert page.status_code == 410 and "expired" in page.text
    response = await _sign(api, url, shown)
    assert response.status_code == 410 and "expired" in response.text
    assert await counts() == before
    assert (await checklist(ra.id)).application_signed is False


@pytest.mark.parametrize(
    "mangle",
    [lambda u: u[:-3] + "abc", lambda u: u + "x", lambda u: u.replace("/p/sign/", "/p/upload/")],
)
async def test_forged_or_misused_token_is_a_clear_404(api: Api, mangle) -> None:  # type: ignore[no-untyped-def]
    _, _, _, _, url = await _signing_link()
    response = await api.client.get(mangle(url))
    assert response.status_code == 404 and "does not work" in response.text


async def test_missing_consent_or_name_re_shows_form_and_keeps_link(api: Api) -> None:
    _, _, _, link, url = await _signing_link()
    shown = _shown_hash((await api.client.get(url)).text)
    before = await counts()
    no_consent = await _sign(api, url, shown, consent=False)
    assert no_consent.status_code == 400 and "Tick the box" in no_consent.text
    no_name = await _sign(api, url, shown, name="   ")
    assert no_name.status_code == 400 and "Type your full name" in no_name.text
    assert await counts() == before
    assert (await ParticipantLink.get(id=link.id)).used_at is None


async def test_application_changed_since_shown_is_not_signed(api: Api) -> None:
    _, cust, _, _link, url = await _signing_link()
    shown = _shown_hash((await api.client.get(url)).text)
    await Customer.filter(id=cust.id).update(preferred_name="Changed")
    before = await counts()
    response = await _sign(api, url, shown)
    assert response.status_code == 400 and "changed since you opened it" in response.text
    assert await counts() == before
    assert _shown_hash(response.text) != shown  # the page shows the new version


async def test_closed_record_cannot_be_signed(api: Api) -> None:
    _, _, ra, _, url = await _signing_link()
    shown = _shown_hash((await api.client.get(url)).text)
    await type(ra).filter(id=ra.id).update(program_status=ProgramStatus.PRE_PROGRAM_EXIT)
    before = await counts()
    response = await _sign(api, url, shown)
    assert response.status_code == 410 and "closed" in response.text
    assert await counts() == before


async def _upload_link(purpose: LinkPurpose, type: DocumentType = DocumentType.INDIVIDUAL_PLAN):  # type: ignore[no-untyped-def]
    from models.actions.link_requests import send_upload_request

    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    if purpose is LinkPurpose.DEVICE_UPLOAD:
        link, url = await create_device_link(actor=coach, customer=cust, document_type=type)
    else:
        link, _ = await send_upload_request(actor=coach, customer=cust, document_type=type)
        assert link is not None
        url = url_for(link)
    return coach, cust, link, url.removeprefix("http://testserver")


async def test_participant_uploads_one_document_through_the_link(api: Api) -> None:
    _, cust, link, url = await _upload_link(LinkPurpose.UPLOAD_DOCUMENT)
    page = await api.client.get(url)
    assert page.status_code == 200 and "Career Plan" in page.text
    wrong = await api.client.post(url, files={"file": ("plan.pdf", samples.html(), "text/html")})
    assert wrong.status_code == 400 and "Only PDF, JPEG or PNG" in wrong.text
    assert await Document.all().count() == 0
    assert (await ParticipantLink.get(id=link.id)).used_at is None
    ok = await api.client.post(url, files={"file": ("photo.jpg", samples.jpeg(), "image/jpeg")})
    assert ok.status_code == 200 and "uploaded" in ok.text
    [doc] = await Document.filter(customer_id=cust.id)
    assert doc.type is DocumentType.INDIVIDUAL_PLAN and doc.uploaded_by_id is None
    assert doc.link_id == link.id
    kept = (Path(get_settings().upload_dir) / doc.storage_key).read_bytes()
    assert not samples.has_exif(kept)
    again = await api.client.post(url, files={"file": ("p.pdf", samples.pdf(), "application/pdf")})
    assert again.status_code == 410 and "already been used" in again.text
    assert await Document.all().count() == 1


async def test_device_upload_is_the_staff_members_and_counts_for_open_ra(api: Api) -> None:
    coach, cust, _link, url = await _upload_link(
        LinkPurpose.DEVICE_UPLOAD, DocumentType.RENT_ASSISTANCE_APPLICATION
    )
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    page = await api.client.get(url)
    assert "Upload a signed Rent Assistance Application" in page.text  # staff's own phone
    ok = await api.client.post(url, files={"file": ("scan.png", samples.png(), "image/png")})
    assert ok.status_code == 200
    [doc] = await Document.filter(customer_id=cust.id)
    assert doc.uploaded_by_id == coach.id and doc.enrollment_id == ra.id
    assert (await checklist(ra.id)).application_signed is True


async def test_device_link_expires_in_minutes(api: Api) -> None:
    _, _, link, url = await _upload_link(LinkPurpose.DEVICE_UPLOAD)
    await ParticipantLink.filter(id=link.id).update(expires_at=clock.now() - timedelta(seconds=1))
    response = await api.client.get(url)
    assert response.status_code == 410 and "expired" in response.text
