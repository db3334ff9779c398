"""The lexicon in the admin, for looking up what the approved translations taught (read-only: it is learnt again by
`manage.py rebuild_lexicon`, so an edit here would be lost; a wrong pair is deleted, and comes back only if the
memory keeps pairing the words)."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from workbench.lexicon.models import WordPair


@admin.register(WordPair)
class WordPairAdmin(admin.ModelAdmin):
    list_display = ("source", "target", "source_language", "target_language", "count", "score")
    list_filter = ("source_language", "target_language")
    search_fields = ("source", "target")
    ordering = ("source_language", "target_language", "source")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
