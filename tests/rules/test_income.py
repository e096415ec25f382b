"""R-REG-3: size factors, the 50% MFI maximum, the MFI in force and the income status."""

from datetime import date
from decimal import Decimal

import pytest

from models.rules.enums import IncomeStatus
from models.rules.income import (
    IncomeLimit,
    income_status,
    mfi_in_force,
    mfi_maximum,
    size_factor,
)


@pytest.mark.parametrize(
    ("size", "factor"),
    [
        (1, "0.70"),
        (2, "0.80"),
        (3, "0.90"),
        (4, "1.00"),
        (5, "1.08"),
        (6, "1.16"),
        (7, "1.24"),
        (8, "1.32"),
        (9, "1.40"),
        (10, "1.48"),
        (12, "1.64"),
    ],
)
def test_size_factor(size: int, factor: str) -> None:
    assert size_factor(size) == Decimal(factor)


@pytest.mark.parametrize("size", [0, -1])
def test_size_factor_needs_a_person(size: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        size_factor(size)


@pytest.mark.parametrize(
    ("size", "maximum"),
    [
        (1, "20457.50"),
        (2, "23380.00"),
        (3, "26302.50"),
        (4, "29225.00"),
        (5, "31563.00"),
        (6, "33901.00"),
        (7, "36239.00"),
        (8, "38577.00"),
        (9, "40915.00"),
        (10, "43253.00"),
    ],
)
def test_mfi_maximum_fy2024(size: int, maximum: str) -> None:
    assert mfi_maximum(Decimal("116900"), size) == Decimal(maximum)


def test_mfi_maximum_training_deck_example() -> None:
    assert mfi_maximum(Decimal("112800"), 8) == Decimal("37224.00")


def test_mfi_maximum_rounds_half_up_to_the_cent() -> None:
    # 116903 x 0.70 x 50% / 2 = 20458.025
    result = mfi_maximum(Decimal("116903"), 1)
    assert result == Decimal("20458.03")
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("income", "status"),
    [
        ("8916.00", IncomeStatus.LOW_INCOME),  # the training deck's example
        ("0.00", IncomeStatus.LOW_INCOME),
        ("37224.00", IncomeStatus.LOW_INCOME),  # at the limit
        ("37224.01", IncomeStatus.NOT_LOW_INCOME),
        ("37225.00", IncomeStatus.NOT_LOW_INCOME),  # one dollar over
    ],
)
def test_income_status(income: str, status: IncomeStatus) -> None:
    assert income_status(Decimal(income), Decimal("37224.00")) is status


FY2024 = IncomeLimit(date(2024, 4, 1), Decimal("116900"))
FY2025 = IncomeLimit(date(2025, 4, 1), Decimal("124100"))


@pytest.mark.parametrize(
    ("on", "mfi"),
    [
        (date(2024, 3, 31), None),
        (date(2024, 4, 1), Decimal("116900")),
        (date(2025, 3, 31), Decimal("116900")),
        (date(2025, 4, 1), Decimal("124100")),
        (date(2030, 1, 1), Decimal("124100")),
    ],
)
def test_mfi_in_force(on: date, mfi: Decimal | None) -> None:
    assert mfi_in_force([FY2025, FY2024], on) == mfi
    assert mfi_in_force([FY2024, FY2025], on) == mfi


def test_mfi_in_force_without_limits() -> None:
    assert mfi_in_force([], date(2025, 1, 1)) is None


@pytest.mark.parametrize(
    ("on", "size", "maximum"),
    [(date(2025, 3, 31), 4, "29225.00"), (date(2025, 4, 1), 4, "31025.00")],
)
def test_fiscal_year_change_moves_the_maximum(on: date, size: int, maximum: str) -> None:
    mfi = mfi_in_force([FY2024, FY2025], on)
    assert mfi is not None
    assert mfi_maximum(mfi, size) == Decimal(maximum)
