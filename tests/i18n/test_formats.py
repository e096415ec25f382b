"""Dates, money and numbers the participant's way (issue 16, Babel): table tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from models.i18n import translator
from models.rules.enums import Language

EN, ES, VI, RU, ZH = Language.EN, Language.ES, Language.VI, Language.RU, Language.ZH


@pytest.mark.parametrize(
    ("language", "day", "numeric", "words"),
    [
        (EN, date(2025, 3, 3), "03/03/2025", "March 3, 2025"),
        (EN, date(1988, 11, 23), "11/23/1988", "November 23, 1988"),
        (ES, date(1988, 11, 23), "23/11/1988", "23 de noviembre de 1988"),
        (ES, date(2025, 3, 17), "17/03/2025", "17 de marzo de 2025"),
        (VI, date(2025, 3, 17), "17/03/2025", "17 tháng 3, 2025"),
        (RU, date(2025, 3, 17), "17.03.2025", "17 марта 2025\u202fг."),  # noqa: RUF001
        (ZH, date(2025, 3, 17), "2025/03/17", "2025年3月17日"),
        (ES, date(2024, 2, 29), "29/02/2024", "29 de febrero de 2024"),  # a leap day
        (EN, date(2024, 12, 31), "12/31/2024", "December 31, 2024"),  # the year's end
    ],
)
def test_dates(language: Language, day: date, numeric: str, words: str) -> None:
    t = translator(language)
    assert t.numeric_date(day) == numeric
    assert t.date(day) == words


def test_no_date_is_blank() -> None:
    assert translator(ES).numeric_date(None) == translator(ES).date(None) == ""


@pytest.mark.parametrize(
    ("language", "amount", "money", "number"),
    [
        (EN, Decimal("1234.5"), "$1,234.50", "1,234.5"),
        (ES, Decimal("1234.5"), "$1,234.50", "1,234.5"),  # Spanish as written in the US
        (VI, Decimal("1234.5"), "1.234,50\xa0US$", "1.234,5"),
        (RU, Decimal("1234.5"), "1\xa0234,50\xa0$", "1\xa0234,5"),
        (ZH, Decimal("1234.5"), "US$1,234.50", "1,234.5"),
        (EN, Decimal("0"), "$0.00", "0"),
        (ES, Decimal("0.005"), "$0.00", "0.005"),  # half-even rounding of money
    ],
)
def test_money_and_numbers(language: Language, amount: Decimal, money: str, number: str) -> None:
    t = translator(language)
    assert t.money(amount) == money
    assert t.number(amount) == number


def test_a_moment_is_shown_in_the_program_time_zone() -> None:
    moment = datetime(2025, 3, 11, 1, 30, tzinfo=UTC)  # still March 10 in Portland
    assert "10 de marzo de 2025" in translator(ES).datetime(moment, "long")
    assert "March 10, 2025" in translator(EN).datetime(moment, "long")
