"""The fonts the application PDF needs for each script (issue 16).

DejaVu (Debian: fonts-dejavu-core) draws Latin with every accent (Vietnamese), Cyrillic
and Greek; WenQuanYi Micro Hei (Debian: fonts-wqy-microhei) draws Chinese. Without
DejaVu the PDF falls back to a core font (Latin-1: English and Spanish only); a language
whose letters no installed font draws is not offered (its participants see English), and
the reason is logged once, with the package to install.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import structlog

from models.rules.languages import Script

log = structlog.get_logger(__name__)

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
# (file, index in a TrueType collection): the first one present is used
CJK_CANDIDATES: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),  # SC
)

MISSING = {
    Script.UNICODE: "the DejaVu fonts are not installed (Debian: apt-get install "
    "fonts-dejavu-core), so Vietnamese and Russian participants see English",
    Script.CJK: "no CJK font is installed (Debian: apt-get install fonts-wqy-microhei), "
    "so Chinese participants see English",
}


@dataclass(frozen=True, slots=True)
class FontFile:
    """A font file and, for a collection (.ttc), which face in it."""

    path: Path
    index: int = 0


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """What the PDF draws with: DejaVu regular and bold (or None: the core font), and a
    CJK font used for every letter DejaVu lacks (or None)."""

    regular: FontFile | None
    bold: FontFile | None
    cjk: FontFile | None


@lru_cache(maxsize=1)
def pdf_fonts() -> PdfFonts:
    """The installed fonts (looked up once per process)."""
    regular, bold = DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"
    have_dejavu = regular.is_file() and bold.is_file()
    cjk = next((FontFile(p, i) for p, i in CJK_CANDIDATES if p.is_file()), None)
    return PdfFonts(
        regular=FontFile(regular) if have_dejavu else None,
        bold=FontFile(bold) if have_dejavu else None,
        cjk=cjk,
    )


def missing_font(script: Script) -> str | None:
    """Why a script cannot be drawn on this machine (a sentence), or None when it can."""
    fonts = pdf_fonts()
    if script is Script.UNICODE and fonts.regular is None:
        return MISSING[script]
    if script is Script.CJK and fonts.cjk is None:
        return MISSING[script]
    return None


def reset_fonts() -> None:
    """Look the fonts up again (tests that take one away)."""
    pdf_fonts.cache_clear()
