"""Every check of one passage's translation, and the mechanical fix-ups.

check_text is a pure function of the two texts and their languages, apart from three things read from the database:
the glossary (terms.matching, cached there), the usual length ratio of the pair (lengths, cached here) and the
pair's lexicon for the omission check (lexicon.lookup); a caller checking many passages passes the glossary and the
lexicon it looked up once.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Collection

from workbench.checks import glossary as term_checks
from workbench.checks import inline_tags, lengths, markers, omission, typography, values, wording
from workbench.checks.lengths import LengthStats
from workbench.checks.omission import LOOK_UP, Lexicon, LookUp
from workbench.checks.registry import CHECKS, Failure
from workbench.declarations.inline import plain
from workbench.terms.matching import Glossary, glossary_for


def check_text(source: str, target: str, *, source_language: str, target_language: str,
               disabled: Collection[str] = (), length_stats: LengthStats | None = None,
               glossary: Glossary | None = None, lexicon: Lexicon | None | LookUp = LOOK_UP,
               meaning: bool = True) -> list[Failure]:  # fmt: skip
    """The failures of `target` as a translation of `source`, in CHECKS order; [] when the target is empty.
    `length_stats` replaces the learnt length ratio (the bench and tests pass their own); `glossary`, the pair's
    glossary when the caller checks many passages (loaded once, terms.matching.glossary_for); `lexicon`, likewise
    the pair's lexicon (lexicon.lookup.lexicon_for; None for none), looked up when needed if not given; `meaning`
    False keeps the optional embedding model out of the omission check (omission.check_omission)."""
    if not target.strip():
        return []
    on = {name for name in CHECKS if name not in disabled}
    found: list[Failure] = []
    if "tags" in on:
        found += inline_tags.check_tags(source, target)
    # Every other check reads the texts as a reader does, inline tags left out: a footnote reference <fn n="3"/>
    # is not the number 3, and a link's address is not text of the paragraph.
    source, target = plain(source), plain(target)
    if "numbers" in on:
        found += values.check_numbers(source, target, source_language, target_language)
    if "dates" in on:
        found += values.check_dates(source, target, source_language, target_language)
    simple: dict[str, Callable[[], list[Failure]]] = {
        "markers": lambda: markers.check_markers(source, target),
        "urls": lambda: markers.check_urls(source, target),
        "emails": lambda: markers.check_emails(source, target),
        "brackets": lambda: typography.check_brackets(source, target),
        "quotes": lambda: typography.check_quotes(source, target, source_language, target_language),
        "french-quotes": lambda: typography.check_french_quotes(target, target_language),
        "french-spacing": lambda: typography.check_french_spacing(target, target_language),
        "end-punctuation": lambda: typography.check_end_punctuation(source, target),
        "double-space": lambda: typography.check_double_space(target),
        "repeated-words": lambda: wording.check_repeated_words(source, target),
        "unchanged": lambda: wording.check_unchanged(source, target),
    }
    for name, run in simple.items():
        if name in on:
            found += run()
    if "glossary" in on or "acronyms" in on:
        glossary = glossary or glossary_for(source_language, target_language)
        matches = glossary.find(source)
        problems = glossary.problems(source, target, matches)
        if "glossary" in on:
            found += term_checks.failures_of(problems)
        if "acronyms" in on:
            found += wording.check_acronyms(source, target, term_checks.explained(matches, problems))
    if "length" in on or "omission" in on:
        stats = length_stats or lengths.stats_for(source_language, target_language)
        if "length" in on:
            found += lengths.check_length(source, target, stats)
        if "omission" in on:
            found += omission.check_omission(source, target, math.exp(stats.mean),
                                             (source_language, target_language), lexicon, meaning)
    order = list(CHECKS)
    return sorted(found, key=lambda failure: order.index(failure.check))


def fix_up(name: str, source: str, target: str, *, target_language: str) -> str | None:
    """The target with that check's mechanical fix applied, or None when the check has none or nothing changes."""
    fixes: dict[str, Callable[[], str]] = {
        "french-spacing": lambda: typography.fix_french_spacing(target, target_language),
        "double-space": lambda: typography.fix_double_space(target),
        "french-quotes": lambda: typography.fix_quotes(target, target_language),
    }
    if name not in fixes:
        return None
    fixed = fixes[name]()
    return fixed if fixed != target else None
