"""Participants' languages (issue 16, R-DOC-4): what each language needs and which one
a participant is shown.

Pure: which catalogues are complete and which fonts are installed are arguments.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from models.rules.enums import Language


class Script(StrEnum):
    """What the application PDF needs to draw a language's letters."""

    LATIN1 = "LATIN1"  # the PDF's core font is enough
    UNICODE = "UNICODE"  # DejaVu: Latin Extended (Vietnamese), Cyrillic, Greek
    CJK = "CJK"  # a Chinese/Japanese/Korean font


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """One language: its names, its catalogue, how it is formatted and written."""

    language: Language
    english_name: str
    native_name: str
    catalogue: str  # the folder of its gettext catalogue (a Babel locale id)
    locale: str  # the Babel locale that formats its dates, money and numbers
    html_tag: str  # BCP 47, for lang="…" and hreflang
    script: Script
    rtl: bool = False

    @property
    def direction(self) -> str:
        """The HTML dir attribute."""
        return "rtl" if self.rtl else "ltr"


SOURCE = Language.EN  # the language the messages are written in (the msgids)

LANGUAGES: dict[Language, LanguageInfo] = {
    info.language: info
    for info in (
        LanguageInfo(Language.EN, "English", "English", "en", "en_US", "en", Script.LATIN1),
        LanguageInfo(Language.ES, "Spanish", "Español", "es", "es_US", "es", Script.LATIN1),
        LanguageInfo(Language.VI, "Vietnamese", "Tiếng Việt", "vi", "vi", "vi", Script.UNICODE),
        LanguageInfo(Language.RU, "Russian", "Русский", "ru", "ru", "ru", Script.UNICODE),
        LanguageInfo(
            Language.ZH, "Chinese (Simplified)", "中文", "zh_Hans", "zh_Hans", "zh-Hans", Script.CJK
        ),
    )
}

MAX_TAG = 16  # longer "lang" values are not looked at


def parse_language(text: str | None) -> Language | None:
    """A language from a tag as a browser or a link writes it: "es", "ES", "es-MX",
    "es_US", "zh-Hans" … None for anything else (never an error: it is only a wish)."""
    if not text or len(text) > MAX_TAG:
        return None
    primary = text.strip().replace("_", "-").split("-", 1)[0].lower()
    try:
        return Language(primary)
    except ValueError:
        return None


def choose_language(
    *, requested: str | None, preferred: Language | None, offered: Collection[Language]
) -> Language:
    """The language a participant is shown: the one they picked on the page, else the
    one their coach recorded, each only when it is offered (its catalogue complete and
    its font installed); English otherwise. English is always offered."""
    for wish in (parse_language(requested), preferred):
        if wish is not None and (wish is SOURCE or wish in offered):
            return wish
    return SOURCE
