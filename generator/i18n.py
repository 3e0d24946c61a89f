"""The language of `lkjip`'s own words: Indonesian, or English from a gettext catalog.

Messages are written in Indonesian in the code (they are the msgids); `locale/<bahasa>/LC_MESSAGES/
lkjip.po` translates them. The catalog is compiled with Babel when it is first needed, so no
binary .mo file is kept in git. The language is, in order: `--bahasa`, `LKJIP_BAHASA`, gettext's
own `LANGUAGE` variable; Indonesian when none names a catalog we have. LANG alone does not switch
it: many servers set an English LANG by default, and the users of this tool read Indonesian.
"""
from __future__ import annotations

import gettext
import io
import os
from pathlib import Path

DOMAIN = "lkjip"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "id"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


def available() -> list[str]:
    """Languages with a catalog, Indonesian (the source language) first."""
    return [DEFAULT] + sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


def chosen(argv: list[str], environ=os.environ) -> str:
    """The language asked for, by option, setting or locale; Indonesian when none is ours."""
    for i, arg in enumerate(argv):
        if arg.startswith("--bahasa="):
            return _known(arg.split("=", 1)[1])
        if arg == "--bahasa" and i + 1 < len(argv):
            return _known(argv[i + 1])
    for name in ("LKJIP_BAHASA", "LANGUAGE"):
        for code in (environ.get(name) or "").split(":"):
            if _known(code) != DEFAULT or code.lower().startswith("id"):
                return _known(code)
    return DEFAULT


def _known(code: str) -> str:
    short = code.strip().split(".")[0].split("_")[0].split("-")[0].lower()
    return short if short in available() else DEFAULT


def use(language: str) -> None:
    """Speak this language from now on (Indonesian for any language without a catalog)."""
    global _active, _language
    language = _known(language)
    _active = _catalog(language) if language != DEFAULT else gettext.NullTranslations()
    _language = language


def language() -> str:
    return _language


def _catalog(language: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", encoding="utf-8") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is shown."""
    return message


def _(message: str) -> str:
    """The message in the language in use."""
    return _active.gettext(message)
