"""The message catalogues (issue 16): every English message the code marks is in the
template, Spanish translates every one of them, the other languages are laid out for a
translator, the compiled .mo files are those of the .po files, placeholders survive
translation, and an untranslated message falls back to English."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import TranslationError
from babel.messages.checkers import python_format

from models import i18n
from models.i18n import catalogue_path, source_messages, translator, untranslated
from models.rules.enums import Language
from models.rules.languages import LANGUAGES, SOURCE
from tests.i18n.catalogue_kit import (
    compiled,
    copy_locale,
    messages_in_code,
    read_catalogue,
    reset_all,
    save,
)

TRANSLATED = [x for x in Language if x is not SOURCE]
TO_FILL = [Language.VI, Language.RU, Language.ZH]


@pytest.fixture(autouse=True)
def _fresh_catalogues() -> Iterator[None]:
    reset_all()
    yield
    reset_all()  # after a test's own catalogues are gone


def test_template_holds_every_message_of_the_code() -> None:
    in_code = messages_in_code()
    not_extracted = sorted(set(in_code) - source_messages())
    stale = sorted(source_messages() - set(in_code))
    assert not not_extracted, f"run `make translations`: not in messages.pot: {not_extracted}"
    assert not stale, f"run `make translations`: no longer in the code: {stale}"


def test_every_english_message_has_a_spanish_translation() -> None:
    """Fails when an English message (in the code, even if not yet extracted) has no
    Spanish translation, or only a fuzzy one, in the .po or the compiled .mo."""
    catalog = read_catalogue(catalogue_path(Language.ES))
    spanish = {m.id: m for m in catalog if m.id}
    missing = [
        msgid
        for msgid in sorted(messages_in_code())
        if msgid not in spanish or not spanish[msgid].string or spanish[msgid].fuzzy
    ]
    assert not missing, f"no Spanish translation in es/LC_MESSAGES/messages.po: {missing}"
    assert untranslated(Language.ES) == []
    assert Language.ES in i18n.offered()


def test_spanish_is_not_english() -> None:
    catalog = read_catalogue(catalogue_path(Language.ES))
    same = [m.id for m in catalog if m.id and m.string == m.id]
    assert same == [], same  # a copied English msgid is not a translation


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_is_that_of_its_po(language: Language) -> None:
    po = catalogue_path(language)
    assert compiled(po) == catalogue_path(language, ".mo").read_bytes(), (
        f"{po.parent}/messages.mo is stale: run `make translations`"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_ready_for_a_translator(language: Language) -> None:
    """Every English message is in every .po (a translator only fills msgstr lines), and
    its placeholders are kept by every translation made."""
    catalog = read_catalogue(catalogue_path(language))
    assert str(catalog.locale).replace("-", "_") == LANGUAGES[language].catalogue
    assert {m.id for m in catalog if m.id} == set(source_messages())
    for message in catalog:
        if message.id and message.string:
            try:
                python_format(catalog, message)
            except TranslationError as exc:
                pytest.fail(f"{language.value}: {message.id!r}: {exc}")


@pytest.mark.parametrize("language", TO_FILL)
def test_untranslated_messages_are_listed(language: Language) -> None:
    """The list a translator works from (also `make translations-status`); a language
    is offered to participants only once the list is empty."""
    missing = untranslated(language)
    if missing:
        warnings.warn(
            f"{LANGUAGES[language].english_name}: {len(missing)} of "
            f"{len(source_messages())} messages untranslated, e.g. {missing[0]!r}",
            stacklevel=1,
        )
        assert language not in i18n.offered()
    assert set(missing) <= source_messages()
    t = translator(language)
    for msgid in missing:  # shown in English meanwhile
        assert t.gettext(msgid) == msgid


def test_a_missing_spanish_message_is_caught_and_spanish_is_withdrawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: blank one Spanish message (as a developer who adds an
    English message without its translation leaves it) and Spanish is no longer complete,
    no longer offered, and that message shows in English."""
    locale = copy_locale(tmp_path / "locale")
    po = locale / "es" / "LC_MESSAGES" / "messages.po"
    catalog = read_catalogue(po)
    catalog["Sign my application"].string = ""
    save(po, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    reset_all()
    assert untranslated(Language.ES) == ["Sign my application"]
    assert Language.ES not in i18n.offered()
    assert i18n.participant_language(Language.ES) is Language.EN
    spanish = translator(Language.ES)
    assert spanish.gettext("Sign my application") == "Sign my application"  # English
    assert spanish.gettext("Upload") == "Subir"  # the rest still Spanish


def test_a_broken_placeholder_in_a_translation_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = copy_locale(tmp_path / "locale")
    po = locale / "es" / "LC_MESSAGES" / "messages.po"
    catalog = read_catalogue(po)
    catalog["Typed name: %(name)s"].string = "Nombre escrito: %(nombre)s"
    save(po, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    reset_all()
    assert translator(Language.ES).gettext("Typed name: %(name)s", name="Ana") == "Typed name: Ana"


def test_the_catalogues_ship_in_the_package() -> None:
    """`pip install .` (the Docker image) carries every catalogue: pyproject's
    package-data names them."""
    import tomllib
    from pathlib import PurePosixPath

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["models.i18n"]
    package = root / "models" / "i18n"
    files = [
        PurePosixPath(p.relative_to(package).as_posix())
        for p in package.rglob("*")
        if p.suffix in {".po", ".mo", ".pot"}
    ]
    assert len(files) == 1 + 2 * len(TRANSLATED)
    for file in files:
        assert any(file.match(pattern) for pattern in patterns), file
