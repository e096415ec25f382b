"""Registration Results, signing and locking of the Registration tab (R-REG-1..6).

An unanswered "resides in the service area" is missing information: the coach confirms
it (R-REG-1). When no MFI figure is in force on the Application Date the maximum cannot
be computed; that is listed as missing information (reference data the contract manager
must enter), not as an ineligibility of the participant (R-REG-3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.rules.dates import not_in_future
from models.rules.enums import (
    DocumentationOfNeed,
    EmploymentCharacteristic,
    ErrorCode,
    HousingType,
    IncomeStatus,
    ProgramStatus,
)
from models.rules.errors import Violation
from models.rules.income import income_status, mfi_maximum

EMPTY_MISSING_TEXT = "All required registration information has been entered"
ELIGIBLE_TEXT = "Eligible"

# Required answers in the order of the form: (field, label, details required when yes).
_REQUIRED_ANSWERS: tuple[tuple[str, str, bool], ...] = (
    ("household_size", "Household size", False),
    ("household_income", "Household income for the last six months", False),
    ("income_documentation", "Income documentation", False),
    ("adults_in_household", "Adults in household", False),
    ("children_in_household", "Children in household", False),
    ("total_amount_requested", "Total amount requested", False),
    ("months_needed", "Months needed", False),
    ("housing_type", "Housing type at registration", False),
    ("plan_to_pay_rent", "Plan to pay rent at the end of Rent Assistance", False),
    ("source_of_income", "Source of income", False),
    ("past_property_debt", "Past property debt", True),
    ("credit_debt", "Credit debt", True),
    ("eviction_history", "Eviction history", True),
    ("criminal_history", "Criminal history", True),
    ("documentation_of_need", "Documentation of need", False),
    ("resides_in_service_area", "Whether the participant resides in the service area", False),
)

REQUIRED_FIELDS: frozenset[str] = frozenset(
    {"other_funding_sources", "employment_characteristics"}
    | {name for name, _, _ in _REQUIRED_ANSWERS}
    | {f"{name}_details" for name, _, details in _REQUIRED_ANSWERS if details}
)
"""RegistrationInput fields (snake_case) whose change clears Registered By (R-REG-5)."""

_ELIGIBLE_CHARACTERISTICS = frozenset(
    {EmploymentCharacteristic.HOMELESS, EmploymentCharacteristic.HOUSING_INSECURE}
)
_RAPID_REHOUSING_CHARACTERISTICS = frozenset(
    {EmploymentCharacteristic.HOMELESS, EmploymentCharacteristic.FLEEING_DOMESTIC_VIOLENCE}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrationFacts:
    """The Registration tab as entered (None = unanswered) and the MFI in force (R-REG-1..6)."""

    resides_in_service_area: bool | None = None
    other_funding_source_count: int = 0
    household_size: int | None = None
    household_income: Decimal | None = None
    income_documentation: str | None = None
    adults_in_household: int | None = None
    children_in_household: int | None = None
    total_amount_requested: Decimal | None = None
    months_needed: int | None = None
    housing_type: HousingType | None = None
    plan_to_pay_rent: str | None = None
    source_of_income: str | None = None
    past_property_debt: bool | None = None
    past_property_debt_details: str | None = None
    credit_debt: bool | None = None
    credit_debt_details: str | None = None
    eviction_history: bool | None = None
    eviction_history_details: str | None = None
    criminal_history: bool | None = None
    criminal_history_details: str | None = None
    documentation_of_need: DocumentationOfNeed | None = None
    employment_characteristics: frozenset[EmploymentCharacteristic] = frozenset()
    mfi: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    """One line of Registration Results: the input path it concerns and a sentence."""

    field: str | None
    message: str


@dataclass(frozen=True, slots=True)
class RegistrationResult:
    """Registration Results (R-REG-1) with the computed maximum and status (R-REG-3)."""

    missing_information: tuple[Issue, ...]
    ineligible_reasons: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    mfi_maximum: Decimal | None
    income_status: IncomeStatus | None

    @property
    def can_sign(self) -> bool:
        """Tell whether Registered By may be signed: both lists empty (R-REG-5)."""
        return not self.missing_information and not self.ineligible_reasons


def input_path(name: str) -> str:
    """Return the GraphQL input path of a snake_case RegistrationInput field (R-REG-1)."""
    first, *rest = name.split("_")
    return "input." + first + "".join(part.title() for part in rest)


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _missing(facts: RegistrationFacts) -> list[Issue]:
    issues = []
    if facts.other_funding_source_count < 1:
        issues.append(
            Issue(
                input_path("other_funding_sources"),
                "At least one Other Funding Source is required (R-REG-1)",
            )
        )
    for name, label, details in _REQUIRED_ANSWERS:
        if _is_empty(getattr(facts, name)):
            issues.append(Issue(input_path(name), f"{label} is required (R-REG-1)"))
        elif details and getattr(facts, name) and _is_empty(getattr(facts, f"{name}_details")):
            issues.append(
                Issue(
                    input_path(f"{name}_details"),
                    f"{label} details are required when the answer is yes (R-REG-1)",
                )
            )
    if facts.mfi is None:
        issues.append(
            Issue(
                None,
                "No median family income (MFI) figure is in force on the application date, "
                "so the 50% MFI maximum cannot be computed; ask the contract manager to "
                "enter the income limit (R-REG-3)",
            )
        )
    return issues


def _invalid(facts: RegistrationFacts) -> list[Issue]:
    size, adults, children = (
        facts.household_size,
        facts.adults_in_household,
        facts.children_in_household,
    )
    amount, months = facts.total_amount_requested, facts.months_needed
    checks = [
        (size is not None and size < 1, "household_size", "The household size must be at least 1"),
        (adults is not None and adults < 1, "adults_in_household", "At least one adult is needed"),
        (
            children is not None and children < 0,
            "children_in_household",
            "The number of children cannot be negative",
        ),
        (
            size is not None
            and adults is not None
            and children is not None
            and adults + children != size,
            "household_size",
            f"Adults ({adults}) plus children ({children}) must equal the household size ({size})",
        ),
        (
            amount is not None and amount <= 0,
            "total_amount_requested",
            "The total amount requested must be more than zero",
        ),
        (months is not None and months < 1, "months_needed", "Months needed must be at least 1"),
    ]
    return [Issue(input_path(name), f"{text} (R-REG-4)") for bad, name, text in checks if bad]


def _warnings(facts: RegistrationFacts) -> list[Issue]:
    characteristics, housing_type = facts.employment_characteristics, facts.housing_type
    if housing_type is HousingType.RAPID_REHOUSING:
        if characteristics & _RAPID_REHOUSING_CHARACTERISTICS:
            return []
        text = "Rapid Rehousing is for people currently homeless or fleeing domestic violence"
        text += ", but the employment characteristics include neither"
    elif (
        housing_type is HousingType.HOMELESS_PREVENTION
        and EmploymentCharacteristic.HOMELESS in characteristics
    ):
        text = "Homeless Prevention is for people housed but at risk"
        text += ", but the employment characteristics include Homeless"
    else:
        return []
    return [Issue("input.housingType", f"{text} (R-REG-6)")]


def evaluate_registration(facts: RegistrationFacts) -> RegistrationResult:
    """Compute Registration Results and the MFI maximum (R-REG-1..4, R-REG-6)."""
    size, income = facts.household_size, facts.household_income
    maximum = None
    if facts.mfi is not None and size is not None and size >= 1:
        maximum = mfi_maximum(facts.mfi, size)
    status = None
    if maximum is not None and income is not None:
        status = income_status(income, maximum)
    ineligible = []
    if not facts.employment_characteristics & _ELIGIBLE_CHARACTERISTICS:
        ineligible.append(
            Issue(
                "input.employmentCharacteristics",
                "The employment characteristics must include Homeless or Housing Insecure "
                "(R-REG-2)",
            )
        )
    if facts.resides_in_service_area is False:
        ineligible.append(
            Issue(
                "input.residesInServiceArea",
                "The participant does not reside in the service area (R-REG-2)",
            )
        )
    if status is IncomeStatus.NOT_LOW_INCOME:
        ineligible.append(
            Issue(
                "input.householdIncome",
                f"Household income of ${income:,.2f} is above the 50% MFI maximum of "
                f"${maximum:,.2f} for a household of {size}, so it is not low-income (R-REG-3)",
            )
        )
    return RegistrationResult(
        missing_information=(*_missing(facts), *_invalid(facts)),
        ineligible_reasons=tuple(ineligible),
        warnings=tuple(_warnings(facts)),
        mfi_maximum=maximum,
        income_status=status,
    )


def clears_registered_by(changed: Iterable[str]) -> bool:
    """Tell whether changing these RegistrationInput fields clears Registered By (R-REG-5)."""
    return not REQUIRED_FIELDS.isdisjoint(changed)


def registration_update_violations(
    changed: Iterable[str], *, program_status: ProgramStatus, review_date: date | None
) -> list[Violation]:
    """Refuse changes other than the notes once the referral is accepted or closed (R-REG-5)."""
    if program_status is ProgramStatus.OPEN and review_date is None:
        return []
    return [
        Violation(
            ErrorCode.WRONG_STAGE,
            "The registration is locked once the referral is accepted or the record is "
            "closed; only the notes can change (R-REG-5)",
            input_path(name),
        )
        for name in sorted(set(changed) - {"notes"})
    ]


def sign_violations(
    result: RegistrationResult,
    *,
    signed_on: date,
    application_date: date,
    today: date,
    program_status: ProgramStatus,
    review_date: date | None,
) -> list[Violation]:
    """Check that Registered By may be signed on signed_on (R-REG-5, R-ENR-4, R-GEN-1)."""
    if program_status is not ProgramStatus.OPEN or review_date is not None:
        return [
            Violation(
                ErrorCode.WRONG_STAGE,
                "Registered By can only be signed on an open record before the referral "
                "is accepted (R-REG-5)",
            )
        ]
    violations = [
        Violation(ErrorCode.REGISTRATION_INCOMPLETE, issue.message, issue.field)
        for issue in result.missing_information
    ]
    violations += [
        Violation(ErrorCode.INELIGIBLE, issue.message, issue.field)
        for issue in result.ineligible_reasons
    ]
    future = not_in_future(signed_on, today, "signedOn", what="The registration date")
    if future is not None:
        violations.append(future)
    if signed_on < application_date:
        violations.append(
            Violation(
                ErrorCode.DATE_BEFORE_APPLICATION,
                f"The registration date {signed_on.isoformat()} is before the application "
                f"date {application_date.isoformat()} (R-ENR-4)",
                "signedOn",
            )
        )
    return violations
