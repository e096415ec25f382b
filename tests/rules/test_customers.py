"""Customer search key (R-ACL-1), identity fields (R-ACL-2, R-GEN-1), budget lines (R-DOC-5)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from models.rules.customers import (
    BudgetLineFact,
    budget_violations,
    customer_violations,
    fold,
    identifier_search,
    search_name,
    search_terms,
)
from models.rules.enums import ErrorCode

CITED = re.compile(r"\(R-[A-Z]+-\d+(, R-[A-Z]+-\d+)*\)$")
TODAY = date(2025, 6, 10)


def pairs(violations):
    assert all(CITED.search(v.message) for v in violations), violations
    return [(v.code, v.field) for v in violations]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("José", "jose"),
        ("  ANA   Pérez ", "ana perez"),
        ("Nguyễn Thị", "nguyen thi"),
        ("Zoë O'Brien", "zoe obrien"),
        ("D\u2019Angelo", "dangelo"),  # typographic apostrophe
        ("Smith-Jones", "smith jones"),
        ("Ana\u2013María", "ana maria"),  # en dash
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_fold_is_lower_case_accent_free_and_single_spaced(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_search_name_joins_first_last_and_preferred() -> None:
    assert search_name("José", "PÉREZ", None) == "jose perez"
    assert search_name("José", "Pérez", "Pepe") == "jose perez pepe"
    assert search_terms("  pérez JO ") == ["perez", "jo"]


@pytest.mark.parametrize(
    ("search", "customer_id", "job_seeker_id"),
    [
        ("Maria Guadalupe Hernandez", None, None),  # 25 characters: a name, never an id
        ("Hernandez", None, None),  # one word without a digit: a name
        ("O'Brien-Smith", None, None),
        ("1234567", "1234567", "1234567"),
        ("  1234567  ", "1234567", "1234567"),
        ("JS-9", "JS-9", "JS-9"),
        ("1" * 20, "1" * 20, "1" * 20),  # the customer ID column's length
        ("1" * 21, None, "1" * 21),  # too long for it: job seeker ID only
        ("1" * 40, None, "1" * 40),
        ("1" * 41, None, None),  # too long for either column
        ("123 456", None, None),  # two words
        ("", None, None),
        ("12%", None, None),
    ],
)
def test_identifier_search_only_for_the_identifiers_form(
    search: str, customer_id: str | None, job_seeker_id: str | None
) -> None:
    found = identifier_search(search)
    assert (found.customer_id, found.job_seeker_id) == (customer_id, job_seeker_id)


def test_search_terms_match_the_stored_key_in_any_order_and_spelling() -> None:
    key = search_name("María Guadalupe", "Hernández-O'Neil")
    assert key == "maria guadalupe hernandez oneil"
    for search in (
        "hernandez maria",
        "MARÍA",
        "o'neil",
        "O\u2019Neil",
        "oneil",
        "hernández-o'neil",
    ):
        assert all(t in key for t in search_terms(search)), search


def _customer(**kw):
    base = dict(
        legal_first_name="Ana",
        legal_last_name="Pérez",
        date_of_birth=date(1990, 4, 5),
        ssn_last4="1234",
        today=TODAY,
    )
    base.update(kw)
    return pairs(customer_violations(**base))


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, []),
        ({"ssn_last4": None}, []),
        ({"date_of_birth": TODAY}, []),
        ({"date_of_birth": date(2025, 6, 11)}, [(ErrorCode.DATE_IN_FUTURE, "input.dateOfBirth")]),
        ({"date_of_birth": None}, [(ErrorCode.REQUIRED, "input.dateOfBirth")]),
        ({"legal_first_name": " "}, [(ErrorCode.REQUIRED, "input.legalFirstName")]),
        ({"legal_last_name": None}, [(ErrorCode.REQUIRED, "input.legalLastName")]),
        ({"ssn_last4": "123"}, [(ErrorCode.INVALID, "input.ssnLast4")]),
        ({"ssn_last4": "12345"}, [(ErrorCode.INVALID, "input.ssnLast4")]),
        ({"ssn_last4": "12a4"}, [(ErrorCode.INVALID, "input.ssnLast4")]),
        ({"ssn_last4": "١٢٣٤"}, [(ErrorCode.INVALID, "input.ssnLast4")]),
        (
            {"legal_first_name": "", "legal_last_name": "", "date_of_birth": None},
            [
                (ErrorCode.REQUIRED, "input.legalFirstName"),
                (ErrorCode.REQUIRED, "input.legalLastName"),
                (ErrorCode.REQUIRED, "input.dateOfBirth"),
            ],
        ),
    ],
)
def test_customer_identity_fields(kw: dict, expected: list) -> None:
    assert _customer(**kw) == expected


def _line(label="Wages", amount="100.00", income=True):
    return BudgetLineFact(label, Decimal(amount), income)


@pytest.mark.parametrize(
    ("saved_on", "lines", "expected"),
    [
        (TODAY, [_line()], []),
        (TODAY, [_line(amount="0.00", income=False)], []),
        (date(2025, 6, 11), [_line()], [(ErrorCode.DATE_IN_FUTURE, "input.savedOn")]),
        (TODAY, [], [(ErrorCode.REQUIRED, "input.lines")]),
        (
            TODAY,
            [_line(), _line(label=" ", amount="-0.01")],
            [
                (ErrorCode.REQUIRED, "input.lines.1.label"),
                (ErrorCode.INVALID, "input.lines.1.amount"),
            ],
        ),
    ],
)
def test_budget_lines(saved_on: date, lines: list, expected: list) -> None:
    assert pairs(budget_violations(saved_on=saved_on, lines=lines, today=TODAY)) == expected
