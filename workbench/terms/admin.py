"""The glossary and its proposals in the admin; the desk is where people edit them, this is for looking and
repairs."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from workbench.terms.models import Entry, Proposal


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("term", "approved", "forbidden", "source_language", "target_language", "case_sensitive",
                    "changed_at")  # fmt: skip
    list_filter = ("source_language", "target_language", "case_sensitive")
    search_fields = ("term", "note")
    readonly_fields = ("added_by", "added_at", "changed_at")

    def save_model(self, request: HttpRequest, obj: Entry, form: Any, change: bool) -> None:
        # changed_at is part of the glossary's version (matching.glossary_for): other processes see the edit by it.
        obj.changed_at = timezone.now()
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("source_phrase", "target_phrase", "score", "pair_count", "source_count", "state", "decided_by")
    list_filter = ("source_language", "target_language", "state")
    search_fields = ("source_phrase", "target_phrase")
    readonly_fields = ("decided_by", "decided_at", "created_at")
