"""Glossary terms: the source's terms translated the agreed way, and no forbidden translation used. The matching
(inflected forms, case) is terms.matching's; this module only words its problems as failures."""
from __future__ import annotations

from django.utils.translation import gettext_noop

from workbench.checks.registry import Failure
from workbench.terms.matching import FORBIDDEN, GlossaryProblem, TermMatch


def failures_of(problems: list[GlossaryProblem]) -> list[Failure]:
    failures = []
    for problem in problems:
        entry = problem.match.entry
        if problem.kind == FORBIDDEN:
            failures.append(Failure("glossary", gettext_noop("“%(found)s” is a forbidden translation of "
                                                             "“%(term)s”."),
                                    {"found": problem.found or "", "term": problem.match.text}))  # fmt: skip
        else:
            failures.append(Failure("glossary", gettext_noop("“%(term)s” is not translated as the glossary says: "
                                                             "%(approved)s."),
                                    {"term": problem.match.text,
                                     "approved": " / ".join(entry.approved)}))  # fmt: skip
    return failures


def explained(matches: list[TermMatch], problems: list[GlossaryProblem]) -> set[str]:
    """The source's glossary terms (as found) whose approved translation is in the target: an acronym among them
    may be written out in the translation (WTO → Organisation mondiale du commerce)."""
    missing = {p.match.entry.pk for p in problems if p.kind != FORBIDDEN}
    return {m.text for m in matches if m.entry.pk not in missing}
