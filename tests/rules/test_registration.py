"""R-REG-1..6: Registration Results, required fields, signing and locking."""

import dataclasses
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from models.rules.enums import (
    DocumentationOfNeed,
    EmploymentCharacteristic,
    ErrorCode,
    HousingType,
    IncomeStatus,
    ProgramStatus,
)
from models.rules.registration import (
    ELIGIBLE_TEXT,
    EMPTY_MISSING_TEXT,
    REQUIRED_FIELDS,
    Issue,
    RegistrationFacts,
    clears_registered_by,
    evaluate_registration,
    input_path,
    registration_update_violations,
    sign_violations,
)

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")

# The training deck's example, complete and eligible.
COMPLETE = RegistrationFacts(
    resides_in_service_area=True,
    other_funding_source_count=1,
    household_size=8,
    household_income=Decimal("8916.00"),
    income_documentation="Customer Attestation",
    adults_in_household=1,
    children_in_household=7,
    total_amount_requested=Decimal("3238.00"),
    months_needed=3,
    housing_type=HousingType.HOMELESS_PREVENTION,
    plan_to_pay_rent="With earned income and job increasing hours",
    source_of_income="Work",
    past_property_debt=False,
    credit_debt=False,
    eviction_history=True,
    eviction_history_details="Five years ago received an eviction",
    criminal_history=False,
    documentation_of_need=DocumentationOfNeed.PROSPERITY_BUDGET,
    employment_characteristics=frozenset({EmploymentCharacteristic.HOUSING_INSECURE}),
    mfi=Decimal("112800"),
)
HOMELESS = EmploymentCharacteristic.HOMELESS
INSECURE = EmploymentCharacteristic.HOUSING_INSECURE
FLEEING = EmploymentCharacteristic.FLEEING_DOMESTIC_VIOLENCE


def with_(**changes: Any) -> RegistrationFacts:
    return dataclasses.replace(COMPLETE, **changes)


def paths(issues: tuple[Issue, ...]) -> list[str | None]:
    return [issue.field for issue in issues]


def test_training_deck_example_is_complete_and_eligible() -> None:
    result = evaluate_registration(COMPLETE)
    assert result.missing_information == ()
    assert result.ineligible_reasons == ()
    assert result.warnings == ()
    assert result.mfi_maximum == Decimal("37224.00")
    assert result.income_status is IncomeStatus.LOW_INCOME
    assert result.can_sign


def test_empty_list_texts() -> None:
    assert EMPTY_MISSING_TEXT == "All required registration information has been entered"
    assert ELIGIBLE_TEXT == "Eligible"


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"resides_in_service_area": None}, "input.residesInServiceArea"),
        ({"other_funding_source_count": 0}, "input.otherFundingSources"),
        ({"household_size": None}, "input.householdSize"),
        ({"household_income": None}, "input.householdIncome"),
        ({"income_documentation": None}, "input.incomeDocumentation"),
        ({"income_documentation": "   "}, "input.incomeDocumentation"),
        ({"adults_in_household": None}, "input.adultsInHousehold"),
        ({"children_in_household": None}, "input.childrenInHousehold"),
        ({"total_amount_requested": None}, "input.totalAmountRequested"),
        ({"months_needed": None}, "input.monthsNeeded"),
        ({"housing_type": None}, "input.housingType"),
        ({"plan_to_pay_rent": ""}, "input.planToPayRent"),
        ({"plan_to_pay_rent": None}, "input.planToPayRent"),
        ({"source_of_income": " \t"}, "input.sourceOfIncome"),
        ({"past_property_debt": None}, "input.pastPropertyDebt"),
        ({"credit_debt": None}, "input.creditDebt"),
        ({"eviction_history": None}, "input.evictionHistory"),
        ({"criminal_history": None}, "input.criminalHistory"),
        ({"documentation_of_need": None}, "input.documentationOfNeed"),
    ],
)
def test_each_missing_field_is_listed_alone(changes: dict[str, Any], path: str) -> None:
    result = evaluate_registration(with_(**changes))
    assert paths(result.missing_information) == [path]
    assert result.missing_information[0].message.endswith("(R-REG-1)")
    assert not result.can_sign


@pytest.mark.parametrize("question", ["past_property_debt", "credit_debt", "eviction_history"])
@pytest.mark.parametrize("details", [None, "", "  "])
def test_a_yes_without_details_is_missing(question: str, details: str | None) -> None:
    facts = with_(**{question: True, f"{question}_details": details})
    result = evaluate_registration(facts)
    assert paths(result.missing_information) == [input_path(f"{question}_details")]


def test_criminal_history_yes_needs_details() -> None:
    result = evaluate_registration(with_(criminal_history=True))
    assert paths(result.missing_information) == ["input.criminalHistoryDetails"]
    assert "details are required" in result.missing_information[0].message


@pytest.mark.parametrize(
    "changes",
    [
        {"criminal_history": True, "criminal_history_details": "2019, dismissed"},
        {"eviction_history": False, "eviction_history_details": None},
        {"credit_debt": False, "credit_debt_details": "not needed but kept"},
    ],
)
def test_details_are_needed_only_for_yes(changes: dict[str, Any]) -> None:
    assert evaluate_registration(with_(**changes)).missing_information == ()


def test_empty_registration_lists_every_required_field() -> None:
    result = evaluate_registration(RegistrationFacts())
    assert len(result.missing_information) == 18  # 17 answers and the missing MFI figure
    assert result.mfi_maximum is None
    assert result.income_status is None
    assert paths(result.ineligible_reasons) == ["input.employmentCharacteristics"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"adults_in_household": 2}, ["input.householdSize"]),
        ({"children_in_household": 6}, ["input.householdSize"]),
        ({"household_size": 9}, ["input.householdSize"]),
        (
            {"adults_in_household": 0, "children_in_household": 8},
            ["input.adultsInHousehold"],
        ),
        (
            {"adults_in_household": 9, "children_in_household": -1},
            ["input.childrenInHousehold"],
        ),
        ({"children_in_household": 0, "adults_in_household": 8}, []),
        (
            {"household_size": 0, "adults_in_household": 0, "children_in_household": 0},
            ["input.householdSize", "input.adultsInHousehold"],
        ),
        ({"total_amount_requested": Decimal("0")}, ["input.totalAmountRequested"]),
        ({"total_amount_requested": Decimal("-5.00")}, ["input.totalAmountRequested"]),
        ({"total_amount_requested": Decimal("0.01")}, []),
        ({"months_needed": 0}, ["input.monthsNeeded"]),
        ({"months_needed": 1}, []),
    ],
)
def test_household_and_amount_checks(changes: dict[str, Any], expected: list[str]) -> None:
    result = evaluate_registration(with_(**changes))
    assert paths(result.missing_information) == expected
    assert all(issue.message.endswith("(R-REG-4)") for issue in result.missing_information)


def test_mismatch_message_names_the_numbers() -> None:
    result = evaluate_registration(with_(adults_in_household=2))
    assert result.missing_information[0].message == (
        "Adults (2) plus children (7) must equal the household size (8) (R-REG-4)"
    )


def test_household_size_zero_computes_no_maximum() -> None:
    result = evaluate_registration(
        with_(household_size=0, adults_in_household=1, children_in_household=0)
    )
    assert result.mfi_maximum is None
    assert result.income_status is None


@pytest.mark.parametrize(
    ("characteristics", "eligible"),
    [
        (frozenset(), False),
        (frozenset({EmploymentCharacteristic.VETERAN, EmploymentCharacteristic.LOW_INCOME}), False),
        (frozenset({FLEEING}), False),
        (frozenset({HOMELESS}), True),
        (frozenset({INSECURE}), True),
        (frozenset({HOMELESS, INSECURE, EmploymentCharacteristic.OFFENDER}), True),
    ],
)
def test_employment_characteristics_eligibility(
    characteristics: frozenset[EmploymentCharacteristic], eligible: bool
) -> None:
    facts = with_(employment_characteristics=characteristics, housing_type=None)
    result = evaluate_registration(facts)
    expected = [] if eligible else ["input.employmentCharacteristics"]
    assert paths(result.ineligible_reasons) == expected
    assert all(issue.message.endswith("(R-REG-2)") for issue in result.ineligible_reasons)


def test_not_residing_in_the_service_area_is_ineligible() -> None:
    result = evaluate_registration(with_(resides_in_service_area=False))
    assert result.missing_information == ()
    assert paths(result.ineligible_reasons) == ["input.residesInServiceArea"]
    assert not result.can_sign


@pytest.mark.parametrize(
    ("income", "status", "ineligible"),
    [
        ("38577.00", IncomeStatus.LOW_INCOME, []),
        ("38577.01", IncomeStatus.NOT_LOW_INCOME, ["input.householdIncome"]),
        ("38578.00", IncomeStatus.NOT_LOW_INCOME, ["input.householdIncome"]),
    ],
)
def test_income_at_and_over_the_limit(
    income: str, status: IncomeStatus, ineligible: list[str]
) -> None:
    facts = with_(mfi=Decimal("116900"), household_income=Decimal(income))
    result = evaluate_registration(facts)
    assert result.mfi_maximum == Decimal("38577.00")
    assert result.income_status is status
    assert paths(result.ineligible_reasons) == ineligible


def test_not_low_income_message_names_the_amounts() -> None:
    facts = with_(mfi=Decimal("116900"), household_income=Decimal("40000"))
    message = evaluate_registration(facts).ineligible_reasons[0].message
    assert "$40,000.00" in message
    assert "$38,577.00" in message
    assert message.endswith("(R-REG-3)")


def test_no_mfi_in_force_is_missing_information() -> None:
    result = evaluate_registration(with_(mfi=None))
    assert paths(result.missing_information) == [None]
    assert "No median family income (MFI) figure" in result.missing_information[0].message
    assert result.missing_information[0].message.endswith("(R-REG-3)")
    assert result.mfi_maximum is None
    assert result.income_status is None
    assert not result.can_sign


@pytest.mark.parametrize(
    ("housing_type", "characteristics", "warned"),
    [
        (HousingType.RAPID_REHOUSING, {INSECURE}, True),
        (HousingType.RAPID_REHOUSING, {HOMELESS}, False),
        (HousingType.RAPID_REHOUSING, {INSECURE, FLEEING}, False),
        (HousingType.HOMELESS_PREVENTION, {HOMELESS}, True),
        (HousingType.HOMELESS_PREVENTION, {HOMELESS, INSECURE}, True),
        (HousingType.HOMELESS_PREVENTION, {INSECURE}, False),
        (HousingType.HOMELESS_PREVENTION, {INSECURE, FLEEING}, False),
    ],
)
def test_housing_type_warnings(
    housing_type: HousingType, characteristics: set[EmploymentCharacteristic], warned: bool
) -> None:
    facts = with_(housing_type=housing_type, employment_characteristics=frozenset(characteristics))
    result = evaluate_registration(facts)
    assert paths(result.warnings) == (["input.housingType"] if warned else [])
    assert all(issue.message.endswith("(R-REG-6)") for issue in result.warnings)
    assert result.can_sign  # a warning never blocks


def test_required_fields() -> None:
    assert {
        "resides_in_service_area",
        "other_funding_sources",
        "household_size",
        "household_income",
        "income_documentation",
        "adults_in_household",
        "children_in_household",
        "total_amount_requested",
        "months_needed",
        "housing_type",
        "plan_to_pay_rent",
        "source_of_income",
        "past_property_debt",
        "past_property_debt_details",
        "credit_debt",
        "credit_debt_details",
        "eviction_history",
        "eviction_history_details",
        "criminal_history",
        "criminal_history_details",
        "documentation_of_need",
        "employment_characteristics",
    } == REQUIRED_FIELDS


@pytest.mark.parametrize(
    ("changed", "clears"),
    [
        (["notes"], False),
        (["address", "phones", "email", "race", "public_assistance"], False),
        ([], False),
        (["notes", "household_size"], True),
        (["employment_characteristics"], True),
        (["other_funding_sources"], True),
        (["criminal_history_details"], True),
    ],
)
def test_clears_registered_by(changed: list[str], clears: bool) -> None:
    assert clears_registered_by(changed) is clears


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("notes", "input.notes"),
        ("resides_in_service_area", "input.residesInServiceArea"),
        ("past_property_debt_details", "input.pastPropertyDebtDetails"),
    ],
)
def test_input_path(name: str, path: str) -> None:
    assert input_path(name) == path


@pytest.mark.parametrize(
    ("status", "review_date", "changed", "locked"),
    [
        (ProgramStatus.OPEN, None, ["household_size", "address"], []),
        (ProgramStatus.OPEN, date(2025, 2, 1), ["notes"], []),
        (
            ProgramStatus.OPEN,
            date(2025, 2, 1),
            ["notes", "household_size", "address"],
            ["input.address", "input.householdSize"],
        ),
        (ProgramStatus.PRE_PROGRAM_EXIT, None, ["months_needed"], ["input.monthsNeeded"]),
    ],
)
def test_registration_is_locked_after_acceptance(
    status: ProgramStatus, review_date: date | None, changed: list[str], locked: list[str]
) -> None:
    violations = registration_update_violations(
        changed, program_status=status, review_date=review_date
    )
    assert [(v.code, v.field) for v in violations] == [(ErrorCode.WRONG_STAGE, f) for f in locked]


APPLIED = date(2025, 1, 10)
TODAY = date(2025, 1, 20)


def sign(facts: RegistrationFacts, **changes: Any) -> list[tuple[ErrorCode, str | None]]:
    arguments: dict[str, Any] = {
        "signed_on": TODAY,
        "application_date": APPLIED,
        "today": TODAY,
        "program_status": ProgramStatus.OPEN,
        "review_date": None,
    }
    violations = sign_violations(evaluate_registration(facts), **(arguments | changes))
    assert all(CITED.search(v.message) for v in violations)
    return [(v.code, v.field) for v in violations]


@pytest.mark.parametrize(
    ("facts", "changes", "expected"),
    [
        (COMPLETE, {}, []),
        (COMPLETE, {"signed_on": APPLIED}, []),
        (
            with_(months_needed=None),
            {},
            [(ErrorCode.REGISTRATION_INCOMPLETE, "input.monthsNeeded")],
        ),
        (
            with_(resides_in_service_area=False),
            {},
            [(ErrorCode.INELIGIBLE, "input.residesInServiceArea")],
        ),
        (COMPLETE, {"signed_on": date(2025, 1, 21)}, [(ErrorCode.DATE_IN_FUTURE, "signedOn")]),
        (
            COMPLETE,
            {"signed_on": date(2025, 1, 9)},
            [(ErrorCode.DATE_BEFORE_APPLICATION, "signedOn")],
        ),
        (COMPLETE, {"review_date": date(2025, 1, 15)}, [(ErrorCode.WRONG_STAGE, None)]),
        (COMPLETE, {"program_status": ProgramStatus.EXIT}, [(ErrorCode.WRONG_STAGE, None)]),
    ],
)
def test_sign_violations(
    facts: RegistrationFacts,
    changes: dict[str, Any],
    expected: list[tuple[ErrorCode, str | None]],
) -> None:
    assert sign(facts, **changes) == expected
