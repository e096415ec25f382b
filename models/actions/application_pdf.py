"""The Rent Assistance Application (R-DOC-3), read from the record and rendered with
fpdf2: blank for staff to print and have signed on paper, or with the e-signature
block of R-DOC-4 as the signed document kept for the record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from models.customers import Customer
from models.enrollments import Enrollment
from models.staff import Provider, Staff

TITLE = "Rent Assistance Application"
CERTIFICATION = (
    "I am applying for Rent Assistance. The information on this application is true "
    "to the best of my knowledge. I understand that my career coach and the hub named "
    "above will use it to decide on and provide Rent Assistance."
)
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True, slots=True)
class ApplicationView:
    """The R-DOC-3 fields of one RA record, as shown and printed."""

    enrollment_id: int
    rows: tuple[tuple[str, str], ...]
    certification: str = CERTIFICATION


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """The R-DOC-4 evidence printed on a signed application."""

    typed_name: str
    signed_at_utc: str
    ip: str
    user_agent: str
    consent_version: str
    shown_sha256: str


def _date(value: object) -> str:
    return value.strftime("%m/%d/%Y") if value is not None else ""  # type: ignore[attr-defined]


async def application_view(enrollment: Enrollment) -> ApplicationView:
    """The application's fields, read from the record (R-DOC-3)."""
    customer = await Customer.get(id=enrollment.customer_id)  # type: ignore[attr-defined]
    hub = await Provider.get(id=enrollment.provider_id)  # type: ignore[attr-defined]
    coach_id = enrollment.referred_by_id  # type: ignore[attr-defined]
    coach = await Staff.get_or_none(id=coach_id) if coach_id else None
    agency = await Provider.get_or_none(id=coach.provider_id) if coach else None  # type: ignore[attr-defined]
    legal = f"{customer.legal_first_name} {customer.legal_last_name}"
    coach_text = coach.name + (f" ({agency.name})" if agency else "") if coach else ""
    rows = (
        ("Service provider (hub)", hub.name),
        ("Customer ID", customer.customer_id or ""),
        ("Legal name", legal),
        ("Preferred name", customer.preferred_name or ""),
        ("Pronouns", customer.pronouns or ""),
        ("Date of birth", _date(customer.date_of_birth)),
        ("Sex", customer.sex or ""),
        ("Gender", customer.gender or ""),
        ("SSN (last 4)", f"XXX-XX-{customer.ssn_last4}" if customer.ssn_last4 else ""),
        ("Application date", _date(enrollment.application_date)),
        ("Referral accepted (Review Date)", _date(enrollment.review_date)),
        ("Referring career coach", coach_text),
    )
    return ApplicationView(enrollment_id=enrollment.id, rows=rows)


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="Letter")
        regular, bold = _FONT_DIR / "DejaVuSans.ttf", _FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            self.add_font("Body", "", str(regular))
            self.add_font("Body", "B", str(bold))
            self.family, self.unicode = "Body", True
        else:  # core font: Latin-1 only
            self.family, self.unicode = "helvetica", False
        self.set_auto_page_break(auto=True, margin=18)
        self.set_creator("rent-assist")
        self.set_title(TITLE)

    def text_of(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        self.set_font(self.family, style, size)
        self.multi_cell(0, 5.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")


def render_application_pdf(view: ApplicationView, signature: SignatureBlock | None = None) -> bytes:
    """The application as PDF bytes; with `signature`, the e-signature evidence block."""
    pdf = _Pdf()
    pdf.add_page()
    pdf.para(TITLE, size=16, style="B")
    pdf.ln(4)
    for label, value in view.rows:
        pdf.set_font(pdf.family, "B", 10)
        pdf.cell(70, 7, pdf.text_of(label), border="B")
        pdf.set_font(pdf.family, "", 10)
        pdf.multi_cell(0, 7, pdf.text_of(value), border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.para(view.certification)
    pdf.ln(6)
    if signature is None:
        pdf.para("Participant signature: ________________________________   Date: ____________")
    else:
        pdf.para("Signed electronically", size=12, style="B")
        for line in (
            f"Typed name: {signature.typed_name}",
            f"Signed at (UTC): {signature.signed_at_utc}",
            f"Consent to electronic records: given (text {signature.consent_version})",
            f"IP address: {signature.ip}",
            f"Browser: {signature.user_agent[:200]}",
            f"SHA-256 of the application shown: {signature.shown_sha256}",
        ):
            pdf.para(line, size=9)
    return bytes(pdf.output())
