"""The upload page, the link pages and the printed application in the participant's
language (issue 16): every participant page in Spanish holds no English sentence of
ours; the staff member's own device link stays English; the upload email is Spanish."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta

import httpx
import pytest
import pytest_asyncio
from pypdf import PdfReader

from models import clock
from models.actions.link_requests import create_device_link, send_upload_request
from models.config import reset_settings
from models.customers import Document, ParticipantLink
from models.i18n import source_messages, translator
from models.rules.enums import DocumentType, Language, ProgramStatus
from tests import factories as f
from tests import samples
from tests.api.test_pages_language import html_lang, path_in, shown_hash, sign, signing_link
from tests.conftest import COACH, SINK, Api
from tests.schema.documents.util import counts

ES = translator(Language.ES)
# English words a Spanish page of ours must not hold outside the participant's own data
ENGLISH_WORDS = {"the", "your", "you", "please", "link", "file", "sign", "upload", "this", "and"}


def visible_text(html: str) -> str:
    body = re.sub(r"(?s)<(style|script)[^>]*>.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def assert_all_spanish(html: str, *data: str) -> None:
    """No English message of the catalogue (that Spanish words differently) and no
    common English word on the page, once the participant's own data is taken out."""
    text = visible_text(html)
    for value in data:
        text = text.replace(value, " ")
    for msgid in source_messages():
        if len(msgid.split()) >= 3 and ES.gettext(msgid) != msgid:
            fragment = max(re.split(r"%\(\w+\)s", msgid), key=len).strip()[:40]
            assert fragment not in text, msgid
    words = set(re.findall(r"[a-z]+", text.lower()))
    assert not words & ENGLISH_WORDS, (words & ENGLISH_WORDS, text)


async def _upload_link(language: Language = Language.ES):  # type: ignore[no-untyped-def]
    from workers.mailer import deliver_pending

    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach, preferred_language=language)
    link, _ = await send_upload_request(
        actor=coach, customer=cust, document_type=DocumentType.INDIVIDUAL_PLAN
    )
    assert link is not None
    await deliver_pending()
    [mail] = SINK.to(cust.email)
    return coach, cust, link, mail


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    cap = 1_572_864  # 1.5 MB
    monkeypatch.setenv("MAX_UPLOAD_BYTES", str(cap))
    reset_settings()
    yield cap
    monkeypatch.delenv("MAX_UPLOAD_BYTES")
    reset_settings()


async def test_upload_email_and_page_in_spanish(api: Api, small_cap: int) -> None:
    coach, _cust, _link, mail = await _upload_link()
    assert mail.subject == "Por favor, suba un documento para la Asistencia para la Renta"
    assert mail.message["Content-Language"] == "es"
    assert f"{coach.name}, su coach de empleo, le pide que suba su Plan de Carrera" in mail.body
    assert "vence el 17 de marzo de 2025" in mail.body
    url = path_in(mail)

    page = await api.client.get(url)
    assert page.status_code == 200 and html_lang(page.text) == "es"
    assert "<h1>Suba su Plan de Carrera (Plan Individual)</h1>" in page.text
    assert "Archivos de hasta 1.5 MB" in page.text
    assert_all_spanish(page.text)

    none = await api.client.post(url, data={"lang": "es"}, files={"file": ("", b"", "text/plain")})
    assert none.status_code == 400 and "Elija un archivo para subir." in none.text
    assert_all_spanish(none.text)
    wrong = await api.client.post(url, files={"file": ("plan.pdf", samples.html(), "text/html")})
    assert (
        wrong.status_code == 400 and "Solo se pueden subir archivos PDF, JPEG o PNG" in wrong.text
    )
    assert_all_spanish(wrong.text)
    big = await api.client.post(
        url, files={"file": ("big.pdf", b"%PDF-1.7\n" + b"0" * small_cap, "application/pdf")}
    )
    assert big.status_code == 400 and "Este archivo es muy grande" in big.text
    assert "hasta 1.5 MB" in big.text
    assert await Document.all().count() == 0

    ok = await api.client.post(url, files={"file": ("photo.jpg", samples.jpeg(), "image/jpeg")})
    assert ok.status_code == 200 and "Gracias: su documento se subió" in ok.text
    assert_all_spanish(ok.text)
    again = await api.client.get(url)
    assert again.status_code == 410 and "Este enlace ya se usó" in again.text
    assert_all_spanish(again.text)
    english = await api.client.get(f"{url}?lang=en")
    assert html_lang(english.text) == "en" and "already been used" in english.text


async def test_every_signing_page_in_spanish_holds_no_english(api: Api) -> None:
    coach, cust, ra, _, mail = await signing_link()
    url = path_in(mail)
    data = (coach.name, cust.customer_id or "", "Ana Pérez", "Rent Assistance - Latino Network")
    form = await api.client.get(url)
    assert_all_spanish(form.text, *data)
    refused = await sign(api, url, shown_hash(form.text), typed_name="", consent="")
    assert_all_spanish(refused.text, *data)
    await type(ra).filter(id=ra.id).update(program_status=ProgramStatus.PRE_PROGRAM_EXIT)
    closed = await api.client.get(url)
    assert closed.status_code == 410 and "Esta solicitud está cerrada" in closed.text
    assert html_lang(closed.text) == "es"
    assert_all_spanish(closed.text)


async def test_expired_and_invalid_links_in_spanish(api: Api) -> None:
    _, _, _, _, mail = await signing_link()
    url = path_in(mail)
    clock.freeze(date(2025, 3, 18))  # R-DOC-4: 7 days
    expired = await api.client.get(url)
    assert expired.status_code == 410 and html_lang(expired.text) == "es"
    assert "Este enlace venció" in expired.text
    assert 'hreflang="en"' in expired.text  # the reason can be read in English too
    assert_all_spanish(expired.text)
    # a link we cannot read names no customer: the browser's language decides
    forged = url[:-3] + "abc"
    spanish_phone = await api.client.get(forged, headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert spanish_phone.status_code == 404 and "Este enlace no funciona" in spanish_phone.text
    assert_all_spanish(spanish_phone.text)
    other = await api.client.get(forged, headers={"Accept-Language": "fr-FR,fr"})
    assert other.status_code == 404 and "This link does not work" in other.text
    picked = await api.client.get(f"{forged}?lang=es")
    assert "Este enlace no funciona" in picked.text
    for cut in ("/p/sign/", "/p/upload/", "/p/", "/p/sign"):  # a link cut short
        page = await api.client.get(cut, headers={"Accept-Language": "es"})
        assert page.status_code == 404 and "Este enlace no funciona" in page.text, cut


async def test_device_link_of_staff_stays_english(api: Api) -> None:
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach, preferred_language=Language.ES)
    _, url = await create_device_link(actor=coach, customer=cust, document_type=DocumentType.OTHER)
    page = await api.client.get(url.removeprefix("http://testserver"))
    assert html_lang(page.text) == "en" and "<h1>Upload a document</h1>" in page.text
    await ParticipantLink.all().update(expires_at=clock.now() - timedelta(seconds=1))
    expired = await api.client.get(url.removeprefix("http://testserver"))
    assert "This link has expired" in expired.text


async def _pdf_text(api: Api, path: str, who: str) -> str:
    token = await api.token(who)
    response = await api.client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


async def test_printed_application_in_the_participants_language(api: Api) -> None:
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach, preferred_language=Language.ES, date_of_birth=date(1988, 11, 23))
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    path = f"/enrollments/{ra.id}/application.pdf"
    spanish = await _pdf_text(api, path, COACH)
    for text in (
        "Solicitud de Asistencia para la Renta",
        "Fecha de nacimiento 23/11/1988",
        "Firma del participante",
        "Estoy pidiendo Asistencia para la Renta",
    ):
        assert text in spanish, text
    assert "Participant signature" not in spanish
    english = await _pdf_text(api, f"{path}?lang=en", COACH)
    assert "Date of birth 11/23/1988" in english and "Participant signature" in english
    nonsense = await _pdf_text(api, f"{path}?lang=" + "x" * 5000, COACH)  # bounded, ignored
    assert "Solicitud de Asistencia para la Renta" in nonsense


def test_a_link_state_without_its_own_page_is_still_clear_and_translated() -> None:
    """A newer kind of refusal (a revoked link, say) before it has its own words."""
    from api.pages import state_page

    page = state_page("REVOKED", Language.ES)  # type: ignore[arg-type]
    html = page.body.decode()
    assert page.status_code == 410 and html_lang(html) == "es"
    assert "Este enlace ya no se puede usar" in html and "No se firmó ni se subió nada" in html
    assert_all_spanish(html)


@pytest_asyncio.fixture
async def small_cap_api(api: Api, small_cap: int) -> AsyncIterator[Api]:
    """The app built with the small cap (its routes' body caps follow it)."""
    from api.app import create_app
    from models.config import get_settings

    app = create_app(get_settings(), init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client)


async def test_a_form_the_server_cannot_read_is_answered_in_spanish(
    small_cap_api: Api, small_cap: int
) -> None:
    api = small_cap_api
    """Over the body cap (413), too many fields or malformed (400): the page in the
    participant's language with the form, never the server's English plain text."""
    _, _, _, _, mail = await signing_link()
    url = path_in(mail)
    _, _, link, upload_mail = await _upload_link()
    upload_url = path_in(upload_mail)
    before = await counts()
    huge = await api.client.post(url, data={"typed_name": "A" * 20_000, "consent": "yes"})
    assert huge.status_code == 413 and html_lang(huge.text) == "es"
    assert "Ese nombre es muy largo" in huge.text and 'id="sign"' in huge.text
    many = await api.client.post(url, data={f"f{i}": "1" for i in range(20)})
    assert many.status_code == 400 and html_lang(many.text) == "es"
    assert "Algo de lo que mandó no funcionó" in many.text
    assert_all_spanish(many.text, "Ana Pérez", "Rent Assistance - Latino Network")

    body = b"%PDF-1.7\n" + b"0" * (small_cap + 100_000)  # past the route's cap as well
    big = await api.client.post(upload_url, files={"file": ("big.pdf", body, "application/pdf")})
    assert big.status_code == 413 and html_lang(big.text) == "es"
    assert "Este archivo es muy grande" in big.text
    assert_all_spanish(big.text)
    assert await counts() == before
    assert (await ParticipantLink.get(id=link.id)).used_at is None
