"""The signing page in Spanish in a real browser (issue 16, R-DOC-4): headless Chromium
on a phone-sized viewport opens the Spanish signing link from the caught email; the page
is Spanish (lang="es"); switching to English and back changes the consent text and its
hash; the participant signs; the stored evidence names es and the hash of the Spanish
text, and the signed PDF's text (pypdf) is Spanish.

`UPDATE_SCREENSHOTS=1` writes the phone screenshots of both languages to docs/screenshots/
(checked in, shown in the README); otherwise they go to a temporary folder and are
only checked to be pictures.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from pypdf import PdfReader

from models.actions.signing import CONSENT_TEXT
from models.i18n import translator
from models.rules.enums import Language
from tests.e2e.test_participant_pages_browser import (  # noqa: F401 - fixtures
    ROOT,
    TODAY,
    LiveServer,
    _link_in_mail,
    _phone,
    browser,
    live,
    pytestmark,
)

ES_CONSENT = translator(Language.ES).gettext(CONSENT_TEXT)


def _shots(tmp_path: Path) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path


async def _shown(page) -> str:  # type: ignore[no-untyped-def]
    return await page.get_attribute('input[name="shown_sha256"]', "value")


async def test_participant_signs_in_spanish_in_the_browser(
    live: LiveServer,  # noqa: F811
    browser,  # noqa: F811
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    live.start(TODAY)
    made = live.helper("sign-request", "--language", "es")
    url = _link_in_mail(made["email"], "/p/sign/")
    context, page = await _phone(browser)
    response = await page.goto(url)
    assert response is not None and response.status == 200
    assert await page.get_attribute("html", "lang") == "es"
    assert await page.get_attribute("html", "dir") == "ltr"
    assert await page.inner_text("h1") == "Firme su solicitud de Asistencia para la Renta"
    assert await page.inner_text("#consent-text") == ES_CONSENT
    assert "Fecha de nacimiento" in await page.inner_text("#application")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    spanish_hash = await _shown(page)
    shots = _shots(tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(shots / "sign-page-es.png"), full_page=True)

    # switch to English on the page: the consent text and its hash change
    await page.click('#languages a[data-lang="en"]')
    assert await page.get_attribute("html", "lang") == "en"
    assert "sign this application electronically" in await page.inner_text("#consent-text")
    english_hash = await _shown(page)
    assert english_hash != spanish_hash
    await page.screenshot(path=str(shots / "sign-page-en.png"), full_page=True)

    # and back to Spanish: the same text, the same hash as first shown
    await page.click('#languages a[data-lang="es"]')
    assert await page.get_attribute("html", "lang") == "es"
    assert await _shown(page) == spanish_hash

    await page.click("#sign")  # neither name nor consent: refused, in Spanish
    assert "Marque la casilla" in await page.inner_text("#errors")
    await page.fill("#typed_name", "Ana Pérez")
    await page.check("#consent")
    await page.click("#sign")
    assert "Gracias: su solicitud está firmada" in await page.inner_text("#outcome")
    assert await page.get_attribute("html", "lang") == "es"
    await context.close()
    for shot in ("sign-page-es.png", "sign-page-en.png"):
        assert (shots / shot).read_bytes().startswith(b"\x89PNG")

    state = live.helper(
        "state", "--customer", str(made["customer_id"]), "--enrollment", str(made["enrollment_id"])
    )
    assert state["application_signed"] is True
    [doc] = state["documents"]
    evidence = doc["evidence"]
    assert evidence["language"] == "es" and evidence["consent_text"] == ES_CONSENT
    assert evidence["consent_text_sha256"] == hashlib.sha256(ES_CONSENT.encode()).hexdigest()
    assert evidence["shown_sha256"] == spanish_hash and evidence["typed_name"] == "Ana Pérez"
    reader = PdfReader(doc["path"])
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for spanish in (
        "Solicitud de Asistencia para la Renta",
        "Firmada en forma electrónica",
        "Nombre escrito: Ana Pérez",
        "Acepto firmar esta solicitud en forma electrónica",
        spanish_hash,
    ):
        assert spanish in text, spanish
    assert "Signed electronically" not in text
