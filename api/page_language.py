"""The language of a participant page (issue 16): picked on the page (the form's `lang`
field, else `?lang=`), else the customer's preferred language, else — for a link that
names nobody — the browser's first language; each only when it is offered, English
otherwise. A staff member's own device link is English (staff-facing)."""

from __future__ import annotations

from starlette.requests import Request

from models.customers import Customer, ParticipantLink
from models.i18n import participant_language
from models.rules.enums import Language, LinkPurpose
from models.rules.languages import MAX_TAG, parse_language


def requested(request: Request, form_value: object = None) -> str | None:
    """The language picked on the page: the form's field, else ?lang= (a value longer
    than a language tag is no wish at all)."""
    for value in (form_value, request.query_params.get("lang")):
        if isinstance(value, str) and value:
            return value if len(value) <= MAX_TAG else None
    return None


async def page_language(
    request: Request, link: ParticipantLink | None, form_value: object = None
) -> Language:
    """The page's language: picked on the page, else the customer's preferred one (a
    staff member's own device link: English), else for a link we cannot read, the
    browser's first language; each only when offered."""
    if link is None:
        accept = request.headers.get("accept-language", "")[:64].split(",")[0].split(";")[0]
        preferred = parse_language(accept)
    elif link.purpose is LinkPurpose.DEVICE_UPLOAD:
        preferred = Language.EN
    else:
        stored = await Customer.filter(id=link.customer_id).values_list(  # type: ignore[attr-defined]
            "preferred_language", flat=True
        )
        preferred = parse_language(str(stored[0])) if stored else None
    return participant_language(preferred, requested(request, form_value))
