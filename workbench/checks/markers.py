"""Footnote and reference markers, web addresses and e-mail addresses: carried over exactly as they are."""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from django.utils.translation import gettext_noop
from translate.filters.checks import FilterFailure, StandardChecker

from workbench.checks.registry import Failure

# [63], [12a], (1), (iv) after a word, and superscript digits: the markers official texts use for notes.
MARKER = re.compile(r"\[\d{1,4}[a-z]?\]|(?<=\w)\(\d{1,3}\)|(?<![\w(])\(\d{1,3}\)(?=\s)"
                    r"|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>«»\"“”]+[^\s<>«»\"“”.,;:!?)\]]", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@cache
def _checker() -> StandardChecker:
    return StandardChecker()


def urls_in(text: str) -> list[str]:
    return _URL.findall(text)


def check_markers(source: str, target: str) -> list[Failure]:
    source_markers, target_markers = Counter(MARKER.findall(source)), Counter(MARKER.findall(target))
    failures = [Failure("markers", gettext_noop("The marker %(marker)s of the source is missing from the "
                                                "translation."), {"marker": m})
                for m in sorted((source_markers - target_markers).elements())]  # fmt: skip
    failures += [Failure("markers", gettext_noop("The translation has the marker %(marker)s, which is not in the "
                                                 "source."), {"marker": m})
                 for m in sorted((target_markers - source_markers).elements())]  # fmt: skip
    return failures


def _toolkit_fails(name: str, source: str, target: str) -> bool:
    """Whether translate-toolkit's check of that name fails the pair (it raises FilterFailure)."""
    try:
        return not getattr(_checker(), name)(source, target)
    except FilterFailure:
        return True


def check_urls(source: str, target: str) -> list[Failure]:
    # translate-toolkit decides; our pattern only names the addresses for the message.
    if not _toolkit_fails("urls", source, target):
        return []
    missing = sorted(set(urls_in(source)) - set(urls_in(target))) or sorted(set(urls_in(target)) ^ set(urls_in(source)))
    return [Failure("urls", gettext_noop("The web address %(url)s is not the same in the translation."),
                    {"url": missing[0] if missing else "?"})]  # fmt: skip


def check_emails(source: str, target: str) -> list[Failure]:
    if not _toolkit_fails("emails", source, target):
        return []
    differ = sorted(set(_EMAIL.findall(source)) ^ set(_EMAIL.findall(target)))
    return [Failure("emails", gettext_noop("The e-mail address %(email)s is not the same in the translation."),
                    {"email": differ[0] if differ else "?"})]  # fmt: skip
