"""The signing page in the participant's language over HTTP (issue 16, R-DOC-4): the
email, the page, the evidence and the signed PDF in Spanish; switching language on the
page changes the consent text and the hash; a language not yet offered shows English;
the coach's email stays English. (Upload and link pages: test_pages_language_more.py;
the same flow in a real browser: tests/e2e.)"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from models import clock
from models.actions.link_requests import send_signature_request
from models.actions.signing import CONSENT_TEXT
from models.config import get_settings
from models.customers import Document, ParticipantLink
from models.i18n import translator
from models.rules.enums import Language
from models.system import Notification
from tests import factories as f
from tests.conftest import COACH, SINK, Api
from tests.schema.documents.util import checklist, counts

UA = "Mozilla/5.0 (Linux; Android 14) TestPhone"
ES_CONSENT = translator(Language.ES).gettext(CONSENT_TEXT)


async def signing_link(language: Language = Language.ES):  # type: ignore[no-untyped-def]
    """A customer who prefers `language`, an RA record, its signing link sent by email;
    the coach, customer, record, link and the caught email."""
    from workers.mailer import deliver_pending

    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach, preferred_language=language, date_of_birth=date(1988, 11, 23))
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    link, errors = await send_signature_request(actor=coach, enrollment=ra)
    assert link is not None and not errors
    await deliver_pending()
    [mail] = SINK.to(cust.email)
    return coach, cust, ra, link, mail


def path_in(mail) -> str:  # type: ignore[no-untyped-def]
    [path] = re.findall(r"http://testserver(/p/\S+)", mail.body)
    return path


def shown_hash(html: str) -> str:
    match = re.search(r'name="shown_sha256" value="([0-9a-f]{64})"', html)
    assert match, html
    return match.group(1)


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)">', html)
    assert match, html[:300]
    return match.group(1)


async def sign(api: Api, url: str, shown: str, lang: str | None = None, **form: str):  # type: ignore[no-untyped-def]
    data = {"typed_name": "Ana Pérez", "consent": "yes", "shown_sha256": shown, **form}
    if lang is not None:
        data["lang"] = lang
    return await api.client.post(url, data=data, headers={"User-Agent": UA})


async def test_spanish_email_page_evidence_and_signed_pdf(api: Api) -> None:
    coach, cust, ra, _link, mail = await signing_link()
    # the email: Spanish subject and body, the expiry date in Spanish words
    assert mail.subject == "Por favor, firme su solicitud de Asistencia para la Renta"
    assert mail.message["Content-Language"] == "es"
    assert mail.body.startswith("Hola:")
    assert f"{coach.name}, su coach de empleo, le pide que lea y firme" in mail.body
    assert "vence el 17 de marzo de 2025" in mail.body
    assert "Please" not in mail.body and "expires" not in mail.body
    url = path_in(mail)

    page = await api.client.get(url)
    assert page.status_code == 200 and html_lang(page.text) == "es"
    assert "<h1>Firme su solicitud de Asistencia para la Renta</h1>" in page.text
    assert ES_CONSENT in page.text and "Fecha de nacimiento" in page.text
    assert "23/11/1988" in page.text and "03/03/2025" in page.text  # dates the Spanish way
    assert 'hreflang="en"' in page.text  # the way back to English
    shown = shown_hash(page.text)

    response = await sign(api, url, shown)
    assert response.status_code == 200 and html_lang(response.text) == "es"
    assert "Gracias: su solicitud está firmada" in response.text
    assert 'id="languages"' not in response.text  # the link is used: nothing to switch to
    [doc] = await Document.filter(customer_id=cust.id)
    ev = doc.signature_evidence
    assert ev is not None
    assert ev["language"] == "es" and ev["consent_version"] == "esign-consent-v1"
    assert ev["consent_text"] == ES_CONSENT
    assert ev["consent_text_sha256"] == hashlib.sha256(ES_CONSENT.encode()).hexdigest()
    assert ev["shown_sha256"] == shown
    kept = (Path(get_settings().upload_dir) / doc.storage_key).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == ev["signed_sha256"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(kept)).pages)
    text = re.sub(r"\s+", " ", text)
    for spanish in (
        "Solicitud de Asistencia para la Renta",
        "Nombre legal",
        "23/11/1988",
        "Firmada en forma electrónica",
        "Nombre escrito: Ana Pérez",
        "Acepto firmar esta solicitud en forma electrónica",
        "Español [es]",
        shown,
    ):
        assert spanish in text, spanish
    assert "Legal name" not in text and "Signed electronically" not in text
    assert (await checklist(ra.id)).application_signed is True
    # the coach's email is staff-facing: English
    note = await Notification.get(kind="application.signed")
    assert note.language == "en" and note.subject.startswith("Rent Assistance Application signed")
    used = await api.client.get(url)
    assert used.status_code == 410 and "Este enlace ya se usó" in used.text


async def test_switching_language_changes_the_consent_text_and_its_hash(api: Api) -> None:
    _, cust, _, link, mail = await signing_link()
    url = path_in(mail)
    spanish = await api.client.get(url)
    english = await api.client.get(f"{url}?lang=en")
    assert html_lang(english.text) == "en" and html_lang(spanish.text) == "es"
    assert "sign this application electronically" in english.text
    assert ES_CONSENT not in english.text and 'hreflang="es"' in english.text
    assert shown_hash(english.text) != shown_hash(spanish.text)

    # the Spanish hash offered with the English language: not what was shown, refused
    before = await counts()
    mixed = await sign(api, f"{url}?lang=en", shown_hash(spanish.text), lang="en")
    assert mixed.status_code == 400 and html_lang(mixed.text) == "en"
    assert "The application changed since you opened it" in mixed.text
    assert await counts() == before
    assert (await ParticipantLink.get(id=link.id)).used_at is None

    # signed in English after switching: the evidence names English and its text
    response = await sign(api, f"{url}?lang=en", shown_hash(english.text), lang="en")
    assert response.status_code == 200 and "your application is signed" in response.text
    [doc] = await Document.filter(customer_id=cust.id)
    ev = doc.signature_evidence
    assert ev is not None and ev["language"] == "en"
    assert ev["consent_text"] == CONSENT_TEXT and ev["shown_sha256"] == shown_hash(english.text)


async def test_refused_submission_re_shows_the_form_in_spanish(api: Api) -> None:
    _, _, _, _, mail = await signing_link()
    url = path_in(mail)
    shown = shown_hash((await api.client.get(url)).text)
    before = await counts()
    response = await sign(api, url, shown, lang="es", typed_name="  ", consent="")
    assert response.status_code == 400 and html_lang(response.text) == "es"
    assert "Escriba su nombre completo para firmar." in response.text
    assert "Marque la casilla" in response.text and "Por favor, corrija esto:" in response.text
    assert "(R-DOC-4)" not in response.text  # the staff sentence never reaches the page
    too_long = await sign(api, url, shown, lang="es", typed_name="A" * 201)
    assert too_long.status_code == 400 and "Escriba 200 letras como máximo" in too_long.text
    assert await counts() == before


async def test_a_language_not_yet_translated_shows_english(api: Api) -> None:
    _, cust, _, _, mail = await signing_link(Language.VI)
    assert mail.subject == "Please sign your Rent Assistance application"
    assert mail.message["Content-Language"] == "en"
    url = path_in(mail)
    page = await api.client.get(url)
    assert html_lang(page.text) == "en" and "sign this application electronically" in page.text
    asked = await api.client.get(f"{url}?lang=vi")  # not offered: not shown either
    assert html_lang(asked.text) == "en" and 'hreflang="vi"' not in asked.text
    response = await sign(api, url, shown_hash(page.text), lang="vi")
    assert response.status_code == 200
    [doc] = await Document.filter(customer_id=cust.id)
    assert doc.signature_evidence is not None and doc.signature_evidence["language"] == "en"


async def test_nonsense_language_wishes_are_ignored(api: Api) -> None:
    _, _, _, _, mail = await signing_link()
    url = path_in(mail)
    for wish in ("xx", "<script>alert(1)</script>", "es" * 500, ""):
        page = await api.client.get(url, params={"lang": wish})
        assert page.status_code == 200 and html_lang(page.text) == "es"
        assert "<script>alert" not in page.text
