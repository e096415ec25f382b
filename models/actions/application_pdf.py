"""The Rent Assistance Application (R-DOC-3), read from the record and rendered with
fpdf2 in the participant's language (issue 16): blank for staff to print and have signed
on paper, or with the e-signature block of R-DOC-4 as the signed document kept for the
record. Labels and sentences are translated; the values (names, pronouns, sex, gender)
are shown as staff entered them; dates are written the locale's way."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from models.customers import Customer
from models.enrollments import Enrollment
from models.i18n import N_, Translator, participant_language, translator
from models.i18n.fonts import pdf_fonts
from models.rules.enums import Language
from models.staff import Provider, Staff

# TRANSLATORS: "Rent Assistance" is the program's name; the hub is the agency that pays.
TITLE = N_("Rent Assistance Application")
CERTIFICATION = N_(
    "I am applying for Rent Assistance. The information on this application is true "
    "to the best of my knowledge. I understand that my career coach and the hub named "
    "above will use it to decide on and provide Rent Assistance."
)
# the R-DOC-3 fields, in order
LABELS = (
    N_("Service provider (hub)"),
    N_("Customer ID"),
    N_("Legal name"),
    N_("Preferred name"),
    N_("Pronouns"),
    N_("Date of birth"),
    N_("Sex"),
    N_("Gender"),
    N_("SSN (last 4)"),
    N_("Application date"),
    N_("Referral accepted (Review Date)"),
    N_("Referring career coach"),
)


@dataclass(frozen=True, slots=True)
class ApplicationView:
    """The R-DOC-3 fields of one RA record, as shown and printed in one language."""

    enrollment_id: int
    language: Language
    title: str
    rows: tuple[tuple[str, str], ...]
    certification: str


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """The R-DOC-4 evidence printed on a signed application."""

    typed_name: str
    signed_at_utc: str
    signed_at_local: str
    ip: str
    user_agent: str
    consent_version: str
    consent_text: str
    shown_sha256: str


async def application_view(
    enrollment: Enrollment, requested: str | None = None, *, customer: Customer | None = None
) -> ApplicationView:
    """The application's fields, read from the record (R-DOC-3), in the language the
    participant is shown: `requested` (picked on the page) if offered, else the
    customer's preferred language if offered, else English."""
    if customer is None:
        customer = await Customer.get(id=enrollment.customer_id)  # type: ignore[attr-defined]
    t = translator(participant_language(customer.preferred_language, requested))
    hub = await Provider.get(id=enrollment.provider_id)  # type: ignore[attr-defined]
    coach_id = enrollment.referred_by_id  # type: ignore[attr-defined]
    coach = await Staff.get_or_none(id=coach_id) if coach_id else None
    agency = await Provider.get_or_none(id=coach.provider_id) if coach else None  # type: ignore[attr-defined]
    legal = f"{customer.legal_first_name} {customer.legal_last_name}"
    coach_text = coach.name + (f" ({agency.name})" if agency else "") if coach else ""
    values = (
        hub.name,
        customer.customer_id or "",
        legal,
        customer.preferred_name or "",
        customer.pronouns or "",
        t.numeric_date(customer.date_of_birth),
        customer.sex or "",
        customer.gender or "",
        f"XXX-XX-{customer.ssn_last4}" if customer.ssn_last4 else "",
        t.numeric_date(enrollment.application_date),
        t.numeric_date(enrollment.review_date),
        coach_text,
    )
    return ApplicationView(
        enrollment_id=enrollment.id,
        language=t.language,
        title=t.gettext(TITLE),
        rows=tuple((t.gettext(label), value) for label, value in zip(LABELS, values, strict=True)),
        certification=t.gettext(CERTIFICATION),
    )


class _Pdf(FPDF):
    def __init__(self, t: Translator, title: str) -> None:
        super().__init__(format="Letter")
        fonts = pdf_fonts()
        body = fonts.regular or fonts.cjk
        self.unicode = body is not None
        if body is not None:
            bold = fonts.bold if fonts.regular else fonts.cjk
            assert bold is not None
            self.add_font("Body", "", str(body.path), collection_font_number=body.index)
            self.add_font("Body", "B", str(bold.path), collection_font_number=bold.index)
            self.family = "Body"
            if fonts.cjk is not None and body is not fonts.cjk:  # letters DejaVu lacks
                cjk = fonts.cjk
                self.add_font("Cjk", "", str(cjk.path), collection_font_number=cjk.index)
                self.add_font("Cjk", "B", str(cjk.path), collection_font_number=cjk.index)
                self.set_fallback_fonts(["Cjk"])
        else:  # core font: Latin-1 only
            self.family = "helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_creator("rent-assist")
        self.set_title(title)
        self.set_lang(t.info.html_tag)

    def text_of(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        self.set_font(self.family, style, size)
        self.multi_cell(0, 5.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")


def render_application_pdf(view: ApplicationView, signature: SignatureBlock | None = None) -> bytes:
    """The application as PDF bytes in the view's language; with `signature`, the
    e-signature evidence block (R-DOC-4) in that language too."""
    t = translator(view.language)
    pdf = _Pdf(t, view.title)
    pdf.add_page()
    pdf.para(view.title, size=16, style="B")
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
        # TRANSLATORS: the lines to sign and date a printed application by hand.
        pdf.para(t.gettext("Participant signature: ______________________   Date: __________"))
        return bytes(pdf.output())
    shown_in = f"{t.info.native_name} [{t.language.value}]"
    pdf.para(t.gettext("Signed electronically"), size=12, style="B")
    pdf.para(signature.consent_text, size=9)
    pdf.ln(2)
    for line in (
        t.gettext("Typed name: %(name)s", name=signature.typed_name),
        t.gettext("Signed on: %(when)s", when=signature.signed_at_local),
        t.gettext("Signed at (UTC): %(when)s", when=signature.signed_at_utc),
        t.gettext(
            "Consent to sign electronically: given (text %(version)s, in %(language)s)",
            version=signature.consent_version,
            language=shown_in,
        ),
        t.gettext("IP address: %(ip)s", ip=signature.ip),
        t.gettext("Browser: %(browser)s", browser=signature.user_agent[:200]),
        t.gettext("SHA-256 of the application shown: %(hash)s", hash=signature.shown_sha256),
    ):
        pdf.para(line, size=9)
    return bytes(pdf.output())
