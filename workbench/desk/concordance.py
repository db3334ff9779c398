"""The concordance (issue 22): search the translation memory for a word or phrase, in either language, and show
each unit's two sides with the hits marked and where the unit came from.

The search itself is `memory.index.concordance` (its implementation is the memory's business: today a scan, later
the database's text index); this module checks the filters, offers only the language pairs the person may read
and makes the units ready to show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbench.access import Right, has_right
from workbench.declarations.models import Declaration, Passage
from workbench.desk.highlight import highlighted, pattern_for
from workbench.links import passage_url
from workbench.memory import index
from workbench.memory.models import Entry, Unit

# Units shown for one search, newest first; a search that finds more says so and asks for a narrower one.
SHOWN = 100
MAX_QUERY = 200
SIDES = [
    ("both", pgettext_lazy("concordance side", "source or translation")),
    ("source", pgettext_lazy("concordance side", "source")),
    ("target", pgettext_lazy("concordance side", "translation")),
]


def pair_value(source: str, target: str) -> str:
    return f"{source}-{target}"


class ConcordanceForm(forms.Form):
    q = forms.CharField(label=_("Look for"), max_length=MAX_QUERY,
                        error_messages={"required": _("Type a word or phrase to look for.")})  # fmt: skip
    pair = forms.ChoiceField(label=_("Languages"), error_messages={
        "invalid_choice": _("Choose a language pair from the list: it offers the pairs you work in.")})  # fmt: skip
    side = forms.ChoiceField(label=_("Search in"), choices=SIDES, required=False)
    declaration = forms.ModelChoiceField(
        label=_("Declaration"), required=False, to_field_name="slug", empty_label=pgettext_lazy("filter", "any"),
        queryset=Declaration.objects.order_by("-issued_on", "slug"),
        error_messages={"invalid_choice": _("No declaration is called %(value)s: choose one from the list.")},
    )  # fmt: skip
    since = forms.DateField(label=_("Learnt from"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")})  # fmt: skip
    until = forms.DateField(label=_("Learnt until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")})  # fmt: skip

    def __init__(self, *args: Any, pairs: list[tuple[str, str]], labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(pair_value(s, t), f"{labels[s]} → {labels[t]}") for s, t in pairs]
        self.fields["pair"].choices = choices
        if choices:
            self.fields["pair"].initial = choices[0][0]
        self.fields["side"].initial = "both"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def languages(self) -> tuple[str, str]:
        source, _dash, target = self.cleaned_data["pair"].partition("-")
        return source, target


@dataclass(frozen=True)
class Hit:
    """One unit as the concordance shows it."""

    unit: Unit
    source: SafeString  # escaped, hits marked
    target: SafeString
    entry_label: str
    passage: Passage | None  # the passage it was learnt from, while it is still part of its declaration
    editor_url: str  # "" when the person may not open that editor, or there is no passage to go to

    @property
    def date(self) -> datetime.date:
        return self.unit.created_at.date()


@dataclass(frozen=True)
class Results:
    query: str
    hits: list[Hit]
    more: bool  # more units match than are shown


def current_passages(units: list[Unit]) -> dict[str, Passage]:
    """The passages the units came from, by key, in one query (keys are unique across declarations)."""
    keys = {unit.passage_key for unit in units if unit.passage_key and unit.declaration_id}
    if not keys:
        return {}
    return {p.key: p for p in Passage.objects.filter(key__in=keys).select_related("declaration")}


def search(form: ConcordanceForm, user: Any) -> Results:
    """Run a valid form's search and make its units ready to show."""
    data = form.cleaned_data
    source_language, target_language = form.languages()
    declaration = data.get("declaration")
    units = list(index.concordance(data["q"], source_language=source_language, target_language=target_language,
                                   side=data.get("side") or "both",
                                   declaration_id=declaration.pk if declaration else None,
                                   since=data.get("since"), until=data.get("until"), limit=SHOWN + 1))  # fmt: skip
    more = len(units) > SHOWN
    units = units[:SHOWN]
    passages = current_passages(units)
    pattern = pattern_for(data["q"])
    hits = []
    for unit in units:
        passage = passages.get(unit.passage_key)
        if passage is not None and passage.declaration_id != unit.declaration_id:
            passage = None
        url = ""
        if passage is not None and has_right(user, Right.WORK, unit.target_language) and \
                unit.target_language != passage.declaration.source_language:  # fmt: skip
            url = passage_url(passage.declaration.slug, unit.target_language, passage.key)
        hits.append(Hit(unit=unit, source=highlighted(unit.source, pattern), target=highlighted(unit.target, pattern),
                        entry_label=str(Entry(unit.entry).label), passage=passage, editor_url=url))  # fmt: skip
    return Results(query=data["q"], hits=hits, more=more)
