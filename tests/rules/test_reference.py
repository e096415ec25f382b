"""R-REG-0: a dropdown takes a value of the reference list in force (INVALID, naming the
field and the list, never repeating the typed value); a value retired after it was saved
stays acceptable where it was saved; empty values are left to the REQUIRED checks."""

from __future__ import annotations

import pytest

from models.rules.enums import ErrorCode
from models.rules.reference import choice_violation, choices_violation, listed

LIST = ("Customer Attestation", "Pay Stubs", "Benefits Award Letter")


@pytest.mark.parametrize(
    ("value", "saved", "refused"),
    [
        ("Pay Stubs", (), False),
        (" Pay Stubs ", (), False),
        ("A napkin", (), True),  # the example
        ("pay stubs", (), True),  # a dropdown sends the list's spelling
        ("Pay Stub", (), True),
        ("Tax Return", ("Tax Return",), False),  # retired after it was saved here
        ("Tax Return", ("Bank Statement",), True),
        ("", (), False),
        ("   ", (), False),
        (None, (), False),
    ],
)
def test_choice_violation(value: str | None, saved: tuple[str, ...], refused: bool) -> None:
    found = choice_violation(
        value,
        LIST,
        field="input.incomeDocumentation",
        label="The income documentation",
        saved=saved,
    )
    assert (found is not None) is refused
    if found is not None:
        assert found.code is ErrorCode.INVALID
        assert found.field == "input.incomeDocumentation"
        assert found.message.endswith("(R-REG-0)")
        assert "Customer Attestation, Pay Stubs, Benefits Award Letter" in found.message
        rest = found.message.replace(listed(LIST), "")
        assert value is None or value.strip() not in rest


@pytest.mark.parametrize(
    ("values", "refused"),
    [
        (["Pay Stubs"], False),
        (["Pay Stubs", "Customer Attestation"], False),
        (["Pay Stubs", "Made Up"], True),
        ([], False),
    ],
)
def test_choices_violation(values: list[str], refused: bool) -> None:
    found = choices_violation(values, LIST, field="input.paymentTypes", label="The payment types")
    assert (found is not None) is refused


def test_an_empty_list_says_so_and_a_long_one_is_cut() -> None:
    assert "ask the contract manager" in listed([])
    assert listed([str(n) for n in range(20)]).endswith("11 and 8 more")
