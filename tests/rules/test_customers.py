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
        ("Zoë O'Brien", "zoe o'brien"),
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
