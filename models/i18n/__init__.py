"""Participants in their own language (issue 16): gettext catalogues and Babel formats.

Everything a participant sees — the emails with a link, the signing and upload pages,
the Rent Assistance Application — is written in English in the code, marked for
translation (`_()` / `gettext()` in Python, `{{ _() }}` in the Jinja2 templates,
`N_()` for tables of messages) and extracted with Babel into locale/messages.pot
(`make translations`). Each language has a catalogue locale/<id>/LC_MESSAGES/messages.po
compiled to messages.mo (checked in, so a fresh clone and the Docker image need no build
step; a test fails when a .mo is older than its .po).

A message a catalogue does not translate falls back to English. A language is offered
to participants only when its catalogue translates every message and a font for its
letters is installed: an applicant never signs a consent half in one language. Staff
never see a translation: staff emails and the GraphQL API stay English.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from decimal import Decimal
from functools import cache, cached_property, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import structlog
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations

from models.config import get_settings
from models.i18n.fonts import missing_font, reset_fonts
from models.rules.enums import Language
from models.rules.languages import LANGUAGES, SOURCE, LanguageInfo, choose_language

log = structlog.get_logger(__name__)

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it where it is shown."""
    return message


def catalogue_path(language: Language, suffix: str = ".po") -> Path:
    """The catalogue file of a language (suffix .po or .mo)."""
    return LOCALE_DIR / LANGUAGES[language].catalogue / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def _translations(language: Language) -> gettext.NullTranslations:
    if language is SOURCE:
        return gettext.NullTranslations()  # the msgids are the English text
    return Translations.load(str(LOCALE_DIR), [LANGUAGES[language].catalogue], DOMAIN)


@lru_cache(maxsize=1)
def source_messages() -> frozenset[str]:
    """Every message id of the extracted template (locale/messages.pot)."""
    with TEMPLATE.open("rb") as fp:
        return frozenset(str(m.id) for m in read_po(fp) if m.id)


def untranslated(language: Language) -> list[str]:
    """The English messages the compiled catalogue of a language does not translate
    (fuzzy ones count as untranslated: they are not compiled), sorted."""
    if language is SOURCE:
        return []
    path = catalogue_path(language, ".mo")
    done: set[str] = set()
    if path.is_file():
        with path.open("rb") as fp:
            done = {str(m.id) for m in read_mo(fp) if m.id and m.string}
    return sorted(source_messages() - done)


@lru_cache(maxsize=1)
def offered() -> frozenset[Language]:
    """The languages participants are offered: English, and every language whose
    catalogue is complete and whose letters an installed font draws."""
    languages = {SOURCE}
    for language, info in LANGUAGES.items():
        if language is SOURCE:
            continue
        missing = untranslated(language)
        font = missing_font(info.script)
        if not missing and font is None:
            languages.add(language)
        elif font is not None and not missing:
            log.warning("i18n.language_not_offered", language=language.value, reason=font)
    return frozenset(languages)


def participant_language(preferred: Language | None, requested: str | None = None) -> Language:
    """The language a participant is shown (see models.rules.languages.choose_language)."""
    return choose_language(requested=requested, preferred=preferred, offered=offered())


class Translator:
    """Messages, dates, money and numbers in one language."""

    def __init__(self, language: Language) -> None:
        self.info: LanguageInfo = LANGUAGES[language]
        self.language = language
        self.translations = _translations(language)
        self.locale = Locale.parse(self.info.locale)

    def gettext(self, message: str, **values: object) -> str:
        """The message in this language (English when untranslated), with its
        %(name)s placeholders filled."""
        return self._filled(self.translations.gettext(message), message, values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The singular or plural form for n, as the language counts."""
        english = singular if n == 1 else plural
        return self._filled(
            self.translations.ngettext(singular, plural, n), english, {"num": n, **values}
        )

    @staticmethod
    def _filled(text: str, english: str, values: dict[str, object]) -> str:
        if not values:
            return text
        try:
            return text % values
        except (KeyError, ValueError, TypeError):  # a translation with a broken placeholder
            log.warning("i18n.bad_placeholder", message=english[:60])
            return english % values

    def date(self, value: dt.date | None, format: str = "long") -> str:
        """A date in words for the locale ("March 10, 2025", "10 de marzo de 2025")."""
        return "" if value is None else format_date(value, format, locale=self.locale)

    def numeric_date(self, value: dt.date | None) -> str:
        """A date in digits with a 4-digit year, in the locale's order ("03/10/2025",
        "10/03/2025", "10.03.2025", "2025/03/10")."""
        return "" if value is None else format_date(value, self._numeric, locale=self.locale)

    @cached_property
    def _numeric(self) -> str:
        """The locale's short date pattern with 2-digit day and month, 4-digit year."""
        pattern = str(self.locale.date_formats["short"].pattern)
        if "'" in pattern:  # quoted literals: leave the locale's own pattern alone
            return pattern
        for letter, width in (("y", 4), ("M", 2), ("d", 2)):
            pattern = re.sub(f"{letter}+", letter * width, pattern)
        return pattern

    def datetime(self, moment: dt.datetime, format: str = "medium") -> str:
        """An aware timestamp in the program's time zone, for the locale."""
        zone = ZoneInfo(get_settings().program_timezone)
        return format_datetime(moment, format, tzinfo=zone, locale=self.locale)

    def money(self, amount: Decimal | float, currency: str = "USD") -> str:
        """An amount of money ("$1,234.50", "1.234,50 US$")."""
        return format_currency(amount, currency, locale=self.locale)

    def number(self, value: Decimal | float) -> str:
        """A number with the locale's decimal sign and grouping."""
        return format_decimal(value, locale=self.locale)


@cache
def translator(language: Language) -> Translator:
    """The (shared, immutable) translator of a language."""
    return Translator(language)


def reset() -> None:
    """Forget cached catalogues, translators, fonts and the offered languages (tests)."""
    for cached in (_translations, source_messages, offered, translator):
        cached.cache_clear()
    reset_fonts()
