"""The participant pages (R-DOC-2, R-DOC-4): no login, the link is the key.

Plain HTML (Jinja2), readable on a phone, in plain language, no JavaScript. A form
posts back to its own URL, so the link token itself authenticates the submission
(there is no session or cookie to forge a request with). The token sits in the URL,
so pages are never cached and never send a Referer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from models.actions import links
from models.actions.access import AccessDenied
from models.actions.application_pdf import application_view
from models.actions.documents import read_capped, too_large, upload_through_link
from models.actions.link_requests import DEVICE_WORDS, DOCUMENT_WORDS
from models.actions.signing import (
    CONSENT_TEXT,
    CONSENT_VERSION,
    shown_sha256,
    sign_application,
    signable,
)
from models.config import Settings, get_settings
from models.rules.enums import ErrorCode, LinkPurpose
from models.rules.errors import Violation

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
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
_STATE_PAGES = {
    links.LinkState.INVALID: (
        404,
        "This link does not work",
        "The link may have been copied incompletely. Please ask your career coach to send "
        "you a new one.",
    ),
    links.LinkState.EXPIRED: (
        410,
        "This link has expired",
        "For your safety, links work for a limited time. Nothing was signed or uploaded. "
        "Please ask your career coach to send you a new link.",
    ),
    links.LinkState.USED: (
        410,
        "This link has already been used",
        "Each link works only once, and this one has been used already. Nothing more was "
        "signed or uploaded. If you need to do it again, ask your career coach for a new link.",
    ),
}


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the headers every participant page carries."""
    context.setdefault("max_mb", f"{get_settings().max_upload_bytes / 1_048_576:g}")
    html = _env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def state_page(state: links.LinkState) -> HTMLResponse:
    """The clear page for an invalid, expired or used link."""
    status, title, message = _STATE_PAGES[state]
    return render("message.html", status, title=title, message=message, ok=False)


def _refusal_page(errors: list[Violation]) -> HTMLResponse | None:
    for e in errors:
        if e.code is ErrorCode.LINK_EXPIRED:
            return state_page(links.LinkState.EXPIRED)
        if e.code is ErrorCode.LINK_USED:
            return state_page(links.LinkState.USED)
        if e.code is ErrorCode.WRONG_STAGE:
            return render(
                "message.html",
                410,
                title="This link can no longer be used",
                message=e.message,
                ok=False,
            )
    return None


def _client(request: Request) -> tuple[str, str]:
    ip = request.client.host if request.client else "unknown"
    return ip, request.headers.get("user-agent", "")


async def _sign_form(link: Any, status: int = 200, **extra: Any) -> HTMLResponse:
    enrollment, closed = await signable(link)
    if enrollment is None:
        page = _refusal_page(closed)
        assert page is not None
        return page
    view = await application_view(enrollment)
    return render(
        "sign.html",
        status,
        view=view,
        shown_sha256=shown_sha256(view),
        consent_text=CONSENT_TEXT,
        consent_version=CONSENT_VERSION,
        **extra,
    )


async def sign_page(request: Request) -> Response:
    """GET and POST /p/sign/{token}: read the application, consent, type name, sign."""
    opened = await links.open_link(request.path_params["token"], (LinkPurpose.SIGN_APPLICATION,))
    if opened.state is not links.LinkState.OK or opened.link is None:
        return state_page(opened.state)
    if request.method == "GET":
        return await _sign_form(opened.link)
    async with request.form(max_files=0, max_fields=10) as form:
        typed_name = str(form.get("typed_name") or "")
        consent = form.get("consent") == "yes"
        shown = str(form.get("shown_sha256") or "")
    ip, agent = _client(request)
    doc, errors = await sign_application(
        link=opened.link,
        typed_name=typed_name,
        consent=consent,
        shown_hash=shown,
        ip=ip,
        user_agent=agent,
    )
    if doc is None:
        page = _refusal_page(errors)
        if page is not None:
            return page
        return await _sign_form(opened.link, 400, errors=errors, typed_name=typed_name)
    return render(
        "message.html",
        title="Thank you: your application is signed",
        message="Your career coach has been told. A copy is kept with your Rent Assistance "
        "record; ask your coach if you would like one. You can close this page.",
        ok=True,
    )


async def upload_page(request: Request) -> Response:
    """GET and POST /p/upload/{token}: upload one document of the type asked for."""
    opened = await links.open_link(
        request.path_params["token"], (LinkPurpose.UPLOAD_DOCUMENT, LinkPurpose.DEVICE_UPLOAD)
    )
    link = opened.link
    if opened.state is not links.LinkState.OK or link is None:
        return state_page(opened.state)
    device = link.purpose is LinkPurpose.DEVICE_UPLOAD
    words = (DEVICE_WORDS if device else DOCUMENT_WORDS)[link.document_type]
    if request.method == "GET":
        return render("upload.html", words=words)
    max_bytes = get_settings().max_upload_bytes
    async with request.form(max_files=1, max_fields=5) as form:
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            errors = [Violation(ErrorCode.REQUIRED, "Choose a file to upload.", "file")]
            return render("upload.html", 400, words=words, errors=errors)
        data = await read_capped(file.read, max_bytes)
        name, declared = file.filename, file.content_type
    if data is None:
        return render("upload.html", 400, words=words, errors=[too_large()])
    try:
        doc, errors = await upload_through_link(
            link=link, data=data, file_name=name, declared_type=declared
        )
    except AccessDenied:
        return state_page(links.LinkState.INVALID)
    if doc is None:
        return _refusal_page(errors) or render("upload.html", 400, words=words, errors=errors)
    return render(
        "message.html",
        title="Thank you: your document is uploaded",
        message="Your career coach can see it now. You can close this page.",
        ok=True,
    )


def page_routes(settings: Settings) -> list[Route]:
    """The participant pages, each with its own cap on the request body."""
    return [
        Route("/p/sign/{token}", sign_page, methods=["GET", "POST"], max_body_size=FORM_MAX_BYTES),
        Route(
            "/p/upload/{token}",
            upload_page,
            methods=["GET", "POST"],
            max_body_size=settings.max_upload_bytes + MULTIPART_OVERHEAD,
        ),
    ]
