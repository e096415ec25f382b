"""Helpers of the catalogue tests: extract the messages from the code as `make
translations` does, compile a .po in memory, and lay out fake catalogues."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from models.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]


def messages_in_code() -> dict[str, list[str]]:
    """Every message the code marks for translation → where (babel.cfg, as extracted)."""
    with (ROOT / "babel.cfg").open() as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    found: dict[str, list[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, []).append(filename)
    return found


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp)


def compiled(po: Path) -> bytes:
    """The .mo bytes `pybabel compile` makes of a .po (fuzzy entries left out)."""
    out = io.BytesIO()
    write_mo(out, read_catalogue(po))
    return out.getvalue()


def copy_locale(to: Path) -> Path:
    """A copy of the catalogues to change in a test."""
    shutil.copytree(LOCALE_DIR, to)
    return to


def save(po: Path, catalog: Catalog) -> None:
    """Write a catalogue's .po and compile its .mo beside it."""
    with po.open("wb") as fp:
        write_po(fp, catalog)
    po.with_suffix(".mo").write_bytes(compiled(po))


def rewrite(po: Path, translate) -> None:  # type: ignore[no-untyped-def]
    """Set every msgstr of a .po to translate(msgid) and compile it beside."""
    catalog = read_catalogue(po)
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
            message.flags.discard("fuzzy")
    save(po, catalog)


def reset_all() -> None:
    """Forget every cached catalogue, font and template environment."""
    from api import pages
    from models import i18n

    i18n.reset()
    pages._env.cache_clear()
