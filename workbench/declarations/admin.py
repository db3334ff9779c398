"""The Django admin: declarations with tabbed language fields and their passages in order.

Passage edits made here go through workbench.declarations.changes like every other write, so the admin leaves
the same history as the desk. Revisions are shown, never edited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from workbench.declarations import summary
from workbench.declarations.changes import add_passage, record_change, renumber
from workbench.declarations.languages import column, language_codes
from workbench.declarations.models import (
    Action,
    Assignment,
    Declaration,
    Edition,
    Passage,
    ReportedVersion,
    Revision,
    State,
)


class PassageForm(forms.ModelForm):
    # Passages are numbered from 1 here as on every other screen; the stored position is the number less one.
    number = forms.IntegerField(label=_("number"), min_value=1, required=False,
                                help_text=_("Leave empty to add the passage at the end."))  # fmt: skip

    class Meta:
        model = Passage
        fields = ("text", "state")  # the admin inline expands these per language

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["number"].initial = self.instance.number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("number") is None and self.instance.pk is not None:
            cleaned["number"] = self.instance.number
        for language in language_codes():
            text = (cleaned.get(column("text", language)) or "").strip()
            state = cleaned.get(column("state", language))
            if text and state in (None, State.MISSING):
                self.add_error(column("state", language), _("A text needs a state other than “missing”."))
            if not text and state not in (None, State.MISSING):
                self.add_error(column("text", language), _("Only a missing translation may have no text."))
        return cleaned


class PassageInline(TranslationStackedInline):
    model = Passage
    form = PassageForm
    fields = ("number", "text", "state")
    ordering = ("position", "pk")
    extra = 0
    can_delete = False  # passages carry history; they are never deleted from here
    show_change_link = True


class ReportedVersionInline(admin.TabularInline):
    model = ReportedVersion
    extra = 0


@admin.register(Declaration)
class DeclarationAdmin(TabbedTranslationAdmin):
    list_display = ("__str__", "slug", "kind", "issued_on", "source_language", "reference")
    list_filter = ("kind", "source_language")
    search_fields = ("slug", "title", "organisation")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ReportedVersionInline, PassageInline]

    def save_model(self, request: HttpRequest, obj: Declaration, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "source_language" in form.changed_data:
            # Its translations are counted in other languages now (ProgressSummary, ApprovedWords): recount them.
            summary.recount([obj.pk])

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is not Passage:
            super().save_formset(request, form, formset, change)
            return
        # Fills formset.new_objects/changed_objects, which the admin's change message reads; writes nothing.
        formset.save(commit=False)
        for passage_form in formset.forms:
            if passage_form.has_changed() and not getattr(passage_form, "cleaned_data", {}).get("DELETE"):
                save_passage_form(passage_form, request)


def save_passage_form(passage_form: ModelForm, request: HttpRequest) -> None:
    """Apply one admin passage form through the recording functions, language by language."""
    data = passage_form.cleaned_data
    passage: Passage = passage_form.instance
    user = request.user if request.user.is_authenticated else None
    if passage.pk is None:
        texts = {code: data[column("text", code)] for code in language_codes() if data.get(column("text", code))}
        states = {code: State(data[column("state", code)]) for code in texts}
        number = data.get("number")
        count = Passage.objects.filter(declaration=passage.declaration).count()
        added = add_passage(
            declaration=passage.declaration,
            position=count,
            texts=texts,
            states=states,
            author=user,
            notes=[{"code": "admin"}],
        )
        if number:  # a number given places it before the passage that has that number now
            renumber(passage.declaration, moving=added, to=number)
        added.refresh_from_db()
        # The admin's change message and log entry name the form's object: make it the passage written.
        passage.pk, passage.key, passage.position = added.pk, added.key, added.position
        return
    current = Passage.objects.get(pk=passage.pk)
    if current.number != data["number"]:
        renumber(current.declaration, moving=current, to=data["number"])
    # The source first, so that translations edited in the same save answer the new source text.
    ordered = sorted(language_codes(), key=lambda code: code != current.source_language)
    for code in ordered:
        text = data.get(column("text", code)) or ""
        state = State(data.get(column("state", code)) or State.MISSING)
        if text == current.text_in(code) and state == current.state_in(code):
            continue
        is_source = code == current.source_language
        record_change(
            passage=current,
            language=code,
            text=text,
            state=state,
            action=Action.SOURCE_CHANGED if is_source else Action.EDITED,
            author=user,
            notes=[{"code": "admin"}],
        )


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ("created_at", "language", "action", "state", "author", "text", "comment", "notes", "warnings")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-created_at", "-pk")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted here: these rows are written by the workbench's own functions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Passage)
class PassageAdmin(ReadOnlyAdmin):
    """Read-only: passages are edited in their declaration, so the edit is recorded there."""

    list_display = ("key", "declaration", "position")
    list_filter = ("declaration",)
    search_fields = ("key",)
    inlines = [RevisionInline]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """The history, for reading: it is append-only, so the admin can neither add, change nor delete."""

    list_display = ("created_at", "passage", "language", "action", "state", "author")
    list_filter = ("language", "action", "state")
    search_fields = ("passage__key", "text")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return super().get_queryset(request).select_related("passage__declaration", "author")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "language")
    list_filter = ("role", "language")


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    """Published editions, for reading: they are immutable, and made only by publishing (never by hand here)."""

    list_display = ("declaration", "language", "number", "title", "published_by", "published_at")
    list_filter = ("language",)
    search_fields = ("declaration__slug", "title")
    exclude = ("search_text",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Edition]:
        return super().get_queryset(request).select_related("declaration", "published_by")
