"""Customer identity: the search key (R-ACL-1 search by name) and what a customer's
identity fields must look like (R-ACL-2, R-GEN-1). Prosperity budget lines (R-DOC-5).

Pure: `today` is always an argument.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.rules.dates import not_in_future
from models.rules.enums import ErrorCode
from models.rules.errors import Violation


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text: "  José  PÉREZ" -> "jose perez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def search_name(first: str, last: str, preferred: str | None = None) -> str:
    """The stored search key of a customer: "first last preferred", folded (R-ACL-1)."""
    return fold(" ".join(part for part in (first, last, preferred or "") if part))


def search_terms(search: str) -> list[str]:
    """The folded words of a name search; each must occur in the search key."""
    return fold(search).split()


def customer_violations(
    *,
    legal_first_name: str | None,
    legal_last_name: str | None,
    date_of_birth: date | None,
    ssn_last4: str | None,
    today: date,
) -> list[Violation]:
    """Check a customer's identity fields: names and birth date required, the birth date
    not in the future (R-GEN-1), the SSN's last 4 exactly four digits (R-ACL-2)."""
    violations: list[Violation] = []
    for value, field, label in (
        (legal_first_name, "input.legalFirstName", "The legal first name"),
        (legal_last_name, "input.legalLastName", "The legal last name"),
    ):
        if value is None or not value.strip():
            violations.append(
                Violation(ErrorCode.REQUIRED, f"{label} is required (R-ACL-2)", field)
            )
    if date_of_birth is None:
        violations.append(
            Violation(
                ErrorCode.REQUIRED, "The date of birth is required (R-ACL-2)", "input.dateOfBirth"
            )
        )
    else:
        future = not_in_future(date_of_birth, today, "input.dateOfBirth", what="The birth date")
        if future is not None:
            violations.append(future)
    if ssn_last4 is not None and not (
        len(ssn_last4) == 4 and ssn_last4.isascii() and ssn_last4.isdigit()
    ):
        violations.append(
            Violation(
                ErrorCode.INVALID,
                "Enter exactly the last 4 digits of the SSN, never the full number (R-ACL-2)",
                "input.ssnLast4",
            )
        )
    return violations


@dataclass(frozen=True, slots=True)
class BudgetLineFact:
    """A monthly income or expense line of a Prosperity budget (R-DOC-5)."""

    label: str
    amount: Decimal
    is_income: bool


def budget_violations(
    *, saved_on: date, lines: Sequence[BudgetLineFact], today: date
) -> list[Violation]:
    """Check a Prosperity budget: dated today or earlier (R-GEN-1), at least one line,
    each with a label and an amount of zero or more (R-DOC-5)."""
    violations: list[Violation] = []
    future = not_in_future(saved_on, today, "input.savedOn", what="The budget date")
    if future is not None:
        violations.append(future)
    if not lines:
        violations.append(
            Violation(
                ErrorCode.REQUIRED,
                "A Prosperity budget needs at least one income or expense line (R-DOC-5)",
                "input.lines",
            )
        )
    for i, line in enumerate(lines):
        if not line.label.strip():
            violations.append(
                Violation(
                    ErrorCode.REQUIRED,
                    "Each line needs a label (R-DOC-5)",
                    f"input.lines.{i}.label",
                )
            )
        if line.amount < 0:
            violations.append(
                Violation(
                    ErrorCode.INVALID,
                    "A line's monthly amount cannot be negative (R-DOC-5)",
                    f"input.lines.{i}.amount",
                )
            )
    return violations
