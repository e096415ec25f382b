"""Staff downloads: a stored document (GET /documents/{id}) and the Rent Assistance
Application to print (GET /enrollments/{id}/application.pdf).

Bearer token as for GraphQL. Only staff who see the customer (R-ACL-1) get the file;
for everyone else a missing document and one they may not see give the same answer,
so the route does not tell whether it exists. Files are always attachments, never
rendered inline, and never sniffed.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from models.actions import files
from models.actions.access import AccessDenied, access_enrollment
from models.actions.application_pdf import application_view, render_application_pdf
from models.actions.documents import visible_document
from models.actions.tokens import bearer, staff_for_token
from models.staff import Staff

FORBIDDEN_BODY = {
    "code": "FORBIDDEN",
    "message": "You are not allowed to see this document, or it does not exist (R-ACL-1).",
}


def file_headers(file_name: str) -> dict[str, str]:
    """Headers for a file sent to staff: download only, never sniffed or cached."""
    ascii_name = file_name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return {
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Referrer-Policy": "no-referrer",
    }


def _forbidden() -> Response:
    return JSONResponse(FORBIDDEN_BODY, status_code=403, headers={"Cache-Control": "no-store"})


def _unauthenticated() -> Response:
    return JSONResponse(
        {
            "code": "UNAUTHENTICATED",
            "message": "Sign in first: send Authorization: Bearer <token>.",
        },
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )


async def staff_of(request: Request) -> Staff | None:
    """The active staff member a request's bearer token names."""
    return await staff_for_token(bearer(request.headers.get("authorization")))


async def document_download(request: Request) -> Response:
    """GET /documents/{id}: the stored file, to staff who see the customer."""
    staff = await staff_of(request)
    if staff is None:
        return _unauthenticated()
    try:
        doc = await visible_document(staff, request.path_params["document_id"])
    except AccessDenied:
        return _forbidden()
    path = files.path_of(doc.storage_key)
    if path is None:
        return _forbidden()
    return FileResponse(path, media_type=doc.content_type, headers=file_headers(doc.file_name))


async def application_pdf(request: Request) -> Response:
    """GET /enrollments/{id}/application.pdf[?lang=es]: the application to print
    (R-DOC-3), in the participant's language (issue 16): `lang` if given and offered,
    else the customer's preferred language if offered, else English."""
    staff = await staff_of(request)
    if staff is None:
        return _unauthenticated()
    try:
        enrollment = await access_enrollment(staff, request.path_params["enrollment_id"])
    except AccessDenied:
        return _forbidden()
    if not enrollment.is_ra:
        return _forbidden()
    requested = request.query_params.get("lang")
    view = await application_view(enrollment, requested[:16] if requested else None)
    pdf = render_application_pdf(view)
    name = f"rent-assistance-application-{enrollment.id}.pdf"
    return Response(pdf, media_type=files.PDF, headers=file_headers(name))


def download_routes() -> list[Route]:
    """The staff download routes."""
    return [
        Route("/documents/{document_id}", document_download, methods=["GET"]),
        Route("/enrollments/{enrollment_id}/application.pdf", application_pdf, methods=["GET"]),
    ]
