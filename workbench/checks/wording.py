"""Repeated words, a translation identical to its source, and acronyms."""
from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext_noop

from workbench.checks.markers import _toolkit_fails
from workbench.checks.registry import Failure

# Doubled words French (and English) grammar asks for: "nous nous engageons", "vous vous", "that that".
_GRAMMATICAL_PAIRS = {"nous", "vous", "that", "had"}
_REPEATED = re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE)
# Two to six capitals (digits after the first allowed: G20), maybe a plural s ("NGOs").
# Three capitals or more: two-letter ones (TV, UN) are as often rendered by a word ("télédiffuseurs") as by an
# acronym, and flagging them made the seed's correct French fail.
_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]{2,5})s?\b")
_ROMAN = re.compile(r"^[IVXLCDM]+$")


def check_repeated_words(source: str, target: str) -> list[Failure]:
    # translate-toolkit decides whether a word is doubled; its verdict is set aside for the doublings grammar
    # wants and for those the source has too.
    if not _toolkit_fails("doublewords", source, target):
        return []
    source_pairs = {m[1].lower() for m in _REPEATED.finditer(source)}
    for match in _REPEATED.finditer(target):
        word = match[1].lower()
        if word.isdigit() or word in _GRAMMATICAL_PAIRS or word in source_pairs:
            continue
        return [Failure("repeated-words", gettext_noop("The word “%(word)s” is repeated in the translation."),
                        {"word": match[1]})]  # fmt: skip
    return []


def check_unchanged(source: str, target: str) -> list[Failure]:
    # translate-toolkit knows what may stay as it is (a number, a name, an acronym alone).
    if source.strip() != target.strip() or not _toolkit_fails("unchanged", source, target):
        return []
    return [Failure("unchanged", gettext_noop("The translation is identical to the source."), {})]


def acronyms(text: str) -> Counter[str]:
    # A text mostly in capitals (a heading) has no acronyms to tell apart from its words.
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return Counter()
    return Counter(m[1] for m in _ACRONYM.finditer(text) if not _ROMAN.match(m[1]))


def check_acronyms(source: str, target: str, explained: set[str]) -> list[Failure]:
    """A source acronym absent from the target fails unless the glossary's translation of it is there (`explained`)
    or an acronym of the target stands in for it (WTO ↔ OMC): those are paired off in order, one for one."""
    source_acronyms, target_acronyms = set(acronyms(source)), set(acronyms(target))
    missing = [a for a in acronyms(source) if a not in target_acronyms and a not in explained]
    stand_ins = len(target_acronyms - source_acronyms)
    unmatched = missing[stand_ins:]
    return [Failure("acronyms", gettext_noop("The acronym %(acronym)s of the source is not in the translation."),
                    {"acronym": a}) for a in unmatched]  # fmt: skip
