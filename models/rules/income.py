"""The 50% MFI maximum for six months and the income status (R-REG-3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from models.rules.enums import IncomeStatus

_SIZE_FACTORS = (
    Decimal("0.70"),
    Decimal("0.80"),
    Decimal("0.90"),
    Decimal("1.00"),
    Decimal("1.08"),
    Decimal("1.16"),
    Decimal("1.24"),
    Decimal("1.32"),
)
_FACTOR_PER_EXTRA_PERSON = Decimal("0.08")
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class IncomeLimit:
    """The area's median family income (the 4-person figure) from a date on (R-REG-3)."""

    effective_from: date
    median_family_income: Decimal


def size_factor(household_size: int) -> Decimal:
    """Return HUD's size factor: 0.70 for 1 person to 1.32 for 8, +0.08 each above (R-REG-3)."""
    if household_size < 1:
        raise ValueError(f"household size must be at least 1, not {household_size}")
    if household_size <= len(_SIZE_FACTORS):
        return _SIZE_FACTORS[household_size - 1]
    extra = household_size - len(_SIZE_FACTORS)
    return _SIZE_FACTORS[-1] + _FACTOR_PER_EXTRA_PERSON * extra


def mfi_maximum(mfi: Decimal, household_size: int) -> Decimal:
    """Return MFI * size factor * 50% / 2, rounded half up to the cent (R-REG-3)."""
    raw = mfi * size_factor(household_size) * Decimal("0.5") / 2
    return raw.quantize(_CENT, rounding=ROUND_HALF_UP)


def mfi_in_force(limits: Iterable[IncomeLimit], on: date) -> Decimal | None:
    """Return the MFI with the latest effective date on or before `on`, or None (R-REG-3)."""
    in_force = max(
        (limit for limit in limits if limit.effective_from <= on),
        key=lambda limit: limit.effective_from,
        default=None,
    )
    return None if in_force is None else in_force.median_family_income


def income_status(income: Decimal, maximum: Decimal) -> IncomeStatus:
    """Return LOW_INCOME when six-month income <= the maximum, else NOT_LOW_INCOME (R-REG-3)."""
    return IncomeStatus.LOW_INCOME if income <= maximum else IncomeStatus.NOT_LOW_INCOME
