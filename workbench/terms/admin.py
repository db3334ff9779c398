"""The glossary and its proposals in the admin; the desk is where people edit them, this is for looking and
repairs."""
from __future__ import annotations

from django.contrib import admin

from workbench.terms.models import Entry, Proposal


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("term", "approved", "forbidden", "source_language", "target_language", "case_sensitive",
                    "changed_at")  # fmt: skip
    list_filter = ("source_language", "target_language", "case_sensitive")
    search_fields = ("term", "note")
    readonly_fields = ("added_by", "added_at")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("source_phrase", "target_phrase", "score", "pair_count", "source_count", "state", "decided_by")
    list_filter = ("source_language", "target_language", "state")
    search_fields = ("source_phrase", "target_phrase")
    readonly_fields = ("decided_by", "decided_at", "created_at")
