"""The configured content languages, and the per-language columns modeltranslation adds.

Everything that needs "the French text" asks here instead of naming `text_fr`, so adding a language to
settings.LANGUAGES (then makemigrations, migrate) is all it takes.
"""
from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import get_language_info
from modeltranslation.utils import build_localized_fieldname


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def base_language(language: str) -> str:
    """The language without its region or script: "fr-CA", "pt_BR" -> "fr", "pt" (what simplemma and FreeDict
    know)."""
    return re.split(r"[-_]", language, maxsplit=1)[0].lower()


def is_language(code: str) -> bool:
    return code in language_codes()


def column(field: str, language: str) -> str:
    """The name of the column holding `field` in `language`, e.g. ("text", "fr") -> "text_fr"."""
    if not is_language(language):
        raise ValueError(f"{language!r} is not one of the configured languages {language_codes()}")
    return build_localized_fieldname(field, language)


def language_name(code: str) -> str:
    """The language's name in English, as Django knows it (used to read seed notes like "Available in French")."""
    return str(get_language_info(code)["name"])


def language_label(code: str) -> str:
    """The language's name in the active interface language ("French", "français"); the code when it is unknown."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_by_name(name: str) -> str | None:
    """The configured language called `name` in English or in itself ("French", "français"), or None."""
    wanted = name.strip().casefold()
    for code in language_codes():
        info = get_language_info(code)
        if wanted in {str(info["name"]).casefold(), str(info["name_local"]).casefold()}:
            return code
    return None
