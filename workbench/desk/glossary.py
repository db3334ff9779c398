"""The glossary page's form and search (issue 23): what a person types for one entry, checked, and the entries of a
pair that match a search, accents and case ignored.

Translations are typed one per line: a glossary entry has a handful of them, and a text area needs no script.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from workbench.declarations.folding import fold
from workbench.terms.editing import EntryValues
from workbench.terms.models import Entry

MAX_TERM = 200  # the model's column
MAX_TRANSLATIONS = 20  # per list: an entry with more is a list of variants, better split into entries
MAX_NOTE = 2000
MAX_QUERY = 200
# Entries shown per page of the glossary; a search narrows them.
PER_PAGE = 50


def split_lines(text: str) -> list[str]:
    """The non-empty lines of `text`, stripped, each once, in the order typed."""
    seen: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line and line not in seen:
            seen.append(line)
    return seen


class EntryForm(forms.Form):
    term = forms.CharField(
        label=_("Term"), max_length=MAX_TERM,
        error_messages={"required": _("Type the term, as it is written in the source.")},
    )  # fmt: skip
    approved = forms.CharField(
        label=_("Approved translations"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Other forms of the words (plurals, other genders) are found without listing them."),
        error_messages={"required": _("Give at least one approved translation, one per line.")},
    )  # fmt: skip
    forbidden = forms.CharField(
        label=_("Forbidden translations"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    case_sensitive = forms.BooleanField(
        label=_("Case sensitive"), required=False,
        help_text=_("Tick for acronyms such as WTO, which must not match “wto”."),
    )  # fmt: skip

    def __init__(self, *args: Any, prefix_id: str = "new", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Several forms on one page (the new entry and the one being changed): ids must not repeat.
        self.auto_id = f"id_{prefix_id}_%s"

    def clean_term(self) -> str:
        term = " ".join(self.cleaned_data["term"].split())
        if not term:
            raise forms.ValidationError(_("Type the term, as it is written in the source."))
        return term

    def _translations(self, name: str) -> list[str]:
        lines = split_lines(self.cleaned_data.get(name, ""))
        if len(lines) > MAX_TRANSLATIONS:
            raise forms.ValidationError(_("At most %(limit)d translations, one per line; this has %(count)d.")
                                        % {"limit": MAX_TRANSLATIONS, "count": len(lines)})  # fmt: skip
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_TERM:
                raise forms.ValidationError(
                    _("Line %(number)d is longer than %(limit)d characters.") % {"number": number, "limit": MAX_TERM})
        return lines

    def clean_approved(self) -> list[str]:
        lines = self._translations("approved")
        if not lines:
            raise forms.ValidationError(_("Give at least one approved translation, one per line."))
        return lines

    def clean_forbidden(self) -> list[str]:
        return self._translations("forbidden")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        both = [line for line in cleaned.get("forbidden", []) if line in cleaned.get("approved", [])]
        if both:
            self.add_error("forbidden", _("“%(translation)s” cannot be both approved and forbidden.")
                           % {"translation": both[0]})  # fmt: skip
        return cleaned

    def values(self) -> EntryValues:
        data = self.cleaned_data
        return EntryValues(term=data["term"], approved=data["approved"], forbidden=data["forbidden"],
                           note=data["note"].strip(), case_sensitive=data["case_sensitive"])  # fmt: skip


def initial_for(entry: Entry) -> dict[str, Any]:
    return {"term": entry.term, "approved": "\n".join(entry.approved), "forbidden": "\n".join(entry.forbidden),
            "note": entry.note, "case_sensitive": entry.case_sensitive}  # fmt: skip


def was_changed(entry: Entry) -> bool:
    """Whether the entry changed after it was added. Both dates default to "now", taken microseconds apart when a
    row is created without them (terms.proposals.accept); any change is a later request, tens of milliseconds on."""
    return (entry.changed_at - entry.added_at).total_seconds() > 0.05


def pair_entries(source_language: str, target_language: str) -> list[Entry]:
    return list(Entry.objects.filter(source_language=source_language, target_language=target_language)
                .select_related("added_by").order_by("term", "pk"))  # fmt: skip


def searched(entries: list[Entry], query: str) -> list[Entry]:
    """The entries whose term, translations or note hold every word of `query`, accents and case ignored.

    Filtered here rather than in the database: a pair's glossary is a few thousand rows at most, and folding in
    Python is the one folding both databases agree on (declarations.folding, as the public search uses)."""
    words = fold(query).split()
    if not words:
        return entries
    found = []
    for entry in entries:
        haystack = fold(" ".join([entry.term, *entry.approved, *entry.forbidden, entry.note]))
        if all(word in haystack for word in words):
            found.append(entry)
    return found
