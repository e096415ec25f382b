"""What the participant pages say, in the participant's language (issue 16).

A refusal reaches a participant only through `page_errors`: the rule's Violation (an
English sentence for staff, citing the rule) is replaced by a plain sentence chosen by
its code and field and translated. A Violation without its own sentence here gets a
general one, never the staff text, so no English slips onto a Spanish page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.actions.links import LinkState
from models.i18n import N_, Translator
from models.rules.enums import ErrorCode
from models.rules.errors import Violation

# (code, field) → the participant's sentence; (code, None) matches any field
_ERRORS: dict[tuple[ErrorCode, str | None], str] = {
    (ErrorCode.REQUIRED, "typed_name"): N_("Type your full name to sign."),
    (ErrorCode.INVALID, "typed_name"): N_("That name is too long. Type at most %(max)s letters."),
    (ErrorCode.REQUIRED, "consent"): N_(
        "Tick the box to agree to sign electronically, or ask your coach for paper."
    ),
    (ErrorCode.INVALID, "shown_sha256"): N_(
        "The application changed since you opened it. Please read it again and sign."
    ),
    (ErrorCode.REQUIRED, "file"): N_("Choose a file to upload."),
    (ErrorCode.FILE_TOO_LARGE, None): N_(
        "This file is too big. Files can be up to %(max)s MB. Try a smaller file or photo."
    ),
    (ErrorCode.FILE_TYPE_NOT_ALLOWED, None): N_(
        "Only PDF, JPEG or PNG files can be uploaded. This file is not one of those, or it "
        "is damaged. Try again with a PDF or a photo."
    ),
}
_GENERAL = N_(
    "Something in what you sent did not work. Please try again, or ask your career coach for help."
)


@dataclass(frozen=True, slots=True)
class PageError:
    """One refusal as the participant reads it."""

    code: ErrorCode
    message: str
    field: str | None = None


def page_errors(
    errors: Iterable[Violation], t: Translator, *, max_mb: str, max_name: int
) -> list[PageError]:
    """The participant's sentences for a list of refusals, in their language."""
    out = []
    for e in errors:
        message = _ERRORS.get((e.code, e.field)) or _ERRORS.get((e.code, None)) or _GENERAL
        limit = t.number(max_name) if e.field == "typed_name" else max_mb
        out.append(PageError(e.code, t.gettext(message, max=limit), e.field))
    return out


@dataclass(frozen=True, slots=True)
class PageText:
    """A whole-page message: its status, title and sentence (English msgids)."""

    status: int
    title: str
    message: str


STATE_PAGES = {
    LinkState.INVALID: PageText(
        404,
        N_("This link does not work"),
        N_(
            "The link may have been copied incompletely. Please ask your career coach to "
            "send you a new one."
        ),
    ),
    LinkState.EXPIRED: PageText(
        410,
        N_("This link has expired"),
        N_(
            "For your safety, links work for a limited time. Nothing was signed or uploaded. "
            "Please ask your career coach to send you a new link."
        ),
    ),
    LinkState.USED: PageText(
        410,
        N_("This link has already been used"),
        N_(
            "Each link works only once, and this one has been used already. Nothing more was "
            "signed or uploaded. If you need to do it again, ask your career coach for a new "
            "link."
        ),
    ),
}
# a link state without its own page (a newer kind of refusal): still clear, still translated
OTHER_STATE = PageText(
    410,
    N_("This link can no longer be used"),
    N_("Nothing was signed or uploaded. Please ask your career coach to send you a new link."),
)
CLOSED = PageText(
    410,
    N_("This link can no longer be used"),
    N_(
        "This application is closed and can no longer be signed. Nothing was signed. If you "
        "have questions, ask your career coach."
    ),
)
SIGNED = PageText(
    200,
    N_("Thank you: your application is signed"),
    N_(
        "Your career coach has been told. A copy is kept with your Rent Assistance record; "
        "ask your coach if you would like one. You can close this page."
    ),
)
UPLOADED = PageText(
    200,
    N_("Thank you: your document is uploaded"),
    N_("Your career coach can see it now. You can close this page."),
)
