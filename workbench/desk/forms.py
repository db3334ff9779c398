from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from workbench.declarations.models import Role
from workbench.desk.workflow import Intent


class RowForm(forms.Form):
    """One row's submission: the text, what to do with it, and the version it started from."""

    intent = forms.ChoiceField(choices=[(i.value, i.value) for i in Intent
                                        if i not in (Intent.RESTORE, Intent.RESTORE_MISSING)])  # fmt: skip
    # strip=False: the workflow decides about whitespace, and an over-long paste must reach it to be measured.
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    based_on = forms.IntegerField(min_value=0)
    source_digest = forms.CharField(required=False, max_length=64)
    comment = forms.CharField(required=False, max_length=2000)
    minor = forms.BooleanField(required=False)
    next = forms.BooleanField(required=False)


class RestoreForm(forms.Form):
    based_on = forms.IntegerField(min_value=0)


class AssignmentForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.order_by("username"), label=_("Person"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    language = forms.ChoiceField(
        choices=[("", _("all languages"))] + list(settings.LANGUAGES), required=False, label=_("Language")
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        role, language = cleaned.get("role"), cleaned.get("language")
        if role == Role.COORDINATOR and language:
            self.add_error("language", _("A coordinator works on every language: leave the language empty."))
        if role in (Role.TRANSLATOR, Role.REVIEWER) and not language:
            self.add_error("language", _("Translators and reviewers work on one language: choose it."))
        return cleaned
