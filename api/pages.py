"""The participant pages (R-DOC-2, R-DOC-4): no login, the link is the key.

Plain HTML (Jinja2), readable on a phone, in plain language, no JavaScript. A form
posts back to its own URL, so the link token itself authenticates the submission
(there is no session or cookie to forge a request with). The token sits in the URL,
so pages are never cached and never send a Referer.

In the participant's language (issue 16): the customer's preferred language, or the one
picked on the page (`?lang=es`, kept by the form, which posts to its own URL), each when
it is offered; English otherwise. Templates use Jinja2's i18n extension with the gettext
catalogues of models/i18n; `lang` and `dir` on <html> come from the language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route, request_response

from api.page_body import PageBodyCap
from api.page_language import page_language
from api.page_text import (
    CLOSED,
    OTHER_STATE,
    SIGNED,
    STATE_PAGES,
    UPLOADED,
    PageText,
    page_errors,
)
from models.actions import links
from models.actions.access import AccessDenied
from models.actions.application_pdf import application_view
from models.actions.documents import read_capped, too_large, upload_through_link
from models.actions.link_requests import DEVICE_WORDS, DOCUMENT_WORDS
from models.actions.signing import (
    CONSENT_VERSION,
    MAX_NAME,
    consent_text,
    shown_sha256,
    sign_application,
    signable,
)
from models.config import Settings, get_settings
from models.customers import ParticipantLink
from models.i18n import Translator, offered, translator
from models.rules.enums import ErrorCode, Language, LinkPurpose
from models.rules.errors import Violation
from models.rules.languages import LANGUAGES

FORM_MAX_BYTES = 16 * 1024
MULTIPART_OVERHEAD = 64 * 1024
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


@cache
def _env(language: Language) -> Environment:
    """The templates with one language's catalogue installed (one environment per
    language, so concurrent requests in different languages never share one)."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translator(language).translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def _max_mb(t: Translator) -> str:
    return t.number(round(get_settings().max_upload_bytes / 1_048_576, 1))


def render(
    template: str, language: Language, status: int = 200, *, switcher: bool = True, **context: Any
) -> HTMLResponse:
    """A page in one language, with the headers every participant page carries and
    links to the other offered languages (`switcher`)."""
    t = translator(language)
    others = [LANGUAGES[x] for x in sorted(offered(), key=list(Language).index) if x != language]
    others = others if switcher else []
    context.setdefault("max_mb", _max_mb(t))
    context["errors"] = page_errors(
        context.get("errors") or [], t, max_mb=context["max_mb"], max_name=MAX_NAME
    )
    html = (
        _env(language).get_template(template).render(lang=t.info, languages=others, t=t, **context)
    )
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def message_page(text: PageText, language: Language, *, ok: bool) -> HTMLResponse:
    """A whole-page message (outcome, or why a link cannot be used) in a language; after
    a success there is nothing left to read in another language (the link is used)."""
    t = translator(language)
    return render(
        "message.html",
        language,
        text.status,
        switcher=not ok,
        title=t.gettext(text.title),
        message=t.gettext(text.message),
        ok=ok,
    )


def state_page(state: links.LinkState, language: Language = Language.EN) -> HTMLResponse:
    """The clear page for an invalid, expired or used link."""
    return message_page(STATE_PAGES.get(state, OTHER_STATE), language, ok=False)


def _refusal_page(errors: list[Violation], language: Language) -> HTMLResponse | None:
    for e in errors:
        if e.code is ErrorCode.LINK_EXPIRED:
            return state_page(links.LinkState.EXPIRED, language)
        if e.code is ErrorCode.LINK_USED:
            return state_page(links.LinkState.USED, language)
        if e.code is ErrorCode.WRONG_STAGE:
            return message_page(CLOSED, language, ok=False)
    return None


def _unreadable(exc: HTTPException, field: str) -> list[Violation]:
    """A form that could not be read — over the route's body cap (413), malformed or
    with too many fields (400) — as a refusal the page shows in the participant's
    language, never the server's English plain text."""
    if exc.status_code == 413:
        if field == "file":
            return [too_large()]
        return [Violation(ErrorCode.INVALID, "The form is too large (R-DOC-4).", field)]
    if exc.status_code == 400:
        return [Violation(ErrorCode.INVALID, "The form could not be read.")]
    raise exc


def _client(request: Request) -> tuple[str, str]:
    ip = request.client.host if request.client else "unknown"
    return ip, request.headers.get("user-agent", "")


async def _sign_form(
    link: ParticipantLink, language: Language, status: int = 200, **extra: Any
) -> HTMLResponse:
    enrollment, closed = await signable(link)
    if enrollment is None:
        page = _refusal_page(closed, language)
        assert page is not None
        return page
    view = await application_view(enrollment, language.value)
    return render(
        "sign.html",
        view.language,
        status,
        view=view,
        shown_sha256=shown_sha256(view),
        consent_text=consent_text(view),
        consent_version=CONSENT_VERSION,
        **extra,
    )


async def sign_page(request: Request) -> Response:
    """GET and POST /p/sign/{token}: read the application, consent, type name, sign."""
    opened = await links.open_link(request.path_params["token"], (LinkPurpose.SIGN_APPLICATION,))
    if opened.state is links.LinkState.INVALID or opened.link is None:
        return state_page(links.LinkState.INVALID, await page_language(request, None))
    if opened.state is not links.LinkState.OK:
        return state_page(opened.state, await page_language(request, opened.link))
    if request.method == "GET":
        return await _sign_form(opened.link, await page_language(request, opened.link))
    try:
        async with request.form(max_files=0, max_fields=10) as form:
            typed_name = str(form.get("typed_name") or "")
            consent = form.get("consent") == "yes"
            shown = str(form.get("shown_sha256") or "")
            language = await page_language(request, opened.link, form.get("lang"))
    except HTTPException as exc:
        errors = _unreadable(exc, "typed_name")
        language = await page_language(request, opened.link)
        return await _sign_form(opened.link, language, exc.status_code, errors=errors)
    ip, agent = _client(request)
    doc, errors = await sign_application(
        link=opened.link,
        typed_name=typed_name,
        consent=consent,
        shown_hash=shown,
        ip=ip,
        user_agent=agent,
        language=language.value,
    )
    if doc is None:
        page = _refusal_page(errors, language)
        if page is not None:
            return page
        return await _sign_form(opened.link, language, 400, errors=errors, typed_name=typed_name)
    return message_page(SIGNED, language, ok=True)


async def upload_page(request: Request) -> Response:
    """GET and POST /p/upload/{token}: upload one document of the type asked for."""
    opened = await links.open_link(
        request.path_params["token"], (LinkPurpose.UPLOAD_DOCUMENT, LinkPurpose.DEVICE_UPLOAD)
    )
    link = opened.link
    if opened.state is links.LinkState.INVALID or link is None:
        return state_page(links.LinkState.INVALID, await page_language(request, None))
    if opened.state is not links.LinkState.OK:
        return state_page(opened.state, await page_language(request, link))
    device = link.purpose is LinkPurpose.DEVICE_UPLOAD
    words = (DEVICE_WORDS if device else DOCUMENT_WORDS)[link.document_type]
    if request.method == "GET":
        return render("upload.html", await page_language(request, link), words=words)
    max_bytes = get_settings().max_upload_bytes
    try:
        async with request.form(max_files=1, max_fields=5) as form:
            language = await page_language(request, link, form.get("lang"))
            file = form.get("file")
            if not isinstance(file, UploadFile) or not file.filename:
                errors = [Violation(ErrorCode.REQUIRED, "Choose a file to upload.", "file")]
                return render("upload.html", language, 400, words=words, errors=errors)
            data = await read_capped(file.read, max_bytes)
            name, declared = file.filename, file.content_type
    except HTTPException as exc:
        errors = _unreadable(exc, "file")
        language = await page_language(request, link)
        return render("upload.html", language, exc.status_code, words=words, errors=errors)
    if data is None:
        return render("upload.html", language, 400, words=words, errors=[too_large()])
    try:
        doc, errors = await upload_through_link(
            link=link, data=data, file_name=name, declared_type=declared
        )
    except AccessDenied:
        return state_page(links.LinkState.INVALID, language)
    if doc is None:
        return _refusal_page(errors, language) or render(
            "upload.html", language, 400, words=words, errors=errors
        )
    return message_page(UPLOADED, language, ok=True)


async def unknown_link_page(request: Request) -> Response:
    """Any other address under /p/ (a link cut short, say): the invalid-link page in the
    browser's language, not a bare English "Not Found"."""
    return state_page(links.LinkState.INVALID, await page_language(request, None))


def page_routes(settings: Settings) -> list[Route]:
    """The participant pages, each with its own cap on the request body (api/page_body)."""
    upload_cap = settings.max_upload_bytes + MULTIPART_OVERHEAD
    return [
        Route(
            "/p/sign/{token}",
            PageBodyCap(request_response(sign_page), FORM_MAX_BYTES),
            methods=["GET", "POST"],
        ),
        Route(
            "/p/upload/{token}",
            PageBodyCap(request_response(upload_page), upload_cap),
            methods=["GET", "POST"],
        ),
        Route(
            "/p/{rest:path}",
            PageBodyCap(request_response(unknown_link_page), FORM_MAX_BYTES),
            methods=["GET", "POST"],
        ),
    ]
