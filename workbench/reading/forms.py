"""The public site's two forms: filtering the list of declarations, and searching. Both are GET forms."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbench.declarations.models import Kind

# Long enough for any phrase a reader types; longer input is refused rather than run as a query.
MAX_QUERY_LENGTH = 200


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args: Any, years: list[int], organisations: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", pgettext_lazy("filter option", "any"))
        self.fields["kind"].choices = [anything, *Kind.choices]
        self.fields["year"].choices = [anything, *((year, str(year)) for year in years)]
        self.fields["organisation"].choices = [anything, *((name, name) for name in organisations)]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the published text"),
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={"required": _("Type a word or a phrase to search for.")},
    )
