"""`make translations-status`: per language, how many messages are translated, whether
participants are offered it, and the English messages still to translate."""

from __future__ import annotations

import sys

from models.i18n import offered, source_messages, untranslated
from models.i18n.fonts import missing_font
from models.rules.languages import LANGUAGES


def report() -> str:
    """The status of every catalogue, as text."""
    total = len(source_messages())
    lines = []
    for language, info in LANGUAGES.items():
        missing = untranslated(language)
        state = "offered" if language in offered() else "NOT offered (participants see English)"
        lines.append(
            f"{info.english_name} [{language.value}, {info.catalogue}]: "
            f"{total - len(missing)} of {total} translated; {state}"
        )
        if font := missing_font(info.script):
            lines.append(f"  font: {font}")
        lines.extend(f"  untranslated: {message!r}" for message in missing)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(report() + "\n")
