"""Every check by its stable name, in display order, and the failure a check reports.

A failure carries its message as a format string marked for translation plus its values, so it can be stored
(models.Finding keeps text and params) and shown later in whichever language the reader uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Failure:
    check: str  # stable name, e.g. "numbers"
    text: str  # the message format, marked with gettext_noop, with %(name)s placeholders
    params: dict[str, str] = field(default_factory=dict)  # the values: the number missing, the sentence…

    def message(self) -> str:
        return gettext(self.text) % self.params


@dataclass(frozen=True)
class Check:
    name: str
    label: str | Promise
    fixable: bool  # has a mechanical fix-up (runner.fix_up)


def _checks(*checks: Check) -> dict[str, Check]:
    return {check.name: check for check in checks}


CHECKS: dict[str, Check] = _checks(
    Check("numbers", _("Numbers and amounts"), False),
    Check("dates", _("Dates and years"), False),
    Check("markers", _("Footnote and reference markers"), False),
    Check("tags", _("Inline tags"), False),
    Check("urls", _("Web addresses"), False),
    Check("emails", _("E-mail addresses"), False),
    Check("brackets", _("Brackets balanced"), False),
    Check("quotes", _("Quotation marks balanced"), False),
    Check("french-quotes", _("French quotation marks"), True),
    Check("french-spacing", _("French punctuation spacing"), True),
    Check("end-punctuation", _("End punctuation"), False),
    Check("double-space", _("Double spaces"), True),
    Check("repeated-words", _("Repeated words"), False),
    Check("unchanged", _("Translation identical to the source"), False),
    Check("glossary", _("Glossary terms"), False),
    Check("acronyms", _("Acronyms"), False),
    Check("length", _("Unusual length"), False),
    Check("omission", _("Sentence left out"), False),
)
