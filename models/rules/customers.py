"""Customer identity: the search key (R-ACL-1 search by name) and what a customer's
identity fields must look like (R-ACL-2, R-GEN-1). Prosperity budget lines (R-DOC-5).

Pure: `today` is always an argument.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.rules.dates import not_in_future
from models.rules.enums import ErrorCode
from models.rules.errors import Violation

# apostrophes vanish ("O'Brien" = "OBrien"), hyphens and dashes separate words
# ("Smith-Jones" = "Smith Jones"), so a name is found however it is typed (I-Trac's
# Find Customer, issue 11 §6)
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc\u0060\u00b4"), None)
_SEPARATORS = dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2015.,;:_/"), " ")
MAX_SEARCH_LENGTH = 200
CUSTOMER_ID_MAX = 20  # the customer ID column
JOB_SEEKER_ID_MAX = 40  # the job seeker ID column
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text without apostrophes, hyphens as spaces:
    "  José  PÉREZ" -> "jose perez", "O'Brien-Smith" -> "obrien smith"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = bare.translate(_APOSTROPHES).translate(_SEPARATORS)
    return " ".join(plain.casefold().split())


def search_name(first: str, last: str, preferred: str | None = None) -> str:
    """The stored search key of a customer: "first last preferred", folded (R-ACL-1)."""
    return fold(" ".join(part for part in (first, last, preferred or "") if part))


def search_terms(search: str) -> list[str]:
    """The folded words of a name search; each must occur in the search key (in any
    order, partially: "hern mar" finds Maria Hernandez)."""
    return fold(search).split()


@dataclass(frozen=True, slots=True)
class IdentifierSearch:
    """The identifier columns a search text may be compared with (R-ACL-1)."""

    customer_id: str | None
    job_seeker_id: str | None


def identifier_search(search: str) -> IdentifierSearch:
    """Which identifiers a search text can be: one word of letters, digits and . _ / -
    holding at least one digit (a name holds none), no longer than the column it is
    compared with; a name is never compared with an identifier column."""
    text = search.strip()
    if not _IDENTIFIER.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return IdentifierSearch(None, None)
    return IdentifierSearch(
        customer_id=text if len(text) <= CUSTOMER_ID_MAX else None,
        job_seeker_id=text if len(text) <= JOB_SEEKER_ID_MAX else None,
    )


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
