"""The assignment form of the desk (planning_views.py, and the progress page's "assign the listed" form)."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from workbench.declarations.languages import language_label
from workbench.declarations.models import Role
from workbench.planning.assigning import Plan, people_for
from workbench.planning.models import Priority


class TaskForm(forms.Form):
    translator = forms.ModelChoiceField(label=gettext_lazy("Translator"), queryset=None, required=False,
                                        empty_label=gettext_lazy("nobody yet"))  # fmt: skip
    reviewer = forms.ModelChoiceField(label=gettext_lazy("Reviewer"), queryset=None, required=False,
                                      empty_label=gettext_lazy("nobody yet"))  # fmt: skip
    due_on = forms.DateField(label=gettext_lazy("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    priority = forms.TypedChoiceField(label=gettext_lazy("Priority"), choices=Priority.choices, coerce=int,
                                      initial=Priority.NORMAL)  # fmt: skip

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["translator"].queryset = people_for(language, Role.TRANSLATOR)
        self.fields["reviewer"].queryset = people_for(language, Role.REVIEWER)
        self.language_label = language_label(language)

    def plan(self) -> Plan:
        data = self.cleaned_data
        return Plan(data["translator"], data["reviewer"], data["due_on"], data["priority"])
