"""A language a translator completes is offered with nothing else to do (issue 16): here a
Chinese catalogue filled by the test. Its PDF draws Chinese with the CJK font; without
the font, Chinese is withheld with a clear reason and participants see English; a
right-to-left language gets dir="rtl"."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from models import i18n
from models.actions.application_pdf import ApplicationView, render_application_pdf
from models.i18n import fonts, offered, untranslated
from models.i18n.status import report
from models.rules.enums import Language
from models.rules.languages import LANGUAGES
from tests.api.test_pages_language import html_lang, path_in, signing_link
from tests.conftest import Api
from tests.i18n.catalogue_kit import copy_locale, reset_all, rewrite

ZH = Language.ZH
MARK = "中文"


@pytest.fixture
def chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The catalogues with Chinese complete ("中文 " before each English message)."""
    locale = copy_locale(tmp_path / "locale")
    rewrite(locale / "zh_Hans" / "LC_MESSAGES" / "messages.po", lambda m: f"{MARK} {m}")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    reset_all()
    yield locale
    monkeypatch.undo()
    reset_all()


def _no_cjk_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "CJK_CANDIDATES", ((tmp_path / "absent.ttc", 0),))
    reset_all()


def _pdf_text(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_a_completed_catalogue_is_offered_without_code_changes(chinese: Path) -> None:
    if fonts.missing_font(LANGUAGES[ZH].script):
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    assert untranslated(ZH) == [] and ZH in offered()
    n = len(i18n.source_messages())
    assert f"Chinese (Simplified) [zh, zh_Hans]: {n} of {n} translated; offered" in report()


def test_the_pdf_draws_chinese_with_the_cjk_font(chinese: Path) -> None:
    if fonts.missing_font(LANGUAGES[ZH].script):
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    view = ApplicationView(
        enrollment_id=1,
        language=ZH,
        title=f"{MARK} 租金援助申请",
        rows=(("姓名", "王小明 Nguyễn Иван"),),
        certification=f"{MARK} 我申请租金援助。",
    )
    text = _pdf_text(render_application_pdf(view))
    for expected in ("租金援助申请", "王小明", "Nguyễn", "Иван", f"{MARK} Participant signature"):
        assert expected in text, expected


def test_without_a_cjk_font_chinese_is_withheld_with_a_clear_reason(
    chinese: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_cjk_font(monkeypatch, tmp_path)
    assert untranslated(ZH) == []  # the catalogue is complete …
    assert ZH not in offered()  # … but no font draws it
    reason = fonts.missing_font(LANGUAGES[ZH].script)
    assert reason is not None and "fonts-wqy-microhei" in reason
    assert "fonts-wqy-microhei" in report()
    assert i18n.participant_language(ZH) is Language.EN


async def test_a_chinese_participant_sees_chinese_and_english_without_the_font(
    api: Api, chinese: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if fonts.missing_font(LANGUAGES[ZH].script):
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    _, _, _, _, mail = await signing_link(ZH)
    assert mail.message["Content-Language"] == "zh-Hans" and MARK in mail.subject
    assert "2025年3月17日" in mail.body
    url = path_in(mail)
    page = await api.client.get(url)
    assert html_lang(page.text) == "zh-Hans" and f"{MARK} Sign your Rent" in page.text
    assert "2025/03/03" in page.text  # the application date the Chinese way
    _no_cjk_font(monkeypatch, tmp_path)
    page = await api.client.get(url)
    assert html_lang(page.text) == "en" and "中文" not in page.text


async def test_a_right_to_left_language_gets_dir_rtl(
    api: Api, chinese: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Arabic later: a language marked rtl turns the page's direction (the styles use
    logical properties, so the layout mirrors)."""
    if fonts.missing_font(LANGUAGES[ZH].script):
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    monkeypatch.setitem(LANGUAGES, ZH, dataclasses.replace(LANGUAGES[ZH], rtl=True))
    _, _, _, _, mail = await signing_link(ZH)
    page = await api.client.get(path_in(mail))
    assert re.search(r'<html lang="zh-Hans" dir="rtl">', page.text)
    assert "border-inline-start" in page.text and "border-left" not in page.text
    english = await api.client.get(path_in(mail) + "?lang=en")
    assert '<html lang="en" dir="ltr">' in english.text
    assert 'hreflang="zh-Hans" lang="zh-Hans"\n     dir="rtl"' in english.text


def test_dejavu_draws_vietnamese_and_russian() -> None:
    if fonts.pdf_fonts().regular is None:
        pytest.skip("DejaVu not installed (apt-get install fonts-dejavu-core)")
    view = ApplicationView(
        enrollment_id=1,
        language=Language.EN,
        title="Rent Assistance Application",
        rows=(("Legal name", "Nguyễn Thị Hương"), ("Preferred name", "Мария")),
        certification="I am applying.",
    )
    text = _pdf_text(render_application_pdf(view))
    assert "Nguyễn Thị Hương" in text and "Мария" in text
