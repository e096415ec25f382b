"""Which language a participant is shown (issue 16): pure table tests."""

from __future__ import annotations

import pytest

from models.rules.enums import Language
from models.rules.languages import LANGUAGES, MAX_TAG, choose_language, parse_language

EN, ES, VI, RU, ZH = Language.EN, Language.ES, Language.VI, Language.RU, Language.ZH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("es", ES),
        ("ES", ES),
        ("es-MX", ES),
        ("es_US", ES),
        (" es ", ES),
        ("zh-Hans", ZH),
        ("zh_Hant_TW", ZH),
        ("vi", VI),
        ("ru-RU", RU),
        ("en", EN),
        ("", None),
        (None, None),
        ("fr", None),
        ("e", None),
        ("<script>", None),
        ("es" + "-x" * 7, ES),  # 16 characters: still read
        ("es" + "-x" * 8, None),  # longer than MAX_TAG: not looked at
    ],
)
def test_parse_language(text: str | None, expected: Language | None) -> None:
    assert parse_language(text) is expected


def test_max_tag_is_the_boundary() -> None:
    assert parse_language("es".ljust(MAX_TAG, "x")) is None  # "esxx…": not a tag of es
    assert parse_language("es-" + "x" * (MAX_TAG - 3)) is ES
    assert parse_language("es-" + "x" * (MAX_TAG - 2)) is None


@pytest.mark.parametrize(
    ("requested", "preferred", "offered", "shown"),
    [
        (None, None, {EN}, EN),
        (None, ES, {EN, ES}, ES),  # the coach's choice
        (None, ES, {EN}, EN),  # Spanish not offered (incomplete): English
        ("en", ES, {EN, ES}, EN),  # picked on the page wins
        ("es", EN, {EN, ES}, ES),
        ("vi", ES, {EN, ES}, ES),  # picked but not offered: the coach's choice
        ("vi", VI, {EN, ES}, EN),  # neither offered: English
        ("xx", ES, {EN, ES}, ES),  # nonsense is ignored
        ("zh-Hans", None, {EN, ZH}, ZH),
        ("en", None, set(), EN),  # English is always offered
    ],
)
def test_choose_language(
    requested: str | None, preferred: Language | None, offered: set[Language], shown: Language
) -> None:
    assert choose_language(requested=requested, preferred=preferred, offered=offered) is shown


def test_every_language_is_described() -> None:
    assert set(LANGUAGES) == set(Language)
    for language, info in LANGUAGES.items():
        assert info.language is language and info.native_name and info.html_tag
        assert info.direction == "ltr"  # none right-to-left yet; Arabic would set rtl=True
